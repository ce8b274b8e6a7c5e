-- The same as parameters.sql, through the view of sql/roles/audit-role.sql, for a role that
-- may not read ir_config_parameter itself. The view already hides the enterprise code's value.
SELECT key::text,
       CASE WHEN key = ANY ($2) THEN NULL ELSE value::text END AS value
FROM odoo_access.ir_config_parameter
WHERE key = ANY ($1)
   OR key = ANY ($2);
