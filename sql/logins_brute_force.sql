-- OCA auth_brute_force: every authentication attempt with its remote IP, since $1 seconds ago.
-- 'banned' attempts were refused without checking the password: counted as failures.
SELECT login::text AS login,
       remote::text AS ip,
       count(*) FILTER (WHERE result = 'successful') AS successes,
       count(*) FILTER (WHERE result IN ('failed', 'banned')) AS failures,
       min(create_date) AS first_seen,
       max(create_date) AS last_seen
FROM public.res_authentication_attempt
WHERE create_date >= (now() AT TIME ZONE 'utc') - make_interval(secs => $1)
GROUP BY login, remote
ORDER BY 1, 2;
