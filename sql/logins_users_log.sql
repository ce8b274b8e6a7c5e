-- Successful logins per login since $1 seconds ago: res_users_log gets one row per successful
-- XML-RPC/JSON-RPC authenticate (password or API key) and per web login, even when the 2FA
-- step that follows fails. Failed logins write nothing; execute_kw alone writes nothing.
SELECT u.login::text AS login,
       count(*) AS successes,
       min(l.create_date) AS first_seen,
       max(l.create_date) AS last_seen
FROM public.res_users_log l
JOIN public.res_users u ON u.id = l.create_uid
WHERE l.create_date >= (now() AT TIME ZONE 'utc') - make_interval(secs => $1)
GROUP BY u.login
ORDER BY u.login;
