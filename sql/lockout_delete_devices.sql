-- lockout, 15+: the users' ($1) 2FA trusted browsers (auth_totp_device): their next login
-- asks for the TOTP code again. The device key is never read.
DELETE FROM public.auth_totp_device
WHERE user_id = ANY ($1::int4[])
RETURNING user_id;
