-- What in this database could run code of its owner while odoo-access reads it, asked only
-- when a superuser runs as the Odoo tables' owner (sql/session_role.sql: SESSION_USER is not
-- CURRENT_USER then). Such code would run in a session whose login role is a superuser, and
-- could take that role back (RESET ROLE): odoo-access refuses the database instead. With
-- search_path pinned to pg_catalog, pg_temp no function or operator name resolves to the
-- owner's; what is left is what PostgreSQL runs whatever the name:
--   * a relation of $1 that is not a plain table or a sequence (a view or a foreign table
--     runs its own code), or one with child tables (a SELECT reads them too);
--   * a cast with a function that a non-superuser owns (a cast from a type of the owner's,
--     e.g. a column whose type was changed to the owner's enum, runs that function).
-- Returns one line per finding, for the error message.
SELECT pg_catalog.format('%s is %s', c.oid::pg_catalog.regclass,
           CASE c.relkind WHEN 'v' THEN 'a view, not a table'
                          WHEN 'm' THEN 'a materialized view, not a table'
                          WHEN 'f' THEN 'a foreign table'
                          WHEN 'p' THEN 'a partitioned table'
                          ELSE 'a table with child tables' END) AS hazard
FROM pg_catalog.unnest($1::text[]) AS name
JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(name)
WHERE SESSION_USER <> CURRENT_USER
  AND (c.relkind NOT IN ('r', 'S') OR c.relhassubclass)
UNION ALL
SELECT pg_catalog.format('a cast from %s to %s runs %s, owned by %s',
           k.castsource::pg_catalog.regtype, k.casttarget::pg_catalog.regtype,
           k.castfunc::pg_catalog.regprocedure, o.rolname)
FROM pg_catalog.pg_cast k
JOIN pg_catalog.pg_proc f ON f.oid = k.castfunc
JOIN pg_catalog.pg_roles o ON o.oid = f.proowner
WHERE SESSION_USER <> CURRENT_USER
  AND NOT o.rolsuper;
