-- report: API keys without their owners, Odoo 18+ (see report_keys.sql): expired is decided
-- by the server clock, as Odoo does (expiration_date is naive UTC). The hash is never read.
SELECT k.id,
       'odoo' AS source,
       'api_key' AS type,
       k.name::text AS name,
       k.scope::text AS scope,
       k.create_date AS created,
       k.expiration_date AS expires,
       coalesce(k.expiration_date < (now() AT TIME ZONE 'utc'), false) AS expired,
       true AS key_active,
       k.user_id AS owner_id,
       (k.id::int8 << 32) | k.xmin::text::int8 AS key_version
FROM public.res_users_apikeys k
WHERE k.scope IS DISTINCT FROM '2fa_trusted_device';
