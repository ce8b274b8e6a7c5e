-- How many rows of one OCA table hold a credential in clear (`credential-in-clear`). The
-- braces take a table and its column from the fixed list in src/odoo/roles.rs, never from
-- input. The value is only tested, never returned; needs SELECT on the column.
SELECT pg_catalog.count(*) AS held
FROM public.{table}
WHERE {column} IS NOT NULL AND {column}::text <> '';
