-- The user Odoo would authenticate: logins are matched exactly (case included).
SELECT u.id, u.login::text AS login, coalesce(u.active, false) AS active,
       u.share IS NOT TRUE AS internal
FROM public.res_users u
WHERE u.login = $1;
