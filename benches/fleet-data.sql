-- Per-database data for benches/fleet.sh, on top of a fixture: 300 more users (a third
-- internal), 40 API keys, 600 login rows. Works on every version (columns common to 14-19).
SET client_min_messages = warning;
INSERT INTO public.res_partner (id, name, type, active, partner_share, create_date)
SELECT i, 'Bench ' || i, 'contact', true, i % 3 <> 0, now() AT TIME ZONE 'utc'
FROM generate_series(1000, 1299) AS i;
INSERT INTO public.res_users (id, login, active, share, partner_id, company_id, notification_type, create_date)
SELECT i, 'bench' || i || '@example.com', i % 40 <> 0, i % 3 <> 0, i, 1, 'email',
       (now() AT TIME ZONE 'utc') - make_interval(days => i % 300)
FROM generate_series(1000, 1299) AS i;
INSERT INTO public.res_groups_users_rel (gid, uid)
SELECT CASE WHEN i % 3 = 0 THEN 1 ELSE 4 END, i FROM generate_series(1000, 1299) AS i;
INSERT INTO public.res_users_apikeys (name, user_id, scope, index, key, create_date)
SELECT 'bench key ' || i, 1000 + (i * 3) % 300, CASE WHEN i % 4 = 0 THEN 'rpc' END,
       substr(md5(i::text), 1, 8), '$pbkdf2-sha512$6000$bench$' || md5(i::text),
       (now() AT TIME ZONE 'utc') - make_interval(days => i * 7)
FROM generate_series(1, 40) AS i;
INSERT INTO public.res_users_log (create_uid, write_uid, create_date, write_date)
SELECT 1000 + i % 300, 1000 + i % 300, (now() AT TIME ZONE 'utc') - make_interval(hours => i),
       (now() AT TIME ZONE 'utc') - make_interval(hours => i)
FROM generate_series(1, 600) AS i;
ANALYZE;
