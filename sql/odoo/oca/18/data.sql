-- The OCA modules as ir_module_module lists them on the server that made this data
INSERT INTO public.ir_module_module (id, name, state, latest_version) SELECT (SELECT max(id) + 1 FROM public.ir_module_module), 'auditlog', 'installed', '18.0.1.0.0' WHERE NOT EXISTS (SELECT 1 FROM public.ir_module_module WHERE name = 'auditlog');
INSERT INTO public.ir_module_module (id, name, state, latest_version) SELECT (SELECT max(id) + 1 FROM public.ir_module_module), 'auth_admin_passkey', 'installed', '18.0.1.0.0' WHERE NOT EXISTS (SELECT 1 FROM public.ir_module_module WHERE name = 'auth_admin_passkey');
INSERT INTO public.ir_module_module (id, name, state, latest_version) SELECT (SELECT max(id) + 1 FROM public.ir_module_module), 'auth_api_key', 'installed', '18.0.1.0.0' WHERE NOT EXISTS (SELECT 1 FROM public.ir_module_module WHERE name = 'auth_api_key');
INSERT INTO public.ir_module_module (id, name, state, latest_version) SELECT (SELECT max(id) + 1 FROM public.ir_module_module), 'auth_session_timeout', 'installed', '18.0.1.0.0' WHERE NOT EXISTS (SELECT 1 FROM public.ir_module_module WHERE name = 'auth_session_timeout');
INSERT INTO public.ir_module_module (id, name, state, latest_version) SELECT (SELECT max(id) + 1 FROM public.ir_module_module), 'base_user_role', 'installed', '18.0.1.0.0' WHERE NOT EXISTS (SELECT 1 FROM public.ir_module_module WHERE name = 'base_user_role');
INSERT INTO public.ir_module_module (id, name, state, latest_version) SELECT (SELECT max(id) + 1 FROM public.ir_module_module), 'impersonate_login', 'installed', '18.0.1.0.0' WHERE NOT EXISTS (SELECT 1 FROM public.ir_module_module WHERE name = 'impersonate_login');

--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)


--
-- Data for Name: auditlog_http_session; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.auditlog_http_session VALUES (1, 2, 2, 2, 'Administrator (2026-12-04 03:59:47)', 'jWtcyWMZURXtbyCCHBuigxLPeMSBS5zn9QdIedCs3vhUltXzlYE2s7numzCiRr2M-mt24LkFymA7vrPjMcHa', '2026-12-04 03:59:47.213971', '2026-12-04 03:59:47.213971');


