-- mint: the new key's row, as Odoo's _generate writes it: the name, the owner, the scope
-- (NULL = every scope), the first 8 characters of the key in clear as `index`, and the passlib
-- hash; create_date comes from the column's default (now() at time zone 'utc'), as in Odoo.
-- An expiry (18+) is set by expire_set.sql in the same transaction. Returns the new id and
-- creation time; the hash is never read back.
INSERT INTO public.res_users_apikeys (name, user_id, scope, index, key)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, create_date;
