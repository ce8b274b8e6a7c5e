-- OCA auth_api_key with an `active` column: as revoke_delete_oca.sql, and the key must be as
-- active as it was. $8: key_active.
DELETE FROM auth_api_key k
USING (SELECT unnest($1::int[]) AS id,
              unnest($2::int[]) AS user_id,
              unnest($3::text[]) AS name,
              unnest($4::text[]) AS scope,
              unnest($5::timestamp[]) AS created,
              unnest($6::bool[]) AS owner_active,
              unnest($7::bool[]) AS owner_internal,
              unnest($8::bool[]) AS key_active) AS p,
      res_users u
WHERE k.id = p.id
  AND k.user_id = p.user_id
  AND k.name = p.name
  AND p.scope IS NULL
  AND k.create_date IS NOT DISTINCT FROM p.created
  AND coalesce(k.active, false) = p.key_active
  AND u.id = k.user_id
  AND coalesce(u.active, false) = p.owner_active
  AND (u.share IS NOT TRUE) = p.owner_internal
RETURNING k.id;
