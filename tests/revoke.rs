//! `odoo-access revoke`: previews change nothing, deletions are exact, Odoo is told after
//! the commit, and the audit log records each key.

mod common;

use common::{assert_exit, assert_no_secrets, odoo_access, unique, TestDb, TestRole, VERSIONS};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;

fn key_ids(db: &TestDb) -> String {
    db.scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM res_users_apikeys")
        .unwrap_or_default()
}

/// `revoke --plan` of the keys `filter` selects; the plan's path.
fn write_plan(home: &std::path::Path, db: &TestDb, filter: &[&str]) -> std::path::PathBuf {
    let plan = home.join("plan.json");
    let out = odoo_access(home)
        .args(["revoke", "-d", &db.name])
        .args(filter)
        .arg("--plan")
        .arg(&plan)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    plan
}

/// A revoke that finds nothing (login `nobody`) on the audit log `log`: it settles the runs
/// the log left pending.
fn revoke_nobody_logged(
    home: &std::path::Path,
    db: &TestDb,
    log: &std::path::Path,
) -> std::process::Output {
    odoo_access(home)
        .args([
            "revoke",
            "-d",
            &db.name,
            "--login",
            "nobody",
            "--yes",
            "--audit-log",
        ])
        .arg(log)
        .output()
        .unwrap()
}

/// `revoke -d DB --login carol --yes --audit-log LOG`, to be run.
fn revoke_carol_logged(
    home: &std::path::Path,
    db: &TestDb,
    log: &std::path::Path,
) -> assert_cmd::Command {
    let mut command = odoo_access(home);
    command
        .args([
            "revoke",
            "-d",
            &db.name,
            "--login",
            "carol",
            "--yes",
            "--audit-log",
        ])
        .arg(log);
    command
}

/// `revoke --apply PLAN --yes --format json`: its JSON document, once it exited 0.
fn apply_plan(home: &std::path::Path, db: &TestDb, plan: &std::path::Path) -> Value {
    let out = odoo_access(home)
        .args([
            "revoke", "-d", &db.name, "--yes", "--format", "json", "--apply",
        ])
        .arg(plan)
        .output()
        .unwrap();
    common::json_doc(&out, 0)
}

#[test]
fn a_preview_changes_nothing_and_exits_1_without_a_terminal() {
    let db = TestDb::odoo(18, &unique("dryrun"));
    let before = key_ids(&db);
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "revoke", "-d", &db.name, "--status", "dormant", "--format", "json",
        ])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 1);
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["rows"][0]["id"], 8);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(key_ids(&db), before);
    assert_eq!(db.signal_value(18), 9, "no signal either");
}

#[test]
fn no_filter_is_refused_unless_all_keys() {
    let db = TestDb::odoo(16, &unique("nofilter"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--all-keys"));
    let out = odoo_access(home.path())
        .args([
            "revoke",
            "-d",
            &db.name,
            "--all-keys",
            "--yes",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // 14.0-style trusted devices are not in 16's key table; every API key is gone.
    assert_eq!(key_ids(&db), "");
}

#[test]
fn revoke_deletes_signals_once_and_logs_on_every_version() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("revoke{v}")));
        let home = tempfile::tempdir().unwrap();
        let log = home.path().join("revoked.jsonl");
        let signal_before = db.signal_value(v);
        let out = odoo_access(home.path())
            .args([
                "revoke",
                "-d",
                &db.name,
                "--login",
                "svc",
                "--yes",
                "--format",
                "json",
                "--audit-log",
            ])
            .arg(&log)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{v}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_no_secrets(&out);
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["deleted"], 3, "{v}");
        assert!(doc["signal"].as_str().unwrap().len() > 5);
        assert!(
            !key_ids(&db)
                .split(',')
                .any(|id| ["10", "11", "12"].contains(&id)),
            "{v}"
        );
        assert_eq!(
            db.signal_value(v),
            signal_before + 1,
            "{v}: signalled exactly once"
        );

        let text = std::fs::read_to_string(&log).unwrap();
        assert!(!text.contains("$pbkdf2"));
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4, "{v}: one intent per key, then the outcome");
        let (outcome, intents) = lines.split_last().unwrap();
        assert_eq!(outcome["event"], "committed", "{v}");
        assert_eq!(outcome["keys"], 3, "{v}");
        for line in intents {
            assert_eq!(line["event"], "intent");
            assert_eq!(line["run"], outcome["run"]);
            assert_eq!(line["xid"], outcome["xid"]);
            assert_eq!(line["database"], db.name.as_str());
            assert_eq!(line["owner_login"], "svc");
            assert_eq!(line["postgres_role"], common::server().user.as_str());
            for field in [
                "time", "key_id", "name", "scope", "created", "expires", "os_user",
            ] {
                assert!(line.get(field).is_some(), "{field}");
            }
        }
        assert_eq!(
            std::fs::metadata(&log).unwrap().permissions().mode() & 0o777,
            0o600
        );

        // An identical second run finds nothing and changes nothing.
        let out = odoo_access(home.path())
            .args(["revoke", "-d", &db.name, "--login", "svc", "--yes"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            db.signal_value(v),
            signal_before + 1,
            "{v}: no second signal"
        );
    }
}

