-- Whether this transaction runs as the Odoo tables' owner on behalf of a superuser
-- (sql/session_role.sql switched the role): only then can the owner's code find more rights
-- in the session than its own.
SELECT SESSION_USER <> CURRENT_USER AS switched;
