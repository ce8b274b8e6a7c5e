-- OCA auth_api_key (with or without an `active` column): as revoke_delete.sql, with the
-- versions of oca_keys.sql. $1: the previewed key_version values, $2: their owners'
-- owner_version values. Returns the ids deleted; the plain-text `key` is never read.
DELETE FROM public.auth_api_key k
USING public.res_users u
WHERE CASE WHEN ((k.id::int8 << 32) | k.xmin::text::int8) = ANY ($1::int8[]) THEN true END
  AND u.id = k.user_id
  AND CASE WHEN ((u.id::int8 << 32) | u.xmin::text::int8) = ANY ($2::int8[]) THEN true END
RETURNING k.id;
