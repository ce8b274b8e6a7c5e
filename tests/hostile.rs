//! A database's owner is not trusted: every command, fleet mode included, and the role scripts
//! run by a superuser in a database whose owner planted functions, operators, a trigger and
//! a schema named after the roles must never run any of them (docs/SAFETY.md, "A database's owner is
//! not trusted").

mod common;

use common::{assert_no_secrets, odoo_access, server, unique, TestDb, TestRole, VERSIONS};

const CAROL_PERSISTENT: &str = "ed105dc28cd09447857f50e74186de613ec681cc";

/// Hands the database, schema public and every Odoo table to `owner`, as on a host where Odoo
/// created its own database.
fn give_to(db: &TestDb, owner: &str) {
    server().admin(&format!(
        "ALTER DATABASE \"{}\" OWNER TO \"{owner}\"",
        db.name
    ));
    db.execute(&format!(
        "ALTER SCHEMA public OWNER TO \"{owner}\";
         DO $$
         DECLARE r record;
         BEGIN
             FOR r IN
                 SELECT c.oid::regclass AS name, c.relkind
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S')
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                     AND d.deptype IN ('a', 'e', 'i'))
             LOOP
                 EXECUTE format('ALTER %s %s OWNER TO %I',
                                CASE r.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                                r.name, '{owner}');
             END LOOP;
         END $$;"
    ));
}

/// What the owner plants. Each trap records who ran it where it can (a read-only transaction
/// cannot write) and then fails the statement with a message that names it, so a trap that
/// runs is seen either way.
fn plant_traps(db: &TestDb, owner: &str) {
    let mut traps = format!(
        "SET ROLE \"{owner}\";
         CREATE TABLE public.trap_log (what text, usr text, superuser text);
         GRANT INSERT ON public.trap_log TO PUBLIC;
         CREATE FUNCTION public.trap(what text) RETURNS boolean LANGUAGE plpgsql AS $$
         BEGIN
             BEGIN
                 INSERT INTO public.trap_log
                 VALUES (what, current_user, pg_catalog.current_setting('is_superuser'));
             EXCEPTION WHEN OTHERS THEN NULL;
             END;
             RAISE EXCEPTION 'TRAP % ran as % (superuser: %)',
                 what, current_user, pg_catalog.current_setting('is_superuser');
         END $$;
         CREATE FUNCTION public.trap_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM public.trap('trigger'); RETURN OLD; END $$;
         CREATE TRIGGER trap BEFORE DELETE ON public.res_users_apikeys
             FOR EACH ROW EXECUTE FUNCTION public.trap_trigger();"
    );
    // Operators that beat pg_catalog's for varchar columns.
    for (name, op, left, right) in [
        ("eq_vt", "=", "character varying", "text"),
        ("eq_vv", "=", "character varying", "character varying"),
        ("ne_vt", "<>", "character varying", "text"),
        ("like_vt", "~~", "character varying", "text"),
    ] {
        traps += &format!(
            "CREATE FUNCTION public.trap_{name}({left}, {right}) RETURNS boolean LANGUAGE sql
                 AS $$ SELECT public.trap('{op} ({left}, {right})') $$;
             CREATE OPERATOR public.{op} (LEFTARG = {left}, RIGHTARG = {right},
                                          FUNCTION = public.trap_{name});"
        );
    }
    // Functions that beat pg_catalog's by their argument types, or stand beside them.
    for (signature, returns) in [
        ("lower(character varying)", "text"),
        ("strpos(character varying, text)", "integer"),
        ("format(text, text)", "text"),
        ("format(text, text, text)", "text"),
        ("quote_ident(name)", "text"),
        ("now()", "timestamp with time zone"),
        ("to_regclass(character varying)", "regclass"),
        ("nextval(text)", "bigint"),
    ] {
        let name = signature.split('(').next().unwrap();
        traps += &format!(
            "CREATE FUNCTION public.{signature} RETURNS {returns} LANGUAGE plpgsql
                 AS $$ BEGIN PERFORM public.trap('{name}'); RETURN NULL; END $$;"
        );
    }
    // Schemas named after the login role and the owner, with a signal of their own: a
    // search_path with "$user" would send the revoke's signal there.
    for schema in ["postgres", owner] {
        traps += &format!(
            "CREATE SCHEMA \"{schema}\";
             CREATE SEQUENCE \"{schema}\".base_cache_signaling;
             CREATE SEQUENCE \"{schema}\".base_cache_signaling_default;
             CREATE TABLE \"{schema}\".orm_signaling_default (id serial, date timestamp DEFAULT now());"
        );
    }
    traps += "RESET ROLE;";
    db.execute(&traps);
}

fn assert_no_trap(out: &std::process::Output, what: &str) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("TRAP"), "{what} ran a trap:\n{text}");
    assert_no_secrets(out);
}

/// The real signal and the planted ones, as one comparable line.
fn signals(db: &TestDb, v: u32, owner: &str) -> (String, String) {
    let (real, fake) = match v {
        14..=16 => (
            "SELECT last_value::text FROM public.base_cache_signaling".to_string(),
            format!("SELECT (SELECT last_value FROM postgres.base_cache_signaling) || '/' || (SELECT last_value FROM \"{owner}\".base_cache_signaling)"),
        ),
        17 | 18 => (
            "SELECT last_value::text FROM public.base_cache_signaling_default".to_string(),
            format!("SELECT (SELECT last_value FROM postgres.base_cache_signaling_default) || '/' || (SELECT last_value FROM \"{owner}\".base_cache_signaling_default)"),
        ),
        _ => (
            "SELECT coalesce(max(id), 0)::text FROM public.orm_signaling_default".to_string(),
            format!("SELECT (SELECT count(*) FROM postgres.orm_signaling_default) || '/' || (SELECT count(*) FROM \"{owner}\".orm_signaling_default)"),
        ),
    };
    (db.scalar(&real).unwrap(), db.scalar(&fake).unwrap())
}

