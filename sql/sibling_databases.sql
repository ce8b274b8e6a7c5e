-- How many other databases the owner of this one has (templates aside): the databases an Odoo
-- server connected as that role sees, unless its dbfilter narrows them. On 17 and 18 a server
-- that sees several accepts a revoked key once more per worker (docs/ODOO.md, "Caches").
SELECT count(*)::int AS others
FROM pg_catalog.pg_database d
WHERE d.datdba = (SELECT datdba FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
  AND d.datname <> pg_catalog.current_database()
  AND NOT d.datistemplate;
