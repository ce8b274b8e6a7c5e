-- Deletes exactly the keys that were previewed and still match ($1); one statement however
-- many keys. A key created since the preview has another id and is never touched.
DELETE FROM res_users_apikeys
WHERE id = ANY ($1)
RETURNING id;