#[test]
fn no_command_runs_a_planted_trap_as_superuser() {
    for v in VERSIONS {
        let name = unique(&format!("hostile{v}"));
        let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
        let db = TestDb::odoo(v, &name);
        give_to(&db, &owner.name);
        plant_traps(&db, &owner.name);
        let home = tempfile::tempdir().unwrap();
        let only = format!("^{name}$");
        let run = |args: &[&str]| {
            odoo_access(home.path())
                .args(args)
                .write_stdin(format!("{CAROL_PERSISTENT}\n"))
                .output()
                .unwrap()
        };
        for args in [
            vec!["dbs", "-d", &db.name],
            vec!["dbs", "--dbfilter", &only],
            vec!["users", "-d", &db.name],
            vec!["users", "--dbfilter", &only, "--format", "csv"],
            vec!["keys", "-d", &db.name, "--devices"],
            vec!["keys", "--dbfilter", &only, "--format", "json"],
            vec!["logins", "-d", &db.name],
            vec!["logins", "--dbfilter", &only],
            vec!["check", "-d", &db.name, "--login", "carol"],
            vec!["check", "-d", &db.name, "--login", "Carol"],
            vec!["report", "-d", &db.name],
            vec!["report", "--dbfilter", &only, "--format", "json"],
        ] {
            let out = run(&args);
            assert_no_trap(&out, &format!("{v} {args:?}"));
            let expected: &[i32] = match args[0] {
                "report" => &[0, 1, 2],
                "check" if args[4] == "Carol" => &[1],
                _ => &[0],
            };
            assert!(
                expected.contains(&out.status.code().unwrap_or(-1)),
                "{v} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }

        // revoke: the owner is no superuser, so a superuser writes nothing there — whatever
        // the owner planted — and names the owner to run it as.
        let refused_to_the_superuser = |out: &std::process::Output| {
            let stderr = String::from_utf8_lossy(&out.stderr);
            stderr.contains(&format!(
                "could run code of \"{}\", which is no superuser",
                owner.name
            )) && stderr.contains(&format!("-U {}", owner.name))
        };
        let keys_before = db.scalar("SELECT count(*)::text FROM public.res_users_apikeys");
        let out = run(&["revoke", "-d", &db.name, "--login", "carol", "--yes"]);
        assert_no_trap(&out, &format!("{v} revoke"));
        common::assert_exit(&out, 77);
        assert!(refused_to_the_superuser(&out), "{v}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("revoke-role.sql"));
        assert_eq!(
            db.scalar("SELECT count(*)::text FROM public.res_users_apikeys"),
            keys_before,
            "{v}: nothing deleted"
        );

        // mint and (18+) expire write the same table: refused the same way, nothing written.
        let mut mint = vec![
            "mint", "-d", &db.name, "--login", "svc", "--name", "planted",
        ];
        let mut writes = vec![];
        if v >= 18 {
            mint.extend(["--expires", "1d"]);
            writes.push(vec![
                "expire", "-d", &db.name, "--login", "carol", "--in", "1d", "--yes",
            ]);
        }
        writes.push(mint);
        let expiries = "SELECT string_agg(coalesce(expiration_date::text, '-'), ',' ORDER BY id) FROM public.res_users_apikeys";
        let expiries_before = if v >= 18 { db.scalar(expiries) } else { None };
        for args in writes {
            let out = run(&args);
            assert_no_trap(&out, &format!("{v} {args:?}"));
            common::assert_exit(&out, 77);
            assert!(refused_to_the_superuser(&out), "{v} {args:?}");
            assert!(String::from_utf8_lossy(&out.stderr).contains("lifecycle-role.sql"));
        }
        let out = run(&["signal", "-d", &db.name]);
        common::assert_exit(&out, 77);
        assert!(refused_to_the_superuser(&out), "{v} signal");
        assert_eq!(
            db.scalar("SELECT count(*)::text FROM public.res_users_apikeys"),
            keys_before,
            "{v}: nothing made"
        );
        if v >= 18 {
            assert_eq!(db.scalar(expiries), expiries_before, "{v}: no end set");
        }

        // The owner revokes in its own database: its trigger runs with its own rights (and
        // fails the DELETE); without it, the revoke goes through and the real signal
        // advances, not one of the planted ones.
        let as_owner = |args: &[&str]| {
            odoo_access(home.path())
                .env("PGUSER", &owner.name)
                .args(args)
                .output()
                .unwrap()
        };
        let out = as_owner(&["revoke", "-d", &db.name, "--login", "carol", "--yes"]);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("superuser: off"),
            "{v}: the owner's trigger ran as the owner"
        );
        db.execute("DROP TRIGGER trap ON public.res_users_apikeys");
        let (real_before, fake_before) = signals(&db, v, &owner.name);
        let out = as_owner(&["revoke", "-d", &db.name, "--login", "carol", "--yes"]);
        assert_no_trap(&out, &format!("{v} revoke"));
        common::assert_exit(&out, 0);
        let (real_after, fake_after) = signals(&db, v, &owner.name);
        assert_ne!(real_after, real_before, "{v}: Odoo's own signal advanced");
        assert_eq!(fake_after, fake_before, "{v}: no planted signal moved");
        assert_eq!(
            db.scalar("SELECT count(*)::text FROM public.trap_log"),
            Some("0".into()),
            "{v}"
        );
    }
}

#[test]
fn a_superuser_reads_as_the_owner_and_refuses_what_would_run_its_code() {
    let name = unique("hostileview");
    let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
    let db = TestDb::odoo(18, &name);
    give_to(&db, &owner.name);
    plant_traps(&db, &owner.name);
    let home = tempfile::tempdir().unwrap();
    // The owner swaps a table for a view that calls its function.
    db.execute(&format!(
        "SET ROLE \"{owner}\";
         ALTER TABLE public.res_users_log RENAME TO res_users_log_data;
         CREATE VIEW public.res_users_log AS
             SELECT * FROM public.res_users_log_data WHERE public.trap('view');
         ALTER TABLE public.ir_module_module RENAME TO ir_module_module_data;
         CREATE VIEW public.ir_module_module AS
             SELECT * FROM public.ir_module_module_data WHERE public.trap('view');
         RESET ROLE;",
        owner = owner.name
    ));
    let out = odoo_access(home.path())
        .args(["users", "-d", &db.name])
        .output()
        .unwrap();
    assert_no_trap(&out, "users on a view");
    common::assert_exit(&out, 77);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("public.res_users_log is a view"),
        "{stderr}"
    );
    assert!(
        stderr.contains("public.ir_module_module is a view"),
        "{stderr}"
    );

    // The same database read by its owner runs nothing it could not run itself: the view's
    // trap fires as the owner, not as a superuser.
    let out = odoo_access(home.path())
        .env("PGUSER", &owner.name)
        .args(["users", "-d", &db.name])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("superuser: on"),
        "the owner's own session: {stderr}"
    );
}

