-- Odoo 18+: the longest key a non-admin may have, in days, as _check_expiration_date reads
-- it: the largest api_key_duration among the owner's groups ($1, from mint_owner.sql). Odoo
-- allows one day when every group says 0.
SELECT coalesce(max(g.api_key_duration), 0)::float8 AS days
FROM public.res_groups g
WHERE g.id = ANY ($1::int[]);
