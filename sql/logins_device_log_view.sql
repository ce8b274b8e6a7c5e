-- The same as logins_device_log.sql, through the view of sql/roles/audit-role.sql, for a role
-- that may not read res_device_log.session_identifier (the view has its md5 instead).
SELECT u.login::text AS login,
       d.ip_address::text AS ip,
       count(DISTINCT d.session) AS successes,
       min(d.first_activity) AS first_seen,
       max(d.last_activity) AS last_seen
FROM odoo_access.device_sessions d
JOIN public.res_users u ON u.id = d.user_id
WHERE d.last_activity >= (now() AT TIME ZONE 'utc') - make_interval(secs => $1)
GROUP BY u.login, d.ip_address
ORDER BY 1, 2;
