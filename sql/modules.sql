-- Odoo's version (base's latest_version, e.g. '18.0.1.3') and the state of the modules, named
-- in $1, that change how Odoo authenticates.
-- Comparisons cast varchar columns to text: the reason is in src/sql.rs.
SELECT name::text, state::text, latest_version::text
FROM public.ir_module_module
WHERE name::text = ANY ($1);
