-- What a database has: each relation named in $1 (schema-qualified, in public) and $2 (the
-- views of sql/roles/audit-role.sql, in odoo_access) that exists, and whether the role may
-- SELECT it. The views are looked at only where the role may use schema odoo_access:
-- to_regclass raises "permission denied for schema" otherwise, and a role without the views
-- does without them. to_regclass and has_table_privilege answer from the system caches,
-- which costs a new backend less than planning a query on the catalog tables; the names come
-- qualified because building them here (strpos, ||) cost a new backend more than all the
-- rest of this query: each operator and function is looked up among its overloads the first
-- time a backend meets it (benches/fleet.sh). Columns come from relation_columns.sql, by the
-- oids given here.
SELECT name AS relation,
       oid::pg_catalog.oid AS oid,
       pg_catalog.has_table_privilege(oid, 'SELECT') AS readable
FROM (SELECT name, pg_catalog.to_regclass(name) AS oid
      FROM pg_catalog.unnest($1::text[]) AS name
      UNION ALL
      SELECT name, pg_catalog.to_regclass(name)
      FROM pg_catalog.unnest($2::text[]) AS name
      WHERE coalesce(pg_catalog.has_schema_privilege(pg_catalog.to_regnamespace('odoo_access'),
                                                     'USAGE'), false)) AS relation
WHERE oid IS NOT NULL;
