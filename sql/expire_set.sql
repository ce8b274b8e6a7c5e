-- expire, rotate and mint (18+): sets the keys' expiration_date (naive UTC, as Odoo stores
-- it) to $2 — the keys of $1 whose row is still the version read before ($3, sql/keys.sql's
-- key_version; NULL for a key this transaction made), so that a key changed meanwhile is left
-- alone. Returns the ids set.
UPDATE public.res_users_apikeys k
SET expiration_date = $2::timestamp
WHERE k.id = ANY ($1::int[])
  AND ($3::int8[] IS NULL
       OR CASE WHEN ((k.id::int8 << 32) | k.xmin::text::int8) = ANY ($3::int8[]) THEN true END)
RETURNING k.id;
