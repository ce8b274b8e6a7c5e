-- Logins close to $1, for "did you mean": the same login in another case, a user whose
-- partner e-mail is $1, or a login containing it. At most five.
SELECT u.login::text AS login
FROM public.res_users u
LEFT JOIN public.res_partner p ON p.id = u.partner_id
WHERE lower(u.login) = lower($1)
   OR lower(p.email) = lower($1)
   OR strpos(lower(u.login), lower($1)) > 0
ORDER BY lower(u.login) = lower($1) DESC, u.login
LIMIT 5;
