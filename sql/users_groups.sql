-- What the two user listings share (users.sql for `odoo-access users`, users_brief.sql for
-- `report`), the same on Odoo 14 to 19; each of them continues this WITH clause.
-- Group membership follows res_groups_implied_rel recursively: Odoo 19 stores only the groups
-- assigned directly (its admin has just base.group_system); up to 18 Odoo also stores the
-- implied ones and the recursion adds nothing.
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
), last_login AS (
    SELECT create_uid AS uid, max(create_date) AS at
    FROM res_users_log
    GROUP BY create_uid
)
