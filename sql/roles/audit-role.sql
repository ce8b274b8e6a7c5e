-- odoo-access audit role: a read-only PostgreSQL role for the read commands (dbs, users, logins,
-- keys, report) that cannot read any secret of the Odoo database:
--   * never granted: res_users.password, res_users.totp_secret, res_users.oauth_access_token,
--     res_partner.signup_token, res_users_apikeys.key, auth_totp_device.key, auth_api_key.key
--     (column grants on every other column of those tables, and on the system column xmin:
--     the row version that revoke compares between its preview and its DELETE);
--   * no access to ir_config_parameter (it holds database.secret, which signs sessions);
--     instead the view odoo_access.ir_config_parameter shows only the parameters odoo-access
--     reads, and database.enterprise_code only as present (its value is NULL);
--   * the view odoo_access.totp_enabled says which users have TOTP on, without the seed, and
--     odoo_access.plaintext_passwords which users have a password stored in clear, without it.
-- Both views are security barriers, so no function in a query can peek at filtered rows.
--
-- Run it in each Odoo database, as the database owner or a superuser:
--   psql -d ODOO_DB -v ON_ERROR_STOP=1 -f sql/roles/audit-role.sql
-- The role is called odoo_access_audit; another name can be given with
--   PGOPTIONS='-c odoo_access.audit_role=NAME' psql ...
-- It is created without a password: set one (ALTER ROLE ... PASSWORD) or use peer/cert auth.
-- Running it again is safe; do so after installing modules that add tables (auth_totp,
-- auth_passkey, OCA auth_api_key, auth_brute_force).
DO $audit$
DECLARE
    audit text := coalesce(nullif(current_setting('odoo_access.audit_role', true), ''),
                           'odoo_access_audit');
    secret_columns text[] := ARRAY[
        'res_users.password', 'res_users.totp_secret', 'res_users.oauth_access_token',
        'res_partner.signup_token', 'res_users_apikeys.key', 'auth_totp_device.key',
        'auth_api_key.key'];
    plain_tables text[] := ARRAY[
        'ir_module_module', 'ir_model_data', 'res_groups', 'res_groups_users_rel',
        'res_groups_implied_rel', 'res_users_log', 'res_device_log',
        'res_authentication_attempt'];
    secret_tables text[] := ARRAY[
        'res_users', 'res_partner', 'res_users_apikeys', 'auth_totp_device', 'auth_api_key',
        'auth_passkey_key'];
    t text;
    columns text;
    secret text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = audit) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', audit);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), audit);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', audit);

    FOREACH t IN ARRAY plain_tables LOOP
        IF to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE format('GRANT SELECT ON public.%I TO %I', t, audit);
        END IF;
    END LOOP;

    FOREACH t IN ARRAY secret_tables LOOP
        IF to_regclass('public.' || t) IS NOT NULL THEN
            -- Undo any wider grant first (a table grant would cover the secret columns).
            EXECUTE format('REVOKE SELECT ON public.%I FROM %I', t, audit);
            SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
              INTO columns
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = ('public.' || t)::regclass
               AND (a.attnum > 0 OR a.attname = 'xmin') AND NOT a.attisdropped
               AND NOT (t || '.' || a.attname) = ANY (secret_columns);
            EXECUTE format('GRANT SELECT (%s) ON public.%I TO %I', columns, t, audit);
            -- ...and any grant of a secret column made by hand.
            FOR secret IN
                SELECT a.attname::text
                FROM unnest(secret_columns) AS c
                JOIN pg_catalog.pg_attribute a
                  ON a.attrelid = ('public.' || t)::regclass
                 AND a.attname = split_part(c, '.', 2) AND NOT a.attisdropped
                WHERE split_part(c, '.', 1) = t
            LOOP
                EXECUTE format('REVOKE SELECT (%I) ON public.%I FROM %I', secret, t, audit);
            END LOOP;
        END IF;
    END LOOP;

    CREATE SCHEMA IF NOT EXISTS odoo_access;
    EXECUTE format('GRANT USAGE ON SCHEMA odoo_access TO %I', audit);
    CREATE OR REPLACE VIEW odoo_access.ir_config_parameter WITH (security_barrier) AS
        SELECT key,
               CASE WHEN key = 'database.enterprise_code' THEN NULL ELSE value END AS value
        FROM public.ir_config_parameter
        WHERE key IN ('auth_totp.policy', 'portal.allow_api_keys', 'database.expiration_date',
                      'database.expiration_reason', 'base.login_cooldown_after',
                      'base.login_cooldown_duration')
           OR (key = 'database.enterprise_code' AND value <> '');
    EXECUTE format('GRANT SELECT ON odoo_access.ir_config_parameter TO %I', audit);
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
               WHERE attrelid = 'public.res_users'::regclass AND attname = 'totp_secret'
                 AND NOT attisdropped) THEN
        CREATE OR REPLACE VIEW odoo_access.totp_enabled WITH (security_barrier) AS
            SELECT id AS uid
            FROM public.res_users
            WHERE totp_secret IS NOT NULL AND totp_secret NOT IN ('', 'false');
        EXECUTE format('GRANT SELECT ON odoo_access.totp_enabled TO %I', audit);
    END IF;
    CREATE OR REPLACE VIEW odoo_access.plaintext_passwords WITH (security_barrier) AS
        SELECT id AS uid
        FROM public.res_users
        WHERE password IS NOT NULL AND password <> '' AND password NOT LIKE '$pbkdf2-%';
    EXECUTE format('GRANT SELECT ON odoo_access.plaintext_passwords TO %I', audit);
END
$audit$;
