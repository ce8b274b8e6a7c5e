-- OCA auth_api_key keys (module auth_api_key). These keys are stored in plain text: the `key`
-- column is never read. Builds whose table has no `active` column (15.0, 16.0) read
-- oca.active as true (Schema::adapt).
-- key_version / owner_version: the row's id with its xmin, which every write of the row
-- changes; revoke deletes a key only while both are still what it read (revoke_delete.sql, revoke_delete_oca.sql).
SELECT oca.id,
       'oca' AS source,
       'api_key' AS type,
       oca.name::text AS name,
       NULL::text AS scope,
       oca.create_date AS created,
       NULL::timestamp AS expires,
       false AS expired,
       coalesce(oca.active, false) AS key_active,
       u.id AS owner_id,
       u.login::text AS owner_login,
       coalesce(u.active, false) AS owner_active,
       CASE WHEN u.share IS NOT TRUE THEN 'internal' ELSE 'portal' END AS owner_kind,
       (oca.id::int8 << 32) | oca.xmin::text::int8 AS key_version,
       (u.id::int8 << 32) | u.xmin::text::int8 AS owner_version
FROM public.auth_api_key oca
JOIN public.res_users u ON u.id = oca.user_id;
