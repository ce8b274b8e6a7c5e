-- Scale data for benches/users-vs-psql.sh, on top of the Odoo 18 fixture:
-- 1,000,000 users (90 % portal), 100,000 API keys, 3,000,000 res_users_log rows and
-- 2,000,000 res_device_log rows. Deterministic (no random()), so runs are comparable.
SET client_min_messages = warning;

INSERT INTO public.res_partner (id, name, complete_name, type, active, partner_share, email, create_date)
SELECT i, 'User ' || i, 'User ' || i, 'contact', true, i % 10 <> 0, 'user' || i || '@example.com',
       (now() AT TIME ZONE 'utc') - make_interval(days => i % 700)
FROM generate_series(1000, 1000999) AS i;

INSERT INTO public.res_users (id, login, active, share, partner_id, company_id, notification_type,
                              totp_secret, create_date)
SELECT i, 'user' || i || '@example.com', i % 50 <> 0, i % 10 <> 0, i, 1, 'email',
       CASE WHEN i % 70 = 0 THEN 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' END,
       (now() AT TIME ZONE 'utc') - make_interval(days => i % 700)
FROM generate_series(1000, 1000999) AS i;

-- Internal users (every tenth) in Internal User, the others in Portal.
INSERT INTO public.res_groups_users_rel (gid, uid)
SELECT CASE WHEN i % 10 = 0 THEN 1 ELSE 4 END, i
FROM generate_series(1000, 1000999) AS i;

-- Keys of internal users: a third persistent, the rest expiring between 50 days ago and in 150.
INSERT INTO public.res_users_apikeys (name, user_id, scope, index, key, expiration_date, create_date)
SELECT 'bench key ' || i, 1000 + (i * 10) % 1000000,
       CASE WHEN i % 5 = 0 THEN 'rpc' END,
       substr(md5(i::text), 1, 8), '$pbkdf2-sha512$6000$bench$' || md5(i::text),
       CASE WHEN i % 3 <> 0 THEN (now() AT TIME ZONE 'utc') + make_interval(days => i % 200 - 50) END,
       (now() AT TIME ZONE 'utc') - make_interval(days => i % 400)
FROM generate_series(1, 100000) AS i;

INSERT INTO public.res_users_log (create_uid, write_uid, create_date, write_date)
SELECT u, u, t, t
FROM (SELECT 1000 + (i * 7) % 1000000 AS u,
             (now() AT TIME ZONE 'utc') - make_interval(secs => (i::bigint * 7919) % 31536000) AS t
      FROM generate_series(1, 3000000) AS i) AS s;

INSERT INTO public.res_device_log (user_id, session_identifier, platform, browser, ip_address,
                                   device_type, revoked, first_activity, last_activity)
SELECT u, md5(i::text), 'linux', 'firefox', '198.51.100.' || (i % 250), 'computer', false, t, t
FROM (SELECT i, 1000 + (i * 13) % 1000000 AS u,
             (now() AT TIME ZONE 'utc') - make_interval(secs => (i::bigint * 104729) % 31536000) AS t
      FROM generate_series(1, 2000000) AS i) AS s;

ANALYZE;
