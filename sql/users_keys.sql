-- API keys per user: persistent keys have no expiration_date; the next expiry is the earliest
-- one not yet past, by the server's clock (expiration_date, 18+, is naive UTC).
-- On 14-17, whose keys never expire, k.expiration_date reads as NULL (Schema::adapt): every
-- key is then persistent.
-- 14.0's 2FA trusted-browser rows share the table but are not API keys.
SELECT k.user_id AS uid,
       count(*) AS api_keys,
       count(*) FILTER (WHERE k.expiration_date IS NULL) AS persistent_keys,
       min(k.expiration_date) FILTER (WHERE k.expiration_date >= (now() AT TIME ZONE 'utc'))
           AS next_key_expiry
FROM public.res_users_apikeys k
WHERE k.scope IS DISTINCT FROM '2fa_trusted_device'
GROUP BY k.user_id;
