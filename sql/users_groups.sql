-- What the two user listings share (users.sql for `odoo-access users`, users_brief.sql for
-- `report`) on Odoo 14 to 18, before users_last_login.sql; Odoo 19 has
-- users_groups_implied.sql instead.
-- Up to 18 Odoo stores every group a user has, the implied ones included, in
-- res_groups_users_rel, and its has_group reads those rows alone (docs/ODOO.md, "Groups"):
-- membership here is those rows too. Following res_groups_implied_rel as well would
-- add nothing, and it cost a fleet audit a recursive query per database (benches/fleet.sh).
-- Neither password nor totp_secret is read.
-- Comparisons cast varchar columns to text: the reason is in src/sql.rs.
WITH membership AS (
    SELECT m.uid,
           bool_or(g.name::text = 'group_user') AS internal,
           bool_or(g.name::text = 'group_public') AS public,
           bool_or(g.name::text = 'group_system') AS admin,
           bool_or(g.name::text = 'group_erp_manager') AS access_manager
    FROM public.res_groups_users_rel m
    JOIN public.ir_model_data g ON g.res_id = m.gid AND g.module::text = 'base' AND g.model::text = 'res.groups'
     AND g.name::text IN ('group_user', 'group_public', 'group_system', 'group_erp_manager')
    GROUP BY m.uid
)
