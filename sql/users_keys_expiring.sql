-- API keys per user, Odoo 18+: persistent keys have no expiration_date; the next expiry is
-- the earliest one not yet past, by the server's clock (expiration_date is naive UTC).
SELECT user_id AS uid,
       count(*) AS api_keys,
       count(*) FILTER (WHERE expiration_date IS NULL) AS persistent_keys,
       min(expiration_date) FILTER (WHERE expiration_date >= (now() AT TIME ZONE 'utc'))
           AS next_key_expiry
FROM public.res_users_apikeys
WHERE scope IS DISTINCT FROM '2fa_trusted_device'
GROUP BY user_id;
