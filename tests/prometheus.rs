//! `report --format prometheus`, checked by Prometheus' own tool (`promtool`, Debian's
//! `prometheus` package, which `.ci/run` installs).

mod common;

use common::{assert_exit, odoo_access, unique, TestDb, TestRole, VERSIONS};
use std::io::Write;
use std::process::{Command, Stdio};

/// `promtool check metrics` of `text`: its verdict, and what it said.
fn promtool_accepts(text: &str) -> (bool, String) {
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool is not installed: apt-get install prometheus (.ci/run does)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

#[test]
fn the_metrics_of_every_version_pass_promtool() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("prom{v}")));
        let home = tempfile::tempdir().unwrap();
        let out = odoo_access(home.path())
            .args(["report", "-d", &db.name, "--format", "prometheus"])
            .output()
            .unwrap();
        assert_exit(&out, 2);
        common::assert_no_secrets(&out);
        let text = String::from_utf8(out.stdout).unwrap();
        let (ok, said) = promtool_accepts(&text);
        assert!(ok, "{v}: {said}\n{text}");
        let database = &db.name;
        for line in [
            format!("odoo_access_database_audited{{database=\"{database}\"}} 1"),
            format!("odoo_access_findings{{database=\"{database}\",severity=\"critical\",finding=\"dormant-key\",waived=\"false\"}} 1"),
            format!("odoo_access_api_keys{{database=\"{database}\",status=\"dormant\"}} 1"),
            format!("odoo_access_users{{database=\"{database}\",kind=\"internal\",admin=\"false\",totp=\"on\"}} 1"),
        ] {
            assert!(text.lines().any(|l| l == line), "{v}: no {line}\n{text}");
        }
        assert!(text.contains("odoo_access_build_info{version=\""), "{v}");
        assert!(
            text.contains("\nodoo_access_last_success_timestamp_seconds "),
            "{v}"
        );
        // Keys expire from 18 on: only there is there an earliest end, and it is the earliest
        // of the keys still to expire, not one that expired already.
        let earliest: Vec<f64> = text
            .lines()
            .filter(|l| l.starts_with("odoo_access_api_key_earliest_expiry_timestamp_seconds{"))
            .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(earliest.len(), usize::from(v >= 18), "{v}");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        assert!(earliest.iter().all(|&at| at > now), "{v}: {earliest:?}");
        // The database's Odoo version, as base's latest_version gives it.
        let version = db
            .scalar("SELECT latest_version FROM public.ir_module_module WHERE name = 'base'")
            .unwrap();
        assert!(
            text.contains(&format!(
                "database=\"{database}\",odoo_version=\"{version}\"}} 1"
            )),
            "{v}: no odoo_version=\"{version}\"\n{text}"
        );
    }
}

/// A fleet with a database the role may not connect to: written atomically to --output,
/// accepted by promtool, the skipped database audited 0.
#[test]
fn a_fleet_s_metrics_say_which_databases_were_skipped() {
    let prefix = unique("promfleet");
    // Made first, dropped last: the databases hold its grants.
    let role = TestRole::new(&format!("{prefix}_r"), "");
    let _a = TestDb::odoo(18, &format!("{prefix}_a"));
    let _b = TestDb::odoo(19, &format!("{prefix}_b"));
    let closed = TestDb::odoo(17, &format!("{prefix}_c"));
    for db in [&_a, &_b] {
        db.grant_all_but_secrets(&role.name);
    }
    common::server().admin(&format!(
        "REVOKE CONNECT ON DATABASE \"{}\" FROM PUBLIC",
        closed.name
    ));
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("odoo_access.prom");
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args([
            "report",
            "--dbfilter",
            &format!("^{prefix}_"),
            "--format",
            "prometheus",
        ])
        .args(["--output", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&file).unwrap();
    let (ok, said) = promtool_accepts(&text);
    assert!(ok, "{said}\n{text}");
    assert!(
        text.contains(&format!(
            "odoo_access_database_audited{{database=\"{}\"}} 0",
            closed.name
        )),
        "{text}"
    );
    assert_eq!(
        text.matches("odoo_access_database_audited{").count(),
        3,
        "{text}"
    );
}

#[test]
fn the_alert_rules_pass_promtool() {
    let out = Command::new("promtool")
        .args([
            "check",
            "rules",
            &common::repo_path("contrib/odoo-access.rules.yml"),
        ])
        .output()
        .expect("promtool is not installed: apt-get install prometheus (.ci/run does)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn prometheus_is_report_s_format_only() {
    let home = tempfile::tempdir().unwrap();
    for command in ["users", "keys", "dbs"] {
        let out = odoo_access(home.path())
            .args([command, "--format", "prometheus"])
            .output()
            .unwrap();
        assert_exit(&out, 64);
        assert!(String::from_utf8_lossy(&out.stderr).contains("for report"));
    }
}
