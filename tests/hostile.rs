//! A database's owner is not trusted: every command, fleet mode included, and the role scripts
//! run by a superuser in a database whose owner planted functions, operators, a trigger and
//! a schema named after the roles must never run any of them (README, "A database's owner is
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

        // revoke: the owner's trigger would run in the superuser's session, so nothing is
        // deleted and the trigger is named.
        let keys_before = db.scalar("SELECT count(*)::text FROM public.res_users_apikeys");
        let out = run(&["revoke", "-d", &db.name, "--login", "carol", "--yes"]);
        assert_no_trap(&out, &format!("{v} revoke"));
        common::assert_exit(&out, 77);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("trigger trap on public.res_users_apikeys"),
            "{v}: {stderr}"
        );
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
            assert!(String::from_utf8_lossy(&out.stderr)
                .contains("trigger trap on public.res_users_apikeys"));
        }
        assert_eq!(
            db.scalar("SELECT count(*)::text FROM public.res_users_apikeys"),
            keys_before,
            "{v}: nothing made"
        );
        if v >= 18 {
            assert_eq!(db.scalar(expiries), expiries_before, "{v}: no end set");
        }

        // Without the trigger the revoke runs, and the real signal advances, not a planted one.
        db.execute("DROP TRIGGER trap ON public.res_users_apikeys");
        let (real_before, fake_before) = signals(&db, v, &owner.name);
        let out = run(&["revoke", "-d", &db.name, "--login", "carol", "--yes"]);
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
