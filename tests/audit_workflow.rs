//! Living with the audit (`report`): stable finding identities, waivers with a reason and an
//! end, run-to-run baselines, JSON lines, the checks' list, and the table people read.

mod common;

use common::{assert_exit, json_doc, odoo_access, unique, TestDb, TestRole};
use serde_json::Value;
use std::path::Path;

fn report(home: &Path, db: &TestDb, extra: &[&str]) -> std::process::Output {
    odoo_access(home)
        .args(["report", "-d", &db.name, "--format", "json"])
        .args(extra)
        .output()
        .unwrap()
}

/// The findings `finding` of a report, as (object_id, fingerprint, detail).
fn of(doc: &Value, finding: &str) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["finding"] == finding)
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap().to_string();
            (text("object_id"), text("fingerprint"), text("detail"))
        })
        .collect()
}

fn waivers(home: &Path, text: &str) -> String {
    let path = home.join("waivers.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn waiver(check: &str, object: &str, expires: &str) -> String {
    format!(
        "[[waiver]]\ncheck = \"{check}\"\nobject = \"{object}\"\nreason = \"accepted: {check}\"\nowner = \"sec@example.com\"\nexpires = {expires}\n\n"
    )
}

/// A date `days` from today (UTC), as a TOML date.
fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

#[test]
fn a_findings_identity_survives_its_dates_moving_and_names_its_object() {
    let db = TestDb::odoo(18, &unique("identity"));
    let home = tempfile::tempdir().unwrap();
    let before = json_doc(&report(home.path(), &db, &[]), 2);
    let admin = &of(&before, "admin-password-rpc")[0];
    assert_eq!(admin.0, "user:2:admin");
    assert_eq!(of(&before, "dormant-key")[0].0, "key:odoo:8");
    assert_eq!(of(&before, "totals")[0].0, format!("database:{}", db.name));
    let old = |doc: &Value| {
        of(doc, "old-key")
            .into_iter()
            .find(|(id, _, _)| id == "key:odoo:1")
            .unwrap()
    };
    // Ten days later the same problems have other ages, not other identities.
    db.shift_dates("-interval '10 days'");
    let after = json_doc(&report(home.path(), &db, &[]), 2);
    assert_ne!(old(&before).2, old(&after).2, "the age is in the detail");
    assert_eq!(old(&before).1, old(&after).1);
    assert_eq!(of(&after, "admin-password-rpc")[0].1, admin.1);
    // The same problem in another database is another finding.
    let twin = TestDb::odoo(18, &unique("identity_twin"));
    let other = json_doc(&report(home.path(), &twin, &[]), 2);
    assert_ne!(of(&other, "admin-password-rpc")[0].1, admin.1);
    let fingerprint = &admin.1;
    assert_eq!(fingerprint.len(), 16);
    assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn waived_findings_stay_marked_and_leave_the_exit_code() {
    let db = TestDb::odoo(18, &unique("waived"));
    let home = tempfile::tempdir().unwrap();
    let criticals = [
        "admin-password-rpc",
        "dormant-key",
        "plaintext-password",
        "portal-key",
        // The cluster's: the test server's superuser owns the database.
        "odoo-role-superuser",
    ];
    let mut text: String = criticals
        .iter()
        .map(|c| waiver(c, "*", &in_days(30)))
        .collect();
    let file = waivers(home.path(), &text);
    let doc = json_doc(&report(home.path(), &db, &["--waivers", &file]), 0);
    assert_eq!(doc["summary"]["critical"], 0);
    assert_eq!(doc["summary"]["waived"], 5);
    let admin = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["finding"] == "admin-password-rpc")
        .unwrap();
    assert_eq!(admin["severity"], "critical", "still shown as it is");
    assert_eq!(admin["waived"]["reason"], "accepted: admin-password-rpc");
    assert_eq!(admin["waived"]["owner"], "sec@example.com");
    assert_eq!(admin["waived"]["expires"], in_days(30));
    let unwaived = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["finding"] == "old-key")
        .unwrap();
    assert_eq!(unwaived["waived"], Value::Null);
    // Warnings still count where asked to.
    assert_exit(
        &report(
            home.path(),
            &db,
            &["--waivers", &file, "--fail-on", "warning"],
        ),
        1,
    );
    // A waiver for other databases covers nothing here.
    text = text.replace("expires", "database = \"elsewhere_*\"\nexpires");
    let file = waivers(home.path(), &text);
    let doc = json_doc(&report(home.path(), &db, &["--waivers", &file]), 2);
    assert_eq!(doc["summary"]["waived"], 0);
    // Metrics keep the waived ones apart.
    let file = waivers(
        home.path(),
        &waiver("dormant-key", "key:odoo:8", &in_days(3)),
    );
    let out = odoo_access(home.path())
        .args([
            "report",
            "-d",
            &db.name,
            "--format",
            "prometheus",
            "--waivers",
            &file,
        ])
        .output()
        .unwrap();
    let metrics = String::from_utf8(out.stdout).unwrap();
    assert!(
        metrics.contains("finding=\"dormant-key\",waived=\"true\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("finding=\"old-key\",waived=\"false\"}"));
}

