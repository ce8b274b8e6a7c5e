-- The same through the view of sql/roles/audit-role.sql.
SELECT uid
FROM odoo_access.plaintext_passwords;