--
-- Data for Name: auditlog_http_request; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.auditlog_http_request VALUES (1, 2, 1, 2, 2, '/web/dataset/call_kw/res.users/write (2026-12-04 03:59:47)', '/web/dataset/call_kw/res.users/write', 'http://127.0.0.1:8169/', '{''lang'': ''en_US'', ''tz'': False, ''uid'': 2}', '2026-12-04 03:59:47.213971', '2026-12-04 03:59:47.213971');
INSERT INTO public.auditlog_http_request VALUES (2, 2, 1, 2, 2, '/web/dataset/call_kw/res.users/create (2026-12-04 03:59:47)', '/web/dataset/call_kw/res.users/create', 'http://127.0.0.1:8169/', '{''lang'': ''en_US'', ''tz'': False, ''uid'': 2}', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');


--
-- Data for Name: auditlog_log; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.auditlog_log VALUES (1, 98, 6, 2, 1, 1, 2, 2, 'Role Test User', 'User', 'res.users', 'write', 'full', '2026-12-04 03:59:47.213971', '2026-12-04 03:59:47.213971');
INSERT INTO public.auditlog_log VALUES (2, 98, 8, 2, 1, 2, 2, 2, NULL, 'User', 'res.users', 'write', 'full', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log VALUES (3, 98, 8, 2, 1, 2, 2, 2, NULL, 'User', 'res.users', 'create', 'full', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');


--
-- Data for Name: auditlog_log_line; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.auditlog_log_line VALUES (1, 1132, 1, 2, 2, 'signature', 'Email Signature', '<p data-o-mail-quote="1">--<br data-o-mail-quote="1">Role Test User</p>', '<p>Role user</p>', '<p data-o-mail-quote="1">--<br data-o-mail-quote="1">Role Test User</p>', '<p>Role user</p>', '2026-12-04 03:59:47.213971', '2026-12-04 03:59:47.213971');
INSERT INTO public.auditlog_log_line VALUES (2, 1129, 3, 2, 2, 'login', 'Login', NULL, 'audit.created@example.com', NULL, 'audit.created@example.com', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (3, 2428, 3, 2, 2, 'notification_type', 'Notification', NULL, 'email', NULL, 'email', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (4, 1135, 3, 2, 2, 'action_id', 'Home Action', NULL, NULL, NULL, NULL, '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (5, 1137, 3, 2, 2, 'log_ids', 'User log entries', NULL, '[]', NULL, '[]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (6, 2846, 3, 2, 2, 'odoobot_failed', 'Odoobot Failed', NULL, NULL, NULL, NULL, '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (7, 1159, 3, 2, 2, 'api_key_ids', 'API Keys', NULL, '[]', NULL, '[]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (8, 1132, 3, 2, 2, 'signature', 'Email Signature', NULL, '<p data-o-mail-quote="1">--<br data-o-mail-quote="1">Audit Created User</p>', NULL, '<p data-o-mail-quote="1">--<br data-o-mail-quote="1">Audit Created User</p>', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (9, 945, 3, 2, 2, 'company_id', 'Company', NULL, '(1, ''My Company'')', NULL, '(1, ''My Company'')', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (10, 924, 3, 2, 2, 'active', 'Active', NULL, 'True', NULL, 'True', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (11, 1143, 3, 2, 2, 'res_users_settings_ids', 'Res Users Settings', NULL, '[4]', NULL, '[(4, False)]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (12, 1128, 3, 2, 2, 'partner_id', 'Related Partner', NULL, '(9, ''Audit Created User'')', NULL, '(9, ''Audit Created User'')', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (13, 1636, 3, 2, 2, 'totp_trusted_device_ids', 'Trusted Devices', NULL, '[]', NULL, '[]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (14, 2845, 3, 2, 2, 'odoobot_state', 'OdooBot Status', NULL, NULL, NULL, NULL, '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (15, 1138, 3, 2, 2, 'device_ids', 'User devices', NULL, '[]', NULL, '[]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (16, 1146, 3, 2, 2, 'company_ids', 'Companies', NULL, '[1]', NULL, '[(1, ''My Company'')]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (17, 1726, 3, 2, 2, 'tour_enabled', 'Onboarding', NULL, NULL, NULL, NULL, '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (18, 1571, 3, 2, 2, 'role_line_ids', 'Role lines', NULL, '[]', NULL, '[]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (19, 1136, 3, 2, 2, 'groups_id', 'Groups', NULL, '[8, 9, 1, 7]', NULL, '[(8, ''Technical / Access to export feature''), (9, ''Extra Rights / Contact Creation''), (1, ''User types / Internal User''), (7, ''Extra Rights / Technical Features'')]', '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');
INSERT INTO public.auditlog_log_line VALUES (20, 1140, 3, 2, 2, 'share', 'Share User', NULL, NULL, NULL, NULL, '2026-12-04 03:59:47.465391', '2026-12-04 03:59:47.465391');


--
-- Data for Name: auditlog_rule; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.auditlog_rule VALUES (1, 98, 177, 1, 1, 'Audit res.users', 'User', 'res.users', 'full', 'subscribed', false, true, true, true, NULL, '2026-12-04 03:59:31.664024', '2026-12-04 03:59:31.664024');


--
-- Data for Name: auditlog_rule_ir_model_fields_rel; Type: TABLE DATA; Schema: public; Owner: postgres
--



--
-- Data for Name: auditlog_rule_res_users_rel; Type: TABLE DATA; Schema: public; Owner: postgres
--



--
-- Data for Name: audittail_rules_users; Type: TABLE DATA; Schema: public; Owner: postgres
--



--
-- Data for Name: auth_api_key; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.auth_api_key VALUES (1, 2, 1, 1, 'oca18-admin-key', 'viPS9lENyq8M6W14DxKjIzl0FRgSFqXn', true, '2026-12-04 03:59:31.664024', '2026-12-04 03:59:31.664024');


--
-- Data for Name: impersonate_log; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.impersonate_log VALUES (1, 2, 7, 2, 2, '2026-12-04 03:59:47.969985', NULL, '2026-12-04 03:59:47.936328', '2026-12-04 03:59:47.936328');
INSERT INTO public.impersonate_log VALUES (2, 2, 8, 2, 2, '2026-12-04 03:59:54.105867', '2026-12-04 03:59:54.169929', '2026-12-04 03:59:54.103757', '2026-12-04 03:59:54.170102');


--
-- The role's own group (base_user_role builds each role on a res_groups row)
INSERT INTO public.res_groups (id, name, share, api_key_duration, create_date, write_date) VALUES (18, '{"en_US": "OCA18 Test Role"}', 'f', NULL, now(), now());

-- Data for Name: res_users_role; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.res_users_role VALUES (1, 18, 1, 1, '2026-12-04 03:59:31.664024', '2026-12-04 03:59:31.664024');


--
-- Data for Name: res_users_role_line; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.res_users_role_line VALUES (1, 1, 6, 1, 1, '2026-11-04', '2027-11-04', '2026-12-04 03:59:31.664024', '2026-12-04 03:59:31.664024');
INSERT INTO public.res_users_role_line VALUES (2, 1, 7, 1, 1, NULL, NULL, '2026-12-04 03:59:31.664024', '2026-12-04 03:59:31.664024');


--
-- Name: auditlog_http_request_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.auditlog_http_request_id_seq', 2, true);


--
-- Name: auditlog_http_session_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.auditlog_http_session_id_seq', 1, true);


--
-- Name: auditlog_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.auditlog_log_id_seq', 3, true);


--
-- Name: auditlog_log_line_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.auditlog_log_line_id_seq', 20, true);


--
-- Name: auditlog_rule_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.auditlog_rule_id_seq', 1, true);


--
-- Name: auth_api_key_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.auth_api_key_id_seq', 1, true);


--
-- Name: impersonate_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.impersonate_log_id_seq', 2, true);


--
-- Name: res_users_role_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.res_users_role_id_seq', 1, true);


--
-- Name: res_users_role_line_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.res_users_role_line_id_seq', 2, true);


--
-- PostgreSQL database dump complete
--


