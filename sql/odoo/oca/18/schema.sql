-- Tables that OCA modules create on Odoo 18, dumped (pg_dump --schema-only) from a database
-- that a real Odoo 18.0 server created with these modules installed: auth_api_key (server-auth
-- 18.0), auth_session_timeout, auth_admin_passkey, impersonate_login (server-auth 18.0 migration
-- pull requests), auditlog (server-tools), base_user_role (server-backend). Load after
-- ../../18/schema.sql. Foreign keys to tables that file leaves out (ir_model, ir_model_fields,
-- ir_actions, mail_*) are dropped here.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)




--
-- Name: auditlog_autovacuum; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_autovacuum (
    id integer NOT NULL,
    create_uid integer,
    write_uid integer,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE auditlog_autovacuum; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_autovacuum.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_autovacuum.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_autovacuum.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_autovacuum.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_autovacuum_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auditlog_autovacuum_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auditlog_autovacuum_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auditlog_autovacuum_id_seq OWNED BY public.auditlog_autovacuum.id;


--
-- Name: auditlog_http_request; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_http_request (
    id integer NOT NULL,
    user_id integer,
    http_session_id integer,
    create_uid integer,
    write_uid integer,
    display_name character varying,
    name character varying,
    root_url character varying,
    user_context character varying,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE auditlog_http_request; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.user_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.http_session_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.display_name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.root_url; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.user_context; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_request.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_http_request_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auditlog_http_request_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auditlog_http_request_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auditlog_http_request_id_seq OWNED BY public.auditlog_http_request.id;


--
-- Name: auditlog_http_session; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_http_session (
    id integer NOT NULL,
    user_id integer,
    create_uid integer,
    write_uid integer,
    display_name character varying,
    name character varying,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE auditlog_http_session; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_session.user_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_session.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_session.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_session.display_name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_session.name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_session.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_http_session.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_http_session_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auditlog_http_session_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auditlog_http_session_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auditlog_http_session_id_seq OWNED BY public.auditlog_http_session.id;


--
-- Name: auditlog_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_log (
    id integer NOT NULL,
    model_id integer,
    res_id integer,
    user_id integer,
    http_session_id integer,
    http_request_id integer,
    create_uid integer,
    write_uid integer,
    name character varying(64),
    model_name character varying,
    model_model character varying,
    method character varying(64),
    log_type character varying,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE auditlog_log; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.model_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.res_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.user_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.http_session_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.http_request_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.model_name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.model_model; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.method; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.log_type; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auditlog_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auditlog_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auditlog_log_id_seq OWNED BY public.auditlog_log.id;


--
-- Name: auditlog_log_line; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_log_line (
    id integer NOT NULL,
    field_id integer,
    log_id integer,
    create_uid integer,
    write_uid integer,
    field_name character varying,
    field_description character varying,
    old_value text,
    new_value text,
    old_value_text text,
    new_value_text text,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE auditlog_log_line; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.field_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.log_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.field_name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.field_description; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.old_value; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.new_value; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.old_value_text; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.new_value_text; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_log_line.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_log_line_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auditlog_log_line_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auditlog_log_line_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auditlog_log_line_id_seq OWNED BY public.auditlog_log_line.id;


--
-- Name: auditlog_rule; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_rule (
    id integer NOT NULL,
    model_id integer,
    action_id integer,
    create_uid integer,
    write_uid integer,
    name character varying NOT NULL,
    model_name character varying,
    model_model character varying,
    log_type character varying NOT NULL,
    state character varying NOT NULL,
    log_read boolean,
    log_write boolean,
    log_unlink boolean,
    log_create boolean,
    capture_record boolean,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE auditlog_rule; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.model_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.action_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.model_name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.model_model; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.log_type; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.state; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.log_read; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.log_write; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.log_unlink; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.log_create; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.capture_record; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auditlog_rule.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_rule_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auditlog_rule_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auditlog_rule_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auditlog_rule_id_seq OWNED BY public.auditlog_rule.id;


--
-- Name: auditlog_rule_ir_model_fields_rel; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_rule_ir_model_fields_rel (
    auditlog_rule_id integer NOT NULL,
    ir_model_fields_id integer NOT NULL
);


--
-- Name: TABLE auditlog_rule_ir_model_fields_rel; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_rule_res_users_rel; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auditlog_rule_res_users_rel (
    auditlog_rule_id integer NOT NULL,
    res_users_id integer NOT NULL
);


--
-- Name: TABLE auditlog_rule_res_users_rel; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: audittail_rules_users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audittail_rules_users (
    user_id integer NOT NULL,
    rule_id integer NOT NULL
);


--
-- Name: TABLE audittail_rules_users; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auth_api_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_api_key (
    id integer NOT NULL,
    user_id integer NOT NULL,
    create_uid integer,
    write_uid integer,
    name character varying NOT NULL,
    key character varying NOT NULL,
    active boolean,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE auth_api_key; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.user_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.name; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.key; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.active; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN auth_api_key.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auth_api_key_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auth_api_key_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auth_api_key_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auth_api_key_id_seq OWNED BY public.auth_api_key.id;


--
-- Name: impersonate_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.impersonate_log (
    id integer NOT NULL,
    user_id integer,
    impersonated_partner_id integer,
    create_uid integer,
    write_uid integer,
    date_start timestamp without time zone,
    date_end timestamp without time zone,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE impersonate_log; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.user_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.impersonated_partner_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.date_start; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.date_end; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN impersonate_log.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: impersonate_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.impersonate_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: impersonate_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.impersonate_log_id_seq OWNED BY public.impersonate_log.id;


--
-- Name: res_users_role; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.res_users_role (
    id integer NOT NULL,
    group_id integer NOT NULL,
    create_uid integer,
    write_uid integer,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE res_users_role; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role.group_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: res_users_role_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.res_users_role_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: res_users_role_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.res_users_role_id_seq OWNED BY public.res_users_role.id;


--
-- Name: res_users_role_line; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.res_users_role_line (
    id integer NOT NULL,
    role_id integer NOT NULL,
    user_id integer NOT NULL,
    create_uid integer,
    write_uid integer,
    date_from date,
    date_to date,
    create_date timestamp without time zone,
    write_date timestamp without time zone
);


--
-- Name: TABLE res_users_role_line; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.role_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.user_id; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.create_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.write_uid; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.date_from; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.date_to; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.create_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: COLUMN res_users_role_line.write_date; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: res_users_role_line_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.res_users_role_line_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: res_users_role_line_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.res_users_role_line_id_seq OWNED BY public.res_users_role_line.id;


--
-- Name: auditlog_autovacuum id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_autovacuum ALTER COLUMN id SET DEFAULT nextval('public.auditlog_autovacuum_id_seq'::regclass);


--
-- Name: auditlog_http_request id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_request ALTER COLUMN id SET DEFAULT nextval('public.auditlog_http_request_id_seq'::regclass);


--
-- Name: auditlog_http_session id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_session ALTER COLUMN id SET DEFAULT nextval('public.auditlog_http_session_id_seq'::regclass);


--
-- Name: auditlog_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log ALTER COLUMN id SET DEFAULT nextval('public.auditlog_log_id_seq'::regclass);


--
-- Name: auditlog_log_line id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log_line ALTER COLUMN id SET DEFAULT nextval('public.auditlog_log_line_id_seq'::regclass);


--
-- Name: auditlog_rule id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule ALTER COLUMN id SET DEFAULT nextval('public.auditlog_rule_id_seq'::regclass);


--
-- Name: auth_api_key id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_api_key ALTER COLUMN id SET DEFAULT nextval('public.auth_api_key_id_seq'::regclass);


--
-- Name: impersonate_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.impersonate_log ALTER COLUMN id SET DEFAULT nextval('public.impersonate_log_id_seq'::regclass);


--
-- Name: res_users_role id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role ALTER COLUMN id SET DEFAULT nextval('public.res_users_role_id_seq'::regclass);


--
-- Name: res_users_role_line id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role_line ALTER COLUMN id SET DEFAULT nextval('public.res_users_role_line_id_seq'::regclass);


--
-- Name: auditlog_autovacuum auditlog_autovacuum_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_autovacuum
    ADD CONSTRAINT auditlog_autovacuum_pkey PRIMARY KEY (id);


--
-- Name: auditlog_http_request auditlog_http_request_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_request
    ADD CONSTRAINT auditlog_http_request_pkey PRIMARY KEY (id);


--
-- Name: auditlog_http_session auditlog_http_session_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_session
    ADD CONSTRAINT auditlog_http_session_pkey PRIMARY KEY (id);


--
-- Name: auditlog_log_line auditlog_log_line_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log_line
    ADD CONSTRAINT auditlog_log_line_pkey PRIMARY KEY (id);


--
-- Name: auditlog_log auditlog_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log
    ADD CONSTRAINT auditlog_log_pkey PRIMARY KEY (id);


--
-- Name: auditlog_rule_ir_model_fields_rel auditlog_rule_ir_model_fields_rel_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule_ir_model_fields_rel
    ADD CONSTRAINT auditlog_rule_ir_model_fields_rel_pkey PRIMARY KEY (auditlog_rule_id, ir_model_fields_id);


--
-- Name: auditlog_rule auditlog_rule_model_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule
    ADD CONSTRAINT auditlog_rule_model_uniq UNIQUE (model_id);


--
-- Name: CONSTRAINT auditlog_rule_model_uniq ON auditlog_rule; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auditlog_rule auditlog_rule_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule
    ADD CONSTRAINT auditlog_rule_pkey PRIMARY KEY (id);


--
-- Name: auditlog_rule_res_users_rel auditlog_rule_res_users_rel_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule_res_users_rel
    ADD CONSTRAINT auditlog_rule_res_users_rel_pkey PRIMARY KEY (auditlog_rule_id, res_users_id);


--
-- Name: audittail_rules_users audittail_rules_users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audittail_rules_users
    ADD CONSTRAINT audittail_rules_users_pkey PRIMARY KEY (user_id, rule_id);


--
-- Name: auth_api_key auth_api_key_name_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_api_key
    ADD CONSTRAINT auth_api_key_name_uniq UNIQUE (name);


--
-- Name: CONSTRAINT auth_api_key_name_uniq ON auth_api_key; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: auth_api_key auth_api_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_api_key
    ADD CONSTRAINT auth_api_key_pkey PRIMARY KEY (id);


--
-- Name: impersonate_log impersonate_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.impersonate_log
    ADD CONSTRAINT impersonate_log_pkey PRIMARY KEY (id);


--
-- Name: res_users_role_line res_users_role_line_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role_line
    ADD CONSTRAINT res_users_role_line_pkey PRIMARY KEY (id);


--
-- Name: res_users_role_line res_users_role_line_user_role_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role_line
    ADD CONSTRAINT res_users_role_line_user_role_uniq UNIQUE (user_id, role_id);


--
-- Name: CONSTRAINT res_users_role_line_user_role_uniq ON res_users_role_line; Type: COMMENT; Schema: public; Owner: -
--



--
-- Name: res_users_role res_users_role_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role
    ADD CONSTRAINT res_users_role_pkey PRIMARY KEY (id);


--
-- Name: auditlog_http_request__http_session_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_http_request__http_session_id_index ON public.auditlog_http_request USING btree (http_session_id);


--
-- Name: auditlog_http_session__name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_http_session__name_index ON public.auditlog_http_session USING btree (name);


--
-- Name: auditlog_http_session__user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_http_session__user_id_index ON public.auditlog_http_session USING btree (user_id);


--
-- Name: auditlog_log__http_request_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_log__http_request_id_index ON public.auditlog_log USING btree (http_request_id);


--
-- Name: auditlog_log__http_session_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_log__http_session_id_index ON public.auditlog_log USING btree (http_session_id);


--
-- Name: auditlog_log__model_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_log__model_id_index ON public.auditlog_log USING btree (model_id);


--
-- Name: auditlog_log_line__field_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_log_line__field_id_index ON public.auditlog_log_line USING btree (field_id);


--
-- Name: auditlog_log_line__log_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_log_line__log_id_index ON public.auditlog_log_line USING btree (log_id);


--
-- Name: auditlog_rule__model_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_rule__model_id_index ON public.auditlog_rule USING btree (model_id);


--
-- Name: auditlog_rule_ir_model_fields_ir_model_fields_id_auditlog_r_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_rule_ir_model_fields_ir_model_fields_id_auditlog_r_idx ON public.auditlog_rule_ir_model_fields_rel USING btree (ir_model_fields_id, auditlog_rule_id);


--
-- Name: auditlog_rule_res_users_rel_res_users_id_auditlog_rule_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auditlog_rule_res_users_rel_res_users_id_auditlog_rule_id_idx ON public.auditlog_rule_res_users_rel USING btree (res_users_id, auditlog_rule_id);


--
-- Name: audittail_rules_users_rule_id_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audittail_rules_users_rule_id_user_id_idx ON public.audittail_rules_users USING btree (rule_id, user_id);


--
-- Name: auditlog_autovacuum auditlog_autovacuum_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_autovacuum
    ADD CONSTRAINT auditlog_autovacuum_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_autovacuum auditlog_autovacuum_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_autovacuum
    ADD CONSTRAINT auditlog_autovacuum_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_http_request auditlog_http_request_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_request
    ADD CONSTRAINT auditlog_http_request_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_http_request auditlog_http_request_http_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_request
    ADD CONSTRAINT auditlog_http_request_http_session_id_fkey FOREIGN KEY (http_session_id) REFERENCES public.auditlog_http_session(id) ON DELETE SET NULL;


--
-- Name: auditlog_http_request auditlog_http_request_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_request
    ADD CONSTRAINT auditlog_http_request_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_http_request auditlog_http_request_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_request
    ADD CONSTRAINT auditlog_http_request_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_http_session auditlog_http_session_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_session
    ADD CONSTRAINT auditlog_http_session_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_http_session auditlog_http_session_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_session
    ADD CONSTRAINT auditlog_http_session_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_http_session auditlog_http_session_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_http_session
    ADD CONSTRAINT auditlog_http_session_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_log auditlog_log_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log
    ADD CONSTRAINT auditlog_log_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_log auditlog_log_http_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log
    ADD CONSTRAINT auditlog_log_http_request_id_fkey FOREIGN KEY (http_request_id) REFERENCES public.auditlog_http_request(id) ON DELETE SET NULL;


--
-- Name: auditlog_log auditlog_log_http_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log
    ADD CONSTRAINT auditlog_log_http_session_id_fkey FOREIGN KEY (http_session_id) REFERENCES public.auditlog_http_session(id) ON DELETE SET NULL;


--
-- Name: auditlog_log_line auditlog_log_line_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log_line
    ADD CONSTRAINT auditlog_log_line_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_log_line auditlog_log_line_log_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log_line
    ADD CONSTRAINT auditlog_log_line_log_id_fkey FOREIGN KEY (log_id) REFERENCES public.auditlog_log(id) ON DELETE CASCADE;


--
-- Name: auditlog_log_line auditlog_log_line_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log_line
    ADD CONSTRAINT auditlog_log_line_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_log auditlog_log_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log
    ADD CONSTRAINT auditlog_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_log auditlog_log_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_log
    ADD CONSTRAINT auditlog_log_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_rule auditlog_rule_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule
    ADD CONSTRAINT auditlog_rule_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auditlog_rule_ir_model_fields_rel auditlog_rule_ir_model_fields_rel_auditlog_rule_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule_ir_model_fields_rel
    ADD CONSTRAINT auditlog_rule_ir_model_fields_rel_auditlog_rule_id_fkey FOREIGN KEY (auditlog_rule_id) REFERENCES public.auditlog_rule(id) ON DELETE CASCADE;


--
-- Name: auditlog_rule_res_users_rel auditlog_rule_res_users_rel_auditlog_rule_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule_res_users_rel
    ADD CONSTRAINT auditlog_rule_res_users_rel_auditlog_rule_id_fkey FOREIGN KEY (auditlog_rule_id) REFERENCES public.auditlog_rule(id) ON DELETE CASCADE;


--
-- Name: auditlog_rule_res_users_rel auditlog_rule_res_users_rel_res_users_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule_res_users_rel
    ADD CONSTRAINT auditlog_rule_res_users_rel_res_users_id_fkey FOREIGN KEY (res_users_id) REFERENCES public.res_users(id) ON DELETE CASCADE;


--
-- Name: auditlog_rule auditlog_rule_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auditlog_rule
    ADD CONSTRAINT auditlog_rule_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: audittail_rules_users audittail_rules_users_rule_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audittail_rules_users
    ADD CONSTRAINT audittail_rules_users_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES public.res_users(id) ON DELETE CASCADE;


--
-- Name: audittail_rules_users audittail_rules_users_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audittail_rules_users
    ADD CONSTRAINT audittail_rules_users_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.auditlog_rule(id) ON DELETE CASCADE;


--
-- Name: auth_api_key auth_api_key_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_api_key
    ADD CONSTRAINT auth_api_key_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: auth_api_key auth_api_key_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_api_key
    ADD CONSTRAINT auth_api_key_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.res_users(id) ON DELETE RESTRICT;


--
-- Name: auth_api_key auth_api_key_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_api_key
    ADD CONSTRAINT auth_api_key_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: impersonate_log impersonate_log_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.impersonate_log
    ADD CONSTRAINT impersonate_log_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: impersonate_log impersonate_log_impersonated_partner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.impersonate_log
    ADD CONSTRAINT impersonate_log_impersonated_partner_id_fkey FOREIGN KEY (impersonated_partner_id) REFERENCES public.res_partner(id) ON DELETE SET NULL;


--
-- Name: impersonate_log impersonate_log_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.impersonate_log
    ADD CONSTRAINT impersonate_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: impersonate_log impersonate_log_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.impersonate_log
    ADD CONSTRAINT impersonate_log_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: res_users_role res_users_role_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role
    ADD CONSTRAINT res_users_role_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: res_users_role res_users_role_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role
    ADD CONSTRAINT res_users_role_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.res_groups(id) ON DELETE CASCADE;


--
-- Name: res_users_role_line res_users_role_line_create_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role_line
    ADD CONSTRAINT res_users_role_line_create_uid_fkey FOREIGN KEY (create_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: res_users_role_line res_users_role_line_role_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role_line
    ADD CONSTRAINT res_users_role_line_role_id_fkey FOREIGN KEY (role_id) REFERENCES public.res_users_role(id) ON DELETE CASCADE;


--
-- Name: res_users_role_line res_users_role_line_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role_line
    ADD CONSTRAINT res_users_role_line_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.res_users(id) ON DELETE CASCADE;


--
-- Name: res_users_role_line res_users_role_line_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role_line
    ADD CONSTRAINT res_users_role_line_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- Name: res_users_role res_users_role_write_uid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.res_users_role
    ADD CONSTRAINT res_users_role_write_uid_fkey FOREIGN KEY (write_uid) REFERENCES public.res_users(id) ON DELETE SET NULL;


--
-- PostgreSQL database dump complete
--


-- Columns OCA modules add to core tables (Odoo 18)
ALTER TABLE public.res_company ADD COLUMN IF NOT EXISTS archived_user_disable_auth_api_key boolean;
