-- 18+: passkeys per user (auth_passkey_key has no user_id: the owner is create_uid).
SELECT create_uid AS uid, count(*) AS passkeys
FROM public.auth_passkey_key
WHERE create_uid IS NOT NULL
GROUP BY create_uid;
