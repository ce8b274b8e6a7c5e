-- The owners of the cluster's databases and the attributes of theirs that reach beyond
-- Odoo: superuser, CREATEROLE, BYPASSRLS, REPLICATION. Asked before the run knows which
-- databases it audits (src/audit/cluster.rs keeps those). pg_roles is readable by every
-- role.
SELECT d.datname::text AS database, r.rolname::text AS owner, r.rolsuper AS superuser,
       r.rolcreaterole AS createrole, r.rolbypassrls AS bypassrls,
       r.rolreplication AS replication
FROM pg_catalog.pg_database d
JOIN pg_catalog.pg_roles r ON r.oid = d.datdba
WHERE NOT d.datistemplate
ORDER BY r.rolname, d.datname;
