-- Free connection slots, to choose how many databases to examine at once: the server's
-- (max_connections minus the reserved slots minus the connections in use) and this role's
-- (its connection limit minus its connections; NULL when the role has no limit); and the port
-- the server itself listens on, which differs from ours behind a pooler such as PgBouncer.
SELECT current_setting('max_connections')::int
       - current_setting('superuser_reserved_connections')::int
       - coalesce(current_setting('reserved_connections', true)::int, 0)
       - (SELECT count(*) FROM pg_catalog.pg_stat_activity)::int AS server_free,
       CASE WHEN r.rolconnlimit >= 0
            THEN r.rolconnlimit - (SELECT count(*) FROM pg_catalog.pg_stat_activity
                                   WHERE usename = current_user)::int
       END AS role_free,
       pg_catalog.inet_server_port() AS server_port
FROM pg_catalog.pg_roles r
WHERE r.rolname = current_user;
