-- lockout's preview, 18+: the web sessions res_device_log has seen of the users $1 (NULL:
-- of every user, for --everyone) and not marked revoked (a session is seen when it makes requests; one never seen again may be long
-- gone). Counted by session_identifier, never shown.
SELECT user_id, count(DISTINCT session_identifier) AS sessions
FROM public.res_device_log
WHERE ($1::int4[] IS NULL OR user_id = ANY ($1::int4[])) AND revoked IS NOT TRUE
GROUP BY user_id;
