-- Sample data for the Odoo 14–19 fixture schemas in sql/odoo/<version>/schema.sql.
--
-- One script for every version: each row is given as JSON with the union of the columns the
-- versions have, and jsonb_populate_record keeps only the columns the table really has. The
-- series is read from the catalog (what the schema has), like odoo-access itself does.
-- All dates are relative to now(), so tests never rot. Hashes and the TOTP seed are the
-- throw-away ones a real Odoo 18 server made in the lab (shared/odoo/18/secrets.json).
--
-- Who is who (ids as in the lab database):
--   1 __system__ (inactive)  2 admin (Settings admin; on 19 only through implied groups)
--   3 default (inactive; not on 19)  4 public (inactive)  5 portaltemplate (inactive)
--   6 alice (TOTP on)  7 bob (archived, has a key)  8 carol  9 pat (portal, has a key)
--   10 svc (integration; global, rpc and plugin keys; no login for 100 days)
--   11 dave (internal, never logged in, a plaintext password 'Dave-Plain-2026!')
--   carol's password on 14 is hashed with 14.0's 25,000 rounds (plaintext 'Carol-Pass-2026!')
--
-- Load after the schema, as a role that owns the tables:
--   psql -d DB -f sql/odoo/<version>/schema.sql -f sql/odoo/sample-data.sql

SET client_min_messages = warning;

CREATE FUNCTION pg_temp.series() RETURNS integer LANGUAGE sql AS $$
    SELECT CASE
        WHEN to_regclass('public.orm_signaling_default') IS NOT NULL THEN 19
        WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                     WHERE attrelid = 'public.res_users_apikeys'::regclass
                       AND attname = 'expiration_date' AND NOT attisdropped) THEN 18
        WHEN to_regclass('public.base_cache_signaling_default') IS NOT NULL THEN 17
        WHEN (SELECT atttypid = 'pg_catalog.jsonb'::regtype FROM pg_catalog.pg_attribute
              WHERE attrelid = 'public.res_groups'::regclass AND attname = 'name') THEN 16
        WHEN to_regclass('public.auth_totp_device') IS NOT NULL THEN 15
        ELSE 14
    END
$$;

