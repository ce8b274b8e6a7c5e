-- The same as users_password_state.sql, through the view of sql/roles/audit-role.sql (for a
-- role that may not read res_users.password).
SELECT uid, state
FROM odoo_access.password_state;
