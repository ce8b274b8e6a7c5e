-- report: API keys without their owners. The report reads every user anyway (users_brief.sql)
-- and takes the owners from there: a join with res_users here cost a fleet audit 5 %
-- (benches/fleet.sh). An owner's kind is then the users list's (internal: in Internal User,
-- or share = false), which keys.sql's rule (share) agrees with wherever Odoo keeps share in
-- step with the groups. The hash (`key`) is never read. Expiry is decided by the server's
-- clock; on 14-17, whose keys never expire, k.expiration_date reads as NULL (Schema::adapt).
-- 14.0's 2FA trusted browsers share the table; a report does not look at them.
-- Columns as keys.sql up to owner_id, without row versions: a report revokes nothing.
-- Comparisons cast varchar columns to text: the reason is in src/sql.rs.
SELECT k.id,
       'odoo' AS source,
       'api_key' AS type,
       k.name::text AS name,
       k.scope::text AS scope,
       k.create_date AS created,
       k.expiration_date AS expires,
       coalesce(k.expiration_date < (now() AT TIME ZONE 'utc'::text), false) AS expired,
       true AS key_active,
       k.user_id AS owner_id
FROM public.res_users_apikeys k
WHERE k.scope::text IS DISTINCT FROM '2fa_trusted_device';
