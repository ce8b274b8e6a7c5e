-- odoo-access audit role: a read-only PostgreSQL role for the read commands (dbs, users, logins,
-- keys, report) that cannot read any secret of the Odoo database:
--   * it is granted only the columns odoo-access reads (the list below), and the system column
--     xmin (the row version that revoke compares between its preview and its DELETE): never a
--     password, a TOTP seed, a key or its hash, a token, a session identifier, nor the personal
--     data of res_partner beyond name and e-mail, nor a column a module adds later;
--   * no access to ir_config_parameter (it holds database.secret, which signs sessions);
--     instead the view odoo_access.ir_config_parameter shows only the parameters odoo-access
--     reads, and database.enterprise_code only as present (its value is NULL);
--   * the view odoo_access.totp_enabled says which users have TOTP on, without the seed,
--     odoo_access.password_state which users have no password or one stored in clear,
--     without it,
--     and odoo_access.device_sessions the web sessions of res_device_log with an md5 of the
--     session identifier in place of the identifier.
-- The views are security barriers, so no function in a query can peek at filtered rows.
--
-- The database's owner is not trusted (docs/SAFETY.md, "A database's owner is not trusted"): the
-- script pins search_path to pg_catalog, pg_temp before anything else, so that no function
-- or operator it calls, and none in the views it creates, can be one planted in schema public; it refuses to grant to
-- a superuser, a pg_* role or the database's owner, and to use a schema odoo_access that a
-- role other than the database's owner or a superuser created. Where every role may create
-- objects in schema public (the default before PostgreSQL 15, kept by upgrades), it says so.
--
-- Run it in each Odoo database, as the database owner or a superuser:
--   psql -d ODOO_DB -v ON_ERROR_STOP=1 -f sql/roles/audit-role.sql
-- The role is called odoo_access_audit; another name can be given with
--   PGOPTIONS='-c odoo_access.audit_role=NAME' psql ...
-- It is created without a password: set one (ALTER ROLE ... PASSWORD) or use peer/cert auth.
-- Run by a superuser, it also lets the role read pg_hba.conf's rules (pg_hba_file_rules),
-- for report's hba-* checks.
-- Running it again is safe; do so after installing modules that add tables (auth_totp,
-- auth_passkey, OCA auth_api_key, auth_brute_force, base_user_role).
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false);
DO $audit$
DECLARE
    audit text := coalesce(nullif(pg_catalog.current_setting('odoo_access.audit_role', true), ''),
                           'odoo_access_audit');
    -- table => the columns odoo-access reads (xmin is added to each).
    readable jsonb := '{
        "res_users": ["id", "login", "active", "share", "partner_id", "create_date", "password_write_date"],
        "res_partner": ["id", "name", "email"],
        "res_users_apikeys": ["id", "name", "user_id", "scope", "create_date", "expiration_date"],
        "auth_totp_device": ["id", "name", "user_id", "scope", "create_date", "expiration_date"],
        "auth_api_key": ["id", "name", "user_id", "create_date", "active"],
        "auth_passkey_key": ["id", "create_uid"],
        "ir_module_module": ["id", "name", "state", "latest_version"],
        "ir_model_data": ["id", "module", "model", "name", "res_id"],
        "res_groups_users_rel": ["uid", "gid"],
        "res_groups_implied_rel": ["gid", "hid"],
        "res_users_log": ["id", "create_uid", "create_date"],
        "res_device_log": ["id", "user_id", "ip_address", "first_activity", "last_activity"],
        "res_authentication_attempt": ["id", "login", "remote", "result", "create_date"],
        "res_users_role": ["id", "group_id"],
        "res_users_role_line": ["id", "role_id", "user_id", "date_from", "date_to"],
        "res_company": ["id", "password_expiration", "password_minimum", "password_history",
                        "password_length", "password_lower", "password_upper",
                        "password_numeric", "password_special"]
    }';
    t text;
    columns text;
    owner text := (SELECT pg_catalog.pg_get_userbyid(datdba)::text FROM pg_catalog.pg_database
                   WHERE datname = pg_catalog.current_database());
