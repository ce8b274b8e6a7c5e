-- One row per user for `odoo-access users`, after the WITH clause of users_groups.sql (or
-- users_groups_implied.sql) and users_last_login.sql.
-- Built-in users are known by their external ids.
SELECT u.id,
       u.login::text AS login,
       p.name::text AS name,
       coalesce(u.active, false) AS active,
       CASE WHEN coalesce(g.internal, false) OR u.share IS FALSE THEN 'internal'
            WHEN coalesce(g.public, false) THEN 'public'
            ELSE 'portal' END AS kind,
       EXISTS (SELECT 1
               FROM public.ir_model_data b
               WHERE b.module = 'base' AND b.model = 'res.users' AND b.res_id = u.id
                 AND b.name IN ('user_root', 'user_admin', 'public_user', 'default_user',
                                'template_portal_user_id')) AS builtin,
       coalesce(g.admin, false) AS admin,
       coalesce(g.access_manager, false) AS access_manager,
       u.create_date AS created,
       l.at AS last_login,
       u.password_write_date AS password_changed
FROM public.res_users u
LEFT JOIN public.res_partner p ON p.id = u.partner_id
LEFT JOIN membership g ON g.uid = u.id
LEFT JOIN last_login l ON l.uid = u.id
ORDER BY u.id;
