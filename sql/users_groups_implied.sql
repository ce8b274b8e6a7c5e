-- What the two user listings share (users.sql for `odoo-access users`, users_brief.sql for
-- `report`) on Odoo 19, before users_last_login.sql; 14 to 18 have users_groups.sql.
-- Odoo 19 stores only the groups assigned directly (its admin has just base.group_system), so
-- membership follows res_groups_implied_rel (gid implies hid) recursively, as Odoo's
-- all_group_ids does.
-- Neither password nor totp_secret is read.
-- Comparisons cast varchar columns to text: the reason is in src/sql.rs.
WITH RECURSIVE named AS (
    SELECT name::text AS name, res_id AS gid
    FROM public.ir_model_data
    WHERE module::text = 'base' AND model::text = 'res.groups'
      AND name::text IN ('group_user', 'group_public', 'group_system', 'group_erp_manager')
), implying (name, gid) AS (
    -- each named group, and every group whose members it implies
    SELECT name, gid FROM named
    UNION
    SELECT i.name, r.gid
    FROM implying i
    JOIN public.res_groups_implied_rel r ON r.hid = i.gid
), membership AS (
    SELECT m.uid,
           bool_or(i.name = 'group_user') AS internal,
           bool_or(i.name = 'group_public') AS public,
           bool_or(i.name = 'group_system') AS admin,
           bool_or(i.name = 'group_erp_manager') AS access_manager
    FROM public.res_groups_users_rel m
    JOIN implying i ON i.gid = m.gid
    GROUP BY m.uid
)
