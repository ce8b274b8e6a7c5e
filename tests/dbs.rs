//! `odoo-access dbs` against real Odoo 14–19 schemas.

mod common;

use common::{assert_exit, assert_no_secrets, odoo_access, unique, TestDb, TestRole, VERSIONS};
use serde_json::Value;

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// `dbs --format json` over the databases whose names start with `prefix`, with `extra` args.
fn dbs_json(mut cmd: assert_cmd::Command, prefix: &str, extra: &[&str]) -> std::process::Output {
    cmd.args([
        "dbs",
        "--format",
        "json",
        "--dbfilter",
        &format!("^{prefix}_"),
    ])
    .args(extra)
    .output()
    .unwrap()
}

/// One database per fixture version, all sharing a prefix for --dbfilter.
fn fleet(tag: &str) -> (String, Vec<TestDb>) {
    let prefix = unique(tag);
    let dbs = VERSIONS
        .iter()
        .map(|v| TestDb::odoo(*v, &format!("{prefix}_v{v}")))
        .collect();
    (prefix, dbs)
}

#[test]
fn json_lists_every_fixture_database_with_its_version_and_counts() {
    let home = tempfile::tempdir().unwrap();
    let (prefix, dbs) = fleet("json");
    let out = dbs_json(odoo_access(home.path()), &prefix, &[]);
    assert_exit(&out, 0);
    assert_no_secrets(&out);
    let doc = json(&out);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["command"], "dbs");
    assert!(doc["generated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(doc["skipped"], Value::Array(vec![]));
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for ((row, v), db) in rows.iter().zip(VERSIONS).zip(&dbs) {
        assert_eq!(row["database"], format!("{prefix}_v{v}"));
        // The size PostgreSQL gives, as psql's \l+ shows it (autovacuum may add a page or two
        // between the two readings).
        let size: i64 = db
            .scalar("SELECT pg_database_size(current_database())::text")
            .unwrap()
            .parse()
            .unwrap();
        let shown = row["size_bytes"].as_i64().unwrap();
        assert!((shown - size).abs() < 1 << 20, "{v}: {shown} vs {size}");
        assert_eq!(row["odoo"], true);
        assert_eq!(row["version"], format!("{v}.0.1.3"));
        // admin, alice, carol, svc, dave are active internal users; pat is the portal user.
        assert_eq!(row["internal_users"], 5, "{v}");
        assert_eq!(row["portal_users"], 1, "{v}");
        // 11 keys on every version; the 14.0 trusted-browser row is not counted.
        assert_eq!(row["api_keys"], 11, "{v}");
        assert_eq!(row["owner"], common::server().user.as_str());
    }
    // Version-specific settings planted in the fixtures.
    let by = |v: u32| &rows[VERSIONS.iter().position(|x| *x == v).unwrap()];
    assert_eq!(by(14)["enterprise_code"], true);
    assert_eq!(by(18)["enterprise_code"], false);
    assert_eq!(by(16)["expired"], false);
    assert!(by(16)["expiration_date"].as_str().unwrap().ends_with('Z'));
    assert_eq!(by(17)["expired"], true);
    assert_eq!(by(18)["expiration_date"], Value::Null);
    assert_eq!(by(17)["totp_policy"], "employee_required");
    assert_eq!(by(17)["totp_policy_enforced"], true);
    // Set on 15 but auth_totp_mail_enforce is not installed there: not enforced.
    assert_eq!(by(15)["totp_policy"], "employee_required");
    assert_eq!(by(15)["totp_policy_enforced"], false);
    assert_eq!(by(19)["totp_policy"], "off");
}

#[test]
fn csv_and_table_show_the_same_databases() {
    let home = tempfile::tempdir().unwrap();
    let (prefix, _dbs) = fleet("csv");
    let filter = format!("^{prefix}_");
    let out = odoo_access(home.path())
        .args(["dbs", "--format", "csv", "--dbfilter", &filter])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_no_secrets(&out);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "database");
    assert_eq!(&headers[3], "version");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 6);
    for (record, v) in records.iter().zip(VERSIONS) {
        assert_eq!(&record[3], format!("{v}.0.1.3"));
    }
    let expiry = headers.iter().position(|h| h == "expiration_date").unwrap();
    assert_eq!(&records[4][expiry], "never", "18 has no expiration date");

    let out = odoo_access(home.path())
        .args(["dbs", "--dbfilter", &filter])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    for v in VERSIONS {
        assert!(table.contains(&format!("{prefix}_v{v}")), "{table}");
        assert!(table.contains(&format!("{v}.0.1.3")));
    }
}

