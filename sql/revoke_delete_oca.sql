-- The same for OCA's auth_api_key.
DELETE FROM auth_api_key
WHERE id = ANY ($1)
RETURNING id;
