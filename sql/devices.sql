-- 15+: 2FA trusted browsers ("remember this browser" cookies), kept in auth_totp_device with
-- the same layout as API keys. Not API keys; shown by `keys --devices`. The hash is never read.
-- On 15-17, which have no expiration_date there, dev.expiration_date reads as NULL
-- (Schema::adapt).
-- key_version / owner_version: as in keys.sql (the shape every key query returns).
SELECT dev.id,
       'odoo' AS source,
       'trusted_device' AS type,
       dev.name::text AS name,
       dev.scope::text AS scope,
       dev.create_date AS created,
       dev.expiration_date AS expires,
       coalesce(dev.expiration_date < (now() AT TIME ZONE 'utc'), false) AS expired,
       true AS key_active,
       u.id AS owner_id,
       u.login::text AS owner_login,
       coalesce(u.active, false) AS owner_active,
       CASE WHEN u.share IS NOT TRUE THEN 'internal' ELSE 'portal' END AS owner_kind,
       (dev.id::int8 << 32) | dev.xmin::text::int8 AS key_version,
       (u.id::int8 << 32) | u.xmin::text::int8 AS owner_version
FROM public.auth_totp_device dev
JOIN public.res_users u ON u.id = dev.user_id;
