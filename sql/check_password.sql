-- check only: the stored password of one user, to verify a credential against it. It is
-- compared in memory and never printed.
SELECT coalesce(password, '') AS password
FROM public.res_users
WHERE id = $1;