#[test]
fn the_role_scripts_run_no_planted_function_and_refuse_privileged_grantees() {
    for v in VERSIONS {
        let name = unique(&format!("hostileroles{v}"));
        let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
        let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
        let revoker = TestRole::created_elsewhere(&format!("{name}_revoke"));
        let keeper = TestRole::created_elsewhere(&format!("{name}_lifecycle"));
        let db = TestDb::odoo(v, &name);
        give_to(&db, &owner.name);
        plant_traps(&db, &owner.name);
        // As a superuser whose search_path still has public (the session's default).
        db.install_lifecycle_role(&audit.name, &revoker.name, &keeper.name);
        assert_eq!(
            db.scalar("SELECT count(*)::text FROM public.trap_log"),
            Some("0".into()),
            "{v}"
        );
        // The audit role reads through views made with pg_catalog's operators only.
        let home = tempfile::tempdir().unwrap();
        for args in [
            vec!["users", "-d", &db.name],
            vec!["keys", "-d", &db.name],
            vec!["logins", "-d", &db.name],
            vec!["dbs", "-d", &db.name],
        ] {
            let out = odoo_access(home.path())
                .env("PGUSER", &audit.name)
                .args(&args)
                .output()
                .unwrap();
            assert_no_trap(&out, &format!("{v} audit role {args:?}"));
            common::assert_exit(&out, 0);
        }
        // Only the columns odoo-access reads: no session identifier, no partner data beyond
        // name and e-mail, and INSERT of the date alone on 19's signal table.
        let granted = |table: &str, column: &str, privilege: &str, role: &str| {
            db.scalar(&format!(
                "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_attribute
                                              WHERE attrelid = to_regclass('public.{table}')
                                                AND attname = '{column}') THEN 'none'
                        ELSE has_column_privilege('{role}', 'public.{table}', '{column}', '{privilege}')::text END"
            ))
            .unwrap()
        };
        assert_ne!(
            granted("res_partner", "phone", "SELECT", &audit.name),
            "true"
        );
        assert_ne!(
            granted("res_partner", "signup_token", "SELECT", &audit.name),
            "true"
        );
        assert_eq!(
            granted("res_partner", "email", "SELECT", &audit.name),
            "true"
        );
        assert_ne!(
            granted(
                "res_device_log",
                "session_identifier",
                "SELECT",
                &audit.name
            ),
            "true"
        );
        // The lifecycle role makes rows and ends them, and can neither read nor rewrite a hash.
        assert_eq!(
            granted("res_users_apikeys", "key", "INSERT", &keeper.name),
            "true"
        );
        for privilege in ["SELECT", "UPDATE"] {
            assert_eq!(
                granted("res_users_apikeys", "key", privilege, &keeper.name),
                "false",
                "{v}"
            );
        }
        if v >= 19 {
            assert_eq!(
                granted("orm_signaling_default", "date", "INSERT", &revoker.name),
                "true"
            );
            assert_eq!(
                granted("orm_signaling_default", "id", "INSERT", &revoker.name),
                "false"
            );
        }
    }

    // Refusals: a superuser, a pg_* role, the database's owner, and a schema odoo_access that
    // somebody else made first.
    let name = unique("hostilegrant");
    let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
    let stranger = TestRole::new(&format!("{name}_stranger"), "NOSUPERUSER");
    let db = TestDb::odoo(17, &name);
    give_to(&db, &owner.name);
    let script = common::repo_file("sql/roles/audit-role.sql");
    for (grantee, expected) in [
        ("postgres", "superuser, a pg_* role or the owner"),
        ("pg_monitor", "superuser, a pg_* role or the owner"),
        (owner.name.as_str(), "superuser, a pg_* role or the owner"),
    ] {
        let err = run_script(
            &db,
            &format!("SET odoo_access.audit_role = '{grantee}';\n{script}"),
        );
        assert!(err.contains(expected), "{grantee}: {err}");
    }
    server().admin(&format!(
        "GRANT CREATE ON DATABASE \"{}\" TO \"{}\"",
        db.name, stranger.name
    ));
    db.execute(&format!(
        "SET ROLE \"{}\"; CREATE SCHEMA odoo_access; RESET ROLE;",
        stranger.name
    ));
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let err = run_script(
        &db,
        &format!("SET odoo_access.audit_role = '{}';\n{script}", audit.name),
    );
    assert!(err.contains("schema odoo_access"), "{err}");
    db.execute("DROP SCHEMA odoo_access");
}

