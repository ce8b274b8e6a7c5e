-- The LOGIN roles whose stored password is an MD5 hash (`md5-password`): the hash itself is
-- enough to log in over the wire protocol's md5 method. The password column is only tested,
-- never returned. Needs SELECT on pg_authid (a superuser's; sql/cluster_settings.sql asks).
SELECT rolname::text AS role
FROM pg_catalog.pg_authid
WHERE rolcanlogin AND rolpassword LIKE 'md5%'
ORDER BY rolname;
