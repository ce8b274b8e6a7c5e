-- lockout, first in its write transaction: locks the users to lock out, each only while its
-- row is as the preview read it ($1: lockout_users.sql's versions), waiting at most
-- lock_timeout. Fewer ids than versions: a user changed since the preview, and nothing is
-- written.
SELECT u.id
FROM public.res_users u
WHERE ((u.id::int8 << 32) | u.xmin::text::int8) = ANY ($1::int8[])
FOR UPDATE OF u;
