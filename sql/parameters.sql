-- The ir_config_parameter rows named in $1, and whether those named in $2 are set (their
-- value is never returned). Callers pass only keys from the lists in src/odoo/parameters.rs:
-- database.secret and other secrets are never read.
-- Comparisons cast varchar columns to text: the reason is in src/sql.rs.
SELECT key::text,
       CASE WHEN key::text = ANY ($2) THEN NULL ELSE value::text END AS value
FROM public.ir_config_parameter
WHERE key::text = ANY ($1)
   OR (key::text = ANY ($2) AND value <> '');
