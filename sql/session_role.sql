-- Runs right after a transaction's setup. A database's owner is not trusted (docs/SAFETY.md,
-- "A database's owner is not trusted"): when the login role is a superuser, the rest of the transaction runs as the role
-- that owns the Odoo tables (the owner of public.res_users), which may do everything
-- odoo-access does there, so that none of its functions or triggers could run with more than
-- its own rights. Nothing changes when that role is the login role, when the login role is no
-- superuser, or in a database without Odoo's tables (where nothing of the owner's is read).
-- Not sent at all where the server said at start-up that the login role is no superuser
-- (src/connect/mod.rs). Answers a row only when it switched. Kept to functions that answer
-- from the system caches and one lookup of pg_class by oid: it runs in every fresh backend of
-- a superuser's fleet audit.
-- Comparisons have exact types (oid with oid, name with name): the reason is in src/sql.rs.
SELECT pg_catalog.set_config('role', owner::text, true)
FROM (SELECT pg_catalog.pg_get_userbyid(c.relowner) AS owner
      FROM pg_catalog.pg_class c
      WHERE c.oid = pg_catalog.to_regclass('public.res_users')::pg_catalog.oid) AS tables
WHERE pg_catalog.current_setting('is_superuser') = 'on'
  AND owner <> SESSION_USER;
