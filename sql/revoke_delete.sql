-- Odoo 14-17: deletes the previewed keys that are still exactly as previewed — same owner,
-- name, scope and creation date, and an owner still as active and as internal as he was — so
-- the filter that chose them still holds. One statement however many keys; each row is locked
-- (waiting at most lock_timeout) and re-checked as it is deleted. A key created since the
-- preview has another id and is never touched.
-- $1..$7: the preview as parallel arrays (id, user_id, name, scope, created, owner_active,
-- owner_internal), unnested side by side in a select list: much faster than a multi-array
-- unnest() in FROM, which materialises every array first.
DELETE FROM res_users_apikeys k
USING (SELECT unnest($1::int[]) AS id,
              unnest($2::int[]) AS user_id,
              unnest($3::text[]) AS name,
              unnest($4::text[]) AS scope,
              unnest($5::timestamp[]) AS created,
              unnest($6::bool[]) AS owner_active,
              unnest($7::bool[]) AS owner_internal) AS p,
      res_users u
WHERE k.id = p.id
  AND k.user_id = p.user_id
  AND k.name = p.name
  AND k.scope IS NOT DISTINCT FROM p.scope
  AND k.create_date IS NOT DISTINCT FROM p.created
  AND u.id = k.user_id
  AND coalesce(u.active, false) = p.owner_active
  AND (u.share IS NOT TRUE) = p.owner_internal
RETURNING k.id;