/// Runs a script that must fail; returns its error message.
fn run_script(db: &TestDb, sql: &str) -> String {
    common::runtime().block_on(async {
        let client = server().connect(&db.name).await.unwrap();
        let err = client.batch_execute(sql).await.unwrap_err();
        err.as_db_error()
            .map(|e| e.message().to_string())
            .unwrap_or_else(|| err.to_string())
    })
}

#[test]
fn values_from_the_database_cannot_drive_the_terminal_or_a_spreadsheet() {
    let db = TestDb::odoo(18, &unique("escapes"));
    db.execute(
        "UPDATE public.res_users SET login = E'eve\\x1b]0;PWNED\\x07\\x1b[2J\\r\\nfake-line' WHERE login = 'dave';
         UPDATE public.res_users_apikeys SET name = '=HYPERLINK(\"http://x.example/\",\"ok\")' WHERE id = 3;",
    );
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        odoo_access(home.path())
            .args(args)
            .args(["-d", &db.name])
            .output()
            .unwrap()
    };
    let table = run(&["users"]);
    common::assert_exit(&table, 0);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(!text.contains('\x1b') && !text.contains('\r'), "{text}");
    assert!(
        text.contains("eve\\x1b]0;PWNED\\x07\\x1b[2J\\r\\nfake-line"),
        "{text}"
    );

    let csv = run(&["keys", "--format", "csv"]);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(!text.lines().any(|l| l.contains(",=HYPERLINK")), "{text}");

    // JSON keeps the exact values.
    let json = run(&["users", "--format", "json"]);
    let doc = common::json_doc(&json, 0);
    assert!(doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["login"] == "eve\x1b]0;PWNED\x07\x1b[2J\r\nfake-line"));
}

/// What the owner plants for the write path: `public.pwn(what)` takes back the session's
/// login role where it can (`RESET ROLE`, as a real attack would before `COPY … TO PROGRAM`)
/// and records who it then runs as; it lets the statement go on, so a write that runs it
/// would succeed.
fn plant_pwn(db: &TestDb, owner: &str) {
    db.execute(&format!(
        "SET ROLE \"{owner}\";
         CREATE TABLE public.pwn_log (what text, usr text, superuser text);
         GRANT INSERT ON public.pwn_log TO PUBLIC;
         CREATE FUNCTION public.pwn(what text) RETURNS boolean LANGUAGE plpgsql AS $$
         BEGIN
             BEGIN RESET ROLE; EXCEPTION WHEN OTHERS THEN NULL; END;
             INSERT INTO public.pwn_log
             VALUES (what, current_user, pg_catalog.current_setting('is_superuser'));
             RETURN true;
         END $$;
         CREATE FUNCTION public.pwn_immutable(what text) RETURNS boolean IMMUTABLE
             LANGUAGE plpgsql AS $$ BEGIN RETURN public.pwn('immutable'); END $$;
         CREATE FUNCTION public.pwn_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM public.pwn(TG_NAME); RETURN coalesce(NEW, OLD); END $$;
         RESET ROLE;"
    ));
}

/// One way PostgreSQL runs code on a write: what the owner plants, the command that sets it
/// off, and what the hazard scan names of it.
struct Mechanism {
    name: &'static str,
    plant: &'static str,
    command: &'static [&'static str],
    named: &'static str,
}

const MINT: &[&str] = &[
    "mint",
    "--login",
    "svc",
    "--name",
    "planted",
    "--expires",
    "1d",
];
const EXPIRE: &[&str] = &["expire", "--login", "carol", "--in", "1d", "--yes"];
const REVOKE: &[&str] = &["revoke", "--login", "carol", "--yes"];

