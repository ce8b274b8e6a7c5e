-- After users_groups.sql or users_groups_implied.sql: last_login is what Odoo shows as
-- login_date, the latest res_users_log row of the user.
, last_login AS (
    SELECT create_uid AS uid, max(create_date) AS at
    FROM public.res_users_log
    GROUP BY create_uid
)
