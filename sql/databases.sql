-- The databases of the cluster, as `psql -l` sees them: no templates, no 'postgres', only those
-- that accept connections. Unlike Odoo's own list this is not filtered by owner (the owner is
-- shown instead). The size needs CONNECT on the database, so it is NULL where that is missing.
SELECT d.datname::text AS database,
       pg_catalog.pg_get_userbyid(d.datdba)::text AS owner,
       pg_catalog.has_database_privilege(d.oid, 'CONNECT') AS can_connect,
       CASE WHEN pg_catalog.has_database_privilege(d.oid, 'CONNECT')
            THEN pg_catalog.pg_database_size(d.oid) END AS size_bytes
FROM pg_catalog.pg_database d
WHERE NOT d.datistemplate
  AND d.datallowconn
  AND d.datname <> 'postgres'
ORDER BY d.datname;