#[test]
fn plan_then_apply_deletes_exactly_the_plan() {
    let db = TestDb::odoo(18, &unique("plan"));
    let home = tempfile::tempdir().unwrap();
    let plan = write_plan(home.path(), &db, &["--login", "carol"]);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let planned: Vec<i64> = written["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_i64().unwrap())
        .collect();
    assert_eq!(planned, [2, 3, 4, 5]);
    assert!(!std::fs::read_to_string(&plan).unwrap().contains("$pbkdf2"));
    assert_eq!(
        key_ids(&db),
        "1,2,3,4,5,8,9,10,11,12,13",
        "a plan deletes nothing"
    );

    // Meanwhile carol gets a new key and one planned key is renamed.
    db.execute(
        "INSERT INTO res_users_apikeys (id, name, user_id, index, key) VALUES (50, 'carol new', 8, 'aaaaaaaa', 'x');
         UPDATE res_users_apikeys SET name = 'carol renamed' WHERE id = 4;",
    );
    let doc = apply_plan(home.path(), &db, &plan);
    assert_eq!(doc["deleted"], 3);
    assert_eq!(doc["left_alone"], serde_json::json!([4]));
    assert_eq!(
        key_ids(&db),
        "1,4,8,9,10,11,12,13,50",
        "the new and the changed key survive"
    );

    // A plan of another format is refused with what to do.
    let old = home.path().join("old-plan.json");
    std::fs::write(
        &old,
        format!(
            r#"{{"schema_version": 1, "database": "{}", "keys": []}}"#,
            db.name
        ),
    )
    .unwrap();
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--yes", "--apply"])
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write it again with --plan"));

    // A plan is bound to its database, and takes no other filter.
    let other = TestDb::odoo(18, &unique("planother"));
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &other.name, "--yes", "--apply"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    let out = odoo_access(home.path())
        .args([
            "revoke", "-d", &db.name, "--yes", "--login", "bob", "--apply",
        ])
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn a_plan_written_before_keys_told_whether_their_scope_is_known_still_applies() {
    // Plans of format 2 written before `scope_known` existed lack it: their keys had a known
    // scope (every Odoo 14-19 key table has one), and are shown and deleted as such.
    let db = TestDb::odoo(18, &unique("planscope"));
    let home = tempfile::tempdir().unwrap();
    let plan = write_plan(home.path(), &db, &["--login", "carol"]);
    let mut written: Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let statuses: Vec<Value> = {
        let out = odoo_access(home.path())
            .args([
                "keys", "-d", &db.name, "--login", "carol", "--format", "json",
            ])
            .output()
            .unwrap();
        let doc = common::json_doc(&out, 0);
        doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["status"].clone())
            .collect()
    };
    for key in written["keys"].as_array_mut().unwrap() {
        assert!(key.as_object_mut().unwrap().remove("scope_known").is_some());
    }
    std::fs::write(&plan, written.to_string()).unwrap();
    let doc = apply_plan(home.path(), &db, &plan);
    assert_eq!(doc["deleted"], 4);
    let shown: Vec<Value> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["status"].clone())
        .collect();
    assert_eq!(shown, statuses, "the statuses the keys had when planned");
    assert!(!shown.contains(&Value::from("unknown")));
}

#[test]
fn a_plan_leaves_alone_keys_whose_owner_changed_or_that_expired_since() {
    let db = TestDb::odoo(18, &unique("planstale"));
    let home = tempfile::tempdir().unwrap();
    // Key 60 expires two seconds from now: the plan sees it unexpired.
    db.execute(
        "INSERT INTO res_users_apikeys (id, name, user_id, index, key, expiration_date)
         VALUES (60, 'soon', 8, 'bbbbbbbb', 'x', now() AT TIME ZONE 'utc' + interval '2 seconds')",
    );
    let written = std::time::Instant::now();
    let plan = write_plan(home.path(), &db, &["--id", "2,3,10,60"]);

    // svc (owner of key 10) is archived, and key 60 expires; neither key row is written.
    db.execute("UPDATE res_users SET active = false WHERE login = 'svc'");
    std::thread::sleep(std::time::Duration::from_millis(2500).saturating_sub(written.elapsed()));
    let doc = apply_plan(home.path(), &db, &plan);
    assert_eq!(doc["deleted"], 2);
    assert_eq!(doc["left_alone"], serde_json::json!([10, 60]));
    assert_eq!(key_ids(&db), "1,4,5,8,9,10,11,12,13,60");
}

