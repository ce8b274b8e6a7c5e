-- Odoo 18+: as revoke_delete.sql, and a key must be exactly as expired as it was previewed:
-- one that expired since (by the server's clock) changed status and is left alone.
-- $1: the previewed key_version values, $2: their owners' owner_version values, $3: the ids
-- that were expired in the preview.
DELETE FROM public.res_users_apikeys k
USING public.res_users u
WHERE CASE WHEN ((k.id::int8 << 32) | k.xmin::text::int8) = ANY ($1::int8[]) THEN true END
  AND u.id = k.user_id
  AND CASE WHEN ((u.id::int8 << 32) | u.xmin::text::int8) = ANY ($2::int8[]) THEN true END
  AND coalesce(k.expiration_date < (now() AT TIME ZONE 'utc'), false) = (k.id = ANY ($3::int[]))
RETURNING k.id;