#[test]
fn an_ended_waiver_counts_again_and_an_unused_one_is_noted() {
    let db = TestDb::odoo(17, &unique("waiverend"));
    let home = tempfile::tempdir().unwrap();
    let text = [
        waiver("admin-password-rpc", "user:2:admin", &in_days(0)),
        waiver("old-key", "key:odoo:9999", &in_days(10)),
    ]
    .concat();
    let file = waivers(home.path(), &text);
    let doc = json_doc(&report(home.path(), &db, &["--waivers", &file]), 2);
    let ended = of(&doc, "waiver-expired");
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].0, format!("waiver:{file}:1"));
    assert!(ended[0].2.contains("counts again"), "{}", ended[0].2);
    assert_eq!(
        doc["summary"]["waived"], 0,
        "an ended waiver applies no more"
    );
    let unused = of(&doc, "waiver-unused");
    assert_eq!(unused[0].0, format!("waiver:{file}:8"));
    let severity = |name: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["finding"] == name)
            .unwrap()["severity"]
            .clone()
    };
    assert_eq!(severity("waiver-expired"), "warning");
    assert_eq!(severity("waiver-unused"), "info");
    // Not audited, not unused: a waiver for databases the run did not look at says nothing.
    let text = waiver("old-key", "key:odoo:9999", &in_days(10))
        .replace("expires", "database = \"elsewhere\"\nexpires");
    let file = waivers(home.path(), &text);
    let doc = json_doc(&report(home.path(), &db, &["--waivers", &file]), 2);
    assert!(of(&doc, "waiver-unused").is_empty());
}

#[test]
fn a_bad_waiver_file_is_78_before_any_database_work() {
    let home = tempfile::tempdir().unwrap();
    for (text, said) in [
        (
            waiver("admin-pasword-rpc", "*", &in_days(3)),
            "line 1: unknown check `admin-pasword-rpc`",
        ),
        (waiver("old-key", "*", &in_days(400)), "more than 366 days"),
        (
            waiver("old-key", "*", &in_days(3)).replace("reason = \"accepted: old-key\"\n", ""),
            "`reason` is missing",
        ),
    ] {
        let file = waivers(home.path(), &text);
        // The database does not exist: the file is refused before that is found out.
        let out = odoo_access(home.path())
            .args(["report", "-d", "no_such_database_here", "--waivers", &file])
            .output()
            .unwrap();
        assert_exit(&out, 78);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&file) && stderr.contains(said), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // The thresholds' config names the waiver file, relative to itself.
    let db = TestDb::odoo(16, &unique("waiverconf"));
    waivers(
        home.path(),
        &waiver("admin-password-rpc", "user:2:admin", &in_days(9)),
    );
    let config = home.path().join("odoo-access.toml");
    std::fs::write(&config, "waivers = \"waivers.toml\"\n").unwrap();
    let config = config.display().to_string();
    let doc = json_doc(&report(home.path(), &db, &["--config", &config]), 2);
    assert_eq!(doc["summary"]["waived"], 1);
}