#[test]
fn a_held_lock_makes_revoke_give_up_with_75_and_nothing_deleted() {
    let db = TestDb::odoo(17, &unique("locked"));
    let name = db.name.clone();
    let before = key_ids(&db);
    common::runtime().block_on(async {
        // An Odoo transaction that is changing a key right now.
        let odoo = common::server()
            .in_transaction(
                &name,
                "UPDATE res_users_apikeys SET name = name WHERE id = 8",
            )
            .await;
        let args = [
            "revoke",
            "-d",
            &name,
            "--status",
            "dormant",
            "--yes",
            "--lock-timeout",
            "1s",
        ];
        let out = common::in_background(args).await.unwrap();
        assert_exit(&out, 75);
        assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was changed"));
        odoo.batch_execute("ROLLBACK").await.unwrap();

        // A worker holding the whole table: the preview's read waits for it too, and that
        // wait is bounded by --lock-timeout as well (the statement timeout is 30s).
        let odoo = common::server()
            .in_transaction(&name, "LOCK res_users_apikeys IN ACCESS EXCLUSIVE MODE")
            .await;
        let started = std::time::Instant::now();
        let out = common::in_background(args).await.unwrap();
        assert_exit(&out, 75);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        odoo.batch_execute("ROLLBACK").await.unwrap();
    });
    assert_eq!(key_ids(&db), before);
    assert_eq!(db.signal_value(17), 9, "no signal without a deletion");
}

#[test]
fn a_key_changed_while_revoke_waits_for_it_is_left_alone() {
    let db = TestDb::odoo(18, &unique("race"));
    let name = db.name.clone();
    common::runtime().block_on(async {
        // Odoo renames one of carol's keys; revoke's preview still sees the old name.
        let odoo = common::server()
            .in_transaction(
                &name,
                "UPDATE res_users_apikeys SET name = 'carol renamed' WHERE id = 3",
            )
            .await;
        let revoke = common::in_background([
            "revoke",
            "-d",
            &name,
            "--login",
            "carol",
            "--yes",
            "--lock-timeout",
            "60s",
            "--format",
            "json",
        ]);
        // Commit the rename only once revoke's DELETE waits for that row.
        let monitor = common::server().connect("postgres").await.unwrap();
        let mut waited = 0;
        loop {
            let waiting: i64 = monitor
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 \
                     AND application_name = 'odoo-access' AND wait_event_type = 'Lock'",
                    &[&db.name],
                )
                .await
                .unwrap()
                .get(0);
            if waiting > 0 {
                break;
            }
            assert!(waited < 600, "revoke never waited for the locked key");
            waited += 1;
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        odoo.batch_execute("COMMIT").await.unwrap();
        let out = revoke.await.unwrap();
        let doc = common::json_doc(&out, 0);
        assert_eq!(doc["deleted"], 3);
        assert_eq!(doc["left_alone"], serde_json::json!([3]));
        let deleted: Vec<i64> = doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["id"].as_i64().unwrap())
            .collect();
        assert_eq!(deleted, [2, 4, 5]);
    });
    assert_eq!(
        key_ids(&db),
        "1,3,8,9,10,11,12,13",
        "the renamed key survives"
    );
}

