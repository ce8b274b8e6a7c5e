-- Odoo 14-17: deletes the previewed keys by id and returns each one as it was, in the shape of
-- keys.sql, so that revoke can compare it with the preview: a key that changed since (owner,
-- name, scope, creation, the owner's active flag or kind) is put back (ROLLBACK TO SAVEPOINT)
-- and left alone. A key created since the preview has another id and is never touched. Each
-- row is locked as it is deleted (waiting at most lock_timeout).
-- $1: the previewed ids. The hash (`key`) is neither read nor returned.
DELETE FROM res_users_apikeys k
USING res_users u
LEFT JOIN (SELECT DISTINCT r.uid
           FROM res_groups_users_rel r
           JOIN ir_model_data d ON d.res_id = r.gid AND d.module = 'base'
            AND d.model = 'res.groups' AND d.name = 'group_public') AS p ON p.uid = u.id
WHERE k.id = ANY ($1::int[])
  AND u.id = k.user_id
RETURNING k.id,
       'odoo' AS source,
       CASE WHEN k.scope = '2fa_trusted_device' THEN 'trusted_device' ELSE 'api_key' END AS type,
       k.name::text AS name,
       k.scope::text AS scope,
       k.create_date AS created,
       NULL::timestamp AS expires,
       false AS expired,
       true AS key_active,
       u.id AS owner_id,
       u.login::text AS owner_login,
       coalesce(u.active, false) AS owner_active,
       CASE WHEN u.share IS NOT TRUE THEN 'internal'
            WHEN p.uid IS NOT NULL THEN 'public'
            ELSE 'portal' END AS owner_kind;
