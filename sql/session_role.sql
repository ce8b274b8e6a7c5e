-- Runs right after a transaction's setup. A database's owner is not trusted (README,
-- "Safety"): when the login role is a superuser, the rest of the transaction runs as the role
-- that owns the Odoo tables (the owner of public.res_users, else the database's owner), which
-- may do everything odoo-access does there, so that none of its functions or triggers could
-- run with more than its own rights. Nothing changes when that role is a superuser too (it is
-- trusted already) or when the login role is not one.
SELECT pg_catalog.set_config('role', owner.rolname::text, true)
FROM pg_catalog.pg_roles me, pg_catalog.pg_roles owner
WHERE me.rolname = SESSION_USER
  AND me.rolsuper
  AND owner.oid = coalesce(
          (SELECT c.relowner FROM pg_catalog.pg_class c
           WHERE c.oid = pg_catalog.to_regclass('public.res_users')),
          (SELECT d.datdba FROM pg_catalog.pg_database d
           WHERE d.datname = pg_catalog.current_database()))
  AND NOT owner.rolsuper;
