-- The databases of the cluster, as `psql -l` sees them: no templates, no 'postgres', only those
-- that accept connections. Unlike Odoo's own list this is not filtered by owner (the owner is
-- shown instead). Sizes are read later, inside each database: pg_database_size() here would
-- fail the whole listing if any database were dropped meanwhile. A database dropped during
-- this scan makes has_database_privilege() NULL: it is left out.
SELECT d.datname::text AS database,
       pg_catalog.pg_get_userbyid(d.datdba)::text AS owner,
       pg_catalog.has_database_privilege(d.oid, 'CONNECT') AS can_connect
FROM pg_catalog.pg_database d
WHERE NOT d.datistemplate
  AND d.datallowconn
  AND d.datname <> 'postgres'
ORDER BY d.datname;
