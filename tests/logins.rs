//! `odoo-access logins`: database sources on Odoo 14–19 and Odoo's own log lines.

mod common;

use common::{odoo_access, unique, TestDb, VERSIONS};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn run(db: &TestDb, home: &Path, extra: &[&str]) -> (std::process::Output, Value) {
    let out = odoo_access(home)
        .args(["logins", "-d", &db.name, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    (out, doc)
}

fn rows_of<'a>(doc: &'a Value, source: &str) -> Vec<&'a Value> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == source)
        .collect()
}

#[test]
fn database_sources_on_every_version() {
    let home = tempfile::tempdir().unwrap();
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("logins{v}")));
        let (_, doc) = run(&db, home.path(), &["--since", "7d"]);
        let log = rows_of(&doc, "res_users_log");
        let by: Vec<(&str, i64)> = log
            .iter()
            .map(|r| {
                (
                    r["login"].as_str().unwrap(),
                    r["successes"].as_i64().unwrap(),
                )
            })
            .collect();
        // bob (120 days ago) and svc (100 days ago) are outside the window.
        assert_eq!(
            by,
            [("admin", 2), ("alice", 1), ("carol", 3), ("pat", 1)],
            "{v}"
        );
        assert!(log
            .iter()
            .all(|r| r["ip"].is_null() && r["failures"].is_null()));
        let devices = rows_of(&doc, "res_device_log");
        assert_eq!(
            !devices.is_empty(),
            v >= 18,
            "{v}: res_device_log exists from 18"
        );
        if v >= 18 {
            assert_eq!(devices[0]["login"], "admin");
            assert_eq!(devices[0]["ip"], "192.0.2.10");
        }
        assert!(doc["notes"][0].as_str().unwrap().contains("clean-up"));

        let (_, doc) = run(&db, home.path(), &["--since", "2h", "--login", "carol"]);
        let log = rows_of(&doc, "res_users_log");
        assert_eq!(log.len(), 1);
        assert_eq!(
            log[0]["successes"], 2,
            "{v}: carol's logins of the last 2 hours"
        );
    }
}

/// Odoo log lines `minutes_ago` minutes back, in the format of 14–18 or 19.
fn line(minutes_ago: i64, database: &str, v19: bool, ok: bool, login: &str, ip: &str) -> String {
    let at = chrono::Local::now() - chrono::Duration::minutes(minutes_ago);
    let what = if ok {
        "Login successful"
    } else {
        "Login failed"
    };
    let db_part = if v19 {
        String::new()
    } else {
        format!("db:{database} ")
    };
    format!(
        "{} 4242 INFO {database} odoo.addons.base.models.res_users: {what} for {db_part}login:{login} from {ip}\n",
        at.format("%Y-%m-%d %H:%M:%S,123")
    )
}

#[test]
fn server_logs_give_failures_per_ip_in_both_formats() {
    let home = tempfile::tempdir().unwrap();
    for v in [16, 19] {
        let db = TestDb::odoo(v, &unique(&format!("srvlog{v}")));
        let v19 = v == 19;
        let name = db.name.as_str();
        let current = home.path().join(format!("odoo-{v}.log"));
        let mut text = String::new();
        for i in 0..12 {
            text += &line(30 + i, name, v19, false, "admin", "203.0.113.9");
        }
        text += &line(20, name, v19, false, "carol", "198.51.100.4");
        text += &line(10, name, v19, true, "carol", "n/a"); // XML-RPC: no IP
        text += &line(10, "some_other_db", v19, false, "admin", "203.0.113.9");
        text += &line(60 * 24 * 30, name, v19, false, "admin", "203.0.113.9"); // outside the window
        text += "2026-11-22 05:22:56,100 4242 INFO x werkzeug: 127.0.0.1 - - \"POST /xmlrpc/2/common HTTP/1.1\" 200 -\n";
        text += "Traceback (most recent call last): Login failed for something odd\n";
        std::fs::write(&current, text).unwrap();
        // The rotated file, compressed.
        let rotated = home.path().join(format!("odoo-{v}.log.1.gz"));
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&rotated).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(line(120, name, v19, false, "pat", "198.51.100.4").as_bytes())
            .unwrap();
        gz.finish().unwrap();

        let (out, doc) = run(
            &db,
            home.path(),
            &[
                "--since",
                "7d",
                "--odoo-log",
                current.to_str().unwrap(),
                rotated.to_str().unwrap(),
            ],
        );
        let log = rows_of(&doc, "server_log");
        let find = |login: &str, ip: Option<&str>| {
            log.iter()
                .find(|r| r["login"] == login && r["ip"].as_str() == ip)
                .unwrap_or_else(|| panic!("{v}: no row for {login} {ip:?}: {log:?}"))
        };
        assert_eq!(find("admin", Some("203.0.113.9"))["failures"], 12, "{v}");
        assert_eq!(find("carol", Some("198.51.100.4"))["failures"], 1);
        assert_eq!(find("carol", None)["successes"], 1);
        assert_eq!(
            find("pat", Some("198.51.100.4"))["failures"],
            1,
            "{v}: from the .gz file"
        );
        assert_eq!(
            log.len(),
            4,
            "{v}: the other database and old lines are not counted"
        );
        let notes = doc["notes"].to_string();
        assert!(
            notes.contains("12 failed logins from 203.0.113.9"),
            "{notes}"
        );
        assert!(
            !notes.contains("from 198.51.100.4"),
            "2 failures stay under the threshold"
        );
        assert!(
            notes.contains("1 login line(s) could not be understood"),
            "{notes}"
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("203.0.113.9"));
    }
}

