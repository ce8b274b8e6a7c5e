//! Fleet mode and `odoo-access report`: many databases, skipped ones, findings, exit codes.

mod common;

use common::{assert_exit, json_doc, odoo_access, unique, write_file, TestDb, TestRole, VERSIONS};
use serde_json::Value;

/// (severity, finding, object) of one database's findings.
fn findings_of<'a>(doc: &'a Value, database: &str) -> Vec<(&'a str, &'a str, &'a str)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["database"] == database)
        .map(|f| {
            (
                f["severity"].as_str().unwrap(),
                f["finding"].as_str().unwrap(),
                f["object"].as_str().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_audit_role_reports_on_a_fleet_and_skips_what_it_cannot_audit() {
    let prefix = unique("fleet");
    let role = TestRole::created_elsewhere(&format!("{prefix}_audit"));
    let odoo: Vec<TestDb> = VERSIONS
        .iter()
        .map(|v| TestDb::odoo(*v, &format!("{prefix}_v{v}")))
        .collect();
    for db in &odoo {
        db.install_roles(&role.name, None);
    }
    let plain = TestDb::empty(&format!("{prefix}_plain"));
    let closed = TestDb::odoo(18, &format!("{prefix}_closed"));
    common::server().admin(&format!(
        "REVOKE CONNECT ON DATABASE \"{}\" FROM PUBLIC",
        closed.name
    ));

    let home = tempfile::tempdir().unwrap();
    let run = || {
        odoo_access(home.path())
            .env("PGUSER", &role.name)
            .args([
                "report",
                "--dbfilter",
                &format!("^{prefix}_"),
                "--format",
                "json",
                "--jobs",
                "3",
            ])
            .output()
            .unwrap()
    };
    // Critical findings outrank the skipped databases: 2, like a CRITICAL monitoring check.
    let out = run();
    let doc = json_doc(&out, 2);
    assert_eq!(doc["command"], "report");
    assert_eq!(doc["summary"]["databases"], 6);
    assert_eq!(doc["summary"]["skipped"], 1, "the database without CONNECT");
    assert_eq!(doc["not_odoo"], serde_json::json!([plain.name]));
    let skipped: Vec<(&str, &str)> = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["database"].as_str().unwrap(),
                s["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].0, closed.name);
    assert!(skipped[0].1.contains("CONNECT"), "{}", skipped[0].1);

    for (v, db) in VERSIONS.iter().zip(&odoo) {
        let found = findings_of(&doc, &db.name);
        let has = |severity: &str, finding: &str, object: &str| {
            found.contains(&(severity, finding, object))
        };
        assert!(
            has("critical", "dormant-key", "#8 bob persistent (bob)"),
            "{v}: {found:?}"
        );
        assert!(
            has(
                "critical",
                "portal-key",
                "#13 pat portal 1d (no sudo) (pat)"
            ),
            "{v}"
        );
        assert!(has("critical", "admin-password-rpc", "admin"), "{v}");
        assert!(
            !found
                .iter()
                .any(|f| f.1 == "admin-password-rpc" && f.2 == "alice"),
            "alice has TOTP"
        );
        // Through the audit role's view: the role itself cannot read passwords.
        assert!(has("critical", "plaintext-password", "dave"), "{v}");
        assert_eq!(
            has("critical", "database-expired", &db.name),
            *v == 17,
            "{v}"
        );
        assert_eq!(
            found.iter().any(|f| f.1 == "persistent-key"),
            *v >= 18,
            "{v}: keys expire from 18"
        );
        assert!(
            has(
                "warning",
                "old-key",
                "#1 admin persistent (web wizard) (admin)"
            ),
            "{v}"
        );
        assert!(has("warning", "stale-user-with-keys", "svc"), "{v}");
        assert!(
            !found
                .iter()
                .any(|f| f.1 == "stale-user-with-keys" && f.2 == "carol"),
            "carol logged in today"
        );
        assert_eq!(
            has(
                "warning",
                "expiring-key",
                "#13 pat portal 1d (no sudo) (pat)"
            ),
            *v >= 18,
            "{v}"
        );
        // 2FA policy: 14 cannot enforce one; 17 enforces it; 15, 16, 18 and 19 could but do not.
        assert_eq!(
            has("warning", "2fa-not-enforced", &db.name),
            ![14, 17].contains(v),
            "{v}"
        );
        assert!(
            found.iter().any(|f| f.0 == "info" && f.1 == "totals"),
            "{v}"
        );
    }

    // Stable output whatever the completion order.
    let again = json_doc(&run(), 2);
    assert_eq!(doc["findings"], again["findings"]);
    assert_eq!(doc["skipped"], again["skipped"]);

    // CSV: one finding per row; skipped databases on stderr.
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args([
            "report",
            "--dbfilter",
            &format!("^{prefix}_"),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "database",
            "severity",
            "finding",
            "object_type",
            "object",
            "detail",
            "object_id",
            "fingerprint",
            "change",
            "waived"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The envelope's members follow the findings: the summary, and the databases audited.
    let (summary, findings): (Vec<_>, Vec<_>) = records
        .iter()
        .partition(|r| r[0].starts_with("summary.") || &r[0] == "audited");
    let audited: Vec<&str> = summary
        .iter()
        .filter(|r| &r[0] == "audited")
        .map(|r| &r[1])
        .collect();
    // Six databases, then "" for the run's own findings (the cluster beneath them).
    assert_eq!(audited.len(), 7, "{audited:?}");
    assert_eq!(audited[6], "", "{audited:?}");
    assert_eq!(findings.len(), doc["findings"].as_array().unwrap().len());
    // The envelope's summary follows the findings, member by member, as in JSON.
    let member = |name: &str| {
        summary
            .iter()
            .find(|r| &r[0] == name)
            .map(|r| r[1].to_string())
    };
    assert_eq!(
        member("summary.critical"),
        Some(doc["summary"]["critical"].to_string())
    );
    assert_eq!(member("summary.fail_on").as_deref(), Some("critical"));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&closed.name));
}

#[test]
fn list_commands_work_on_a_fleet_in_database_order() {
    let prefix = unique("fleetkeys");
    let dbs: Vec<TestDb> = [19, 14, 16]
        .iter()
        .map(|v| TestDb::odoo(*v, &format!("{prefix}_v{v}")))
        .collect();
    let home = tempfile::tempdir().unwrap();
    let filter = format!("^{prefix}_");
    let out = odoo_access(home.path())
        .args([
            "keys",
            "--dbfilter",
            &filter,
            "--status",
            "dormant",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc = json_doc(&out, 0);
    let got: Vec<(String, i64)> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["database"].as_str().unwrap().to_string(),
                r["id"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut names: Vec<String> = dbs.iter().map(|d| d.name.clone()).collect();
    names.sort();
    assert_eq!(
        got,
        names.iter().map(|n| (n.clone(), 8)).collect::<Vec<_>>()
    );

    for command in ["users", "logins"] {
        let out = odoo_access(home.path())
            .args([command, "--dbfilter", &filter, "--format", "json"])
            .output()
            .unwrap();
        let doc = json_doc(&out, 0);
        let databases: Vec<&str> = doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["database"].as_str().unwrap())
            .collect();
        let mut sorted = databases.clone();
        sorted.sort();
        assert_eq!(databases, sorted, "{command}");
        assert_eq!(
            databases
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            3,
            "{command}"
        );
    }

    // A database that is not Odoo is a note, not a skip: --all-dbs means every Odoo
    // database, so a cluster's `postgres`-like databases never make a nightly run partial.
    let _plain = TestDb::empty(&format!("{prefix}_zz"));
    let out = odoo_access(home.path())
        .args([
            "users",
            "--all-dbs",
            "--dbfilter",
            &filter,
            "--format",
            "json",
            "--admins",
        ])
        .output()
        .unwrap();
    let doc = json_doc(&out, 0);
    assert_eq!(
        doc["rows"].as_array().unwrap().len(),
        6,
        "__system__ and admin of 3 databases"
    );
    assert_eq!(doc["skipped"].as_array().unwrap().len(), 0);
    assert_eq!(doc["not_odoo"], serde_json::json!([format!("{prefix}_zz")]));
    let out = odoo_access(home.path())
        .args(["users", "--dbfilter", &filter, "--format", "csv"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not Odoo 14+ databases"));

    // A --dbfilter that selects no Odoo database is an error that names it (a typo in a cron
    // line must not stay green), also when it selects only databases that are not Odoo.
    for typo in [format!("^{prefix}_nope"), format!("^{prefix}_zz")] {
        for args in [
            vec!["users"],
            vec!["keys"],
            vec!["report"],
            vec!["logins"],
            vec!["revoke", "--all-keys"],
        ] {
            let command = args[0];
            let out = odoo_access(home.path())
                .args(&args)
                .args(["--dbfilter", &typo])
                .output()
                .unwrap();
            assert_exit(&out, 66);
            assert!(
                String::from_utf8_lossy(&out.stderr).contains(&typo),
                "{command}"
            );
        }
    }

    let out = odoo_access(home.path())
        .args(["keys", "--all-dbs", "-d", &dbs[0].name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn report_exit_codes_follow_the_monitoring_convention() {
    // Owned by a role without superuser, as Odoo's own install guide makes it: otherwise
    // odoo-role-superuser is critical.
    let name = unique("exitcodes");
    let owner = TestRole::new(&format!("{name}_owner"), "NOSUPERUSER");
    let db = TestDb::odoo(18, &name);
    common::server().admin(&format!(
        "ALTER DATABASE \"{}\" OWNER TO \"{}\"",
        db.name, owner.name
    ));
    // Make it clean of critical findings: no dormant or portal key, no plaintext password,
    // and the admin gets TOTP.
    db.execute(
        "DELETE FROM res_users_apikeys WHERE id IN (8, 13);
         UPDATE res_users SET password = NULL WHERE login = 'dave';
         UPDATE res_users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE login = 'admin';",
    );
    let home = tempfile::tempdir().unwrap();
    let report = |extra: &[&str]| {
        odoo_access(home.path())
            .args(["report", "-d", &db.name, "--format", "json"])
            .args(extra)
            .output()
            .unwrap()
    };
    let doc = json_doc(&report(&[]), 0);
    assert_eq!(doc["summary"]["critical"], 0);
    assert!(doc["summary"]["warning"].as_i64().unwrap() > 0);
    json_doc(&report(&["--fail-on", "warning"]), 1);

    let config = home.path().join("odoo-access.toml");
    write_file(
        &config,
        "fail_on = \"warning\"\nmax_age = \"400d\"\n",
        0o644,
    );
    let doc = json_doc(&report(&["--config", config.to_str().unwrap()]), 1);
    assert_eq!(doc["summary"]["fail_on"], "warning");
    assert!(
        !doc["findings"].to_string().contains("old-key"),
        "max_age from the file"
    );
    // Flags beat the file.
    let doc = json_doc(
        &report(&[
            "--config",
            config.to_str().unwrap(),
            "--max-age",
            "90d",
            "--fail-on",
            "critical",
        ]),
        0,
    );
    assert!(doc["findings"].to_string().contains("old-key"));

    write_file(&config, "max_age = 90\n", 0o644);
    assert_eq!(
        report(&["--config", config.to_str().unwrap()])
            .status
            .code(),
        Some(78)
    );
    assert_eq!(report(&["--max-age", "90"]).status.code(), Some(64));

    // Portal keys are a warning, not critical, where Odoo allows them.
    let portal = TestDb::odoo(16, &unique("portalkeys"));
    portal.execute(
        "INSERT INTO ir_config_parameter (key, value) VALUES ('portal.allow_api_keys', 'True')",
    );
    let out = odoo_access(home.path())
        .args(["report", "-d", &portal.name, "--format", "json"])
        .output()
        .unwrap();
    let doc = json_doc(&out, 2);
    assert!(findings_of(&doc, &portal.name).contains(&(
        "warning",
        "portal-key",
        "#13 pat portal 1d (no sudo) (pat)"
    )));
}

#[test]
fn a_query_stuck_behind_a_lock_is_reported_not_the_queries_refused_after_it() {
    // A report's queries go out together. The first waits for a table Odoo has locked until
    // the statement timeout cancels it; the server then refuses the five queued behind it
    // ("current transaction is aborted"). The cause is what the admin must see.
    let db = TestDb::odoo(18, &unique("echo"));
    let name = db.name.clone();
    common::runtime().block_on(async {
        let odoo = common::server()
            .in_transaction(
                &name,
                "LOCK TABLE ir_config_parameter IN ACCESS EXCLUSIVE MODE",
            )
            .await;
        let args = ["report", "-d", &name, "--statement-timeout", "1s"];
        let out = common::in_background(args).await.unwrap();
        assert_exit(&out, 75);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("statement timeout"), "{stderr}");
        assert!(!stderr.contains("aborted"), "{stderr}");
        odoo.batch_execute("ROLLBACK").await.unwrap();
    });
}

#[test]
fn a_database_stuck_behind_a_lock_does_not_hold_up_the_ones_after_it() {
    // Two at a time; the first database waits for a table Odoo has locked. The third must
    // still be audited meanwhile: a finished database frees its slot even while one before
    // it in the output order is still running.
    let prefix = unique("slot");
    let stuck = TestDb::odoo(18, &format!("{prefix}_a"));
    let _quick = TestDb::odoo(17, &format!("{prefix}_b"));
    let after = TestDb::odoo(16, &format!("{prefix}_c"));
    common::runtime().block_on(async {
        let server = common::server();
        let odoo = server
            .in_transaction(
                &stuck.name,
                "LOCK TABLE ir_config_parameter IN ACCESS EXCLUSIVE MODE",
            )
            .await;
        let stats = server.connect("postgres").await.unwrap();
        let sessions = |rows: Vec<tokio_postgres::Row>| rows[0].get::<_, i64>(0);
        let query = "SELECT sessions FROM pg_catalog.pg_stat_database WHERE datname = $1";
        let before = sessions(stats.query(query, &[&after.name]).await.unwrap());
        let filter = format!("^{prefix}_");
        let args = [
            "report",
            "--dbfilter",
            &filter,
            "--jobs",
            "2",
            "--format",
            "json",
        ];
        let report = common::in_background(args);
        let started = std::time::Instant::now();
        let mut audited = false;
        while !audited && started.elapsed() < std::time::Duration::from_secs(20) {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            audited = sessions(stats.query(query, &[&after.name]).await.unwrap()) > before;
        }
        odoo.batch_execute("ROLLBACK").await.unwrap();
        let out = report.await.unwrap();
        assert!(
            audited,
            "{} was not audited while {} waited",
            after.name, stuck.name
        );
        let doc = json_doc(&out, out.status.code().unwrap_or(-1));
        assert!(doc["skipped"].as_array().unwrap().is_empty(), "{doc}");
    });
}

#[test]
fn report_findings_are_in_key_id_order() {
    let db = TestDb::odoo(17, &unique("findingorder"));
    db.execute(
        "INSERT INTO public.res_users_apikeys (id, name, user_id, index, key)
         VALUES (30, 'bob second', 7, 'aaaaaaaa', 'x'), (100, 'bob third', 7, 'bbbbbbbb', 'x')",
    );
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["report", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let doc = json_doc(&out, 2);
    let dormant: Vec<&str> = findings_of(&doc, &db.name)
        .into_iter()
        .filter(|f| f.1 == "dormant-key")
        .map(|f| f.2)
        .collect();
    assert_eq!(
        dormant,
        [
            "#8 bob persistent (bob)",
            "#30 bob second (bob)",
            "#100 bob third (bob)"
        ]
    );
}

/// A slow database (held by a lock) neither reorders the output nor makes the databases done
/// after it pile up in memory: with a window smaller than one row, their rows wait in the
/// temporary file and come out in database order, as a run without the lock prints them.
#[test]
fn a_slow_first_database_keeps_the_order_while_the_others_wait_on_disk() {
    let prefix = unique("window");
    let databases: Vec<TestDb> = [18, 17, 16, 19]
        .iter()
        .enumerate()
        .map(|(i, v)| TestDb::odoo(*v, &format!("{prefix}_{i}")))
        .collect();
    let filter = format!("^{prefix}_");
    let home = tempfile::tempdir().unwrap();
    let run = move |window: Option<&str>| {
        let mut cmd = common::odoo_access_process(home.path());
        cmd.args(["users", "--dbfilter", &filter, "--jobs", "2"])
            .args(["--format", "csv", "-v"]);
        if let Some(window) = window {
            cmd.env("ODOO_ACCESS_FLEET_WINDOW", window);
        }
        cmd.output().unwrap()
    };
    let run = std::sync::Arc::new(run);
    let expected = run(None);
    assert_exit(&expected, 0);
    assert!(!String::from_utf8_lossy(&expected.stderr).contains("temporary file"));
    let lines = String::from_utf8_lossy(&expected.stdout).into_owned();
    let order: Vec<&str> = lines
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "database order");
    assert_eq!(order.first(), Some(&databases[0].name.as_str()));

    let out = common::runtime().block_on(async {
        let server = common::server();
        let odoo = server
            .in_transaction(
                &databases[0].name,
                "LOCK TABLE res_users IN ACCESS EXCLUSIVE MODE",
            )
            .await;
        let stats = server.connect("postgres").await.unwrap();
        let count = |sql: &str, names: Vec<String>| {
            let stats = &stats;
            let sql = sql.to_string();
            async move {
                let row = stats.query_one(&sql, &[&names]).await.unwrap();
                row.get::<_, i64>(0)
            }
        };
        let others: Vec<String> = databases[1..].iter().map(|d| d.name.clone()).collect();
        let sessions = "SELECT coalesce(sum(sessions), 0)::bigint FROM pg_catalog.pg_stat_database WHERE datname = ANY($1)";
        let open = "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = ANY($1) AND application_name = 'odoo-access'";
        let before = count(sessions, others.clone()).await;
        let background = run.clone();
        let report = tokio::task::spawn_blocking(move || background(Some("100")));
        // The other three are done (visited, their connections closed) while the first waits.
        let started = std::time::Instant::now();
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            let visited = count(sessions, others.clone()).await - before >= 3;
            if visited && count(open, others.clone()).await == 0 {
                break;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "the databases after the locked one were not done meanwhile"
            );
        }
        odoo.batch_execute("ROLLBACK").await.unwrap();
        report.await.unwrap()
    });
    assert_exit(&out, 0);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        lines,
        "the same rows in the same order"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("waited for their turn in a temporary file"),
        "{err}"
    );
}
