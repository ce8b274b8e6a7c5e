-- The logins of the users whose ids are in $1, in login order.
SELECT login::text AS login
FROM res_users
WHERE id = ANY ($1)
ORDER BY login;
