-- Users with TOTP enabled, as Odoo's own search decides it: the braces take sql/totp_on.sql
-- (totp_secret set and not 'false'), put in by src/odoo/users.rs. The secret is only tested, never
-- returned. Needs SELECT on res_users.totp_secret.
SELECT u.id AS uid
FROM public.res_users u
WHERE {totp_on};
