-- check only: the key rows whose clear `index` equals the first 8 characters of the
-- credential ($1), of every user — as Odoo looks them up — with their hash, to verify (one
-- PBKDF2 per row, never a scan of all keys). Hashes are compared in memory, never printed.
-- Expiry is decided by the server's clock; on 14-17, whose keys never expire,
-- k.expiration_date reads as NULL (Schema::adapt).
SELECT k.id, k.user_id, u.login::text AS login, coalesce(u.active, false) AS owner_active,
       k.scope::text AS scope, k.key::text AS key,
       k.expiration_date AS expires,
       coalesce(k.expiration_date < (now() AT TIME ZONE 'utc'), false) AS expired
FROM public.res_users_apikeys k
JOIN public.res_users u ON u.id = k.user_id
WHERE k.index = $1;
