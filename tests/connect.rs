//! Connecting as psql does, against a server that checks passwords (scram-sha-256) and speaks
//! TLS: the trust-auth test server cannot tell a right password from a wrong one.

mod common;

use common::{checking_server, write_file, CHECKING_PASSWORD};
use std::path::Path;
use std::process::Command;

/// odoo-access with a clean environment aimed at the checking server, no password given.
fn against_checking_server(home: &Path) -> Command {
    let mut cmd = common::odoo_access_on(checking_server(), home);
    cmd.env_remove("PGPASSWORD").env("PGSSLMODE", "disable");
    cmd
}

fn dbs_with_pgpass(line: &str) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    write_file(&home.path().join(".pgpass"), line, 0o600);
    against_checking_server(home.path())
        .args(["dbs", "--all", "--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn the_checking_server_refuses_a_wrong_password() {
    let out = dbs_with_pgpass("*:*:*:postgres:wrong\n");
    common::assert_exit(&out, 77);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("password authentication failed"), "{err}");
    assert!(
        !err.contains("wrong"),
        "the password is never echoed: {err}"
    );
}

/// libpq ends the password at the next unescaped `:`, so a line's extra field is no part of
/// it, and `\:` and `\\` are a colon and a backslash.
#[test]
fn pgpass_passwords_end_where_libpq_ends_them() {
    let escaped = CHECKING_PASSWORD.replace('\\', "\\\\").replace(':', "\\:");
    let out = dbs_with_pgpass(&format!("*:*:*:postgres:{escaped}:extra\n"));
    common::assert_exit(&out, 0);

    // Unescaped, the password is what comes before its first colon: refused, as by psql.
    let out = dbs_with_pgpass(&format!("*:*:*:postgres:{CHECKING_PASSWORD}\n"));
    common::assert_exit(&out, 77);
}

/// `\*` is a host named `*`, not a wildcard: this line gives no password for 127.0.0.1.
#[test]
fn an_escaped_star_in_pgpass_matches_no_host() {
    let escaped = CHECKING_PASSWORD.replace('\\', "\\\\").replace(':', "\\:");
    let out = dbs_with_pgpass(&format!("\\*:*:*:postgres:{escaped}\n"));
    common::assert_exit(&out, 77);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("none was given"),
        "an authentication problem: {err}"
    );
    let out = dbs_with_pgpass(&format!("127.0.0.1:*:*:postgres:{escaped}\n"));
    common::assert_exit(&out, 0);
}

/// psql expands a connection string or a URL given as `-d`; its settings beat PGHOST/PGPORT
/// (here pointing at nothing) and name the database.
#[test]
fn a_connection_string_in_dash_d_is_where_the_tool_connects() {
    let srv = checking_server();
    let home = tempfile::tempdir().unwrap();
    for target in [
        format!(
            "host={} port={} user=postgres dbname=postgres",
            srv.host, srv.port
        ),
        format!("postgresql://postgres@{}:{}/postgres", srv.host, srv.port),
    ] {
        let out = against_checking_server(home.path())
            .env("PGPORT", "1")
            .env("PGPASSWORD", CHECKING_PASSWORD)
            .args(["users", "-d", &target])
            .output()
            .unwrap();
        // Reached, logged in, and told that `postgres` is no Odoo database.
        common::assert_exit(&out, 66);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("\"postgres\" is not an Odoo database"),
            "{target}: {err}"
        );
    }
}

/// What a run aimed at the checking server's `postgres` database says: 66 when it got in
/// (that database is no Odoo database).
fn reach(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    reach_database_with(env, "postgres", args)
}

/// [`reach`] asking for `database`.
fn reach_database(env: &[(&str, &str)], database: &str) -> std::process::Output {
    reach_database_with(env, database, &[])
}

fn reach_database_with(
    env: &[(&str, &str)],
    database: &str,
    args: &[&str],
) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = against_checking_server(home.path());
    cmd.env("PGPASSWORD", CHECKING_PASSWORD);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(["users", "-d", database])
        .args(args)
        .output()
        .unwrap()
}

