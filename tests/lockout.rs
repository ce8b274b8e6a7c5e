//! `odoo-access lockout`: every door of a login closed at once, on every version; what it
//! refuses, what it keeps, its audit log and crash safety, a fleet, a hostile database.

mod common;

use common::{assert_exit, json_doc, odoo_access, unique, TestDb, TestRole, VERSIONS};
use serde_json::Value;
use std::path::Path;

fn lockout(home: &Path, db: &TestDb, extra: &[&str]) -> std::process::Output {
    odoo_access(home)
        .args(["lockout", "-d", &db.name, "--format", "json"])
        .args(extra)
        .output()
        .unwrap()
}

/// What alice's doors hold in the database: keys, trusted browsers (14.0's in the key table),
/// passkeys, and her password hash and active flag.
fn alice(db: &TestDb, v: u32) -> (i64, i64, i64, String, bool) {
    let count = |sql: &str| db.scalar(sql).unwrap().parse::<i64>().unwrap();
    let keys = count("SELECT count(*)::text FROM res_users_apikeys WHERE user_id = 6 AND scope IS DISTINCT FROM '2fa_trusted_device'");
    let devices = match v {
        14 => count("SELECT count(*)::text FROM res_users_apikeys WHERE user_id = 6 AND scope = '2fa_trusted_device'"),
        _ => count("SELECT count(*)::text FROM auth_totp_device WHERE user_id = 6"),
    };
    let passkeys = match v >= 18 {
        true => count("SELECT count(*)::text FROM auth_passkey_key WHERE create_uid = 6"),
        false => 0,
    };
    let password = db
        .scalar("SELECT password::text FROM res_users WHERE id = 6")
        .unwrap();
    let active = db
        .scalar("SELECT active::text FROM res_users WHERE id = 6")
        .unwrap()
        == "true";
    (keys, devices, passkeys, password, active)
}

#[test]
fn every_door_of_a_login_closes_on_every_version() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("lockout{v}")));
        let home = tempfile::tempdir().unwrap();
        if v >= 18 {
            db.execute("INSERT INTO auth_passkey_key (name, credential_identifier, public_key, create_uid) VALUES ('laptop', 'cred-alice', 'pk', 6)");
        }
        let before = alice(&db, v);
        assert_eq!(
            (before.0, before.1),
            (1, 1),
            "{v}: the fixture's key and trusted browser"
        );
        let signal = db.signal_value(v);
        // Without --yes and without a terminal: the preview, exit 1, nothing changed.
        let preview = json_doc(&lockout(home.path(), &db, &["--login", "alice"]), 1);
        assert_eq!(preview["dry_run"], true);
        let row = &preview["rows"][0];
        assert_eq!(
            (
                row["login"].as_str(),
                row["keys_deleted"].as_i64(),
                row["devices_deleted"].as_i64()
            ),
            (Some("alice"), Some(1), Some(1)),
            "{v}: {row}"
        );
        assert_eq!(row["passkeys_deleted"], i64::from(v >= 18), "{v}");
        assert_eq!(
            row["sessions_seen"].is_null(),
            v < 18,
            "{v}: res_device_log is 18+"
        );
        assert_eq!(alice(&db, v), before, "{v}: a preview changes nothing");

        let out = lockout(home.path(), &db, &["--login", "alice", "--yes"]);
        let done = json_doc(&out, 0);
        // 17 and 18 serving several databases (this cluster has others of the same owner)
        // accept a cached key once more per worker, as after revoke: said.
        let said = String::from_utf8_lossy(&out.stderr);
        let window = (17..=18).contains(&v);
        assert_eq!(said.contains("accepts it once more"), window, "{v}: {said}");
        let row = &done["rows"][0];
        assert_eq!(done["locked_out"], 1);
        // What was closed, counted by the write itself.
        let closed = |k: &str| row[k].as_i64().unwrap();
        assert_eq!(
            (
                closed("keys_deleted"),
                closed("devices_deleted"),
                closed("passkeys_deleted")
            ),
            (1, 1, i64::from(v >= 18)),
            "{v}: {row}"
        );
        assert_eq!(row["password_reset"], true);
        assert_eq!(row["sessions_ended"], true);
        assert_eq!(row["archived"], false);
        assert!(row["signal"].is_string(), "{v}: {row}");
        let (keys, devices, passkeys, password, active) = alice(&db, v);
        assert_eq!((keys, devices, passkeys, active), (0, 0, 0, true), "{v}");
        assert_ne!(password, before.3, "{v}: a new password");
        assert!(password.starts_with("$pbkdf2-sha512$600000$"), "{v}");
        assert!(db.signal_value(v) > signal, "{v}: running servers told");
        // Nobody else lost a door.
        let others = db
            .scalar("SELECT count(*)::text FROM res_users_apikeys WHERE user_id <> 6")
            .unwrap();
        assert_ne!(others, "0", "{v}");
    }
}

