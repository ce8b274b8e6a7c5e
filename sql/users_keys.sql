-- API keys per user, Odoo 14-17: keys never expire there, so every key is persistent.
-- 14.0's 2FA trusted-browser rows share the table but are not API keys.
SELECT user_id AS uid,
       count(*) AS api_keys,
       count(*) AS persistent_keys,
       NULL::timestamp AS next_key_expiry
FROM public.res_users_apikeys
WHERE scope IS DISTINCT FROM '2fa_trusted_device'
GROUP BY user_id;
