-- mint: the new key's row, as Odoo's _generate writes it: the name, the owner, the scope
-- (NULL = every scope), the first 8 characters of the key in clear as `index`, and the passlib
-- hash; create_date comes from the column's default (now() at time zone 'utc'), as in Odoo.
-- An expiry (18+) is set by expire_set.sql in the same transaction. Only while the owner's
-- row is as it was read ($6, mint_owner.sql's version: the id with the row's xmin): an owner
-- archived (or changed) since Odoo's rules were weighed gets no key. Returns the new id and
-- creation time, or no row; the hash is never read back.
INSERT INTO public.res_users_apikeys (name, user_id, scope, index, key)
SELECT $1, u.id, $3, $4, $5
FROM public.res_users u
WHERE u.id = $2 AND ((u.id::int8 << 32) | u.xmin::text::int8) = $6
RETURNING id, create_date;