#[test]
fn the_signal_comes_after_the_delete_has_committed() {
    let db = TestDb::odoo(19, &unique("order"));
    // Triggers record the deleting transaction, and whether it had committed when the
    // signal row was inserted. odoo-access pins search_path to pg_catalog, pg_temp: the
    // triggers name their table with its schema.
    db.execute(
        "CREATE TABLE revoke_trace (seq serial, what text, xid xid8, delete_status text);
         CREATE FUNCTION trace_delete() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN INSERT INTO public.revoke_trace (what, xid) VALUES ('delete', pg_current_xact_id()); RETURN OLD; END $$;
         CREATE FUNCTION trace_signal() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             INSERT INTO public.revoke_trace (what, xid, delete_status)
             SELECT 'signal', pg_current_xact_id(),
                    (SELECT string_agg(DISTINCT pg_xact_status(xid), ',') FROM public.revoke_trace WHERE what = 'delete');
             RETURN NEW;
         END $$;
         CREATE TRIGGER trace_delete AFTER DELETE ON res_users_apikeys FOR EACH ROW EXECUTE FUNCTION trace_delete();
         CREATE TRIGGER trace_signal AFTER INSERT ON orm_signaling_default FOR EACH ROW EXECUTE FUNCTION trace_signal();",
    );
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--login", "carol", "--yes"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let trace = db
        .scalar("SELECT string_agg(what || ':' || coalesce(delete_status, '-'), ' ' ORDER BY seq) FROM revoke_trace WHERE what = 'signal' OR seq = 1")
        .unwrap();
    assert_eq!(trace, "delete:- signal:committed");
    assert_eq!(
        db.scalar("SELECT count(*)::text FROM revoke_trace WHERE what = 'signal'")
            .unwrap(),
        "1"
    );

    // --no-signal deletes without telling Odoo, and says what that means.
    let before = db.signal_value(19);
    let out = odoo_access(home.path())
        .args([
            "revoke",
            "-d",
            &db.name,
            "--login",
            "svc",
            "--yes",
            "--no-signal",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("keep accepting"));
    assert_eq!(db.signal_value(19), before);
    // The same in a fleet (of one): keys deleted, no signal.
    let keys_before = key_ids(&db);
    let out = odoo_access(home.path())
        .args(["revoke", "--dbfilter", &format!("^{}$", db.name)])
        .args(["--login", "alice", "--yes", "--no-signal"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_ne!(key_ids(&db), keys_before, "alice's key deleted");
    assert_eq!(db.signal_value(19), before, "and no signal");
}

#[test]
fn oca_keys_can_be_revoked() {
    let db = TestDb::odoo(16, &unique("ocarevoke"));
    db.execute(
        "CREATE TABLE auth_api_key (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE,
             key varchar NOT NULL, user_id int NOT NULL REFERENCES res_users(id),
             create_date timestamp, write_date timestamp, create_uid int, write_uid int);
         INSERT INTO auth_api_key (name, key, user_id, create_date) VALUES
             ('shop', 'OCA-PLAINTEXT-1', 10, now() AT TIME ZONE 'utc'),
             ('erp', 'OCA-PLAINTEXT-2', 8, now() AT TIME ZONE 'utc');",
    );
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "revoke", "-d", &db.name, "--source", "oca", "--login", "svc", "--yes", "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("OCA-PLAINTEXT"));
    assert_eq!(
        db.scalar("SELECT string_agg(name, ',') FROM auth_api_key")
            .unwrap(),
        "erp"
    );
    assert_eq!(
        key_ids(&db),
        "1,2,3,4,5,8,9,10,11,12,13",
        "Odoo's own keys are untouched"
    );
}

#[test]
fn the_revoke_role_is_enough_and_cannot_read_keys() {
    for v in [15, 19] {
        let name = unique(&format!("revokerole{v}"));
        let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
        let revoker = TestRole::created_elsewhere(&format!("{name}_revoke"));
        let db = TestDb::odoo(v, &name);
        db.install_roles(&audit.name, Some(&revoker.name));
        let before = db.signal_value(v);
        let home = tempfile::tempdir().unwrap();
        let out = odoo_access(home.path())
            .env("PGUSER", &revoker.name)
            .args(["revoke", "-d", &db.name, "--status", "dormant", "--yes"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{v}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!key_ids(&db).split(',').any(|id| id == "8"), "{v}");
        assert_eq!(db.signal_value(v), before + 1, "{v}");
    }
}

#[test]
fn a_fleet_revoke_previews_everything_then_works_database_by_database() {
    let prefix = unique("fleetrevoke");
    let versions = [15, 18, 19];
    let dbs: Vec<TestDb> = versions
        .iter()
        .map(|v| TestDb::odoo(*v, &format!("{prefix}_v{v}")))
        .collect();
    let filter = format!("^{prefix}_");
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("revoked.jsonl");
    let before: Vec<i64> = versions
        .iter()
        .zip(&dbs)
        .map(|(v, db)| db.signal_value(*v))
        .collect();

    let out = odoo_access(home.path())
        .args([
            "revoke",
            "--dbfilter",
            &filter,
            "--status",
            "dormant",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 1);
    assert_eq!(
        doc["rows"].as_array().unwrap().len(),
        3,
        "one dormant key per database"
    );
    assert!(
        dbs.iter()
            .all(|db| key_ids(db).split(',').any(|id| id == "8")),
        "a preview deletes nothing"
    );

    let out = odoo_access(home.path())
        .args([
            "revoke",
            "--dbfilter",
            &filter,
            "--status",
            "dormant",
            "--yes",
            "--format",
            "json",
            "--audit-log",
        ])
        .arg(&log)
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    assert_eq!(doc["deleted"], 3);
    for ((v, db), was) in versions.iter().zip(&dbs).zip(before) {
        assert!(!key_ids(db).split(',').any(|id| id == "8"), "{v}");
        assert_eq!(db.signal_value(*v), was + 1, "{v}: signalled once");
    }
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches(r#""event":"intent""#).count(), 3);
    assert_eq!(
        text.matches(r#""event":"committed""#).count(),
        3,
        "one run per database"
    );

    // A database that is not Odoo is a note, not a skip; --plan stays a one-database tool.
    let _plain = TestDb::empty(&format!("{prefix}_zz"));
    let out = odoo_access(home.path())
        .args([
            "revoke",
            "--dbfilter",
            &filter,
            "--login",
            "svc",
            "--yes",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    assert_eq!(doc["deleted"], 9);
    assert_eq!(doc["skipped"].as_array().unwrap().len(), 0);
    assert_eq!(doc["not_odoo"].as_array().unwrap().len(), 1);
    let out = odoo_access(home.path())
        .args([
            "revoke",
            "--all-dbs",
            "--login",
            "svc",
            "--plan",
            "/tmp/plan.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn a_plan_entry_with_another_keys_version_deletes_nothing() {
    let db = TestDb::odoo(17, &unique("planforged"));
    let home = tempfile::tempdir().unwrap();
    // A plan for carol's persistent key (#3), edited to carry admin's key's (#1) version.
    let admins = write_plan(home.path(), &db, &["--id", "1"]);
    let admins: Value = serde_json::from_slice(&std::fs::read(&admins).unwrap()).unwrap();
    let plan = write_plan(home.path(), &db, &["--id", "3"]).with_file_name("forged.json");
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(home.path().join("plan.json")).unwrap()).unwrap();
    doc["keys"][0]["version"] = admins["keys"][0]["version"].clone();
    std::fs::write(&plan, doc.to_string()).unwrap();
    let before = key_ids(&db);
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--yes", "--apply"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_exit(&out, 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed by hand"));
    assert_eq!(key_ids(&db), before, "neither key was deleted");
    // Carol's key's own version with another owner's (admin's) version: refused as well.
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(home.path().join("plan.json")).unwrap()).unwrap();
    doc["keys"][0]["version"]["owner"] = admins["keys"][0]["version"]["owner"].clone();
    std::fs::write(&plan, doc.to_string()).unwrap();
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--yes", "--apply"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_exit(&out, 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed by hand"));
    assert_eq!(key_ids(&db), before);
}

#[test]
fn an_audit_log_others_could_rewrite_is_refused_before_anything_is_deleted() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::odoo(16, &unique("auditlogsafe"));
    let home = tempfile::tempdir().unwrap();
    let before = key_ids(&db);
    let revoke_logging_to =
        |log: &std::path::Path| revoke_carol_logged(home.path(), &db, log).output().unwrap();
    // A log that others may write.
    let open_log = home.path().join("open.log");
    common::write_file(&open_log, "", 0o666);
    let out = revoke_logging_to(&open_log);
    assert_exit(&out, 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("chmod go-w"));
    // A symbolic link in a directory that others may write (as /tmp), pointing at a file of
    // the user running revoke.
    let shared = home.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let target = home.path().join("precious");
    common::write_file(&target, "keep me\n", 0o600);
    let link = shared.join("revoke.log");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = revoke_logging_to(&link);
    assert_exit(&out, 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
    assert_eq!(key_ids(&db), before, "nothing deleted");
}

#[test]
fn on_a_terminal_the_preview_comes_before_the_question() {
    let db = TestDb::odoo(18, &unique("ttyorder"));
    let home = tempfile::tempdir().unwrap();
    let env = common::odoo_access_process(home.path());
    let binary = assert_cmd::cargo::cargo_bin("odoo-access");
    // script(1) gives odoo-access a terminal; "n" answers its question.
    let mut command = std::process::Command::new("script");
    command
        .args(["-qec"])
        .arg(format!(
            "stty cols 250; {} revoke -d {} --login pat",
            binary.display(),
            db.name
        ))
        .arg("/dev/null")
        .env_clear();
    for (key, value) in env.get_envs() {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    let out = assert_cmd::Command::from_std(command)
        .write_stdin("n\n")
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    let key = screen
        .find("pat portal")
        .unwrap_or_else(|| panic!("no preview:\n{screen}"));
    let question = screen.find("[y/N]").expect("the question");
    assert!(key < question, "{screen}");
    assert_eq!(out.status.code(), Some(1), "{screen}");
    assert_eq!(
        db.scalar("SELECT count(*)::text FROM public.res_users_apikeys WHERE user_id = 9"),
        Some("1".into()),
        "declined: nothing deleted"
    );
}

#[test]
fn a_read_only_database_is_a_refusal_that_names_the_cause() {
    let db = TestDb::odoo(18, &unique("readonlydb"));
    let before = key_ids(&db);
    common::server().admin(&format!(
        "ALTER DATABASE \"{}\" SET default_transaction_read_only = on",
        db.name
    ));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--login", "carol", "--yes"])
        .output()
        .unwrap();
    assert_exit(&out, 77);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("default_transaction_read_only"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(key_ids(&db), before);
}

#[test]
fn the_audit_log_survives_a_kill_at_every_step_and_is_settled_by_the_next_revoke() {
    // (where revoke dies, whether carol's keys are gone, how the next revoke settles the run)
    for (point, deleted, settled) in [
        ("before-intent", false, None),
        ("after-intent", false, Some("aborted")),
        ("after-commit", true, Some("committed")),
    ] {
        let db = TestDb::odoo(19, &unique("killed"));
        let home = tempfile::tempdir().unwrap();
        let log = home.path().join("revoked.jsonl");
        let carols = "SELECT count(*)::text FROM public.res_users_apikeys WHERE user_id = 8";
        let before = db.scalar(carols);
        let out = revoke_carol_logged(home.path(), &db, &log)
            .env("ODOO_ACCESS_TEST_KILL_AT", point)
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(libc::SIGKILL), "{point}");
        assert_eq!(db.scalar(carols) == before, !deleted, "{point}");
        let text = std::fs::read_to_string(&log).unwrap();
        assert_eq!(
            text.matches(r#""event":"intent""#).count(),
            if point == "before-intent" { 0 } else { 4 },
            "{point}: {text}"
        );
        assert!(!text.contains(r#""event":"committed""#), "{point}");

        // The next revoke on the same log (here one that finds nothing) settles the run, and
        // a committed run's signal goes out again.
        let signal_before = db.signal_value(19);
        let out = revoke_nobody_logged(home.path(), &db, &log);
        assert_exit(&out, 0);
        let text = std::fs::read_to_string(&log).unwrap();
        let outcomes: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|l| l["event"] != "intent")
            .collect();
        match settled {
            None => assert!(outcomes.is_empty(), "{point}: {text}"),
            Some(event) => {
                assert_eq!(outcomes.len(), 1, "{point}: {text}");
                assert_eq!(outcomes[0]["event"], event, "{point}");
                assert_eq!(outcomes[0]["keys"], 4, "{point}");
                assert_eq!(outcomes[0]["settled_later"], true, "{point}");
                assert_eq!(
                    db.signal_value(19) > signal_before,
                    event == "committed",
                    "{point}: signalled again only for a committed run"
                );
            }
        }
    }
}

#[test]
fn a_role_without_row_versions_lists_keys_and_is_told_what_revoke_needs() {
    let name = unique("noxmin");
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let revoker = TestRole::created_elsewhere(&format!("{name}_revoke"));
    let db = TestDb::odoo(18, &name);
    db.install_roles(&audit.name, Some(&revoker.name));
    db.execute(&format!(
        "REVOKE SELECT (xmin) ON public.res_users, public.res_users_apikeys, public.auth_totp_device FROM \"{}\"",
        audit.name
    ));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", &audit.name)
        .args(["keys", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    assert_eq!(
        doc["rows"].as_array().unwrap().len(),
        11,
        "every key is listed"
    );
    let out = odoo_access(home.path())
        .env("PGUSER", &audit.name)
        .args(["report", "-d", &db.name])
        .output()
        .unwrap();
    assert_exit(&out, 2);

    let before = key_ids(&db);
    // One database, and the same as a fleet of one.
    let fleet = format!("^{}$", db.name);
    for target in [["-d", &db.name], ["--dbfilter", &fleet]] {
        for extra in [vec!["--yes"], vec!["--plan", "plan.json"]] {
            if target[0] == "--dbfilter" && extra[0] == "--plan" {
                continue; // a plan is of one database
            }
            let out = odoo_access(home.path())
                .current_dir(home.path())
                .env("PGUSER", &revoker.name)
                .args(["revoke", "--login", "carol"])
                .args(target)
                .args(&extra)
                .output()
                .unwrap();
            assert_exit(&out, 77);
            assert!(String::from_utf8_lossy(&out.stderr).contains("GRANT SELECT (xmin)"));
        }
    }
    assert_eq!(key_ids(&db), before);
}

/// On 17 and 18 a server that sees several databases accepts a revoked key once more per
/// worker: revoke says so, unless the Odoo config read narrows requests with a dbfilter; 19
/// is not affected.
#[test]
fn revoke_names_the_window_of_17_and_18_with_several_databases() {
    let home = tempfile::tempdir().unwrap();
    let conf = home.path().join("odoo.conf");
    std::fs::write(&conf, "[options]\ndbfilter = ^%d$\n").unwrap();
    for v in [17, 18, 19] {
        // A sibling of the same owner, so that the server sees two databases at least.
        let db = TestDb::odoo(v, &unique(&format!("window{v}")));
        let _sibling = TestDb::empty(&unique(&format!("window{v}sib")));
        let revoke = |extra: &[&str]| {
            let out = odoo_access(home.path())
                .args(["revoke", "-d", &db.name, "--login", "carol", "--yes"])
                .args(extra)
                .output()
                .unwrap();
            assert_exit(&out, 0);
            let err = String::from_utf8_lossy(&out.stderr).to_string();
            assert!(
                !err.contains("accepts it once more")
                    || err.contains(&format!("Odoo {v} sees several databases")),
                "the notice names the series: {err}"
            );
            err.contains("accepts it once more")
        };
        assert_eq!(revoke(&[]), v < 19, "{v}");
        db.execute("INSERT INTO res_users_apikeys (name, user_id, index, key) SELECT 'again', id, '12345678', 'x' FROM res_users WHERE login = 'carol'");
        assert!(
            !revoke(&["--odoo-conf", conf.to_str().unwrap()]),
            "{v}: dbfilter"
        );
    }
}

/// The window needs other databases the server could serve: where the database is the only
/// one of its owner, revoke on 18 says nothing of it; a second one of the same owner brings
/// the notice back.
#[test]
fn revoke_names_no_window_where_the_owner_has_no_other_database() {
    let home = tempfile::tempdir().unwrap();
    let owner = TestRole::new(&unique("alone"), "");
    let db = TestDb::odoo(18, &unique("alone"));
    db.execute(&format!(
        "ALTER DATABASE \"{}\" OWNER TO \"{}\"",
        db.name, owner.name
    ));
    let revoke = || {
        let out = odoo_access(home.path())
            .args(["revoke", "-d", &db.name, "--login", "carol", "--yes"])
            .output()
            .unwrap();
        assert_exit(&out, 0);
        String::from_utf8_lossy(&out.stderr).contains("accepts it once more")
    };
    assert!(!revoke(), "the owner's only database");
    let sibling = TestDb::empty(&unique("alonesib"));
    sibling.execute(&format!(
        "ALTER DATABASE \"{}\" OWNER TO \"{}\"",
        sibling.name, owner.name
    ));
    db.execute("INSERT INTO res_users_apikeys (name, user_id, index, key) SELECT 'again', id, '12345678', 'x' FROM res_users WHERE login = 'carol'");
    assert!(revoke(), "a second database of the owner");
}

/// Without a terminal nobody is asked: not when only standard error is redirected (a person
/// could not see the question), nor when standard input is not one.
#[test]
fn no_question_without_a_terminal_on_both_ends() {
    let db = TestDb::odoo(18, &unique("noterminal"));
    let home = tempfile::tempdir().unwrap();
    let before = key_ids(&db);
    let stderr = home.path().join("stderr.txt");
    // A pty for standard input and output (script(1)), standard error to a file.
    let shell = format!(
        "{{odoo-access}} revoke -d {} --login carol 2>{}; echo \"exit $?\"",
        db.name,
        stderr.display()
    );
    let said = common::on_a_pty(home.path(), &shell, &[], &[]);
    assert!(
        said.contains("exit 1"),
        "previewed, nothing deleted: {said}"
    );
    let err = std::fs::read_to_string(&stderr).unwrap();
    assert!(!err.contains("[y/N]"), "asked where nobody sees it: {err}");
    // No terminal at all (assert_cmd's pipes): no question either.
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--login", "carol"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("[y/N]"));
    assert_eq!(key_ids(&db), before);
}

/// An Odoo config narrows the 17/18 window only where it picks one database: a dbfilter, or
/// a db_name of one name; a list of names or an empty one leaves the window open.
#[test]
fn only_a_config_that_picks_one_database_closes_the_window_notice() {
    let home = tempfile::tempdir().unwrap();
    let db = TestDb::odoo(18, &unique("narrowed"));
    let _sibling = TestDb::empty(&unique("narrowedsib"));
    let conf = home.path().join("odoo.conf");
    for (options, notice) in [
        ("db_name = erp", false),
        ("db_name = erp,erp_test", true),
        ("db_name =", true),
        ("dbfilter =", true),
    ] {
        std::fs::write(&conf, format!("[options]\n{options}\n")).unwrap();
        db.execute("INSERT INTO res_users_apikeys (name, user_id, index, key) SELECT 'again', id, '12345678', 'x' FROM res_users WHERE login = 'carol'");
        let out = odoo_access(home.path())
            .args([
                "revoke",
                "-d",
                &db.name,
                "--login",
                "carol",
                "--yes",
                "--odoo-conf",
            ])
            .arg(&conf)
            .output()
            .unwrap();
        assert_exit(&out, 0);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.contains("accepts it once more"),
            notice,
            "{options}: {err}"
        );
    }
}

/// A run of the audit log whose transaction the server still has in progress is left pending
/// and said so; once that transaction ends, the next revoke settles it.
#[test]
fn an_audit_log_run_still_in_progress_stays_pending() {
    let db = TestDb::odoo(19, &unique("inprogress"));
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("revoked.jsonl");
    let out = revoke_carol_logged(home.path(), &db, &log)
        .env("ODOO_ACCESS_TEST_KILL_AT", "after-intent")
        .output()
        .unwrap();
    assert!(!out.status.success());
    // The intents now name a transaction that another session holds open.
    let rt = common::runtime();
    let open = rt.block_on(common::server().in_transaction(&db.name, "SELECT 1"));
    let xid: String = rt.block_on(async {
        open.query_one("SELECT pg_current_xact_id()::text", &[])
            .await
            .unwrap()
            .get(0)
    });
    let text = std::fs::read_to_string(&log).unwrap();
    let old = serde_json::from_str::<Value>(text.lines().next().unwrap()).unwrap()["xid"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(
        &log,
        text.replace(&format!("\"{old}\""), &format!("\"{xid}\"")),
    )
    .unwrap();
    let settle = || {
        let out = revoke_nobody_logged(home.path(), &db, &log);
        assert_exit(&out, 0);
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let said = settle();
    assert!(
        said.contains("still unsettled (the server says in progress)"),
        "{said}"
    );
    assert!(!std::fs::read_to_string(&log)
        .unwrap()
        .contains("settled_later"));
    rt.block_on(open.batch_execute("ROLLBACK")).unwrap();
    let said = settle();
    assert!(
        said.contains("had not recorded its outcome: aborted"),
        "{said}"
    );
}

/// A plan whose keys all changed since it was written deletes nothing: the keys are named as
/// left alone, and no word of a signal (there is nothing to signal, --no-signal or not). A
/// revoke that deletes what it previewed names nothing left alone; one that matches nothing
/// is a dry run only without --yes.
#[test]
fn what_a_revoke_says_when_its_keys_changed_since_the_plan() {
    let db = TestDb::odoo(18, &unique("planchanged"));
    let home = tempfile::tempdir().unwrap();
    let plan = write_plan(home.path(), &db, &["--id", "3"]);
    db.execute("UPDATE res_users_apikeys SET name = 'renamed' WHERE id = 3");
    for extra in [&[][..], &["--no-signal"][..]] {
        let out = odoo_access(home.path())
            .args([
                "revoke", "-d", &db.name, "--yes", "--format", "json", "--apply",
            ])
            .arg(&plan)
            .args(extra)
            .output()
            .unwrap();
        let doc = common::json_doc(&out, 0);
        assert_eq!(doc["deleted"], 0, "{extra:?}");
        assert_eq!(doc["left_alone"], serde_json::json!([3]), "{extra:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("left alone: ids [3]"), "{extra:?}: {said}");
        assert!(!said.contains("--no-signal:"), "{extra:?}: {said}");
    }
    let out = odoo_access(home.path())
        .args(["revoke", "-d", &db.name, "--id", "3", "--yes"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("left alone"));
    // Also in a fleet (of one).
    let fleet = format!("^{}$", db.name);
    for target in [["-d", &db.name], ["--dbfilter", &fleet]] {
        for (yes, dry_run) in [(true, false), (false, true)] {
            let mut command = odoo_access(home.path());
            command.args(["revoke", "--login", "nobody", "--format", "json"]);
            command.args(target);
            if yes {
                command.arg("--yes");
            }
            let doc = common::json_doc(&command.output().unwrap(), 0);
            assert_eq!(doc["dry_run"], dry_run, "{target:?} --yes {yes}");
        }
    }
}