/// Every mechanism of docs/ODOO.md, "What a write runs", that real Odoo 18 and 19 tables allow.
const MECHANISMS: &[Mechanism] = &[
    Mechanism {
        name: "row trigger",
        plant: "CREATE TRIGGER pwn_row BEFORE INSERT ON public.res_users_apikeys
                    FOR EACH ROW EXECUTE FUNCTION public.pwn_trigger()",
        command: MINT,
        named: "trigger pwn_row on public.res_users_apikeys",
    },
    Mechanism {
        name: "statement trigger",
        plant: "CREATE TRIGGER pwn_statement AFTER UPDATE ON public.res_users_apikeys
                    FOR EACH STATEMENT EXECUTE FUNCTION public.pwn_trigger()",
        command: EXPIRE,
        named: "trigger pwn_statement on public.res_users_apikeys",
    },
    Mechanism {
        name: "deferred constraint trigger",
        plant: "CREATE CONSTRAINT TRIGGER pwn_deferred AFTER INSERT ON public.res_users_apikeys
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION public.pwn_trigger()",
        command: MINT,
        named: "trigger pwn_deferred on public.res_users_apikeys",
    },
    Mechanism {
        // The way past the old scan: a cascade runs security-restricted, but the
        // constraint trigger it queues fires at COMMIT in the normal context.
        name: "foreign-key cascade into a deferred trigger",
        plant: "CREATE TABLE public.key_notes (
                    key_id integer REFERENCES public.res_users_apikeys (id) ON DELETE CASCADE);
                INSERT INTO public.key_notes SELECT id FROM public.res_users_apikeys;
                CREATE TABLE public.later (x integer);
                CREATE CONSTRAINT TRIGGER pwn_later AFTER INSERT ON public.later
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION public.pwn_trigger();
                CREATE FUNCTION public.note_gone() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO public.later VALUES (1); RETURN OLD; END $$;
                CREATE TRIGGER pwn_cascade BEFORE DELETE ON public.key_notes
                    FOR EACH ROW EXECUTE FUNCTION public.note_gone()",
        command: REVOKE,
        named: "trigger pwn_cascade on public.key_notes",
    },
    Mechanism {
        name: "rule",
        plant: "CREATE RULE pwn_rule AS ON INSERT TO public.res_users_apikeys
                    DO ALSO SELECT public.pwn('rule')",
        command: MINT,
        named: "rule pwn_rule on public.res_users_apikeys",
    },
    Mechanism {
        name: "column default",
        plant: "ALTER TABLE public.res_users_apikeys ALTER COLUMN create_date
                    SET DEFAULT CASE WHEN public.pwn('default') THEN now() AT TIME ZONE 'utc' END",
        command: MINT,
        named: "the default of public.res_users_apikeys.create_date (runs public.pwn(text)",
    },
    Mechanism {
        name: "generated column",
        plant: "ALTER TABLE public.res_users_apikeys ADD COLUMN pwn boolean
                    GENERATED ALWAYS AS (public.pwn_immutable(name)) STORED",
        command: MINT,
        named: "the generated column public.res_users_apikeys.pwn",
    },
    Mechanism {
        name: "domain CHECK",
        plant: "CREATE DOMAIN public.keyname AS varchar CHECK (public.pwn('domain check'));
                ALTER TABLE public.res_users_apikeys ALTER COLUMN name TYPE public.keyname",
        command: MINT,
        named: "constraint keyname_check of domain public.keyname (runs public.pwn(text)",
    },
    Mechanism {
        name: "domain DEFAULT",
        plant: "CREATE DOMAIN public.stamp AS timestamp
                    DEFAULT CASE WHEN public.pwn('domain default') THEN now() AT TIME ZONE 'utc' END;
                ALTER TABLE public.res_users_apikeys ALTER COLUMN create_date DROP DEFAULT,
                    ALTER COLUMN create_date TYPE public.stamp",
        command: MINT,
        named: "type public.stamp of a column (runs public.pwn(text)",
    },
    Mechanism {
        name: "nested domain",
        plant: "CREATE DOMAIN public.inner_name AS varchar CHECK (public.pwn('nested'));
                CREATE DOMAIN public.outer_name AS public.inner_name;
                ALTER TABLE public.res_users_apikeys ALTER COLUMN name TYPE public.outer_name",
        command: MINT,
        named: "constraint inner_name_check of domain public.inner_name",
    },
    Mechanism {
        name: "array of a domain",
        plant: "CREATE DOMAIN public.tag AS varchar CHECK (public.pwn('array'));
                ALTER TABLE public.res_users_apikeys
                    ADD COLUMN tags public.tag[] DEFAULT ARRAY['planted']",
        command: MINT,
        named: "constraint tag_check of domain public.tag",
    },
    Mechanism {
        name: "domain CHECK on the expiry",
        plant: "CREATE DOMAIN public.ends AS timestamp CHECK (public.pwn('expiry'));
                ALTER TABLE public.res_users_apikeys ALTER COLUMN expiration_date TYPE public.ends",
        command: EXPIRE,
        named: "constraint ends_check of domain public.ends",
    },
    Mechanism {
        name: "CHECK constraint",
        plant: "ALTER TABLE public.res_users_apikeys ADD CONSTRAINT pwn_check
                    CHECK (public.pwn('check'))",
        command: MINT,
        named: "constraint pwn_check on public.res_users_apikeys (runs public.pwn(text)",
    },
    Mechanism {
        name: "exclusion constraint",
        plant: "ALTER TABLE public.res_users_apikeys ADD CONSTRAINT pwn_exclude
                    EXCLUDE USING btree (id WITH =) WHERE (public.pwn_immutable(name))",
        command: MINT,
        named: "pwn_exclude",
    },
    Mechanism {
        name: "index expression",
        plant: "CREATE INDEX pwn_expression ON public.res_users_apikeys ((public.pwn_immutable(name)))",
        command: MINT,
        named: "index public.pwn_expression (runs public.pwn_immutable(text)",
    },
    Mechanism {
        name: "index predicate",
        plant: "CREATE INDEX pwn_predicate ON public.res_users_apikeys (id)
                    WHERE public.pwn_immutable(name)",
        command: MINT,
        named: "index public.pwn_predicate (runs public.pwn_immutable(text)",
    },
    Mechanism {
        name: "assignment cast",
        plant: "CREATE TYPE public.keyscope AS ENUM ('rpc', 'other');
                CREATE FUNCTION public.to_keyscope(varchar) RETURNS public.keyscope
                    LANGUAGE plpgsql AS $$
                    BEGIN PERFORM public.pwn('cast'); RETURN $1::text::public.keyscope; END $$;
                CREATE CAST (varchar AS public.keyscope)
                    WITH FUNCTION public.to_keyscope(varchar) AS ASSIGNMENT;
                UPDATE public.res_users_apikeys SET scope = 'other'
                    WHERE scope IS NOT NULL AND scope <> 'rpc';
                ALTER TABLE public.res_users_apikeys ALTER COLUMN scope TYPE public.keyscope
                    USING scope::text::public.keyscope",
        command: &["mint", "--login", "svc", "--name", "planted", "--expires", "1d", "--scope", "rpc"],
        named: "the cast from character varying to public.keyscope (runs public.to_keyscope(character varying)",
    },
    Mechanism {
        name: "row-level security",
        // Not forced: the owner (Odoo) is not held to it, any other role is.
        plant: "ALTER TABLE public.res_users_apikeys ENABLE ROW LEVEL SECURITY;
                CREATE POLICY pwn_policy ON public.res_users_apikeys
                    USING (public.pwn('policy')) WITH CHECK (public.pwn('policy'))",
        command: MINT,
        named: "row-level security policy pwn_policy on public.res_users_apikeys",
    },
    Mechanism {
        name: "child table",
        plant: "CREATE TABLE public.more_keys () INHERITS (public.res_users_apikeys);
                CREATE TRIGGER pwn_child BEFORE DELETE ON public.more_keys
                    FOR EACH ROW EXECUTE FUNCTION public.pwn_trigger()",
        command: REVOKE,
        named: "public.res_users_apikeys is a table with child tables",
    },
];