/// Channel binding as libpq: `require` refuses a connection without TLS before sending
/// anything, and binds SCRAM to the TLS channel when there is one.
#[test]
fn channel_binding_is_required_as_libpq_requires_it() {
    let refused = |out: &std::process::Output| {
        common::assert_exit(out, 64);
        assert!(String::from_utf8_lossy(&out.stderr)
            .contains("channel binding required, but SSL not in use"));
    };
    refused(&reach(&[("PGCHANNELBINDING", "require")], &[]));
    refused(&reach(&[], &["--channel-binding", "require"]));
    let srv = checking_server();
    let url = format!(
        "postgresql://postgres@{}:{}/postgres?channel_binding=require",
        srv.host, srv.port
    );
    let home = tempfile::tempdir().unwrap();
    let out = against_checking_server(home.path())
        .env("PGPASSWORD", CHECKING_PASSWORD)
        .args(["users", "-d", &url])
        .output()
        .unwrap();
    refused(&out);

    // Over TLS the server offers SCRAM-SHA-256-PLUS, and the binding holds.
    let out = reach(
        &[("PGCHANNELBINDING", "require"), ("PGSSLMODE", "require")],
        &[],
    );
    common::assert_exit(&out, 66);
    let out = reach(
        &[],
        &["--channel-binding", "require", "--sslmode", "require"],
    );
    common::assert_exit(&out, 66);
    let out = reach(&[("PGCHANNELBINDING", "sometimes")], &[]);
    common::assert_exit(&out, 64);
}

