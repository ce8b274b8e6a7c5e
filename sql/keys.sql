-- API keys with their owners. `expired` is decided by the server's clock, as Odoo does
-- (expiration_date, 18+, is naive UTC). The hash (`key`) is never read.
-- On 14-17, whose keys never expire, k.expiration_date reads as NULL (Schema::adapt).
-- 14.0 builds keep 2FA trusted browsers in this table (scope '2fa_trusted_device'): they are
-- marked as such.
-- owner_kind follows res_users.share, which Odoo keeps equal to "not an internal user".
-- key_version / owner_version: the row's id with its xmin, which every write of the row
-- changes; revoke deletes a key only while both are still what it read (revoke_delete.sql, revoke_delete_oca.sql).
SELECT k.id,
       'odoo' AS source,
       CASE WHEN k.scope = '2fa_trusted_device' THEN 'trusted_device' ELSE 'api_key' END AS type,
       k.name::text AS name,
       k.scope::text AS scope,
       k.create_date AS created,
       k.expiration_date AS expires,
       coalesce(k.expiration_date < (now() AT TIME ZONE 'utc'), false) AS expired,
       true AS key_active,
       u.id AS owner_id,
       u.login::text AS owner_login,
       coalesce(u.active, false) AS owner_active,
       CASE WHEN u.share IS NOT TRUE THEN 'internal'
            WHEN p.uid IS NOT NULL THEN 'public'
            ELSE 'portal' END AS owner_kind,
       (k.id::int8 << 32) | k.xmin::text::int8 AS key_version,
       (u.id::int8 << 32) | u.xmin::text::int8 AS owner_version
FROM public.res_users_apikeys k
JOIN public.res_users u ON u.id = k.user_id
LEFT JOIN (SELECT DISTINCT r.uid
           FROM public.res_groups_users_rel r
           JOIN public.ir_model_data d ON d.res_id = r.gid AND d.module = 'base'
            AND d.model = 'res.groups' AND d.name = 'group_public') AS p ON p.uid = u.id;
