-- One row per user for `odoo-access report`, after the WITH clause of users.sql: the columns
-- of users.sql, without what a report never shows (name, built-in, creation), which
-- saves a fleet audit the join with res_partner and ir_model_data (benches/fleet.sh). The
-- report makes its keys' owners from these rows (report_keys.sql), found by id once
-- src/odoo/users.rs has put them in id order (sorting 300 rows there costs less than the
-- sort operators' lookup in a new backend, benches/fleet.sh), without row versions: a
-- report revokes nothing (computing them cost a fleet audit time, benches/fleet.sh). The
-- last two columns are
-- what users_totp.sql and users_password_state.sql would say of the user (the braces take
-- sql/totp_on.sql and sql/password_state.sql, or NULL where the role may not read the column:
-- src/odoo/users.rs), which saves a fleet audit two statements per database
-- (benches/fleet.sh). Tested, never returned.
SELECT u.id,
       u.login::text AS login,
       NULL::text AS name,
       coalesce(u.active, false) AS active,
       CASE WHEN coalesce(g.internal, false) OR u.share IS FALSE THEN 'internal'
            WHEN coalesce(g.public, false) THEN 'public'
            ELSE 'portal' END AS kind,
       false AS builtin,
       coalesce(g.admin, false) AS admin,
       coalesce(g.access_manager, false) AS access_manager,
       NULL::timestamp AS created,
       l.at AS last_login,
       u.password_write_date AS password_changed,
       {totp_on} AS totp,
       {password_state} AS password_state
FROM public.res_users u
LEFT JOIN membership g ON g.uid = u.id
LEFT JOIN last_login l ON l.uid = u.id;