#[test]
fn oca_brute_force_attempts_are_read_when_the_table_exists() {
    let home = tempfile::tempdir().unwrap();
    let db = TestDb::odoo(17, &unique("bruteforce"));
    db.execute(
        "CREATE TABLE res_authentication_attempt (id serial PRIMARY KEY, login varchar, remote varchar,
             result varchar, create_date timestamp, write_date timestamp, create_uid int, write_uid int);
         INSERT INTO res_authentication_attempt (login, remote, result, create_date)
         SELECT 'admin', '203.0.113.50', r, (now() AT TIME ZONE 'utc') - interval '1 hour'
         FROM unnest(ARRAY['failed', 'failed', 'banned', 'successful']) AS r;",
    );
    let (_, doc) = run(&db, home.path(), &[]);
    let rows = rows_of(&doc, "auth_brute_force");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["ip"], "203.0.113.50");
    assert_eq!(rows[0]["failures"], 3);
    assert_eq!(rows[0]["successes"], 1);
}

#[test]
fn bad_input_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let db = TestDb::odoo(18, &unique("loginsbad"));
    for (args, code) in [
        (vec!["logins", "-d", &db.name, "--since", "7"], 64),
        (
            vec![
                "logins",
                "-d",
                &db.name,
                "--odoo-log",
                "/nonexistent/odoo.log",
            ],
            64,
        ),
        (vec!["logins", "-d", "oa_no_such_database"], 66),
        (vec!["logins"], 64),
    ] {
        let out = odoo_access(home.path()).args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn log_lines_that_name_no_database_are_counted_when_attributed_and_noted_otherwise() {
    let db = TestDb::odoo(19, &unique("unnamedlog"));
    let home = tempfile::tempdir().unwrap();
    // Real Odoo 19 lines of a server that sees several databases: `None`/`?` and no `db:`,
    // and a space after the address.
    let at = |minutes: i64| {
        (chrono::Local::now() - chrono::Duration::minutes(minutes))
            .format("%Y-%m-%d %H:%M:%S,120")
            .to_string()
    };
    let text = format!(
        "{} 9001 INFO None odoo.addons.base.models.res_users: Login successful for login:admin from n/a \n\
         {} 9001 INFO ? odoo.addons.base.models.res_users: Login failed for login:admin from 127.0.0.1 \n\
         {} 9001 INFO ? odoo.addons.base.models.res_users: Login failed for login:admin from 127.0.0.1 \n",
        at(30),
        at(20),
        at(10)
    );
    let log = home.path().join("odoo.log");
    std::fs::write(&log, text).unwrap();
    let server_rows = |doc: &Value| -> Vec<(String, Value, i64)> {
        rows_of(doc, "server_log")
            .iter()
            .map(|r| {
                (
                    r["login"].as_str().unwrap().to_string(),
                    r["ip"].clone(),
                    r["failures"].as_i64().unwrap(),
                )
            })
            .collect()
    };

    let (_, doc) = run(&db, home.path(), &["--odoo-log", log.to_str().unwrap()]);
    assert!(server_rows(&doc).is_empty());
    assert!(
        doc["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("3 login line(s) in the window name no database")),
        "never a silent zero: {}",
        doc["notes"]
    );

    let (_, doc) = run(
        &db,
        home.path(),
        &[
            "--odoo-log",
            log.to_str().unwrap(),
            "--log-database",
            &db.name,
        ],
    );
    assert_eq!(
        server_rows(&doc),
        vec![
            ("admin".to_string(), Value::Null, 0),
            ("admin".to_string(), Value::from("127.0.0.1"), 2)
        ],
        "one row per login and IP, the trailing space trimmed, n/a unknown"
    );
}

/// A local time that does not exist (the hour skipped when daylight saving time starts) is
/// no time at all: the line is counted as not understood, not placed an hour off.
#[test]
fn a_log_time_that_the_local_clock_never_showed_is_not_understood() {
    let db = TestDb::odoo(18, &unique("dstgap"));
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("odoo.log");
    let name = &db.name;
    std::fs::write(
        &log,
        format!(
            "2026-03-29 02:30:00,000 1 INFO {name} odoo.addons.base.models.res_users: Login failed for db:{name} login:admin from 192.0.2.7 \n\
             2026-03-29 03:30:00,000 1 INFO {name} odoo.addons.base.models.res_users: Login failed for db:{name} login:admin from 192.0.2.7 \n"
        ),
    )
    .unwrap();
    let out = odoo_access(home.path())
        .env("TZ", "Europe/Brussels")
        .args(["logins", "-d", name, "--format", "json", "--since", "1000d"])
        .args(["--odoo-log", log.to_str().unwrap()])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    let failures: Vec<i64> = rows_of(&doc, "server_log")
        .iter()
        .map(|r| r["failures"].as_i64().unwrap())
        .collect();
    assert_eq!(failures, [1], "the 03:30 line only");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 login line(s) could not be understood"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_missing_log_file_is_reported_before_any_database_work() {
    let home = tempfile::tempdir().unwrap();
    // The database does not exist either: the file is checked first.
    let out = odoo_access(home.path())
        .args([
            "logins",
            "-d",
            "oa_no_such_database",
            "--odoo-log",
            "/nonexistent/odoo.log",
        ])
        .output()
        .unwrap();
    common::assert_exit(&out, 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/odoo.log"));
}

#[test]
fn the_audit_role_counts_web_sessions_through_its_view() {
    // The audit role may not read res_device_log.session_identifier (half a session id): its
    // view gives an md5 instead, and the sessions count the same.
    let name = unique("devicesview");
    let audit = common::TestRole::created_elsewhere(&format!("{name}_audit"));
    let db = TestDb::odoo(18, &name);
    db.install_roles(&audit.name, None);
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", &audit.name)
        .args([
            "logins", "-d", &db.name, "--format", "json", "--since", "7d",
        ])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    let devices: Vec<(&str, &str, i64)> = rows_of(&doc, "res_device_log")
        .iter()
        .map(|r| {
            (
                r["login"].as_str().unwrap(),
                r["ip"].as_str().unwrap(),
                r["successes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        devices,
        [
            ("admin", "192.0.2.10", 1),
            ("alice", "192.0.2.11", 1),
            ("carol", "198.51.100.7", 1)
        ]
    );
}

/// `--rpc-usage`: the calls of an Odoo 19 log (its werkzeug request lines, with the
/// deprecation warning 19 writes for each XML-RPC and JSON-RPC call) counted per database,
/// address, endpoint, model and method; plain and gzip alike; no database is read.
#[test]
fn rpc_usage_counts_the_calls_of_the_log() {
    let request = |minutes_ago: i64, db: &str, address: &str, path: &str| {
        let at = chrono::Local::now() - chrono::Duration::minutes(minutes_ago);
        format!(
            "{} 9001 INFO {db} werkzeug: {address} - - [{}] \"POST {path} HTTP/1.1\" 200 - 3 0.002 0.010\n{} 9001 WARNING {db} odoo.addons.rpc.controllers.xmlrpc: The /xmlrpc, /xmlrpc/2 and /jsonrpc endpoints are deprecated in Odoo 19 and scheduled for removal in Odoo 20.\n",
            at.format("%Y-%m-%d %H:%M:%S,123"),
            at.format("%d/%b/%Y %H:%M:%S"),
            at.format("%Y-%m-%d %H:%M:%S,124"),
        )
    };
    let mut log = String::new();
    for i in 0..5 {
        log += &request(
            10 + i,
            "prod",
            "192.0.2.7",
            "/xmlrpc/2/object#res.partner.search_read",
        );
    }
    log += &request(30, "prod", "192.0.2.7", "/xmlrpc/2/common");
    log += &request(31, "?", "192.0.2.8", "/xmlrpc/2/common");
    log += &request(32, "staging", "192.0.2.9", "/jsonrpc");
    log += &request(33, "prod", "192.0.2.9", "/json/2/sale.order/search_read");
    log += &request(60 * 24 * 30, "prod", "192.0.2.7", "/jsonrpc"); // outside the window
    let home = tempfile::tempdir().unwrap();
    let plain = home.path().join("odoo.log");
    std::fs::write(&plain, &log).unwrap();
    let gzip = home.path().join("odoo.log.1.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gzip).unwrap(),
        flate2::Compression::default(),
    );
    encoder.write_all(log.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let usage = |file: &Path, extra: &[&str]| {
        let out = odoo_access(home.path())
            .env("PGPORT", "1") // no server: none is needed
            .args([
                "logins",
                "--rpc-usage",
                "--odoo-log",
                file.to_str().unwrap(),
                "--format",
                "json",
            ])
            .args(extra)
            .output()
            .unwrap();
        let doc = common::json_doc(&out, 0);
        let rows: Vec<String> = doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {} {} {}",
                    r["database"], r["address"], r["endpoint"], r["model"], r["method"], r["calls"]
                )
            })
            .collect();
        rows
    };
    let expected = [
        r#"null "192.0.2.8" "xml-rpc" null null 1"#,
        r#""prod" "192.0.2.7" "xml-rpc" null null 1"#,
        r#""prod" "192.0.2.7" "xml-rpc" "res.partner" "search_read" 5"#,
        r#""prod" "192.0.2.9" "json-2" "sale.order" "search_read" 1"#,
        r#""staging" "192.0.2.9" "json-rpc" null null 1"#,
    ];
    assert_eq!(usage(&plain, &[]), expected);
    assert_eq!(usage(&gzip, &[]), expected);
    assert_eq!(usage(&plain, &["-d", "staging"]), expected[4..]);

    // A request line cut short is not counted, and said so.
    let cut = request(5, "prod", "192.0.2.7", "/xmlrpc/2/object#res.partner.read");
    let cut = &cut[..cut.find(" werkzeug: ").unwrap() + " werkzeug: 192.0.2.7 - - [".len()];
    std::fs::write(&plain, format!("{log}{cut}\"POST /xmlrpc\n")).unwrap();
    assert_eq!(usage(&plain, &[]), expected);
    // What `--rpc-usage` says on standard error, with `extra` arguments (and a time zone).
    let said = |tz: Option<&str>, extra: &[&str]| {
        let mut command = odoo_access(home.path());
        if let Some(tz) = tz {
            command.env("TZ", tz);
        }
        let out = command
            .env("PGPORT", "1")
            .args(["logins", "--rpc-usage", "--odoo-log"])
            .arg(&plain)
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = said(None, &[]);
    assert!(
        stderr.contains("1 RPC request line(s) could not be understood"),
        "{stderr}"
    );

    // So is one stamped with a local time the clock never showed (Brussels skipped 02:00-03:00
    // on 2026-03-29).
    let gap = "2026-03-29 02:30:00,123 9001 INFO prod werkzeug: 192.0.2.7 - - [29/Mar/2026 02:30:00] \"POST /xmlrpc/2/common HTTP/1.1\" 200 - 3 0.002 0.010\n";
    std::fs::write(&plain, format!("{log}{gap}")).unwrap();
    let stderr = said(Some("Europe/Brussels"), &["--since", "1000d"]);
    assert!(
        stderr.contains("1 RPC request line(s) could not be understood"),
        "{stderr}"
    );
}
