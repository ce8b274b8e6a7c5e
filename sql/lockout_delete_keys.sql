-- lockout: every row of the users $1 in Odoo's key table — API keys of any scope, and 14.0's
-- 2FA trusted browsers (scope 2fa_trusted_device), told apart in `device`. Every key, also one
-- made since the preview: a key is a way in. The hash is never read.
DELETE FROM public.res_users_apikeys
WHERE user_id = ANY ($1::int4[])
RETURNING user_id, coalesce(scope::text = '2fa_trusted_device', false) AS device;