#[test]
fn built_in_users_and_the_last_admin_are_refused() {
    let db = TestDb::odoo(17, &unique("lockoutrefused"));
    let home = tempfile::tempdir().unwrap();
    let keys = || {
        db.scalar("SELECT count(*)::text FROM res_users_apikeys")
            .unwrap()
    };
    let before = keys();
    for login in ["__system__", "public"] {
        let out = lockout(home.path(), &db, &["--login", login, "--yes"]);
        assert_exit(&out, 77);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("built-in") && said.contains("nothing was changed"),
            "{said}"
        );
    }
    // admin is the only active Settings admin of the fixture.
    let out = lockout(home.path(), &db, &["--login", "admin", "--yes"]);
    assert_exit(&out, 77);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(keys(), before);
    let out = lockout(home.path(), &db, &["--login", "admin", "--yes", "--force"]);
    assert_exit(&out, 0);
    // A login nobody has: 66, as an unknown login everywhere.
    assert_exit(
        &lockout(home.path(), &db, &["--login", "nobody", "--yes"]),
        66,
    );
}

/// Only the last *active* Settings admin is kept: with another one, an admin is locked out
/// without --force; with no active admin left, locking out a user who is none is no loss.
#[test]
fn another_active_admin_lets_an_admin_be_locked_out() {
    let db = TestDb::odoo(18, &unique("lockoutadmins"));
    let home = tempfile::tempdir().unwrap();
    // carol becomes a Settings admin too.
    db.execute(
        "INSERT INTO res_groups_users_rel (gid, uid)
         SELECT res_id, 8 FROM ir_model_data
         WHERE module = 'base' AND model = 'res.groups' AND name = 'group_system'
         ON CONFLICT DO NOTHING",
    );
    assert_exit(
        &lockout(home.path(), &db, &["--login", "admin", "--yes"]),
        0,
    );
    // The admins archived: no active one left, and alice is no admin.
    db.execute("UPDATE res_users SET active = false WHERE login IN ('admin', 'carol')");
    assert_exit(
        &lockout(home.path(), &db, &["--login", "alice", "--yes"]),
        0,
    );
}

#[test]
fn keep_password_says_which_doors_stay_open_and_archive_closes_them() {
    let db = TestDb::odoo(16, &unique("lockoutkeep"));
    let home = tempfile::tempdir().unwrap();
    let before = alice(&db, 16);
    let out = lockout(
        home.path(),
        &db,
        &["--login", "alice", "--yes", "--keep-password"],
    );
    let doc = json_doc(&out, 0);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("web sessions stay valid"), "{said}");
    assert_eq!(doc["rows"][0]["password_reset"], false);
    assert_eq!(doc["rows"][0]["sessions_ended"], false);
    let after = alice(&db, 16);
    assert_eq!((after.0, after.1), (0, 0));
    assert_eq!(after.3, before.3, "the password kept");
    // --archive with it: the user archived, which ends the sessions (active is in the token).
    let doc = json_doc(
        &lockout(
            home.path(),
            &db,
            &["--login", "alice", "--yes", "--keep-password", "--archive"],
        ),
        0,
    );
    assert_eq!(doc["rows"][0]["archived"], true);
    assert_eq!(doc["rows"][0]["sessions_ended"], true);
    let after = alice(&db, 16);
    assert!(!after.4, "archived");
    assert_eq!(after.3, before.3);
}

/// Killed at each point of its commit, a lockout leaves all or nothing, and its audit log
/// says which once the next write on it settles the run.
#[test]
fn a_killed_lockout_leaves_all_or_nothing_and_a_log_the_next_run_settles() {
    // (where it dies, whether alice was locked out, how the next run settles the run)
    for (point, closed, settled) in [
        ("before-intent", false, None),
        ("after-intent", false, Some("aborted")),
        ("after-commit", true, Some("committed")),
    ] {
        let db = TestDb::odoo(19, &unique("lockoutkilled"));
        let home = tempfile::tempdir().unwrap();
        let log = home.path().join("audit.jsonl");
        let before = alice(&db, 19);
        let run = |kill: Option<&str>| {
            let mut command = odoo_access(home.path());
            command
                .args([
                    "lockout",
                    "-d",
                    &db.name,
                    "--login",
                    "alice",
                    "--yes",
                    "--audit-log",
                ])
                .arg(&log);
            if let Some(point) = kill {
                command.env("ODOO_ACCESS_TEST_KILL_AT", point);
            }
            command.output().unwrap()
        };
        let out = run(Some(point));
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(libc::SIGKILL), "{point}");
        let after = alice(&db, 19);
        assert_eq!(after == before, !closed, "{point}: all or nothing");
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        assert_eq!(
            text.lines().count(),
            usize::from(point != "before-intent"),
            "{point}"
        );
        if let Some(line) = text.lines().next() {
            let intent: Value = serde_json::from_str(line).unwrap();
            assert_eq!(intent["action"], "lockout");
            assert_eq!(
                (intent["login"].as_str(), intent["keys_deleted"].as_i64()),
                (Some("alice"), Some(1))
            );
            assert!(!text.contains("pbkdf2"), "no hash in the log");
        }
        // The next lockout on the log settles the run, then does its own work.
        let out = run(None);
        assert_exit(&out, 0);
        common::assert_no_secrets(&out);
        let outcomes: Vec<Value> = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|l: &Value| l["event"] != "intent")
            .collect();
        match settled {
            None => assert_eq!(outcomes.len(), 1, "{point}: only its own run"),
            Some(event) => {
                assert_eq!(outcomes[0]["event"], event, "{point}");
                assert_eq!(outcomes[0]["settled_later"], true, "{point}");
            }
        }
        assert_eq!(outcomes.last().unwrap()["event"], "committed");
        assert_eq!(alice(&db, 19).0, 0, "{point}");
    }
}

