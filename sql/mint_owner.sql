-- mint and rotate: what Odoo's rules for a new key need to know of its owner, found by exact
-- login: whether the user is active; internal, portal or public (as users.sql decides it);
-- whether a Settings admin (base.group_system, which alone may have persistent keys on 18+);
-- and every group the user has, implied ones included (res_groups_implied_rel: gid implies
-- hid), whose largest api_key_duration bounds a non-admin's key on 18+ (mint_policy.sql).
-- `version`: the id with the row's xmin, which mint_insert.sql compares: the key is made
-- only for the owner as read here. No row: no such login. Neither password nor totp_secret
-- is read.
WITH RECURSIVE owner AS (
    SELECT u.id, coalesce(u.active, false) AS active, u.share,
           (u.id::int8 << 32) | u.xmin::text::int8 AS version
    FROM public.res_users u
    WHERE u.login = $1
), groups (gid) AS (
    SELECT m.gid
    FROM public.res_groups_users_rel m
    JOIN owner o ON o.id = m.uid
    UNION
    SELECT r.hid
    FROM groups g
    JOIN public.res_groups_implied_rel r ON r.gid = g.gid
), named AS (
    SELECT bool_or(d.name = 'group_user') AS internal,
           bool_or(d.name = 'group_public') AS public,
           bool_or(d.name = 'group_system') AS admin
    FROM groups g
    JOIN public.ir_model_data d ON d.res_id = g.gid AND d.module = 'base' AND d.model = 'res.groups'
     AND d.name IN ('group_user', 'group_public', 'group_system')
)
SELECT o.id,
       o.version,
       o.active,
       CASE WHEN coalesce(n.internal, false) OR o.share IS FALSE THEN 'internal'
            WHEN coalesce(n.public, false) THEN 'public'
            ELSE 'portal' END AS kind,
       coalesce(n.admin, false) AS admin,
       ARRAY(SELECT gid FROM groups ORDER BY gid) AS groups
FROM owner o
CROSS JOIN named n;