/// The keys, their ends and the cache signal, as one comparable line.
fn write_state(db: &TestDb, v: u32) -> String {
    let keys = db.scalar(
        "SELECT count(*) || '/' || coalesce(string_agg(coalesce(expiration_date::text, '-'), ',' ORDER BY id), '')
         FROM public.res_users_apikeys",
    );
    format!("{keys:?} signal {}", db.signal_value(v))
}

fn pwn_runs(db: &TestDb) -> String {
    db.scalar("SELECT coalesce(string_agg(what || ' as ' || usr || ' superuser=' || superuser, '; '), '') FROM public.pwn_log")
        .unwrap()
}

/// Plants `mechanism` in a fresh database of Odoo `v` that its NOSUPERUSER owner owns, then
/// runs its command three ways: as a superuser (refused by the write authority, nothing
/// runs, nothing changes), as the shipped lifecycle role (refused by the hazard scan, which
/// names it), and as the owner (whatever runs, runs without superuser rights); `report`
/// names it as a critical finding.
fn plant_and_write(v: u32, mechanism: &Mechanism) {
    let name = unique(&format!("pwn{v}"));
    let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let revoker = TestRole::created_elsewhere(&format!("{name}_revoke"));
    let keeper = TestRole::created_elsewhere(&format!("{name}_lifecycle"));
    let db = TestDb::odoo(v, &name);
    give_to(&db, &owner.name);
    db.install_lifecycle_role(&audit.name, &revoker.name, &keeper.name);
    plant_pwn(&db, &owner.name);
    db.execute(&format!(
        "SET ROLE \"{}\"; {}; RESET ROLE; DELETE FROM public.pwn_log;",
        owner.name, mechanism.plant
    ));
    let what = format!("{v} {}", mechanism.name);
    let home = tempfile::tempdir().unwrap();
    let run = |role: &str, args: &[&str]| {
        odoo_access(home.path())
            .env("PGUSER", role)
            .args(args)
            .args(["-d", &db.name])
            .output()
            .unwrap()
    };

    let before = write_state(&db, v);
    let out = run("postgres", mechanism.command);
    assert_no_trap(&out, &what);
    common::assert_exit(&out, 77);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Refused by the write authority; or, where reading would already run the owner's
    // code (a cast, a child table), by the read path before it.
    assert!(
        (stderr.contains(&format!(
            "could run code of \"{}\", which is no superuser",
            owner.name
        )) && stderr.contains(&format!("-U {}", owner.name)))
            || stderr.contains("has what would run its owner's code in a superuser's session"),
        "{what}: {stderr}"
    );
    assert_eq!(pwn_runs(&db), "", "{what}: nothing ran as the superuser");
    assert_eq!(write_state(&db, v), before, "{what}: nothing changed");

    let out = run(&keeper.name, mechanism.command);
    common::assert_exit(&out, 77);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // A policy stops the read first: row_security = off makes it fail the query.
    assert!(
        (stderr.contains("has code of another role") && stderr.contains(mechanism.named))
            || stderr.contains("would be affected by row-level security policy"),
        "{what}: {stderr}"
    );
    if mechanism.named.starts_with("trigger ") {
        let times = stderr.matches(mechanism.named).count();
        assert_eq!(times, 1, "{what}: named once: {stderr}");
    }
    assert_eq!(
        pwn_runs(&db),
        "",
        "{what}: nothing ran as the lifecycle role"
    );
    assert_eq!(write_state(&db, v), before, "{what}: nothing changed");

    let report = run(&owner.name, &["report", "--format", "json"]);
    let doc = common::json_doc(&report, 2);
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["finding"] == "code-on-credential-tables")
        .unwrap_or_else(|| panic!("{what}: {doc}"));
    assert_eq!(finding["severity"], "critical", "{what}");
    let detail = finding["detail"].as_str().unwrap();
    assert!(detail.contains(mechanism.named), "{what}: {detail}");

    // The owner's own write may run the owner's code: with the owner's rights only.
    run(&owner.name, mechanism.command);
    let runs = pwn_runs(&db);
    assert!(!runs.contains("superuser=on"), "{what}: {runs}");
}

