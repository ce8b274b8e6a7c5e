//! Bad input and broken environments: one clear line on stderr, the contract's exit code, and
//! nothing changed.

mod common;

use common::{assert_exit, odoo_access, server, unique, write_file, TestDb};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn usage_errors_exit_64() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["dbs", "--statement-timeout", "30"], // a duration needs a unit
        vec!["dbs", "--format", "xml"],
        vec!["dbs", "--no-such-flag"],
        vec!["dbs", "--dbfilter", "^%d$"], // %d needs --web-host
        vec!["dbs", "--dbfilter", "("],
        vec!["dbs", "--sslmode", "sometimes"],
        vec!["dbs", "--jobs", "0"],
        vec![], // no command
    ] {
        let out = odoo_access(home.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(64), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_password_in_the_url_is_refused_and_never_echoed() {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "dbs",
            "--url",
            "postgres://postgres:Sup3rS3cret@127.0.0.1/postgres",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    let err = stderr(&out);
    assert!(!err.contains("Sup3rS3cret"), "{err}");
    assert!(
        err.contains("PGPASSWORD") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn an_unreachable_server_exits_69() {
    let home = tempfile::tempdir().unwrap();
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    let out = odoo_access(home.path())
        .args(["-p", "1", "-h", "127.0.0.1", "dbs"])
        .output()
        .unwrap();
    assert_exit(&out, 69);
    let err = stderr(&out);
    assert!(
        err.contains("cannot reach PostgreSQL at 127.0.0.1:1") && err.contains("-h/-p"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn an_unknown_role_exits_77() {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["-U", "oa_no_such_role", "dbs"])
        .output()
        .unwrap();
    assert_exit(&out, 77);
    assert!(stderr(&out).contains("oa_no_such_role"));
}

#[test]
fn odoo_conf_is_read_like_odoo_reads_it() {
    let home = tempfile::tempdir().unwrap();
    let db = TestDb::odoo(18, &unique("conf"));
    let srv = server();
    let conf = home.path().join("odoo.conf");
    let write = |port: u16| {
        write_file(
            &conf,
            &format!(
                "[options]\n; written by hand\naddons_path = /opt/odoo/addons,\n    /opt/odoo/extra\n\
                 db_host = {}\ndb_port = {port}\ndb_user = {}\ndb_password = p#ss;w=rd\n\
                 db_sslmode = False\ndb_name = {}\nlist_db = False\n",
                srv.host, srv.user, db.name
            ),
            0o640,
        )
    };
    write(srv.port);
    // The config beats PG* variables; its db_name is the default database.
    let out = odoo_access(home.path())
        .env("PGPORT", "1")
        .args(["--odoo-conf"])
        .arg(&conf)
        .args(["-v", "dbs", "--format", "json", "--dbfilter"])
        .arg(format!("^{}$", db.name))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("using Odoo config {}", conf.display())),
        "{err}"
    );
    assert!(!err.contains("p#ss;w=rd"), "the password is never printed");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["rows"][0]["version"], "18.0.1.3");

    // ODOO_RC names the file too; its db_port is used (nothing listens on port 1).
    write(1);
    let out = odoo_access(home.path())
        .env("ODOO_RC", &conf)
        .args(["dbs"])
        .output()
        .unwrap();
    assert_exit(&out, 69);
}

#[test]
fn a_bad_config_file_exits_78_and_hides_its_values() {
    let home = tempfile::tempdir().unwrap();
    let conf = home.path().join("odoo.conf");
    for (text, why) in [
        ("db_host = localhost\n", "no [options] section"),
        (
            "[options]\ndb_password = hunter2\ndb_port = fifty\n",
            "db_port",
        ),
        (
            "[options]\ndb_password = hunter2\nthis line has no equals sign\n",
            "has no '='",
        ),
    ] {
        write_file(&conf, text, 0o600);
        let out = odoo_access(home.path())
            .arg("--odoo-conf")
            .arg(&conf)
            .arg("dbs")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(78), "{text}");
        let err = stderr(&out);
        assert!(err.contains(why) && !err.contains("hunter2"), "{err}");
    }
    let out = odoo_access(home.path())
        .args(["--odoo-conf", "/nonexistent/odoo.conf", "dbs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
}

#[test]
fn a_pgpass_others_can_read_is_ignored_with_a_notice() {
    let home = tempfile::tempdir().unwrap();
    let srv = server();
    let pgpass = home.path().join(".pgpass");
    write_file(
        &pgpass,
        &format!("{}:{}:*:{}:from-pgpass\n", srv.host, srv.port, srv.user),
        0o644,
    );
    let out = odoo_access(home.path())
        .args(["dbs", "--dbfilter", "^oa_no_match$"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("chmod 0600"),
        "a readable .pgpass is ignored with a notice: {err}"
    );
    assert!(!err.contains("from-pgpass"));
}

#[test]
fn help_completions_and_version() {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path()).arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Examples:") && help.contains("--odoo-conf") && help.contains("Exit codes")
    );
    let out = odoo_access(home.path())
        .args(["dbs", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("--dbfilter"));
    // -h is the host, as in psql, so it needs a value.
    let out = odoo_access(home.path())
        .args(["dbs", "-h"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    let out = odoo_access(home.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("odoo-access"));
    let out = odoo_access(home.path()).arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn sslmode_require_encrypts_and_verify_full_checks_the_certificate() {
    let home = tempfile::tempdir().unwrap();
    let srv = server();
    let ssl_on = common::runtime().block_on(async {
        let client = srv.connect("postgres").await.unwrap();
        let row = client.query_one("SHOW ssl", &[]).await.unwrap();
        row.get::<_, String>(0) == "on"
    });
    let run = |mode: &str| {
        odoo_access(home.path())
            .args(["--sslmode", mode, "dbs", "--dbfilter", "^oa_no_match$"])
            .output()
            .unwrap()
    };
    let require = run("require");
    // An empty HOME has no root certificate: verify-full refuses to start, as libpq 15 does.
    let verify = run("verify-full");
    assert_exit(&verify, 78);
    assert!(
        stderr(&verify).contains("root certificate file"),
        "{}",
        stderr(&verify)
    );
    // The system's store, asked for, trusts no test server's certificate (Debian's is
    // self-signed "snakeoil"), so verify-full must refuse it.
    let system = odoo_access(home.path())
        .env("PGSSLROOTCERT", "system")
        .args([
            "--sslmode",
            "verify-full",
            "dbs",
            "--dbfilter",
            "^oa_no_match$",
        ])
        .output()
        .unwrap();
    assert_exit(&system, 69);
    assert!(stderr(&system).contains("sslmode"), "{}", stderr(&system));
    if ssl_on {
        assert_exit(&require, 0);
    } else {
        assert_exit(&require, 69);
    }
    assert_eq!(run("disable").status.code(), Some(0));
}

/// A self-signed certificate of nobody the server knows, as PEM.
fn unrelated_certificate() -> Vec<u8> {
    use openssl::{asn1::Asn1Time, ec, hash::MessageDigest, nid::Nid, pkey::PKey, x509};
    let group = ec::EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(ec::EcKey::generate(&group).unwrap()).unwrap();
    let mut name = x509::X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "not the server").unwrap();
    let name = name.build();
    let mut cert = x509::X509Builder::new().unwrap();
    cert.set_version(2).unwrap();
    cert.set_subject_name(&name).unwrap();
    cert.set_issuer_name(&name).unwrap();
    cert.set_pubkey(&key).unwrap();
    cert.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    cert.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    cert.sign(&key, MessageDigest::sha256()).unwrap();
    cert.build().to_pem().unwrap()
}

/// libpq's rules for a root certificate: verify-ca trusts the one given; require checks the
/// CA as soon as one exists (here `~/.postgresql/root.crt`); prefer checks it too and, when
/// the check fails, goes on without TLS.
#[test]
fn a_root_certificate_decides_verify_ca_and_makes_require_check_the_ca() {
    let srv = server();
    // The server's own certificate can serve as a root only where it is self-signed, as
    // Debian's "snakeoil" certificate is.
    let server_cert = common::runtime().block_on(async {
        let client = srv.connect("postgres").await.unwrap();
        let ssl = client.query_one("SHOW ssl", &[]).await.unwrap();
        let file = client.query_one("SHOW ssl_cert_file", &[]).await.unwrap();
        (ssl.get::<_, String>(0) == "on").then(|| file.get::<_, String>(0))
    });
    let server_cert = server_cert
        .and_then(|file| std::fs::read(file).ok())
        .filter(|pem| {
            openssl::x509::X509::from_pem(pem)
                .is_ok_and(|c| c.issued(&c) == openssl::x509::X509VerifyResult::OK)
        });
    let Some(server_cert) = server_cert else {
        eprintln!("skipped: the server has no TLS or no readable self-signed certificate");
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let own = home.path().join("server.crt");
    write_file(&own, &String::from_utf8(server_cert).unwrap(), 0o600);
    let other = String::from_utf8(unrelated_certificate()).unwrap();
    let other_file = home.path().join("other.crt");
    write_file(&other_file, &other, 0o600);
    let run = |mode: &str, rootcert: Option<&std::path::Path>| {
        let mut cmd = odoo_access(home.path());
        if let Some(file) = rootcert {
            cmd.env("PGSSLROOTCERT", file);
        }
        cmd.args(["--sslmode", mode, "dbs", "--dbfilter", "^oa_no_match$"])
            .output()
            .unwrap()
    };
    assert_eq!(run("verify-ca", Some(&own)).status.code(), Some(0));
    let refused = run("verify-ca", Some(&other_file));
    assert_exit(&refused, 69);
    assert!(stderr(&refused).contains("certificate verify failed"));
    std::fs::create_dir(home.path().join(".postgresql")).unwrap();
    write_file(&home.path().join(".postgresql/root.crt"), &other, 0o600);
    assert_eq!(run("require", None).status.code(), Some(69));
    assert_eq!(run("prefer", None).status.code(), Some(0));
}

#[test]
fn a_config_file_is_read_within_a_bound() {
    // A path pointed at something endless (a device) or huge is refused, not read whole.
    let home = tempfile::tempdir().unwrap();
    let out = common::odoo_access(home.path())
        .args(["dbs", "--odoo-conf", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    common::assert_exit(&out, 78);
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than"));
}

#[test]
fn the_connect_timeout_bounds_a_server_that_accepts_and_never_answers() {
    // A listener that accepts TCP connections and says nothing: the start-up exchange waits.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let held = std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming().take(4) {
            open.push(stream);
        }
        std::thread::sleep(std::time::Duration::from_secs(30));
    });
    let home = tempfile::tempdir().unwrap();
    for args in [vec!["dbs"], vec!["report", "--all-dbs"]] {
        let started = std::time::Instant::now();
        let out = odoo_access(home.path())
            .args(["-h", "127.0.0.1", "-p", &port, "--connect-timeout", "2s"])
            .args(&args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_exit(&out, 69);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{args:?} took {:?}",
            started.elapsed()
        );
        assert!(stderr(&out).contains("no answer"), "{}", stderr(&out));
    }
    drop(held);
}

#[test]
fn a_broken_tls_handshake_is_said_without_a_certificate_verdict() {
    // A listener that agrees to TLS ('S') and then answers the client's hello with garbage:
    // the handshake fails before any certificate is looked at, so no verification result is
    // appended to the error (it would read "…: ok").
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let server = std::thread::spawn(move || {
        for stream in listener.incoming().take(1) {
            let mut stream = stream.unwrap();
            let mut request = [0u8; 8];
            stream.read_exact(&mut request).unwrap();
            stream.write_all(b"S").unwrap();
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello);
            let _ = stream.write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
        }
    });
    let home = tempfile::tempdir().unwrap();
    let out = dbs_at_listener(home.path(), &port, "require");
    server.join().unwrap();
    let err = stderr(&out);
    assert_exit(&out, 69);
    assert!(
        err.contains("handshake") && err.contains("check --sslmode"),
        "{err}"
    );
    assert!(!err.trim_end().ends_with(": ok"), "{err}");
    assert!(!err.contains(": ok "), "{err}");
}

#[test]
fn a_statement_timeout_of_zero_means_none_as_in_postgresql() {
    let db = TestDb::odoo(18, &unique("notimeout"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["users", "-d", &db.name, "--statement-timeout", "0s"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
}

/// `odoo-access dbs` at a listener of this test on `port`, with `sslmode`; bounded, should the
/// listener never answer.
fn dbs_at_listener(home: &std::path::Path, port: &str, sslmode: &str) -> std::process::Output {
    odoo_access(home)
        .env("PGSSLMODE", sslmode)
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            port,
            "--connect-timeout",
            "5s",
            "dbs",
        ])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap()
}

/// A PostgreSQL that turns every connection away at start-up with `code` and `message`, as a
/// server does when it is starting up, is full or refuses the database: the client reads
/// the start-up packet and gets an ErrorResponse.
fn refusing_server(code: &'static str, message: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut length = [0u8; 4];
            if stream.read_exact(&mut length).is_err() {
                continue;
            }
            let mut startup = vec![0u8; u32::from_be_bytes(length) as usize - 4];
            let _ = stream.read_exact(&mut startup);
            let mut fields = Vec::new();
            for (tag, value) in [
                (b'S', "FATAL"),
                (b'V', "FATAL"),
                (b'C', code),
                (b'M', message),
            ] {
                fields.push(tag);
                fields.extend_from_slice(value.as_bytes());
                fields.push(0);
            }
            fields.push(0);
            let mut reply = vec![b'E'];
            reply.extend_from_slice(&(fields.len() as u32 + 4).to_be_bytes());
            reply.extend_from_slice(&fields);
            let _ = stream.write_all(&reply);
        }
    });
    port
}

#[test]
fn a_server_that_turns_the_connection_away_is_said_by_its_sqlstate() {
    let home = tempfile::tempdir().unwrap();
    for (code, message, exit, said) in [
        (
            "28P01",
            "password authentication failed for user \"x\"",
            77,
            "give the right password",
        ),
        (
            "28000",
            "role \"x\" does not exist",
            77,
            "-U/PGUSER and the server's pg_hba.conf",
        ),
        (
            "3D000",
            "database \"postgres\" does not exist",
            66,
            "list the databases with",
        ),
        (
            "42501",
            "permission denied for database \"postgres\"",
            77,
            "grant the access described in sql/roles/",
        ),
        (
            "53300",
            "sorry, too many clients already",
            69,
            "no more connections now: sorry",
        ),
        (
            "08P01",
            "no more connections allowed (max_client_conn)",
            69,
            "no more connections now: no more",
        ),
        (
            "57P03",
            "the database system is starting up",
            69,
            "accepts no connection now: the database",
        ),
        (
            "42P01",
            "relation \"res_users\" does not exist",
            66,
            "lacks what Odoo 14–19 has",
        ),
        (
            "42703",
            "column \"share\" does not exist",
            66,
            "lacks what Odoo 14–19 has",
        ),
        (
            "08P01",
            "unsupported pkt type: 80",
            69,
            "PostgreSQL error in database \"postgres\"",
        ),
        ("XX000", "something went wrong", 69, "(SQLSTATE XX000)"),
    ] {
        let port = refusing_server(code, message);
        let out = dbs_at_listener(home.path(), &port, "disable");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(exit), "{code} {message}: {err}");
        assert!(err.contains(said), "{code} {message}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