/// sslmode as libpq 15 has it, case by case against the TLS server.
#[test]
fn sslmode_behaves_as_in_libpq() {
    let srv = checking_server();
    let root = srv.root_cert();
    let root = root.to_str().unwrap();
    // A certificate of another authority, which did not sign the server's.
    let other = tempfile::tempdir().unwrap();
    common::self_signed_certificate(other.path(), Path::new("/"), false);
    let stranger = other.path().join("server.crt");
    let stranger = stranger.to_str().unwrap();
    let missing = "/nonexistent/root.crt";
    for (mode, rootcert, user, exit) in [
        // allow: without TLS first, then with it when the server refuses (tlsonly may not
        // connect without TLS).
        ("allow", None, "postgres", 66),
        ("allow", None, "tlsonly", 66),
        ("allow", None, "plainonly", 66),
        ("disable", None, "tlsonly", 77),
        // prefer: with TLS first, then without it when the server refuses that (plainonly
        // may not connect with TLS), as libpq does.
        ("prefer", None, "plainonly", 66),
        ("require", None, "plainonly", 77),
        // require: a root certificate that does not exist is no check at all.
        ("require", Some(missing), "postgres", 66),
        ("require", Some(root), "postgres", 66),
        // ...but one that exists is checked, by require and by prefer; prefer then goes on
        // without TLS, as libpq does.
        ("require", Some(stranger), "postgres", 69),
        ("prefer", Some(stranger), "postgres", 66),
        ("prefer", Some(stranger), "tlsonly", 77),
        // verify-*: never without a root certificate (libpq 15), the system store only when
        // asked for (sslrootcert=system), which does not know this server.
        ("verify-ca", None, "postgres", 78),
        ("verify-full", Some(missing), "postgres", 78),
        ("verify-full", Some(root), "postgres", 66),
        ("verify-ca", Some("system"), "postgres", 69),
    ] {
        let mut env = vec![("PGSSLMODE", mode), ("PGUSER", user)];
        if let Some(rootcert) = rootcert {
            env.push(("PGSSLROOTCERT", rootcert));
        }
        let out = reach(&env, &[]);
        assert_eq!(
            out.status.code(),
            Some(exit),
            "sslmode={mode} sslrootcert={rootcert:?} as {user}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Only a refusal of the role sends allow and prefer to their second attempt: a database
    // that does not exist is said as the first attempt met it (the second would fail on the
    // certificate, or on pg_hba.conf).
    for (mode, user, rootcert) in [("allow", "postgres", stranger), ("prefer", "tlsonly", root)] {
        let out = reach_database(
            &[
                ("PGSSLMODE", mode),
                ("PGUSER", user),
                ("PGSSLROOTCERT", rootcert),
            ],
            "oa_no_such_database",
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(66),
            "sslmode={mode} as {user}: {err}"
        );
    }
    // A certificate the root does not vouch for is said as a TLS failure, with the fix.
    let out = reach(
        &[("PGSSLMODE", "require"), ("PGSSLROOTCERT", stranger)],
        &[],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TLS with 127.0.0.1:") && err.contains("check --sslmode"),
        "{err}"
    );
}

/// -W without a terminal reads the password from standard input, as psql does.
#[test]
fn dash_w_without_a_terminal_reads_standard_input() {
    use std::io::Write;
    let home = tempfile::tempdir().unwrap();
    let run = |input: &str| {
        let mut cmd = against_checking_server(home.path());
        // No controlling terminal, even when the tests run in one.
        // SAFETY: setsid(2) only, between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        let mut child = cmd
            .args(["-W", "users", "-d", "postgres"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    common::assert_exit(&run(&format!("{CHECKING_PASSWORD}\n")), 66);
    common::assert_exit(&run("wrong\n"), 77);
    let out = run("");
    common::assert_exit(&out, 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing on standard input"));
}

/// A service of `~/.pg_service.conf` (or PGSERVICEFILE), named by PGSERVICE or `service=`,
/// is where the tool connects, password included, as with psql.
#[test]
fn a_service_file_names_the_server_and_the_password() {
    let srv = checking_server();
    let home = tempfile::tempdir().unwrap();
    write_file(
        &home.path().join(".pg_service.conf"),
        &format!(
            "[lab]\nhost={}\nport={}\nuser=postgres\npassword={CHECKING_PASSWORD}\nsslmode=require\n",
            srv.host, srv.port
        ),
        0o600,
    );
    let run = |env: &[(&str, &str)], target: &str| {
        let mut cmd = against_checking_server(home.path());
        cmd.env("PGPORT", "1").env_remove("PGSSLMODE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.args(["users", "-d", target]).output().unwrap()
    };
    common::assert_exit(&run(&[("PGSERVICE", "lab")], "postgres"), 66);
    common::assert_exit(&run(&[], "service=lab dbname=postgres"), 66);
    let out = run(&[("PGSERVICE", "nope")], "postgres");
    common::assert_exit(&out, 78);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"nope\" not found"));
}

/// Several hosts (`PGHOST=a,b`, `PGPORT=p1,p2`, or a URL's host list) are tried in turn, as
/// libpq does: a server that cannot be reached is passed over, one that answers with a
/// refusal ends the search, and the password is matched in `.pgpass` per host and port.
#[test]
fn several_hosts_are_tried_in_turn_as_libpq_tries_them() {
    let srv = checking_server();
    let port = srv.port.to_string();
    let home = tempfile::tempdir().unwrap();
    let escaped = CHECKING_PASSWORD.replace('\\', "\\\\").replace(':', "\\:");
    write_file(
        &home.path().join(".pgpass"),
        &format!("127.0.0.1:{port}:*:postgres:{escaped}\n"),
        0o600,
    );
    let run = |hosts: &str, ports: &str, target: &str| {
        against_checking_server(home.path())
            .env("PGHOST", hosts)
            .env("PGPORT", ports)
            .args(["users", "-d", target])
            .output()
            .unwrap()
    };
    // Nothing listens on port 1; the second server is reached and logged in to.
    let out = run("127.0.0.1,127.0.0.1", &format!("1,{port}"), "postgres");
    common::assert_exit(&out, 66);
    let url = format!("postgresql://postgres@127.0.0.1:1,127.0.0.1:{port}/postgres");
    common::assert_exit(&run("nowhere", "1", &url), 66);
    // One port serves every host.
    common::assert_exit(&run("127.0.0.1,127.0.0.1", &port, "postgres"), 66);

    let out = run("127.0.0.1,127.0.0.1", "1,2", "postgres");
    common::assert_exit(&out, 69);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("none of the 2 servers could be used (127.0.0.1:1, 127.0.0.1:2)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");

    let out = run("127.0.0.1,127.0.0.1", "1,2,3", "postgres");
    common::assert_exit(&out, 64);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("could not match 3 port numbers to 2 hosts")
    );

    // A wrong password is an answer: the next server (trust authentication, which would let
    // anyone in) is not tried.
    let open = common::server();
    let out = against_checking_server(home.path())
        .env("PGHOST", format!("127.0.0.1,{}", open.host))
        .env("PGPORT", format!("{port},{}", open.port))
        .env("PGPASSWORD", "wrong")
        .args(["dbs", "--all"])
        .output()
        .unwrap();
    common::assert_exit(&out, 77);
}

/// target_session_attrs as in libpq: which of the listed servers will do; the write
/// commands ask for a read-write one among several unless told otherwise.
#[test]
fn target_session_attrs_chooses_among_the_servers() {
    let srv = checking_server();
    let db = common::unique("read_only");
    srv.admin(&format!("CREATE DATABASE {db}"));
    srv.admin(&format!(
        "ALTER DATABASE {db} SET default_transaction_read_only = on"
    ));
    let port = srv.port.to_string();
    let home = tempfile::tempdir().unwrap();
    // The same server under two names: both read-only for this database.
    let run = |attrs: Option<&str>, hosts: &str, args: &[&str]| {
        let mut cmd = against_checking_server(home.path());
        cmd.env("PGPASSWORD", CHECKING_PASSWORD)
            .env("PGHOST", hosts)
            .env("PGPORT", &port)
            .args(args)
            .args(["-d", &db]);
        if let Some(attrs) = attrs {
            cmd.env("PGTARGETSESSIONATTRS", attrs);
        }
        cmd.output().unwrap()
    };
    let both = "127.0.0.1,localhost";
    let out = run(Some("read-write"), both, &["users"]);
    common::assert_exit(&out, 69);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("127.0.0.1:{port} is read-only"))
            && err.contains(&format!("localhost:{port} is read-only"))
            && err.contains("target_session_attrs=read-write"),
        "{err}"
    );
    // A database that is not read-only is what read-write asks for (and is no Odoo: 66).
    let out = against_checking_server(home.path())
        .env("PGPASSWORD", CHECKING_PASSWORD)
        .env("PGHOST", both)
        .env("PGPORT", &port)
        .env("PGTARGETSESSIONATTRS", "read-write")
        .args(["users", "-d", "postgres"])
        .output()
        .unwrap();
    common::assert_exit(&out, 66);
    // Every connection of a fleet is held to it, not only the first: the read-only database
    // is refused, the other one is reached (neither is an Odoo database).
    srv.admin(&format!("CREATE DATABASE {db}_rw"));
    let out = against_checking_server(home.path())
        .env("PGPASSWORD", CHECKING_PASSWORD)
        .env("PGHOST", both)
        .env("PGPORT", &port)
        .env("PGTARGETSESSIONATTRS", "read-write")
        .args(["users", "--dbfilter", &format!("^{db}")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "skipped database \"{db}\": 127.0.0.1:{port} is read-only"
        )) && err.contains("not what target_session_attrs=read-write asks for")
            && err.contains(&format!("not Odoo 14+ databases: {db}_rw")),
        "{err}"
    );
    for (attrs, exit) in [
        ("read-only", 66),
        ("primary", 66),
        ("any", 66),
        ("prefer-standby", 66),
        ("standby", 69),
        ("sometimes", 64),
    ] {
        let out = run(Some(attrs), both, &["users"]);
        assert_eq!(
            out.status.code(),
            Some(exit),
            "target_session_attrs={attrs}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // In a connection string too.
    let conninfo = format!("host={both} port={port} dbname={db} target_session_attrs=read-write");
    let out = against_checking_server(home.path())
        .env("PGPASSWORD", CHECKING_PASSWORD)
        .args(["users", "-d", &conninfo])
        .output()
        .unwrap();
    common::assert_exit(&out, 69);

    // revoke among several servers wants a read-write one: none here. With one server it
    // gets in (and finds no Odoo database).
    let out = run(None, both, &["revoke", "--expired", "--yes"]);
    common::assert_exit(&out, 69);
    assert!(String::from_utf8_lossy(&out.stderr).contains("target_session_attrs=read-write"));
    common::assert_exit(
        &run(None, "127.0.0.1", &["revoke", "--expired", "--yes"]),
        66,
    );
    // Told otherwise, it takes what it is given.
    common::assert_exit(
        &run(Some("any"), both, &["revoke", "--expired", "--yes"]),
        66,
    );
    srv.admin(&format!("DROP DATABASE {db}"));
}

/// target_session_attrs against a real hot standby of the checking server: standby and
/// prefer-standby find it wherever it is in the list, read-write and primary pass over it, any
/// takes the first. `check` names the server it reached in its first step.
#[test]
fn target_session_attrs_tells_a_standby_from_its_primary() {
    let primary = checking_server();
    let standby = common::checking_standby();
    let home = tempfile::tempdir().unwrap();
    for (attrs, first, second, reached) in [
        ("standby", primary, standby, standby),
        ("prefer-standby", primary, standby, standby),
        ("prefer-standby", standby, primary, standby),
        ("read-only", primary, standby, standby),
        ("read-write", standby, primary, primary),
        ("primary", standby, primary, primary),
        ("any", standby, primary, standby),
    ] {
        let mut cmd = against_checking_server(home.path());
        cmd.env("PGPASSWORD", CHECKING_PASSWORD)
            .env("PGHOST", "127.0.0.1,127.0.0.1")
            .env("PGPORT", format!("{},{}", first.port, second.port))
            .env("PGTARGETSESSIONATTRS", attrs)
            .args(["check", "-d", "postgres", "--login", "admin"]);
        let out = assert_cmd::Command::from_std(cmd)
            .write_stdin("not-a-key\n")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains(&format!("127.0.0.1:{} answers to role", reached.port)),
            "{attrs} among {} then {}: {said}{}",
            first.port,
            second.port,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