#[test]
fn non_odoo_databases_show_only_with_all_and_are_refused_by_name() {
    let home = tempfile::tempdir().unwrap();
    let prefix = unique("all");
    let _odoo = TestDb::odoo(18, &format!("{prefix}_odoo"));
    let plain = TestDb::empty(&format!("{prefix}_plain"));
    let filter = format!("^{prefix}_");
    let listed = |extra: &[&str]| {
        let out = dbs_json(odoo_access(home.path()), &prefix, extra);
        assert_eq!(out.status.code(), Some(0));
        json(&out)["rows"].as_array().unwrap().clone()
    };
    assert_eq!(listed(&[]).len(), 1);
    let all = listed(&["--all"]);
    assert_eq!(all.len(), 2);
    let row = all
        .iter()
        .find(|r| r["database"] == plain.name.as_str())
        .unwrap();
    assert_eq!(row["odoo"], false);
    assert_eq!(row["version"], Value::Null);
    assert!(row["size_bytes"].as_i64().unwrap() > 0);

    // In CSV a value that does not apply is N/A, not empty.
    let out = odoo_access(home.path())
        .args(["dbs", "--all", "--format", "csv", "--dbfilter", &filter])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with(&plain.name)).unwrap();
    assert!(line.contains(",false,N/A,N/A,"), "{line}");

    let out = odoo_access(home.path())
        .args(["dbs", "--format", "json", "-d", &plain.name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    assert!(out.stdout.is_empty(), "an error leaves stdout empty");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("not an Odoo database") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn an_odoo_older_than_14_is_listed_but_refused_by_name() {
    let home = tempfile::tempdir().unwrap();
    let old = TestDb::empty(&unique("odoo13"));
    old.execute(
        "CREATE TABLE ir_module_module (id serial, name varchar NOT NULL, state varchar, latest_version varchar);
         INSERT INTO ir_module_module (name, state, latest_version) VALUES ('base', 'installed', '13.0.1.3');",
    );
    let out = odoo_access(home.path())
        .args([
            "dbs",
            "--format",
            "json",
            "--dbfilter",
            &format!("^{}$", old.name),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let row = &json(&out)["rows"][0];
    assert_eq!(row["odoo"], true);
    assert_eq!(row["version"], "13.0.1.3");
    assert_eq!(row["api_keys"], Value::Null);

    let out = odoo_access(home.path())
        .args(["dbs", "-d", &old.name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    assert!(out.stdout.is_empty(), "an error leaves stdout empty");
    assert!(String::from_utf8_lossy(&out.stderr).contains("older than 14"));
}

#[test]
fn one_database_by_name_and_a_missing_one() {
    let home = tempfile::tempdir().unwrap();
    let db = TestDb::odoo(17, &unique("one"));
    let out = odoo_access(home.path())
        .args(["dbs", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rows = json(&out)["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["version"], "17.0.1.3");

    let out = odoo_access(home.path())
        .args(["dbs", "-d", "oa_no_such_database"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("does not exist") && err.contains("odoo-access dbs"),
        "{err}"
    );
}

#[test]
fn a_database_the_role_may_not_connect_to_is_skipped_with_its_reason() {
    let home = tempfile::tempdir().unwrap();
    let prefix = unique("noconn");
    let role = TestRole::new(&format!("{prefix}_auditor"), "");
    let open = TestDb::odoo(16, &format!("{prefix}_open"));
    let closed = TestDb::odoo(16, &format!("{prefix}_closed"));
    common::server().admin(&format!(
        "REVOKE CONNECT ON DATABASE \"{c}\" FROM PUBLIC;
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{r}\";",
        c = closed.name,
        r = role.name
    ));
    open.execute(&format!(
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{}\"",
        role.name
    ));
    let mut as_role = odoo_access(home.path());
    as_role.env("PGUSER", &role.name);
    let out = dbs_json(as_role, &prefix, &[]);
    assert_exit(&out, 3);
    let doc = json(&out);
    assert_eq!(doc["rows"].as_array().unwrap().len(), 1);
    assert_eq!(doc["rows"][0]["database"], open.name.as_str());
    assert_eq!(doc["skipped"][0]["database"], closed.name.as_str());
    assert!(doc["skipped"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("CONNECT"));

    // In table mode the skipped database is reported on stderr.
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args(["dbs", "--dbfilter", &format!("^{prefix}_")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&closed.name));

    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args(["dbs", "-d", &closed.name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(77));
}

#[test]
fn owner_filter_and_odoo_style_dbfilter() {
    let home = tempfile::tempdir().unwrap();
    let prefix = unique("owner");
    let role = TestRole::new(&format!("{prefix}_odoo"), "");
    let owned = TestDb::odoo(19, &format!("{prefix}_acme"));
    let _other = TestDb::odoo(19, &format!("{prefix}_globex"));
    common::server().admin(&format!(
        "ALTER DATABASE \"{}\" OWNER TO \"{}\"",
        owned.name, role.name
    ));
    let names = |args: &[&str]| -> Vec<String> {
        let out = odoo_access(home.path())
            .args(["dbs", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_exit(&out, 0);
        json(&out)["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["database"].as_str().unwrap().to_string())
            .collect()
    };
    let filter = format!("^{prefix}_");
    assert_eq!(
        names(&["--dbfilter", &filter, "--owner", &role.name]),
        vec![owned.name.clone()]
    );
    // %d is the first label of the web host, as in Odoo's dbfilter.
    let host = format!("{prefix}_acme.example.com");
    assert_eq!(
        names(&["--dbfilter", "^%d$", "--web-host", &host]),
        vec![owned.name.clone()]
    );
}

#[test]
fn output_file_is_written_whole_or_left_alone() {
    let home = tempfile::tempdir().unwrap();
    let db = TestDb::odoo(15, &unique("outfile"));
    let path = home.path().join("dbs.json");
    let out = odoo_access(home.path())
        .args(["dbs", "-d", &db.name, "--format", "json", "--output"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "data went to the file, not stdout");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc["rows"][0]["version"], "15.0.1.3");

    std::fs::write(&path, "previous report").unwrap();
    let out = odoo_access(home.path())
        .args([
            "dbs",
            "-d",
            "oa_no_such_database",
            "--format",
            "json",
            "--output",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_exit(&out, 66);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous report");
    let leftovers = std::fs::read_dir(home.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn no_format_ever_shows_a_secret() {
    let home = tempfile::tempdir().unwrap();
    let (prefix, _dbs) = fleet("secrets");
    for format in ["table", "csv", "json"] {
        let out = odoo_access(home.path())
            .args([
                "dbs",
                "--all",
                "-v",
                "--format",
                format,
                "--dbfilter",
                &format!("^{prefix}_"),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_no_secrets(&out);
    }
}

#[test]
fn a_statement_stuck_behind_a_lock_times_out_with_75() {
    let db = TestDb::odoo(18, &unique("timeout"));
    let name = db.name.clone();
    common::runtime().block_on(async {
        let locker = common::server()
            .in_transaction(&name, "LOCK TABLE res_users IN ACCESS EXCLUSIVE MODE")
            .await;
        let args = ["dbs", "-d", &name, "--statement-timeout", "1s"];
        let out = common::in_background(args).await.unwrap();
        assert_exit(&out, 75);
        assert!(String::from_utf8_lossy(&out.stderr).contains("--statement-timeout"));
        locker.batch_execute("ROLLBACK").await.unwrap();
    });
}

#[test]
fn every_command_ends_its_connections_properly() {
    // A session the runtime cuts off at exit shows in the server's log as "unexpected EOF on
    // client connection" and counts in pg_stat_database.sessions_abandoned.
    let db = TestDb::odoo(18, &unique("goodbye"));
    let home = tempfile::tempdir().unwrap();
    for command in ["users", "keys", "logins", "report"] {
        for _ in 0..3 {
            odoo_access(home.path())
                .args([command, "-d", &db.name, "--format", "json"])
                .output()
                .unwrap();
        }
    }
    let abandoned = common::runtime().block_on(async {
        let monitor = common::server().connect("postgres").await.unwrap();
        monitor
            .query_one(
                "SELECT sessions_abandoned FROM pg_stat_database WHERE datname = $1",
                &[&db.name],
            )
            .await
            .unwrap()
            .get::<_, i64>(0)
    });
    assert_eq!(abandoned, 0);
}

/// A role that may read no ir_config_parameter (neither the table nor the audit role's view)
/// sees the expiry, the 2FA policy and the enterprise code as unknown, and is told why: not
/// "never expires", not "no policy".
#[test]
fn parameters_a_role_may_not_read_are_unknown_not_absent() {
    let home = tempfile::tempdir().unwrap();
    let name = unique("noparams");
    let role = TestRole::new(&format!("{name}_r"), "");
    let db = TestDb::odoo(18, &name);
    db.execute(&format!(
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{r}\";
         REVOKE SELECT ON ir_config_parameter FROM \"{r}\";",
        r = role.name
    ));
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args(["dbs", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let row = &json(&out)["rows"][0];
    for column in [
        "expiration_date",
        "expired",
        "totp_policy",
        "totp_policy_enforced",
    ] {
        assert_eq!(row[column], Value::Null, "{column}");
    }
    assert_eq!(row["api_keys"], 11, "the rest is read");
    assert!(String::from_utf8_lossy(&out.stderr).contains("may read no ir_config_parameter"));
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args(["dbs", "-d", &db.name, "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text.lines().nth(1).unwrap();
    assert!(
        // password_policy is N/A: no password_security, whatever the parameters say.
        row.contains(",unknown,unknown,unknown,unknown,N/A,unknown,"),
        "{row}"
    );
}
