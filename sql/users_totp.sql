-- Users with TOTP enabled, as Odoo's own search decides it (totp_secret set and not 'false').
-- The secret is only tested, never returned. Needs SELECT on res_users.totp_secret.
SELECT id AS uid
FROM public.res_users
WHERE totp_secret IS NOT NULL AND totp_secret NOT IN ('', 'false');
