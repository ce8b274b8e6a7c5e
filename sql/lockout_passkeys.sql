-- lockout's preview, 18+: the passkeys of the users $1 (an auth_passkey_key row belongs to its
-- create_uid, as Odoo's session token reads it). Neither key material nor sign count is read.
SELECT create_uid AS user_id, count(*) AS passkeys
FROM public.auth_passkey_key
WHERE create_uid = ANY ($1::int4[])
GROUP BY create_uid;
