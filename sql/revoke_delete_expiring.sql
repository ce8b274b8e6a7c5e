-- Odoo 18+: as revoke_delete.sql, and the expiry must be the same too: a key that expired
-- between the preview and now changed status and is left alone. $8: expires, $9: expired.
DELETE FROM res_users_apikeys k
USING (SELECT unnest($1::int[]) AS id,
              unnest($2::int[]) AS user_id,
              unnest($3::text[]) AS name,
              unnest($4::text[]) AS scope,
              unnest($5::timestamp[]) AS created,
              unnest($6::bool[]) AS owner_active,
              unnest($7::bool[]) AS owner_internal,
              unnest($8::timestamp[]) AS expires,
              unnest($9::bool[]) AS expired) AS p,
      res_users u
WHERE k.id = p.id
  AND k.user_id = p.user_id
  AND k.name = p.name
  AND k.scope IS NOT DISTINCT FROM p.scope
  AND k.create_date IS NOT DISTINCT FROM p.created
  AND k.expiration_date IS NOT DISTINCT FROM p.expires
  AND coalesce(k.expiration_date < (now() AT TIME ZONE 'utc'), false) = p.expired
  AND u.id = k.user_id
  AND coalesce(u.active, false) = p.owner_active
  AND (u.share IS NOT TRUE) = p.owner_internal
RETURNING k.id;
