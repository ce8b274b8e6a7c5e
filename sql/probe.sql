-- What a database has, read from the catalog: the relations named in $1 (in schema public, or
-- in odoo_access where sql/roles/audit-role.sql puts its views) and, of those, the columns
-- named in $2 as 'table.column'. pg_class/pg_attribute list every column, including
-- those the role may not read (information_schema hides them); the privilege functions say
-- which ones the role can SELECT.
SELECT CASE WHEN n.nspname = 'public' THEN c.relname::text
            ELSE n.nspname || '.' || c.relname END AS relation,
       c.relkind::text AS kind,
       pg_catalog.has_table_privilege(c.oid, 'SELECT') AS relation_readable,
       a.attname::text AS column_name,
       pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT') AS column_readable
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 AND n.nspname IN ('public', 'odoo_access')
LEFT JOIN pg_catalog.pg_attribute a
       ON a.attrelid = c.oid
      AND a.attnum > 0
      AND NOT a.attisdropped
      AND (c.relname || '.' || a.attname) = ANY ($2)
WHERE c.relname = ANY ($1)
  AND c.relkind IN ('r', 'v', 'm', 'p', 'S');
