-- 18+: 2FA trusted browsers ("remember this browser" cookies), kept in auth_totp_device with
-- the same layout as API keys. Not API keys; shown by `keys --devices`. The hash is never read.
-- key_version / owner_version: as in keys.sql (the shape every key query returns).
SELECT d.id,
       'odoo' AS source,
       'trusted_device' AS type,
       d.name::text AS name,
       d.scope::text AS scope,
       d.create_date AS created,
       d.expiration_date AS expires,
       coalesce(d.expiration_date < (now() AT TIME ZONE 'utc'), false) AS expired,
       true AS key_active,
       u.id AS owner_id,
       u.login::text AS owner_login,
       coalesce(u.active, false) AS owner_active,
       CASE WHEN u.share IS NOT TRUE THEN 'internal' ELSE 'portal' END AS owner_kind,
       (d.id::int8 << 32) | d.xmin::text::int8 AS key_version,
       (u.id::int8 << 32) | u.xmin::text::int8 AS owner_version
FROM public.auth_totp_device d
JOIN public.res_users u ON u.id = d.user_id;
