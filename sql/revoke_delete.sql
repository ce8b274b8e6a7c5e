-- Deletes the previewed keys that are still exactly as previewed: neither the key row nor its
-- owner's row has been written since (key_version and owner_version of keys.sql:
-- the id with the row's xmin, which every UPDATE changes), so the filter that chose them still
-- holds. A key created since the preview has another id and is never touched; one changed or
-- re-owned since is left alone. One statement however many keys: two hashed `= ANY` tests,
-- no join against the preview. Each test is wrapped in CASE WHEN … THEN true END, which the
-- planner does not look into: it would otherwise estimate the selectivity of every element
-- of the arrays (10 ms of planning for 50,000 keys); the executor hashes them all the same.
-- Each row is locked as it is deleted (waiting at most lock_timeout) and tested again on its
-- newest version if another transaction changed it.
-- A key must also be exactly as expired as it was previewed: one that expired since (by the
-- server's clock) changed status and is left alone. On 14-17, whose keys never expire,
-- k.expiration_date reads as NULL (Schema::adapt).
-- $1: the previewed key_version values, $2: their owners' owner_version values, $3: the ids
-- that were expired in the preview. Returns the ids deleted; the hash (`key`) is never read.
DELETE FROM public.res_users_apikeys k
USING public.res_users u
WHERE CASE WHEN ((k.id::int8 << 32) | k.xmin::text::int8) = ANY ($1::int8[]) THEN true END
  AND u.id = k.user_id
  AND CASE WHEN ((u.id::int8 << 32) | u.xmin::text::int8) = ANY ($2::int8[]) THEN true END
  AND coalesce(k.expiration_date < (now() AT TIME ZONE 'utc'), false) = (k.id = ANY ($3::int[]))
RETURNING k.id;
