-- Counts about an Odoo database for `odoo-access dbs`.
-- Internal users: active and not share. Portal users: active, share, in base.group_portal.
-- 14.0 trusted-browser rows in res_users_apikeys are not API keys and are not counted.
WITH portal_group AS (
    SELECT res_id
    FROM public.ir_model_data
    WHERE module = 'base' AND model = 'res.groups' AND name = 'group_portal'
)
SELECT
    (SELECT count(*) FROM public.res_users u
      WHERE u.active AND u.share IS NOT TRUE) AS internal_users,
    (SELECT count(*) FROM public.res_users u
      WHERE u.active AND u.share
        AND EXISTS (SELECT 1 FROM public.res_groups_users_rel r
                    JOIN portal_group g ON g.res_id = r.gid
                    WHERE r.uid = u.id)) AS portal_users,
    (SELECT count(*) FROM public.res_users_apikeys k
      WHERE k.scope IS DISTINCT FROM '2fa_trusted_device') AS api_keys,
    now() AT TIME ZONE 'utc' AS now_utc;
