-- The rules of pg_hba.conf that the server loaded and parsed without error, for the `hba-*`
-- checks: the address is judged by src/audit/cluster.rs (loopback or not). Needs SELECT on
-- pg_hba_file_rules and EXECUTE on the function behind it (sql/cluster_settings.sql asks).
SELECT line_number, type, pg_catalog.array_to_string(database, ',') AS database,
       pg_catalog.array_to_string(user_name, ',') AS user_name, address, netmask, auth_method
FROM pg_catalog.pg_hba_file_rules
WHERE error IS NULL
ORDER BY line_number;
