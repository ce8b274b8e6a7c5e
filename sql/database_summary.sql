-- One row about an Odoo database for `odoo-access dbs`. Only allow-listed ir_config_parameter
-- keys are read; the enterprise code is only tested for presence, never read.
-- Internal users: active and not share. Portal users: active, share, in base.group_portal.
-- 14.0 trusted-browser rows in res_users_apikeys are not API keys and are not counted.
WITH portal_group AS (
    SELECT res_id
    FROM ir_model_data
    WHERE module = 'base' AND model = 'res.groups' AND name = 'group_portal'
), params AS (
    SELECT key, value
    FROM ir_config_parameter
    WHERE key IN ('database.expiration_date', 'auth_totp.policy')
), expiry AS (
    SELECT value AS raw,
           CASE WHEN value ~ '^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$'
                THEN value::timestamp END AS at_utc
    FROM params
    WHERE key = 'database.expiration_date'
)
SELECT
    (SELECT count(*) FROM res_users u
      WHERE u.active AND u.share IS NOT TRUE) AS internal_users,
    (SELECT count(*) FROM res_users u
      WHERE u.active AND u.share
        AND EXISTS (SELECT 1 FROM res_groups_users_rel r
                    JOIN portal_group g ON g.res_id = r.gid
                    WHERE r.uid = u.id)) AS portal_users,
    (SELECT count(*) FROM res_users_apikeys k
      WHERE k.scope IS DISTINCT FROM '2fa_trusted_device') AS api_keys,
    (SELECT at_utc FROM expiry) AS expiration_date,
    (SELECT raw IS NOT NULL AND at_utc IS NULL FROM expiry) AS expiration_unparsable,
    (SELECT at_utc < (now() AT TIME ZONE 'utc') FROM expiry) AS expired,
    (SELECT value FROM params WHERE key = 'auth_totp.policy') AS totp_policy,
    EXISTS (SELECT 1 FROM ir_config_parameter
            WHERE key = 'database.enterprise_code' AND value <> '') AS enterprise_code;