#[test]
fn no_planted_code_runs_in_a_superusers_write_on_18() {
    for mechanism in MECHANISMS {
        plant_and_write(18, mechanism);
    }
}

#[test]
fn no_planted_code_runs_in_a_superusers_write_on_19() {
    for mechanism in MECHANISMS {
        plant_and_write(19, mechanism);
    }
    // 19's signal is a row of orm_signaling_default: a domain on its date.
    plant_and_write(
        19,
        &Mechanism {
            name: "domain CHECK on the signal's date",
            plant: "CREATE DOMAIN public.signal_date AS timestamp CHECK (public.pwn('signal'));
                    ALTER TABLE public.orm_signaling_default
                        ALTER COLUMN date TYPE public.signal_date",
            command: &["signal"],
            named: "constraint signal_date_check of domain public.signal_date",
        },
    );
}

/// The write authority compares rights, not names: a login role that may SET ROLE to a
/// superuser counts as one, so does one that may run programs on the server, a superuser
/// owner lends its code nothing, and a TRIGGER grant to PUBLIC makes every role a planter.
#[test]
fn the_write_authority_weighs_the_login_roles_rights_against_every_planters() {
    let name = unique("authority");
    let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let revoker = TestRole::created_elsewhere(&format!("{name}_revoke"));
    let keeper = TestRole::created_elsewhere(&format!("{name}_lifecycle"));
    let member = TestRole::new(&format!("{name}_member"), "NOSUPERUSER");
    let shell = TestRole::new(&format!("{name}_shell"), "NOSUPERUSER");
    let db = TestDb::odoo(18, &name);
    give_to(&db, &owner.name);
    db.install_lifecycle_role(&audit.name, &revoker.name, &keeper.name);
    server().admin(&format!(
        "GRANT \"{keeper}\" TO \"{member}\"; GRANT postgres TO \"{member}\";
         GRANT \"{keeper}\" TO \"{shell}\"; GRANT pg_execute_server_program TO \"{shell}\";",
        keeper = keeper.name,
        member = member.name,
        shell = shell.name
    ));
    let home = tempfile::tempdir().unwrap();
    let mint = |role: &str, db: &str| {
        odoo_access(home.path())
            .env("PGUSER", role)
            .args(["mint", "-d", db])
            .args(&MINT[1..])
            .args(["--key-file", "/dev/null/none"])
            .output()
            .unwrap()
    };
    let keys = |db: &TestDb| db.scalar("SELECT count(*)::text FROM public.res_users_apikeys");
    let before = keys(&db);
    for (role, lacks) in [
        (member.name.as_str(), "which is no superuser".to_string()),
        (
            shell.name.as_str(),
            "which lacks pg_execute_server_program".to_string(),
        ),
    ] {
        let out = mint(role, &db.name);
        common::assert_exit(&out, 77);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("\"{}\", {lacks}", owner.name)),
            "{role}: {stderr}"
        );
    }
    assert_eq!(keys(&db), before, "nothing made");
    // The shipped role has nothing the owner lacks: its mint goes through.
    let file = home.path().join("key");
    let out = odoo_access(home.path())
        .env("PGUSER", &keeper.name)
        .args(["mint", "-d", &db.name])
        .args(&MINT[1..])
        .args(["--key-file", file.to_str().unwrap()])
        .output()
        .unwrap();
    common::assert_exit(&out, 0);

    // A database whose tables a superuser role owns: that role's code has every right
    // already, so a superuser may write there.
    let su_owner = TestRole::new(&format!("{name}_su"), "SUPERUSER");
    let su_db = TestDb::odoo(18, &unique("authoritysu"));
    give_to(&su_db, &su_owner.name);
    let file = home.path().join("key2");
    let out = odoo_access(home.path())
        .args(["mint", "-d", &su_db.name])
        .args(&MINT[1..])
        .args(["--key-file", file.to_str().unwrap()])
        .output()
        .unwrap();
    common::assert_exit(&out, 0);

    // TRIGGER on a table for PUBLIC: any role may attach its function.
    let open = TestDb::odoo(18, &unique("authoritypublic"));
    open.execute("GRANT TRIGGER ON public.res_users TO PUBLIC");
    let out = mint("postgres", &open.name);
    common::assert_exit(&out, 77);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"PUBLIC\", which is no superuser"),
        "{stderr}"
    );
}

