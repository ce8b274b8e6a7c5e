-- Users with TOTP enabled, through the view of sql/roles/audit-role.sql (for a role that may
-- not read res_users.totp_secret).
SELECT uid
FROM odoo_access.totp_enabled;