#[test]
fn the_baseline_marks_new_and_unchanged_and_resolves_only_what_was_audited_twice() {
    let prefix = unique("baseline");
    let role = TestRole::created_elsewhere(&format!("{prefix}_audit"));
    let a = TestDb::odoo(18, &format!("{prefix}_a"));
    let b = TestDb::odoo(17, &format!("{prefix}_b"));
    for db in [&a, &b] {
        db.install_roles(&role.name, None);
    }
    let home = tempfile::tempdir().unwrap();
    let last = home.path().join("last.json");
    let run_as = |format: &str, extra: &[&str]| {
        odoo_access(home.path())
            .env("PGUSER", &role.name)
            .args([
                "report",
                "--dbfilter",
                &format!("^{prefix}_"),
                "--format",
                format,
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let run = |extra: &[&str]| run_as("json", extra);
    let first = run(&[]);
    assert_exit(&first, 2);
    std::fs::write(&last, &first.stdout).unwrap();
    let last = last.display().to_string();

    // Nothing changed: critical findings, but none new.
    let same = json_doc(&run(&["--baseline", &last, "--fail-on-new", "warning"]), 0);
    assert_eq!(same["summary"]["new"], 0);
    assert_eq!(same["summary"]["resolved"], 0);
    assert!(same["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["change"] == "unchanged"));

    // A new warning only: --fail-on-new decides by it.
    a.execute(
        "UPDATE res_users_apikeys SET create_date = now() - interval '200 days' WHERE id = 9",
    );
    let doc = json_doc(&run(&["--baseline", &last, "--fail-on-new", "warning"]), 1);
    assert_eq!(doc["summary"]["new"], 1);
    let new: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["change"] == "new")
        .collect();
    assert_eq!(
        (new[0]["finding"].as_str(), new[0]["object_id"].as_str()),
        (Some("old-key"), Some("key:odoo:9"))
    );
    assert_exit(&run(&["--baseline", &last, "--fail-on-new", "critical"]), 0);

    // svc archived in a: its stale-user finding is resolved, its keys' dormancy new. b loses a
    // key and is skipped tonight: nothing of b is called resolved.
    a.execute("UPDATE res_users SET active = false WHERE login = 'svc'");
    b.execute("DELETE FROM res_users_apikeys WHERE id = 8");
    common::server().admin(&format!(
        "REVOKE CONNECT ON DATABASE \"{}\" FROM PUBLIC, \"{}\"",
        b.name, role.name
    ));
    let doc = json_doc(&run(&["--baseline", &last, "--fail-on-new", "critical"]), 2);
    assert_eq!(doc["summary"]["skipped"], 1);
    let resolved = doc["resolved"].as_array().unwrap();
    assert!(
        resolved.iter().all(|f| f["database"] == a.name.as_str()),
        "{resolved:?}"
    );
    assert!(resolved
        .iter()
        .any(|f| f["finding"] == "stale-user-with-keys" && f["object_id"] == "user:10:svc"));
    assert!(resolved.iter().all(|f| f["change"] == "resolved"));
    assert_eq!(doc["summary"]["resolved"], resolved.len());
    // CSV carries the resolved ones as rows.
    let out = run_as("csv", &["--baseline", &last]);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let change = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "change")
        .unwrap();
    let rows = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[change] == "resolved")
        .count();
    assert_eq!(rows, resolved.len());
    // A baseline of another shape is refused with the fix.
    std::fs::write(
        home.path().join("old.json"),
        "{\"schema_version\": 2, \"command\": \"report\", \"findings\": []}",
    )
    .unwrap();
    let out = run(&[
        "--baseline",
        &home.path().join("old.json").display().to_string(),
    ]);
    assert_exit(&out, 78);
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema_version 2"));
}

#[test]
fn json_lines_are_one_finding_each_with_the_runs_time() {
    let db = TestDb::odoo(19, &unique("jsonl"));
    let home = tempfile::tempdir().unwrap();
    let doc = json_doc(&report(home.path(), &db, &[]), 2);
    let out = odoo_access(home.path())
        .args(["report", "-d", &db.name, "--format", "jsonl"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), doc["findings"].as_array().unwrap().len());
    let at = lines[0]["generated_at"].as_str().unwrap();
    assert!(at.ends_with('Z'));
    for (line, finding) in lines.iter().zip(doc["findings"].as_array().unwrap()) {
        assert_eq!(line["generated_at"], at, "the run's time on every line");
        assert_eq!(line["fingerprint"], finding["fingerprint"]);
        assert_eq!(line["finding"], finding["finding"]);
        assert!(line.get("schema_version").is_none(), "no envelope");
    }
    // The other commands keep their formats.
    let out = odoo_access(home.path())
        .args(["keys", "-d", &db.name, "--format", "jsonl"])
        .output()
        .unwrap();
    assert_exit(&out, 64);
}

#[test]
fn every_check_is_listed_without_a_server_and_documented() {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGHOST", "/nonexistent")
        .args(["report", "--list-checks", "--format", "json"])
        .output()
        .unwrap();
    let doc = json_doc(&out, 0);
    let rows = doc["rows"].as_array().unwrap();
    // The commands' reference (docs, COMMANDS.md) names every check.
    let commands = std::fs::read_to_string(Path::new("docs").join("COMMANDS.md")).unwrap();
    let readme = std::fs::read_to_string("README.md").unwrap();
    for row in rows {
        let name = row["finding"].as_str().unwrap();
        assert!(!row["why"].as_str().unwrap().is_empty(), "{name}");
        assert!(!row["fix"].as_str().unwrap().is_empty(), "{name}");
        assert!(
            commands.contains(&format!("`{name}`")),
            "docs/COMMANDS.md lacks {name}"
        );
        assert!(readme.contains(&format!("`{name}`")), "README lacks {name}");
    }
    // --fail-on-new compares with a baseline: without one it is a usage error.
    let out = odoo_access(home.path())
        .env("PGHOST", "/nonexistent")
        .args(["report", "--fail-on-new", "warning"])
        .output()
        .unwrap();
    assert_exit(&out, 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--baseline"));
    for name in [
        "dormant-key",
        "no-dbfilter",
        "waiver-expired",
        "waiver-unused",
    ] {
        assert!(rows.iter().any(|r| r["finding"] == name), "{name}");
    }
}

#[test]
fn the_table_groups_findings_by_check_with_the_fix_once() {
    let a = TestDb::odoo(18, &unique("grouped"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["report", "-d", &a.name])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("1 database(s) audited, 0 skipped: 5 critical"),
        "{text}"
    );
    let at = lines
        .iter()
        .position(|l| *l == "WARNING persistent-key (7)")
        .expect(&text);
    assert!(
        lines[at + 1].starts_with("  #1 admin persistent (web wizard) (admin), #3 carol"),
        "{text}"
    );
    assert_eq!(
        text.matches("fix: odoo-access expire --in 90d").count(),
        1,
        "{text}"
    );
    assert!(lines.contains(&"CRITICAL admin-password-rpc (1)"), "{text}");
    assert!(
        !text.contains("Database "),
        "one database: no heading\n{text}"
    );
    assert!(!text.contains('\x1b'), "no colour in a pipe");
    // Several databases: each is a heading.
    let b = TestDb::odoo(19, &format!("{}_b", a.name));
    let out = odoo_access(home.path())
        .args(["report", "--dbfilter", &format!("^{}", a.name)])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("\nDatabase {}\n", a.name)), "{text}");
    assert!(text.contains(&format!("\nDatabase {}\n", b.name)), "{text}");
}

/// Headless Chromium, which `.ci/run` installs.
fn chromium() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("chromium is not installed: apt-get install chromium (.ci/run does)")
}

