-- OCA auth_api_key without an `active` column: as revoke_delete.sql, in the shape of
-- oca_keys.sql. $1: the previewed ids. The plain-text `key` is neither read nor returned.
DELETE FROM auth_api_key k
USING res_users u
WHERE k.id = ANY ($1::int[])
  AND u.id = k.user_id
RETURNING k.id,
       'oca' AS source,
       'api_key' AS type,
       k.name::text AS name,
       NULL::text AS scope,
       k.create_date AS created,
       NULL::timestamp AS expires,
       false AS expired,
       true AS key_active,
       u.id AS owner_id,
       u.login::text AS owner_login,
       coalesce(u.active, false) AS owner_active,
       CASE WHEN u.share IS NOT TRUE THEN 'internal' ELSE 'portal' END AS owner_kind;
