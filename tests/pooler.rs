//! Behind a connection pooler, and short of connection slots: refusals for want of a slot
//! slow a fleet run down instead of skipping databases, and PgBouncer's statement mode is
//! named as the cause it is.

mod common;

use common::{json_doc, odoo_access, unique, Pooler, TestDb, TestRole};

/// Odoo databases of one prefix, for a fleet run.
fn fleet(prefix: &str, count: usize) -> Vec<TestDb> {
    (0..count)
        .map(|i| {
            let version = common::VERSIONS[i % common::VERSIONS.len()];
            TestDb::odoo(version, &format!("{prefix}_{i}"))
        })
        .collect()
}

/// The databases a report names, skipped or audited.
fn audited(doc: &serde_json::Value) -> (usize, Vec<String>) {
    let skipped = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap().to_string())
        .collect();
    (
        doc["summary"]["databases"].as_u64().unwrap() as usize,
        skipped,
    )
}

/// A role allowed two connections, asked for six databases at once: the refused ones wait
/// their turn, none is skipped.
#[test]
fn too_many_connections_slows_a_fleet_down_and_skips_nothing() {
    let prefix = unique("slots");
    let role = TestRole::created_elsewhere(&format!("{prefix}_audit"));
    let databases = fleet(&prefix, 6);
    for db in &databases {
        db.install_roles(&role.name, None);
    }
    common::server().admin(&format!("ALTER ROLE \"{}\" CONNECTION LIMIT 2", role.name));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args([
            "report",
            "--dbfilter",
            &format!("^{prefix}_"),
            "--jobs",
            "6",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc = json_doc(&out, 2);
    let (count, skipped) = audited(&doc);
    assert_eq!((count, skipped), (6, Vec::<String>::new()), "{doc}");
}

/// PgBouncer with room for three clients, asked for six databases at once: the same.
#[test]
fn a_poolers_max_client_conn_is_back_pressure_too() {
    let prefix = unique("pooled");
    let _databases = fleet(&prefix, 6);
    let pooler = Pooler::start("transaction", 3);
    let home = tempfile::tempdir().unwrap();
    for jobs in [None, Some("6")] {
        let mut cmd = odoo_access(home.path());
        cmd.env("PGPORT", pooler.port.to_string()).args([
            "report",
            "--dbfilter",
            &format!("^{prefix}_"),
            "--format",
            "json",
        ]);
        match jobs {
            Some(jobs) => cmd.args(["--jobs", jobs]),
            None => cmd.arg("-v"),
        };
        let out = cmd.output().unwrap();
        let doc = json_doc(&out, 2);
        if jobs.is_none() {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("through a pooler"),
                "the pooler is seen: {err}"
            );
        }
        let (count, skipped) = audited(&doc);
        assert_eq!(
            (count, skipped),
            (6, Vec::<String>::new()),
            "{jobs:?}: {doc}"
        );
    }
}

/// Statement pooling refuses transactions, which every command runs in: the cause and the
/// fix, exit 78 (the pooler's configuration), nothing else.
#[test]
fn statement_pooling_is_named_with_its_fix() {
    let db = TestDb::odoo(17, &unique("statement"));
    let pooler = Pooler::start("statement", 10);
    let home = tempfile::tempdir().unwrap();
    for command in [vec!["users"], vec!["keys"], vec!["report"]] {
        let out = odoo_access(home.path())
            .env("PGPORT", pooler.port.to_string())
            .args(&command)
            .args(["-d", &db.name])
            .output()
            .unwrap();
        common::assert_exit(&out, 78);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("statement mode") && err.contains("pool_mode = transaction or session"),
            "{command:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
