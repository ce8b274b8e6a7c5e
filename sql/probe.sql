-- What a database has: each relation named in $1 that exists (bare names are in schema public;
-- the views of sql/roles/audit-role.sql are named odoo_access.*), whether the role may SELECT
-- it, and its oid. to_regclass and has_table_privilege answer from the system caches, which
-- costs a new backend less than planning a query on the catalog tables (benches/fleet.sh).
-- Columns come from relation_columns.sql.
SELECT name AS relation,
       pg_catalog.has_table_privilege(oid, 'SELECT') AS readable
FROM (SELECT name,
             pg_catalog.to_regclass(CASE WHEN pg_catalog.strpos(name, '.') = 0
                                         THEN 'public.' || name ELSE name END) AS oid
      FROM pg_catalog.unnest($1::text[]) AS name) AS relation
WHERE oid IS NOT NULL;