/// The read path's closed list (docs/ODOO.md, "What a write runs"): every relation that runs
/// code of its own in place of a table a command reads, a cast with the owner's function, and
/// a row-level security policy are refused before anything is read, and nothing of the
/// owner's runs.
#[test]
fn reads_refuse_every_relation_and_cast_that_runs_code() {
    let swap = "ALTER TABLE public.res_users_log RENAME TO res_users_log_data;";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "materialized view",
            format!(
                "{swap} CREATE MATERIALIZED VIEW public.res_users_log AS
                         SELECT * FROM public.res_users_log_data WHERE public.trap('matview')
                         WITH NO DATA;"
            ),
            "public.res_users_log is a materialized view",
        ),
        (
            "partitioned table",
            format!(
                "{swap} CREATE TABLE public.res_users_log (LIKE public.res_users_log_data)
                         PARTITION BY RANGE (id);"
            ),
            "public.res_users_log is a partitioned table",
        ),
        (
            "child table",
            "CREATE TABLE public.res_users_log_more () INHERITS (public.res_users_log);".into(),
            "public.res_users_log is a table with child tables",
        ),
        (
            "cast",
            "CREATE TYPE public.shade AS ENUM ('dark');
             CREATE FUNCTION public.shade_text(public.shade) RETURNS text LANGUAGE plpgsql
                 AS $$ BEGIN PERFORM public.trap('cast'); RETURN 'x'; END $$;
             CREATE CAST (public.shade AS text) WITH FUNCTION public.shade_text(public.shade)
                 AS IMPLICIT;"
                .into(),
            "a cast from public.shade to text runs public.shade_text(public.shade)",
        ),
        (
            "row-level security",
            "ALTER TABLE public.res_users_log ENABLE ROW LEVEL SECURITY;
             ALTER TABLE public.res_users_log FORCE ROW LEVEL SECURITY;
             CREATE POLICY trap ON public.res_users_log USING (public.trap('policy'));"
                .into(),
            "would be affected by row-level security policy for table \"res_users_log\"",
        ),
    ];
    let home = tempfile::tempdir().unwrap();
    for (what, plant, said) in &cases {
        let name = unique("hostileread");
        let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
        let db = TestDb::odoo(17, &name);
        give_to(&db, &owner.name);
        plant_traps(&db, &owner.name);
        db.execute(&format!("SET ROLE \"{}\"; {plant} RESET ROLE;", owner.name));
        let out = odoo_access(home.path())
            .args(["users", "-d", &db.name])
            .output()
            .unwrap();
        assert_no_trap(&out, what);
        common::assert_exit(&out, 77);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(said), "{what}: {stderr}");
        assert_eq!(
            db.scalar("SELECT count(*)::text FROM public.trap_log"),
            Some("0".into()),
            "{what}"
        );
    }

    // A foreign table runs its wrapper's code: one made by a superuser for the owner, as a
    // host that offers file_fdw might.
    let name = unique("hostilefdw");
    let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
    let db = TestDb::odoo(17, &name);
    give_to(&db, &owner.name);
    db.execute(&format!(
        "CREATE EXTENSION file_fdw;
         CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
         ALTER TABLE public.res_users_log RENAME TO res_users_log_data;
         CREATE FOREIGN TABLE public.res_users_log (id integer, create_uid integer,
             create_date timestamp, write_uid integer, write_date timestamp)
             SERVER files OPTIONS (filename '/dev/null');
         ALTER FOREIGN TABLE public.res_users_log OWNER TO \"{}\";",
        owner.name
    ));
    let out = odoo_access(home.path())
        .args(["users", "-d", &db.name])
        .output()
        .unwrap();
    common::assert_exit(&out, 77);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("public.res_users_log is a foreign table"),
        "{stderr}"
    );
}

/// The second layer refuses only a third role's code: where another role's function makes
/// foreign code possible, the owner writing past its own trigger on the key table is let
/// through (its own code gains nothing), and the same write refuses a trigger of that other
/// role's.
#[test]
fn the_owner_writes_past_its_own_trigger_but_not_past_another_roles() {
    let owner = TestRole::new(&unique("ownwriter"), "");
    let other = TestRole::new(&unique("otherplanter"), "");
    let db = TestDb::odoo(18, &unique("ownvsforeign"));
    give_to(&db, &owner.name);
    db.execute(&format!(
        "CREATE FUNCTION public.unrelated() RETURNS int LANGUAGE sql AS 'SELECT 1';
         ALTER FUNCTION public.unrelated() OWNER TO \"{other}\";
         CREATE FUNCTION public.own_trace() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$;
         ALTER FUNCTION public.own_trace() OWNER TO \"{owner}\";
         SET ROLE \"{owner}\";
         CREATE TRIGGER own_trace BEFORE DELETE ON public.res_users_apikeys
             FOR EACH ROW EXECUTE FUNCTION public.own_trace();
         RESET ROLE;",
        other = other.name,
        owner = owner.name
    ));
    let home = tempfile::tempdir().unwrap();
    let revoke = |login: &str| {
        odoo_access(home.path())
            .env("PGUSER", &owner.name)
            .args(["revoke", "-d", &db.name, "--login", login, "--yes"])
            .output()
            .unwrap()
    };
    common::assert_exit(&revoke("carol"), 0);
    db.execute(&format!(
        "CREATE FUNCTION public.their_trace() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$;
         ALTER FUNCTION public.their_trace() OWNER TO \"{0}\";
         CREATE TRIGGER their_trace BEFORE DELETE ON public.res_users_apikeys
             FOR EACH ROW EXECUTE FUNCTION public.their_trace();",
        other.name
    ));
    let out = revoke("svc");
    common::assert_exit(&out, 77);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("their_trace") && !said.contains("own_trace"),
        "{said}"
    );
}
