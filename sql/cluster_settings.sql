-- What the cluster-wide checks of `report` may see, and the two settings `ssl-off-remote`
-- reads (neither is restricted to superusers). pg_authid (for `md5-password`) is a
-- superuser's; pg_hba_file_rules (for the `hba-*` checks) a superuser's on 15+ unless
-- granted, view and function both (docs/COMMANDS.md, "Beneath Odoo").
SELECT pg_catalog.current_setting('ssl') AS ssl,
       pg_catalog.current_setting('listen_addresses') AS listen_addresses,
       pg_catalog.has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS sees_authid,
       pg_catalog.has_table_privilege('pg_catalog.pg_hba_file_rules', 'SELECT')
           AND pg_catalog.has_function_privilege('pg_catalog.pg_hba_file_rules()', 'EXECUTE')
           AS sees_hba;
