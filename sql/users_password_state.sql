-- Users whose password Odoo treats specially, tested and never returned: the braces take
-- sql/password_state.sql, put in by src/odoo/users.rs: 'none' (no password set: Odoo refuses every
-- password of the user, over RPC too; its API keys still work) and 'plaintext' (stored in
-- clear: Odoo's CryptContext still accepts it, and hashes it only at the next start-up or
-- password change). Every other user has a passlib hash, and no row here.
SELECT u.id AS uid, {password_state} AS state
FROM public.res_users u
WHERE {password_state} IS NOT NULL;