#[test]
fn the_page_opens_in_chromium_and_planted_markup_stays_text() {
    let db = TestDb::odoo(18, &unique("html"));
    let planted = r#"<img src=x onerror="document.title='pwned'"></style><script>document.title='pwned'</script>"#;
    db.execute(&format!(
        "UPDATE res_users SET login = $q${planted}$q$ WHERE login = 'carol'"
    ));
    let home = tempfile::tempdir().unwrap();
    let page = home.path().join("audit.html");
    let out = odoo_access(home.path())
        .args(["report", "-d", &db.name, "--format", "html", "--output"])
        .arg(&page)
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Content-Security-Policy"));
    // Nothing is fetched: the only address is SVG's namespace, which names, not loads.
    assert_eq!(
        html.matches("://").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    let run = |flag: &str| {
        std::process::Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--window-size=1200,1600",
            ])
            .arg(flag)
            .arg(format!("file://{}", page.display()))
            .current_dir(home.path())
            .output()
            .unwrap()
    };
    let dom = String::from_utf8(run("--dump-dom").stdout).unwrap();
    assert!(
        dom.contains("admin-password-rpc") && dom.contains(&format!("Database {}", db.name)),
        "{dom}"
    );
    assert!(!dom.contains("<img"), "planted markup made an element");
    assert_eq!(
        dom.matches("<script").count(),
        0,
        "planted markup made a script"
    );
    assert!(!dom.contains("pwned</title>"), "a planted script ran");
    assert!(dom.contains("&lt;img src=x"), "the login is shown as text");
    let shot = home.path().join("screenshot.png");
    run(&format!("--screenshot={}", shot.display()));
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

/// At a terminal (a pty of script(1), which says 0 columns: COLUMNS decides) the severities
/// are coloured and the lines fit; `NO_COLOR` turns the colour off.
#[test]
fn at_a_terminal_severities_are_coloured_unless_no_color() {
    let db = TestDb::odoo(17, &unique("colour"));
    let home = tempfile::tempdir().unwrap();
    let shell = format!("{{odoo-access}} report -d {}", db.name);
    let on_a_pty = |no_color: bool| {
        let mut set = vec![("TERM", "xterm"), ("COLUMNS", "80")];
        if no_color {
            set.push(("NO_COLOR", "1"));
        }
        common::on_a_pty(home.path(), &shell, &["NO_COLOR"], &set)
    };
    let coloured = on_a_pty(false);
    assert!(
        coloured.contains("\x1b[1;31mCRITICAL\x1b[0m dormant-key (1)"),
        "{coloured}"
    );
    assert!(coloured.contains("\x1b[1;33mWARNING\x1b[0m"), "{coloured}");
    let plain = on_a_pty(true);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.contains("CRITICAL dormant-key (1)"), "{plain}");
    let widest = plain
        .lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap();
    assert!(widest <= 80, "fits 80 columns: {plain}");
}