#[test]
fn a_fleet_lockout_closes_the_login_in_every_database() {
    let prefix = unique("lockoutfleet");
    let a = TestDb::odoo(18, &format!("{prefix}_a"));
    let b = TestDb::odoo(15, &format!("{prefix}_b"));
    let _plain = TestDb::empty(&format!("{prefix}_plain"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "lockout",
            "--dbfilter",
            &format!("^{prefix}_"),
            "--login",
            "al*",
            "--yes",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc = json_doc(&out, 0);
    let databases: Vec<&str> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["database"].as_str().unwrap())
        .collect();
    assert_eq!(databases, [a.name.as_str(), b.name.as_str()]);
    assert_eq!(alice(&a, 18).0 + alice(&b, 15).0, 0);
}

/// lockout writes res_users: as a superuser, a database whose objects another role owns is
/// refused before anything is written (the write authority), with the owner to run as.
#[test]
fn a_superuser_does_not_lock_out_where_another_role_planted_code() {
    // The role first: dropped after the database that holds its function.
    let owner = TestRole::new(&unique("lockoutowner"), "");
    let db = TestDb::odoo(18, &unique("lockouthostile"));
    db.execute(&format!(
        "CREATE FUNCTION public.planted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         ALTER FUNCTION public.planted() OWNER TO \"{0}\";
         CREATE TRIGGER planted BEFORE UPDATE ON public.res_users FOR EACH ROW EXECUTE FUNCTION public.planted();",
        owner.name
    ));
    let home = tempfile::tempdir().unwrap();
    let before = alice(&db, 18);
    let out = lockout(home.path(), &db, &["--login", "alice", "--yes"]);
    assert_exit(&out, 77);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&owner.name) && said.contains("nothing was changed"),
        "{said}"
    );
    assert_eq!(alice(&db, 18), before);
}

/// `--everyone` (a leaked backup or secret): a new database.secret, shaped as Odoo makes one
/// and never shown; no key, password or user is touched; running servers told.
#[test]
fn everyone_gets_a_new_database_secret_and_nothing_else_changes() {
    let db = TestDb::odoo(18, &unique("lockouteveryone"));
    let home = tempfile::tempdir().unwrap();
    let secret = || {
        db.scalar("SELECT value::text FROM ir_config_parameter WHERE key = 'database.secret'")
            .unwrap()
    };
    let (before, keys, alice_before) = (
        secret(),
        db.scalar("SELECT count(*)::text FROM res_users_apikeys"),
        alice(&db, 18),
    );
    let signal = db.signal_value(18);
    let log = home.path().join("audit.jsonl");
    let out = odoo_access(home.path())
        .args([
            "lockout",
            "-d",
            &db.name,
            "--everyone",
            "--yes",
            "--format",
            "json",
            "--audit-log",
        ])
        .arg(&log)
        .output()
        .unwrap();
    let doc = json_doc(&out, 0);
    let after = secret();
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&after),
        "never shown"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&after));
    assert_ne!(after, before);
    let shape =
        regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            .unwrap();
    assert!(shape.is_match(&after), "a uuid4, as Odoo makes it");
    let row = &doc["rows"][0];
    assert_eq!(
        (row["login"].as_str(), row["sessions_ended"].as_bool()),
        (Some("*"), Some(true))
    );
    // The sessions res_device_log saw of every user, not revoked.
    let seen = db
        .scalar(
            "SELECT coalesce(sum(n), 0)::text FROM (SELECT count(DISTINCT session_identifier) AS n
             FROM res_device_log WHERE revoked IS NOT TRUE GROUP BY user_id) AS s",
        )
        .unwrap();
    assert_ne!(seen, "0", "the fixture's sessions");
    assert_eq!(row["sessions_seen"].to_string(), seen);
    assert_eq!(
        db.scalar("SELECT count(*)::text FROM res_users_apikeys"),
        keys
    );
    assert_eq!(alice(&db, 18), alice_before);
    assert!(db.signal_value(18) > signal);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains(r#""database_secret":true"#) && !text.contains(&after),
        "{text}"
    );
    // --everyone names no login.
    let out = odoo_access(home.path())
        .args(["lockout", "-d", &db.name, "--everyone", "--login", "alice"])
        .output()
        .unwrap();
    assert_exit(&out, 64);
}
