-- The ir_config_parameter rows named in $1. Callers pass only keys from the allow-list in
-- src/odoo/parameters.rs: database.secret and other secrets are never read.
SELECT key::text, value::text
FROM ir_config_parameter
WHERE key = ANY ($1);
