-- What a database has: each relation named in $1 that exists (bare names are in schema public;
-- the views of sql/roles/audit-role.sql are named odoo_access.*) and whether the role may
-- SELECT it, then the columns of those relations named in $2 and whether the role may SELECT
-- each. Rows of the second kind carry column_name; the caller keeps the 'table.column' pairs
-- it asked for. to_regclass and the privilege functions answer from the system caches, which
-- costs a new backend less than planning a join over pg_class (benches/fleet.sh).
-- pg_attribute lists every column, including those the role may not read (information_schema
-- hides them). Relation names come back as regclass prints them under the session's
-- search_path (pg_catalog, public): bare for public, qualified otherwise.
WITH relation AS (
    SELECT name,
           pg_catalog.to_regclass(CASE WHEN pg_catalog.strpos(name, '.') = 0
                                       THEN 'public.' || name ELSE name END) AS oid
    FROM pg_catalog.unnest($1::text[]) AS name
)
SELECT name AS relation,
       pg_catalog.has_table_privilege(oid, 'SELECT') AS readable,
       NULL::text AS column_name
FROM relation
WHERE oid IS NOT NULL
UNION ALL
SELECT a.attrelid::pg_catalog.regclass::text,
       pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT'),
       a.attname::text
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = ANY (ARRAY(SELECT oid FROM relation WHERE oid IS NOT NULL))
  AND a.attname = ANY ($2::name[])
  AND NOT a.attisdropped;
