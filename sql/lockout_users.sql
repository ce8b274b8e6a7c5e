-- lockout: every user, with what lockout weighs before it writes. `version` is the id with the
-- row's xmin, which lockout_lock_users.sql compares: nothing is written for a user changed
-- since this was read. `has_password` tests the stored password and never returns it.
-- `admin`: a Settings admin (base.group_system, also through implied groups, as Odoo 19
-- stores only the groups assigned directly: gid implies hid). `builtin`: base.user_root
-- (__system__) or base.public_user, which lockout refuses. Comparisons cast varchar columns
-- to text: the reason is in src/sql.rs.
WITH RECURSIVE system_groups (gid) AS (
    SELECT res_id
    FROM public.ir_model_data
    WHERE module::text = 'base' AND model::text = 'res.groups' AND name::text = 'group_system'
    UNION
    SELECT r.gid
    FROM system_groups s
    JOIN public.res_groups_implied_rel r ON r.hid = s.gid
)
SELECT u.id,
       u.login::text AS login,
       coalesce(u.active, false) AS active,
       (u.id::int8 << 32) | u.xmin::text::int8 AS version,
       coalesce(u.password, '')::text <> '' AS has_password,
       EXISTS (SELECT FROM public.res_groups_users_rel m
               JOIN system_groups s ON s.gid = m.gid
               WHERE m.uid = u.id) AS admin,
       (SELECT d.name::text
        FROM public.ir_model_data d
        WHERE d.module::text = 'base' AND d.model::text = 'res.users' AND d.res_id = u.id
          AND d.name::text IN ('user_root', 'public_user')
        LIMIT 1) AS builtin
FROM public.res_users u;
