-- lockout, where OCA auth_api_key is installed: the users' ($1) keys, stored in clear there.
-- The key is never read.
DELETE FROM public.auth_api_key
WHERE user_id = ANY ($1::int4[])
RETURNING user_id;