BEGIN
    IF pg_catalog.has_schema_privilege('public', 'public', 'CREATE') THEN
        RAISE WARNING 'every role may create objects in schema public of database %: any of them could plant a function or operator there that others run by mistake', pg_catalog.current_database()
            USING HINT = 'REVOKE CREATE ON SCHEMA public FROM PUBLIC; (the default since PostgreSQL 15)';
    END IF;
    IF audit = owner OR audit LIKE 'pg\_%'
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = audit AND rolsuper) THEN
        RAISE EXCEPTION 'odoo_access.audit_role is %, which is a superuser, a pg_* role or the owner of database %: the audit role must be a role of its own', audit, pg_catalog.current_database();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = audit) THEN
        EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', audit);
    END IF;
    EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO %I', pg_catalog.current_database(), audit);
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA public TO %I', audit);
    -- report's hba-* checks read the rules of pg_hba.conf (no secret: methods, addresses,
    -- role and database names); only a superuser may grant them. pg_authid (md5-password)
    -- is never granted: it holds every role's password hash.
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER AND rolsuper) THEN
        EXECUTE pg_catalog.format('GRANT SELECT ON pg_catalog.pg_hba_file_rules TO %I', audit);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO %I', audit);
    ELSE
        RAISE NOTICE 'not a superuser: % may not read pg_hba_file_rules, so report says hba-* not-checked; a superuser may run this script again', audit;
    END IF;

    FOR t IN SELECT pg_catalog.jsonb_object_keys(readable) LOOP
        IF pg_catalog.to_regclass('public.' || t) IS NOT NULL THEN
            -- Undo any wider grant first: a table grant, or a column granted by an older
            -- version of this script or by hand.
            SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
              INTO columns
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = ('public.' || t)::pg_catalog.regclass
               AND (a.attnum > 0 OR a.attname = 'xmin') AND NOT a.attisdropped;
            EXECUTE pg_catalog.format('REVOKE SELECT ON public.%I FROM %I', t, audit);
            EXECUTE pg_catalog.format('REVOKE SELECT (%s) ON public.%I FROM %I', columns, t, audit);
            SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
              INTO columns
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = ('public.' || t)::pg_catalog.regclass
               AND (a.attname = 'xmin'
                    OR (a.attnum > 0 AND a.attname::text IN
                        (SELECT pg_catalog.jsonb_array_elements_text(readable -> t))))
               AND NOT a.attisdropped;
            EXECUTE pg_catalog.format('GRANT SELECT (%s) ON public.%I TO %I', columns, t, audit);
        END IF;
    END LOOP;
    -- Tables an older version of this script granted whole and nothing reads.
    IF pg_catalog.to_regclass('public.res_groups') IS NOT NULL THEN
        EXECUTE pg_catalog.format('REVOKE SELECT ON public.res_groups FROM %I', audit);
    END IF;

    IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n
               JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
               WHERE n.nspname = 'odoo_access' AND NOT r.rolsuper AND r.rolname <> owner
                 AND r.rolname <> CURRENT_USER) THEN
        RAISE EXCEPTION 'schema odoo_access in database % belongs to %, not to the database owner or a superuser: its views could be replaced — drop the schema (after a look at what it holds) and run this script again',
            pg_catalog.current_database(),
            (SELECT pg_catalog.pg_get_userbyid(nspowner) FROM pg_catalog.pg_namespace WHERE nspname = 'odoo_access');
    END IF;
    CREATE SCHEMA IF NOT EXISTS odoo_access;
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA odoo_access TO %I', audit);
    CREATE OR REPLACE VIEW odoo_access.ir_config_parameter WITH (security_barrier) AS
        SELECT key,
               CASE WHEN key = 'database.enterprise_code' THEN NULL ELSE value END AS value
        FROM public.ir_config_parameter
        WHERE key IN ('auth_totp.policy', 'portal.allow_api_keys', 'database.expiration_date',
                      'database.expiration_reason', 'base.login_cooldown_after',
                      'base.login_cooldown_duration', 'password_security.expiration_days',
                      'password_security.minimum_hours', 'password_security.history',
                      'password_security.lower', 'password_security.upper',
                      'password_security.numeric', 'password_security.special',
                      'auth_password_policy.minlength')
           OR (key = 'database.enterprise_code' AND value <> '');
    EXECUTE pg_catalog.format('GRANT SELECT ON odoo_access.ir_config_parameter TO %I', audit);
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
               WHERE attrelid = 'public.res_users'::regclass AND attname = 'totp_secret'
                 AND NOT attisdropped) THEN
        CREATE OR REPLACE VIEW odoo_access.totp_enabled WITH (security_barrier) AS
            SELECT id AS uid
            FROM public.res_users
            WHERE totp_secret IS NOT NULL AND totp_secret NOT IN ('', 'false');
        EXECUTE pg_catalog.format('GRANT SELECT ON odoo_access.totp_enabled TO %I', audit);
    END IF;
    -- Replaced by password_state (which also tells a user without a password).
    DROP VIEW IF EXISTS odoo_access.plaintext_passwords;
    CREATE OR REPLACE VIEW odoo_access.password_state WITH (security_barrier) AS
        SELECT id AS uid,
               CASE WHEN password IS NULL OR password = '' THEN 'none' ELSE 'plaintext' END AS state
        FROM public.res_users
        WHERE password IS NULL OR password = '' OR password NOT LIKE '$pbkdf2-%';
    EXECUTE pg_catalog.format('GRANT SELECT ON odoo_access.password_state TO %I', audit);
    IF pg_catalog.to_regclass('public.res_device_log') IS NOT NULL THEN
        CREATE OR REPLACE VIEW odoo_access.device_sessions WITH (security_barrier) AS
            SELECT user_id, pg_catalog.md5(session_identifier) AS session, ip_address,
                   first_activity, last_activity
            FROM public.res_device_log;
        EXECUTE pg_catalog.format('GRANT SELECT ON odoo_access.device_sessions TO %I', audit);
    END IF;
END
$audit$;
