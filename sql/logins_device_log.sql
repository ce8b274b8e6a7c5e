-- 18+: web sessions per login and IP since $1 seconds ago (res_device_log is written for
-- browser sessions only, never for RPC). successes = distinct sessions seen.
SELECT u.login::text AS login,
       d.ip_address::text AS ip,
       count(DISTINCT d.session_identifier) AS successes,
       min(d.first_activity) AS first_seen,
       max(d.last_activity) AS last_seen
FROM public.res_device_log d
JOIN public.res_users u ON u.id = d.user_id
WHERE d.last_activity >= (now() AT TIME ZONE 'utc') - make_interval(secs => $1)
GROUP BY u.login, d.ip_address
ORDER BY 1, 2;
