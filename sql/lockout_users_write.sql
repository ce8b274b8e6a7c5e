-- lockout: for each user $1, the password replaced by $2 (a passlib hash of a random
-- password nobody is told; NULL keeps the password) and, with $3, the user archived
-- (active = false, as Odoo's Archive writes it). A new password also changes what Odoo's
-- session token is made of (id, login, password, active), so every web session made before
-- no longer matches once running servers drop their cached tokens (the signal).
UPDATE public.res_users u
SET password = coalesce(n.hash, u.password),
    active = u.active AND NOT $3::bool
FROM ROWS FROM (pg_catalog.unnest($1::int4[]), pg_catalog.unnest($2::text[])) AS n (id, hash)
WHERE u.id = n.id
RETURNING u.id;
