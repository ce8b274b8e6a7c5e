-- lockout, 18+: the users' ($1) passkeys (auth_passkey_key, owned by create_uid): a passkey
-- logs in without the password and skips 2FA.
DELETE FROM public.auth_passkey_key
WHERE create_uid = ANY ($1::int4[])
RETURNING create_uid AS user_id;
