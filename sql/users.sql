-- One row per user for `odoo-access users`, the same on Odoo 14 to 19.
-- Group membership follows res_groups_implied_rel recursively: Odoo 19 stores only the groups
-- assigned directly (its admin has just base.group_system); up to 18 Odoo also stores the
-- implied ones and the recursion adds nothing. Built-in users are known by their external ids.
-- last_login is what Odoo shows as login_date: the latest res_users_log row of the user.
-- Neither password nor totp_secret is read.
WITH RECURSIVE named AS (
    SELECT name::text AS name, res_id AS gid
    FROM ir_model_data
    WHERE module = 'base' AND model = 'res.groups'
      AND name IN ('group_user', 'group_portal', 'group_public', 'group_system')
), implying (name, gid) AS (
    -- each named group, and every group whose members it implies
    SELECT name, gid FROM named
    UNION
    SELECT i.name, r.gid
    FROM implying i
    JOIN res_groups_implied_rel r ON r.hid = i.gid
), membership AS (
    SELECT m.uid,
           bool_or(i.name = 'group_user') AS internal,
           bool_or(i.name = 'group_public') AS public,
           bool_or(i.name = 'group_system') AS admin
    FROM res_groups_users_rel m
    JOIN implying i ON i.gid = m.gid
    GROUP BY m.uid
), builtin AS (
    SELECT res_id AS uid
    FROM ir_model_data
    WHERE module = 'base' AND model = 'res.users'
      AND name IN ('user_root', 'user_admin', 'public_user', 'default_user',
                   'template_portal_user_id')
), last_login AS (
    SELECT create_uid AS uid, max(create_date) AS at
    FROM res_users_log
    GROUP BY create_uid
)
SELECT u.id,
       u.login::text AS login,
       p.name::text AS name,
       coalesce(u.active, false) AS active,
       CASE WHEN coalesce(g.internal, false) OR u.share IS FALSE THEN 'internal'
            WHEN coalesce(g.public, false) THEN 'public'
            ELSE 'portal' END AS kind,
       EXISTS (SELECT 1 FROM builtin b WHERE b.uid = u.id) AS builtin,
       coalesce(g.admin, false) AS admin,
       u.create_date AS created,
       l.at AS last_login
FROM res_users u
LEFT JOIN res_partner p ON p.id = u.partner_id
LEFT JOIN membership g ON g.uid = u.id
LEFT JOIN last_login l ON l.uid = u.id
ORDER BY u.id;
