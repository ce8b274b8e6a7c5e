-- report --weak-passwords only: each active user's stored password (a passlib hash, or the
-- password itself where Odoo has not hashed it yet), with the login and the partner's name
-- the tries are made of. Compared in memory and never printed; what matched is never said.
SELECT u.id,
       u.login::text AS login,
       p.name::text AS name,
       u.password
FROM public.res_users u
LEFT JOIN public.res_partner p ON p.id = u.partner_id
WHERE u.active AND coalesce(u.password, '') <> ''
ORDER BY u.id;
