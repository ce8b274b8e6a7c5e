-- The owners of the databases in $1 (those the run audited) and the attributes of theirs
-- that reach beyond Odoo: superuser, CREATEROLE, BYPASSRLS, REPLICATION. pg_roles is
-- readable by every role.
SELECT d.datname::text AS database, r.rolname::text AS owner, r.rolsuper AS superuser,
       r.rolcreaterole AS createrole, r.rolbypassrls AS bypassrls,
       r.rolreplication AS replication
FROM pg_catalog.pg_database d
JOIN pg_catalog.pg_roles r ON r.oid = d.datdba
WHERE d.datname = ANY ($1::text[])
ORDER BY r.rolname, d.datname;