-- Inserts one row given as JSON; keys that are not columns of the table are ignored.
CREATE FUNCTION pg_temp.put(tbl text, rec jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass(tbl) IS NOT NULL THEN
        EXECUTE format('INSERT INTO %s SELECT * FROM pg_catalog.jsonb_populate_record(NULL::%s, $1)', tbl, tbl)
        USING rec;
    END IF;
END
$$;

-- A translatable name: jsonb {"en_US": ...} from 16 on, plain text before.
CREATE FUNCTION pg_temp.label(t text) RETURNS jsonb LANGUAGE sql AS $$
    SELECT CASE WHEN pg_temp.series() >= 16 THEN pg_catalog.jsonb_build_object('en_US', t)
                ELSE pg_catalog.to_jsonb(t) END
$$;

-- A naive UTC timestamp, as Odoo stores them, this long ago (negative: in the future).
CREATE FUNCTION pg_temp.ago(i interval) RETURNS timestamp LANGUAGE sql AS $$
    SELECT (pg_catalog.now() AT TIME ZONE 'utc') - i
$$;

-- Modules: base gives the version; the others change how Odoo authenticates.
SELECT pg_temp.put('public.ir_module_module', pg_catalog.jsonb_build_object(
           'id', id, 'name', name, 'state', state,
           'latest_version', CASE WHEN state = 'installed' THEN pg_temp.series() || '.0.1.' || minor END,
           'create_date', pg_temp.ago('400 days')))
FROM (VALUES
    (1, 'base', 'installed', '3'),
    (2, 'web', 'installed', '0'),
    (3, 'mail', 'installed', '15'),
    (4, 'portal', 'installed', '0'),
    (5, 'auth_totp', 'installed', '0'),
    (6, 'auth_totp_portal', 'installed', '0'),
    (7, 'auth_totp_mail_enforce',
        CASE WHEN pg_temp.series() = 17 THEN 'installed' ELSE 'uninstalled' END, '0'),
    (8, 'auth_totp_mail', CASE WHEN pg_temp.series() >= 19 THEN 'installed' ELSE 'uninstalled' END, '0'),
    (9, 'auth_passkey', CASE WHEN pg_temp.series() >= 18 THEN 'installed' ELSE 'uninstalled' END, '0'),
    (10, 'rpc', CASE WHEN pg_temp.series() >= 19 THEN 'installed' ELSE 'uninstalled' END, '0'),
    (11, 'auth_oauth', 'uninstalled', '0')
) AS m(id, name, state, minor);

-- Partners (one per user, plus the company).
SELECT pg_temp.put('public.res_partner', pg_catalog.jsonb_build_object(
           'id', id, 'name', name, 'display_name', name, 'complete_name', name, 'email', email,
           'email_normalized', email, 'type', 'contact', 'active', active, 'is_company', id = 1,
           'partner_share', share, 'commercial_partner_id', id, 'lang', 'en_US',
           'create_date', pg_temp.ago('400 days')))
FROM (VALUES
    (1, 'My Company', 'info@example.com', true, true),
    (2, 'OdooBot', 'odoobot@example.com', false, false),
    (3, 'Administrator', 'admin@example.com', true, false),
    (4, 'Public user', NULL, false, true),
    (5, 'Default User Template', NULL, false, false),
    (6, 'Portal User Template', NULL, false, true),
    (7, 'Alice Internal (TOTP)', 'alice@example.com', true, false),
    (8, 'Bob Archived', 'bob@example.com', false, false),
    (9, 'Carol Internal', 'Carol.Doe@Example.com', true, false),
    (10, 'Pat Portal', 'pat@customer.example', true, true),
    (11, 'Svc Integration', 'svc@example.com', true, false),
    (12, 'Dave Newcomer', 'dave@example.com', true, false)
) AS p(id, name, email, active, share)
WHERE id <> 5 OR pg_temp.series() <= 18;

SELECT pg_temp.put('public.res_company', pg_catalog.jsonb_build_object(
    'id', 1, 'name', 'My Company', 'partner_id', 1, 'currency_id', 1, 'sequence', 10,
    'layout_background', 'Blank', 'active', true, 'parent_path', '1/',
    'create_date', pg_temp.ago('400 days')));

SELECT pg_temp.put('public.res_users', pg_catalog.jsonb_build_object(
           'id', id, 'login', login, 'active', active, 'share', share, 'partner_id', partner_id,
           'company_id', 1, 'password', password, 'totp_secret', totp_secret,
           'notification_type', 'email', 'create_date', pg_temp.ago(created)))
FROM (VALUES
    (1, '__system__', false, false, 2, NULL, NULL, interval '400 days'),
    (2, 'admin', true, false, 3,
     '$pbkdf2-sha512$600000$AOA8hxDCGKMUwvjfG.M8xw$NQGJJGjH9m6OkE8oCwK2S2EGVmLwoFvBqVQAnaV8FK35zL4iXAOhWiW82O5VvK930WuQ0ASH9u6qYo1qVrRt7w',
     NULL, interval '400 days'),
    (3, 'default', false, false, 5, NULL, NULL, interval '400 days'),
    (4, 'public', false, true, 4, NULL, NULL, interval '400 days'),
    (5, 'portaltemplate', false, true, 6, NULL, NULL, interval '400 days'),
    (6, 'alice', true, false, 7,
     '$pbkdf2-sha512$600000$l7K2VgqBECKkNEaIMSYEQA$/2b1pVGWDiMDQNmL8eaxqBGEwmsdi4oww7wQPAmKw5rO9EDja9rh/Wl3M9NcHMVnSxms3uzvSr1K76ZgPXvmfw',
     'R3LPUQYJ37YKH7C7FAYKGMOAXPNRUKGB', interval '300 days'),
    (7, 'bob', false, false, 8,
     '$pbkdf2-sha512$600000$cA5BSElpbc35P8dY611r7Q$nKyHND15ZGRGZjqfNUeC06I45IvG6w7Ko3xSm2VklJK0UgFtUhVz2/EU3R6eXGuEL9wIO.vfpJs1PzrBDEoXPQ',
     NULL, interval '300 days'),
    -- 14.0 hashed passwords with passlib's default 25,000 rounds: the same password, so hashed.
    (8, 'carol', true, false, 9,
     CASE WHEN pg_temp.series() = 14
          THEN '$pbkdf2-sha512$25000$b2Rvby1hY2Nlc3MtMTQuMA$HDGf9bFe884HDcjFDicyiQSVM087ZnFXHc8ylBirJ15cGSYSxbitnvqSA7iURKIN.W61X3MxD8NNhGsCRVKrhA'
          ELSE '$pbkdf2-sha512$600000$pHRuDcF4rzXGmLMWglDqvQ$qDi8MxUwsNvZ62NeGCmD76bkgkzBQRTNcZSlrWmwWBO8iEqfhcPXnsebNAbqhAsg/nh9rX69ppFo1eKGcjtTrA' END,
     NULL, interval '200 days'),
    (9, 'pat', true, true, 10,
     '$pbkdf2-sha512$600000$6J3z3htjTAnhnLO2dg5B6A$JW1Dp6ozGoDzROHm3fnrGGv8Ql2LhXrN8EfC/blqh1kmA6xx8IE7PK2IuZgB0DZ.ISv23diSX8Ehoz4Un3DuEA',
     NULL, interval '150 days'),
    (10, 'svc', true, false, 11,
     '$pbkdf2-sha512$600000$.P9/710rxbg3xhhDSOmdcw$WZEDceA.zd59Y5BtJ1q0j4C4zXtBh1uGe9KD.JvbOSAI.v3N6i5FC5q6TJp.hzd3LvwK3pHgQjjVAcl6enRnPQ',
     NULL, interval '200 days'),
    -- A plaintext password left in the column (Odoo hashes those at start-up, but accepts one
    -- until then).
    (11, 'dave', true, false, 12, 'Dave-Plain-2026!', NULL, interval '3 days')
) AS u(id, login, active, share, partner_id, password, totp_secret, created)
WHERE id <> 3 OR pg_temp.series() <= 18;

-- Groups. 18+ limit key durations per group (res_groups.api_key_duration, days).
SELECT pg_temp.put('public.res_groups', pg_catalog.jsonb_build_object(
           'id', id, 'name', pg_temp.label(name), 'share', share,
           'api_key_duration', duration, 'create_date', pg_temp.ago('400 days')))
FROM (VALUES
    (1, CASE WHEN pg_temp.series() >= 19 THEN 'Role / User' ELSE 'Internal User' END, false, 90.0),
    (2, 'Access Rights', false, 0.0),
    (3, 'Settings', false, 0.0),
    (4, 'Portal', true, 0.0),
    (5, 'Public', true, 0.0)
) AS g(id, name, share, duration);

-- Settings implies Access Rights, which implies Internal User.
INSERT INTO public.res_groups_implied_rel (gid, hid) VALUES (3, 2), (2, 1);

-- Membership: up to 18 Odoo stores the implied groups too; 19 stores only direct ones.
INSERT INTO public.res_groups_users_rel (gid, uid)
SELECT gid, uid
FROM (VALUES
    (3, 1, true), (2, 1, false), (1, 1, false),
    (3, 2, true), (2, 2, false), (1, 2, false),
    (1, 3, true),
    (5, 4, true),
    (4, 5, true),
    (1, 6, true), (1, 7, true), (1, 8, true),
    (4, 9, true),
    (1, 10, true), (1, 11, true)
) AS m(gid, uid, direct)
WHERE (direct OR pg_temp.series() <= 18)
  AND EXISTS (SELECT 1 FROM public.res_users u WHERE u.id = m.uid);

-- External ids: built-in users and groups are known by these, not by login or name.
SELECT pg_temp.put('public.ir_model_data', pg_catalog.jsonb_build_object(
           'id', id, 'module', 'base', 'name', name, 'model', model, 'res_id', res_id,
           'noupdate', true, 'create_date', pg_temp.ago('400 days'),
           'write_date', pg_temp.ago('400 days')))
FROM (VALUES
    (1, 'user_root', 'res.users', 1),
    (2, 'user_admin', 'res.users', 2),
    (3, 'default_user', 'res.users', 3),
    (4, 'public_user', 'res.users', 4),
    (5, 'template_portal_user_id', 'res.users', 5),
    (6, 'group_user', 'res.groups', 1),
    (7, 'group_erp_manager', 'res.groups', 2),
    (8, 'group_system', 'res.groups', 3),
    (9, 'group_portal', 'res.groups', 4),
    (10, 'group_public', 'res.groups', 5)
) AS d(id, name, model, res_id)
WHERE res_id <> 3 OR model <> 'res.users' OR pg_temp.series() <= 18;

-- Parameters. database.secret signs sessions: no output of odoo-access may ever show it.
SELECT pg_temp.put('public.ir_config_parameter', pg_catalog.jsonb_build_object(
           'id', id, 'key', key, 'value', value, 'create_date', pg_temp.ago('400 days'),
           'write_date', pg_temp.ago('400 days')))
FROM (VALUES
    (1, 'database.secret', '5ec7e7a1-d0d0-4bad-b0b0-0000000000' || pg_temp.series()),
    (2, 'database.uuid', '665be1a8-e634-11f1-adf7-0000000000' || pg_temp.series()),
    (3, 'database.create_date', pg_catalog.to_char(pg_temp.ago('400 days'), 'YYYY-MM-DD HH24:MI:SS')),
    (4, 'web.base.url', 'http://127.0.0.1:8069'),
    (5, 'base.login_cooldown_after', '10'),
    (6, 'base.login_cooldown_duration', '60'),
    (7, 'base.template_portal_user_id', '5')
) AS p(id, key, value);

-- Per-version extras: an Enterprise code on 14 (the lab's 14 was Enterprise), a trial that
-- ends in 20 days on 16, an expired trial and an enforced email-2FA policy on 17, and a
-- policy set on 15 whose enforcing module is not installed.
SELECT pg_temp.put('public.ir_config_parameter', pg_catalog.jsonb_build_object(
           'id', id, 'key', key, 'value', value, 'create_date', pg_temp.ago('10 days'),
           'write_date', pg_temp.ago('10 days')))
FROM (VALUES
    (14, 20, 'database.enterprise_code', 'M2011223344556'),
    (14, 21, 'database.expiration_reason', 'renewal'),
    (15, 20, 'auth_totp.policy', 'employee_required'),
    (16, 20, 'database.expiration_date', pg_catalog.to_char(pg_temp.ago('-20 days'), 'YYYY-MM-DD HH24:MI:SS')),
    (16, 21, 'database.expiration_reason', 'trial'),
    (17, 20, 'database.expiration_date', pg_catalog.to_char(pg_temp.ago('3 days'), 'YYYY-MM-DD HH24:MI:SS')),
    (17, 21, 'database.expiration_reason', 'trial'),
    (17, 22, 'auth_totp.policy', 'employee_required')
) AS p(series, id, key, value)
WHERE series = pg_temp.series();

-- API keys: the lab's real hashes (plaintexts in shared/odoo/18/secrets.json). Before 18
-- there is no expiration_date, so every key is persistent there.
SELECT pg_temp.put('public.res_users_apikeys', pg_catalog.jsonb_build_object(
           'id', id, 'name', name, 'user_id', user_id, 'scope', scope, 'index', index,
           'key', key, 'expiration_date', pg_temp.ago(-expires_in), 'create_date', pg_temp.ago(age)))
FROM (VALUES
    (1, 'admin persistent (web wizard)', 2, NULL, NULL::interval, interval '200 days', 'd660abbf',
     '$pbkdf2-sha512$6000$4ZwzBqC0lhLC2Nu7d44Rog$X7oOuYCa4I8fXvpYtmCW1OMLWljdwqlMulTArR7RRLNKBkwirihBOyBQSs35VcxgFw4d96LilBM8UTccfgB27A'),
    (2, 'carol 30 days', 8, NULL, interval '30 days', interval '1 day', '546b4c49',
     '$pbkdf2-sha512$6000$i7GWUopxDkEI4ZxTKuV8bw$ctEYFxUa.WCRn5DYiHb8rvl6z5BJcCh9RsX/.pi3X78x0Kx/o6RlyZxNYziqOr.DrWmmZoD3cffEd7xxXZEoxg'),
    (3, 'carol persistent', 8, NULL, NULL, interval '100 days', 'ed105dc2',
     '$pbkdf2-sha512$6000$BQBA6P2fE8LYe..9d85Z6w$MT05eCfJKROCnQkzHg7JlcyUmP9b/HvdOTQH6nEG8AY8VvvMhzkzALdZ5g0ysUR3lDYcjbqQY6m9tgY7tfcv6A'),
    (4, 'carol future 89d', 8, NULL, interval '89 days', interval '1 day', 'b9ee0af8',
     '$pbkdf2-sha512$6000$sNYaA.B8L.VcS6n13tubsw$Q7hm1qDqjt4Rw/OGAfcSudLSCU7USV98cS66zwlU/A8AT6L0TlRarrghX.7/2ZntDknKTpCmkhq9j9GOflklBw'),
    (5, 'carol expired (past date, no sudo)', 8, NULL, interval '-2 days', interval '30 days', '56ba74ef',
     '$pbkdf2-sha512$6000$tbZ2rpVyzlmrFeJcC.Fcqw$djznbTQkz1CEiHGwpxXlZwxgl5YtOZgTmzasSxUjJmM6XyrKz4vECsNMgVr.CG6P8W3NpoLiF6D.x8MkiSGmoA'),
    (8, 'bob persistent', 7, NULL, NULL, interval '120 days', 'c12afaeb',
     '$pbkdf2-sha512$6000$zTmHcG7tXSvlXIvxnlNq7Q$3gk04yjiStrasW.5C9pv5x5m375/pYVcpZx1eYKCeXs/ZmojL264mdDnEPf9yWPfF75LUBhHElwOUWxZpjdbHA'),
    (9, 'alice persistent', 6, NULL, NULL, interval '60 days', 'b4453cbd',
     '$pbkdf2-sha512$6000$UIrxPud8T.k9Z4yx1rp3Lg$ENoihnyN3gPQjDXn0CYBkppcS4UKUOx6K5WgVUqLjVZ2MdwQ/e8YB0h8aVb7nvxXMy3ivqJ20Fdsv64xdllAjA'),
    (10, 'svc global (scope NULL)', 10, NULL, NULL, interval '150 days', '195079bd',
     '$pbkdf2-sha512$6000$2PufU.r9f./d2zsHYEzJOQ$YLNDUiuwdKNJYVd/y6MIYQ2mhByR8h/d2R5Ea/aZHJocWSw02haslVCYZhg0hgqK1U4zvbDr4xvel7xY7MKSrg'),
    (11, 'svc rpc-scoped', 10, 'rpc', NULL, interval '150 days', '9c1bfd82',
     '$pbkdf2-sha512$6000$Uurdu9daK.Xc.z.HkHIOIQ$75PS/TBv5XZ5UJkroTFLSa60lDbHePLgbEEFbY6yVLcj90ywsTwyB55fmO3zOujgfDKezfuy5N9vIzOxG0RWUg'),
    (12, 'svc outlook-plugin-scoped', 10, 'odoo.plugin.outlook', NULL, interval '10 days', 'be43c87d',
     '$pbkdf2-sha512$6000$lnIOYQyhVGpt7V0LIcQ4xw$k5oG8PfJFfijwVp64yZulrTpfvYyMNT/xqzzUKNe3AKTRijDESwrAZri0S9.Ft8.QCBH8eoJA/GQbrdHPFQ1fA'),
    (13, 'pat portal 1d (no sudo)', 9, NULL, interval '1 day', interval '1 hour', '87cec0a4',
     '$pbkdf2-sha512$6000$L8WYsxZCKAXgXCsFwBhjzA$91Tx04UrvzvBr/gJzOMQvEpT6mJFcI7VOMBoe7uzmtmBcK7HQtv.27Dz8SDh7Bj4WyQUZYwUminTtDErfI/Dnw')
) AS k(id, name, user_id, scope, expires_in, age, index, key);

-- 14.0 (later builds) kept 2FA trusted browsers among the API keys; 15+ in auth_totp_device.
-- Not API keys: a browser cookie's hash, here a placeholder that matches no key.
SELECT pg_temp.put(CASE WHEN pg_temp.series() = 14 THEN 'public.res_users_apikeys'
                        ELSE 'public.auth_totp_device' END,
       pg_catalog.jsonb_build_object(
           'id', 20, 'name', 'Firefox on Linux (Brussels, Belgium)', 'user_id', 6,
           'scope', CASE WHEN pg_temp.series() = 14 THEN '2fa_trusted_device' ELSE 'browser' END,
           'index', 'f00dcafe', 'key', '$pbkdf2-sha512$6000$trusted-browser-placeholder',
           'expiration_date', pg_temp.ago('-80 days'), 'create_date', pg_temp.ago('10 days')));

-- Logins (res_users_log: one row per successful authenticate or web login).
SELECT pg_temp.put('public.res_users_log', pg_catalog.jsonb_build_object(
           'id', id, 'create_uid', uid, 'write_uid', uid, 'create_date', pg_temp.ago(age),
           'write_date', pg_temp.ago(age)))
FROM (VALUES
    (1, 2, interval '2 days'), (2, 2, interval '1 hour'),
    (3, 6, interval '3 hours'),
    (4, 7, interval '120 days'),
    (5, 8, interval '5 days'), (6, 8, interval '30 minutes'), (7, 8, interval '20 minutes'),
    (8, 9, interval '5 days'),
    (9, 10, interval '100 days')
) AS l(id, uid, age);

-- 18+: web sessions with IP and browser (documentation addresses, RFC 5737).
SELECT pg_temp.put('public.res_device_log', pg_catalog.jsonb_build_object(
           'id', id, 'user_id', uid, 'session_identifier', sid, 'platform', 'linux',
           'browser', 'firefox', 'ip_address', ip, 'device_type', 'computer', 'revoked', false,
           'first_activity', pg_temp.ago(age), 'last_activity', pg_temp.ago(age)))
FROM (VALUES
    (1, 2, 'pCu9fj-pwI1kJKWQxHTOEX-LG65pY8Ewwp9cjoHftW', '192.0.2.10', interval '1 hour'),
    (2, 6, 'LnUpkyl8WFHu-Y-Cm98MDzXWsjw4C3tQ1wIR3BJrLX', '192.0.2.11', interval '3 hours'),
    (3, 8, 'Qz0xrD3v8e2WmJk1aYtTq5n7Lc4Bh9Pf6Gs2Ru8VwX', '198.51.100.7', interval '20 minutes')
) AS d(id, uid, sid, ip, age);

-- 18+: a passkey for carol (owner is create_uid). A passkey is not a second factor.
SELECT pg_temp.put('public.auth_passkey_key', pg_catalog.jsonb_build_object(
    'id', 1, 'name', 'Carol laptop', 'credential_identifier', 'q1w2e3r4t5y6u7i8o9p0', 'sign_count', 3,
    'create_uid', 8, 'write_uid', 8, 'create_date', pg_temp.ago('40 days'),
    'write_date', pg_temp.ago('40 days')));

-- Serial sequences continue after the ids used above.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ir_module_module', 'res_partner', 'res_company', 'res_users',
                             'res_groups', 'ir_model_data', 'ir_config_parameter',
                             'res_users_apikeys', 'auth_totp_device', 'res_users_log',
                             'res_device_log', 'auth_passkey_key'] LOOP
        IF to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE format('SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%L, ''id''),
                                                     (SELECT coalesce(max(id), 0) + 1 FROM public.%I), false)',
                           'public.' || t, t);
        END IF;
    END LOOP;
END
$$;
