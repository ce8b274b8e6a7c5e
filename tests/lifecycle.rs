//! The key lifecycle Odoo lacks: `mint` (a key for any user, made as Odoo makes one),
//! `signal`, on every version 14–19.

mod common;

use base64::Engine as _;
use common::{assert_exit, json_doc, odoo_access, unique, TestDb, VERSIONS};
use std::os::unix::fs::PermissionsExt;

/// passlib's `$pbkdf2-sha512$<rounds>$<salt>$<checksum>` checked with a PBKDF2-SHA512 computed
/// here, independently of odoo-access: passlib's "adapted base64" is standard base64 with `.`
/// for `+` and no padding.
fn passlib_verifies(hash: &str, secret: &str) -> bool {
    let fields: Vec<&str> = hash.split('$').collect();
    let ["", "pbkdf2-sha512", rounds, salt, checksum] = fields[..] else {
        panic!("not a passlib pbkdf2-sha512 hash: {hash}");
    };
    let ab64 = |text: &str| {
        base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(text.replace('.', "+"))
            .unwrap()
    };
    let (salt, expected) = (ab64(salt), ab64(checksum));
    let mut computed = vec![0u8; expected.len()];
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(
        secret.as_bytes(),
        &salt,
        rounds.parse().unwrap(),
        &mut computed,
    );
    computed == expected
}

#[test]
fn the_test_s_own_pbkdf2_agrees_with_a_hash_real_odoo_made() {
    // shared/odoo/18/secrets.json: admin's key and the hash a real Odoo 18 server stored.
    let hash = "$pbkdf2-sha512$6000$4ZwzBqC0lhLC2Nu7d44Rog$X7oOuYCa4I8fXvpYtmCW1OMLWljdwqlMulTArR7RRLNKBkwirihBOyBQSs35VcxgFw4d96LilBM8UTccfgB27A";
    assert!(passlib_verifies(
        hash,
        "d660abbfa23774cbe8e8d080931e25673fa472fe"
    ));
    assert!(!passlib_verifies(
        hash,
        "d660abbfa23774cbe8e8d080931e25673fa472ff"
    ));
}

fn key_count(db: &TestDb) -> String {
    db.scalar("SELECT count(*)::text FROM res_users_apikeys")
        .unwrap()
}

/// A key minted for `svc` (internal, no admin) on every version: accepted by `check`, its
/// row exactly as Odoo writes one, its hash verified here; the key on stdout only.
#[test]
fn a_minted_key_is_accepted_and_stored_as_odoo_stores_keys() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("mint{v}")));
        let home = tempfile::tempdir().unwrap();
        let log = home.path().join("audit.jsonl");
        let mut args = vec!["mint", "-d", &db.name, "--login", "svc", "--name", "Rutter"];
        args.extend(["--scope", "rpc", "--format", "json", "-v"]);
        args.extend(["--audit-log", log.to_str().unwrap()]);
        if v >= 18 {
            args.extend(["--expires", "30d"]);
        }
        let out = odoo_access(home.path()).args(&args).output().unwrap();
        let doc = json_doc(&out, 0);
        let row = &doc["rows"][0];
        let secret = row["key"].as_str().unwrap().to_string();
        let id = row["id"].as_i64().unwrap();
        assert_eq!(secret.len(), 40, "{v}");
        assert!(secret
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
        assert_eq!(row["owner_login"], "svc");
        assert_eq!(row["scope"], "rpc");
        assert_eq!(row["expires"].is_null(), v < 18, "{v}");

        let stored = db
            .scalar(&format!(
                "SELECT concat_ws('|', k.index, k.key, k.name, k.scope, u.login,
                        (k.create_date > now() AT TIME ZONE 'utc' - interval '1 minute')::text)
                 FROM res_users_apikeys k JOIN res_users u ON u.id = k.user_id WHERE k.id = {id}"
            ))
            .unwrap();
        let fields: Vec<&str> = stored.split('|').collect();
        assert_eq!(fields[0], &secret[..8], "{v}: index");
        assert!(fields[1].starts_with("$pbkdf2-sha512$6000$"), "{v}");
        assert_eq!(fields[1].len(), 129, "{v}: passlib's length");
        assert!(passlib_verifies(fields[1], &secret), "{v}: the hash");
        assert_eq!(&fields[2..], ["Rutter", "rpc", "svc", "true"], "{v}");
        if v >= 18 {
            let days = db.scalar(&format!(
                "SELECT round(extract(epoch FROM expiration_date - (now() AT TIME ZONE 'utc')) / 86400)::text
                 FROM res_users_apikeys WHERE id = {id}"
            ));
            assert_eq!(days.as_deref(), Some("30"), "{v}");
        }

        let check = odoo_access(home.path())
            .args([
                "check", "-d", &db.name, "--login", "svc", "--format", "json",
            ])
            .write_stdin(format!("{secret}\n"))
            .output()
            .unwrap();
        let verdict = json_doc(&check, 0);
        assert_eq!(verdict["verdict"], "succeed", "{v}: {verdict}");

        // Nowhere but stdout: not in stderr (-v included), not in the audit log.
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains(&secret), "{v}: {err}");
        let logged = std::fs::read_to_string(&log).unwrap();
        assert!(
            !logged.contains(&secret) && !logged.contains(&secret[..8]),
            "{v}"
        );
        assert!(
            logged.contains("\"action\":\"mint\"") && logged.contains("\"committed\""),
            "{logged}"
        );
        assert!(logged.contains(&format!("\"key_id\":{id}")), "{logged}");
    }
}

/// --key-file: a new file, 0600, holding the key and nothing else; stdout only names it. An
/// existing file is never overwritten, and then nothing is created.
#[test]
fn a_key_file_is_new_private_and_the_only_copy() {
    let db = TestDb::odoo(17, &unique("keyfile"));
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("svc.key");
    let mint = || {
        odoo_access(home.path())
            .args(["mint", "-d", &db.name, "--login", "svc", "--name", "n"])
            .args(["--key-file", file.to_str().unwrap(), "--format", "csv"])
            .output()
            .unwrap()
    };
    let out = mint();
    assert_exit(&out, 0);
    let secret = std::fs::read_to_string(&file).unwrap();
    let secret = secret.strip_suffix('\n').unwrap();
    assert_eq!(secret.len(), 40);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains(secret) && stdout.contains("written to"),
        "{stdout}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));

    let before = key_count(&db);
    let out = mint();
    assert_exit(&out, 74);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was created"));
    assert_eq!(key_count(&db), before, "no key behind a refused file");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("{secret}\n")
    );
}

/// Odoo's rules, each refusal one line with its exit code, nothing created; the overrides
/// that exist make the key with a warning.
#[test]
fn odoo_s_rules_refuse_what_its_wizard_refuses() {
    let db = TestDb::odoo(18, &unique("mintrules"));
    let home = tempfile::tempdir().unwrap();
    let mint = |args: &[&str]| {
        odoo_access(home.path())
            .args(["mint", "-d", &db.name, "--name", "n"])
            .args(args)
            .output()
            .unwrap()
    };
    let before = key_count(&db);
    for (args, exit, says) in [
        (&["--login", "bob", "--expires", "1d"][..], 77, "archived"),
        (
            &["--login", "public", "--expires", "1d"],
            77,
            "public (anonymous) user",
        ),
        (
            &["--login", "pat", "--expires", "1d"],
            77,
            "portal.allow_api_keys",
        ),
        (&["--login", "svc", "--expires", "91d"], 77, "90 days"),
        (
            &["--login", "svc", "--persistent"],
            77,
            "Settings admins only",
        ),
        (&["--login", "svc"], 64, "--expires"),
        (
            &["--login", "nobody", "--expires", "1d"],
            66,
            "no user with login",
        ),
    ] {
        let out = mint(args);
        assert_exit(&out, exit);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert_eq!(key_count(&db), before, "{args:?} created nothing");
    }
    // An admin may have a persistent key; the overrides make the others, saying so.
    assert_exit(&mint(&["--login", "admin", "--persistent"]), 0);
    for args in [
        &["--login", "pat", "--expires", "1d", "--allow-portal"][..],
        &["--login", "svc", "--persistent", "--beyond-policy"],
    ] {
        let out = mint(args);
        assert_exit(&out, 0);
        assert!(String::from_utf8_lossy(&out.stderr).contains("made anyway"));
    }
    // Where portal.allow_api_keys is set, Odoo's wizard makes portal keys: so does mint.
    db.execute(
        "INSERT INTO ir_config_parameter (key, value) VALUES ('portal.allow_api_keys', 'True')",
    );
    let out = mint(&["--login", "pat", "--expires", "1d"]);
    assert_exit(&out, 0);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("made anyway"));
    // 'False' is on to Odoo (Python truth of the text): so it is to mint.
    db.execute(
        "UPDATE ir_config_parameter SET value = 'False' WHERE key = 'portal.allow_api_keys'",
    );
    assert_exit(&mint(&["--login", "pat", "--expires", "1d"]), 0);
    // Without the portal module installed the parameter does nothing: refused again.
    db.execute("UPDATE ir_module_module SET state = 'uninstalled' WHERE name = 'portal'");
    let out = mint(&["--login", "pat", "--expires", "1d"]);
    assert_exit(&out, 77);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a portal user"));
    // 14's wizard makes keys for internal users only, whatever the parameter says.
    let v14 = TestDb::odoo(14, &unique("mint14"));
    v14.execute(
        "INSERT INTO ir_config_parameter (key, value) VALUES ('portal.allow_api_keys', 'True')",
    );
    let out = odoo_access(home.path())
        .args(["mint", "-d", &v14.name, "--login", "pat", "--name", "n"])
        .output()
        .unwrap();
    assert_exit(&out, 77);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a portal user"));
    // 14–17 keys never expire.
    let old = TestDb::odoo(16, &unique("mint16"));
    let out = odoo_access(home.path())
        .args(["mint", "-d", &old.name, "--login", "svc", "--name", "n"])
        .args(["--expires", "30d"])
        .output()
        .unwrap();
    assert_exit(&out, 66);
    assert!(String::from_utf8_lossy(&out.stderr).contains("never expire"));
}

/// `signal` advances Odoo's own signal once per database, on every version.
#[test]
fn signal_advances_odoo_s_signal_once() {
    let prefix = unique("signal");
    let databases: Vec<(u32, TestDb)> = VERSIONS
        .iter()
        .map(|v| (*v, TestDb::odoo(*v, &format!("{prefix}_{v}"))))
        .collect();
    let before: Vec<i64> = databases
        .iter()
        .map(|(v, db)| db.signal_value(*v))
        .collect();
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "signal",
            "--dbfilter",
            &format!("^{prefix}_"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc = json_doc(&out, 0);
    assert_eq!(doc["rows"].as_array().unwrap().len(), databases.len());
    for ((v, db), was) in databases.iter().zip(before) {
        assert_eq!(db.signal_value(*v), was + 1, "{v}");
    }
}

fn expires_of(db: &TestDb, id: i64) -> Option<String> {
    db.scalar(&format!(
        "SELECT to_char(expiration_date, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM res_users_apikeys WHERE id = {id}"
    ))
}

/// `expire` sets exactly the previewed keys' end (never lengthening one), on 18 and 19; on
/// 14–17 it is one line naming the version, and nothing changes.
#[test]
fn expire_sets_exactly_the_previewed_keys() {
    for v in [18, 19] {
        let db = TestDb::odoo(v, &unique(&format!("expire{v}")));
        let home = tempfile::tempdir().unwrap();
        let run = |extra: &[&str]| {
            odoo_access(home.path())
                .args(["expire", "-d", &db.name, "--login", "carol", "--in", "30d"])
                .args(["--format", "json"])
                .args(extra)
                .output()
                .unwrap()
        };
        let before = db.scalar("SELECT string_agg(id || '=' || coalesce(expiration_date::text, '-'), ',' ORDER BY id) FROM res_users_apikeys").unwrap();
        // Without --yes and a terminal: the preview, exit 1, nothing changed.
        let preview = json_doc(&run(&[]), 1);
        assert_eq!(preview["dry_run"], true);
        let previewed: Vec<i64> = preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert!(!previewed.is_empty(), "{v}: carol has a key without an end");
        assert_eq!(
            db.scalar("SELECT string_agg(id || '=' || coalesce(expiration_date::text, '-'), ',' ORDER BY id) FROM res_users_apikeys").unwrap(),
            before
        );
        // A key that ends later than the end asked is brought forward too.
        db.execute("UPDATE res_users_apikeys SET expiration_date = (now() AT TIME ZONE 'utc') + interval '400 days' WHERE id = 3");
        let done = json_doc(&run(&["--yes"]), 0);
        let end = done["expires"].as_str().unwrap().to_string();
        // 30 days from the server's now, not before it.
        let in_30_days = db
            .scalar("SELECT to_char((now() AT TIME ZONE 'utc') + interval '30 days', 'YYYY-MM-DD')")
            .unwrap();
        assert!(end.starts_with(&in_30_days), "{v}: {end}");
        assert_eq!(done["dry_run"], false);
        assert_eq!(done["left_alone"], serde_json::json!([]));
        assert!(
            done["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == 3),
            "{v}: the later end came forward"
        );
        let set: Vec<i64> = done["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        let mut previewed = previewed;
        if !previewed.contains(&3) {
            previewed.push(3);
            previewed.sort_unstable();
        }
        assert_eq!(done["expired"].as_u64(), Some(previewed.len() as u64));
        assert_eq!(set, previewed, "{v}: exactly the previewed keys");
        for id in &set {
            assert_eq!(
                expires_of(&db, *id).as_deref(),
                Some(&end[..]),
                "{v}: #{id}"
            );
        }
        // Every other key is as it was (carol's sooner ones included).
        let after = db.scalar("SELECT string_agg(id || '=' || coalesce(expiration_date::text, '-'), ',' ORDER BY id) FROM res_users_apikeys").unwrap();
        let unchanged = |list: &str| -> Vec<String> {
            list.split(',')
                .filter(|e| !set.iter().any(|id| e.starts_with(&format!("{id}="))))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(unchanged(&after), unchanged(&before), "{v}");
        // Again: nothing is left without an end before it, so nothing to do (and with --yes,
        // no preview either).
        let again = json_doc(&run(&["--yes"]), 0);
        assert!(again["rows"].as_array().unwrap().is_empty(), "{v}");
        assert_eq!(again["dry_run"], false);
    }
    let old = TestDb::odoo(17, &unique("expire17"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "expire",
            "-d",
            &old.name,
            "--persistent",
            "--in",
            "30d",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 66);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Odoo 17") && err.contains("cannot expire"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

/// `rotate` on 18+: the new key is active (and accepted), the old one ends after the overlap
/// and is `expired` once it has; with --overlap 0 it is gone at once, Odoo signalled. On 14–17
/// the old key is revoked at once or planned for later.
#[test]
fn rotate_replaces_a_key_and_ends_the_old_one() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("rotate{v}")));
        let home = tempfile::tempdir().unwrap();
        // svc's global key, #10 in the fixture.
        let old_id = db
            .scalar("SELECT min(k.id)::text FROM res_users_apikeys k JOIN res_users u ON u.id = k.user_id WHERE u.login = 'svc' AND k.scope IS NULL")
            .unwrap();
        let rotate = |extra: &[&str]| {
            odoo_access(home.path())
                .args([
                    "rotate", "-d", &db.name, "--id", &old_id, "--format", "json",
                ])
                .args(extra)
                .output()
                .unwrap()
        };
        let status = |id: &str| {
            let out = odoo_access(home.path())
                .args(["keys", "-d", &db.name, "--format", "json"])
                .output()
                .unwrap();
            let doc = json_doc(&out, 0);
            doc["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id.parse::<i64>().unwrap())
                .map(|r| r["status"].as_str().unwrap().to_string())
        };
        if v < 18 {
            let out = rotate(&[]);
            assert_exit(&out, 64);
            let plan = home.path().join("old.json");
            let doc = json_doc(&rotate(&["--plan", plan.to_str().unwrap()]), 0);
            assert_eq!(doc["old_key_end"], "planned");
            assert_eq!(
                status(&old_id).as_deref(),
                Some("active"),
                "{v}: still works"
            );
            let new_id = doc["rows"][0]["id"].to_string();
            assert_eq!(status(&new_id).as_deref(), Some("active"));
            let applied = odoo_access(home.path())
                .args([
                    "revoke",
                    "-d",
                    &db.name,
                    "--apply",
                    plan.to_str().unwrap(),
                    "--yes",
                ])
                .output()
                .unwrap();
            assert_exit(&applied, 0);
            assert_eq!(status(&old_id), None, "{v}: the plan revoked it");
            continue;
        }
        let doc = json_doc(&rotate(&["--overlap", "1h"]), 0);
        let row = &doc["rows"][0];
        let new_id = row["id"].to_string();
        let secret = row["key"].as_str().unwrap().to_string();
        assert!(row["name"].as_str().unwrap().contains("(rotated "), "{row}");
        assert_eq!(row["owner_login"], "svc");
        assert_eq!(doc["old_key_end"], "expires");
        assert_eq!(status(&new_id).as_deref(), Some("active"), "{v}");
        assert_eq!(status(&old_id).as_deref(), Some("active"), "{v}: overlap");
        let check = odoo_access(home.path())
            .args([
                "check", "-d", &db.name, "--login", "svc", "--format", "json",
            ])
            .write_stdin(format!("{secret}\n"))
            .output()
            .unwrap();
        assert_eq!(json_doc(&check, 0)["verdict"], "succeed", "{v}");
        // After the overlap (moved into the past here), the old key is expired.
        db.execute(&format!(
            "UPDATE res_users_apikeys SET expiration_date = expiration_date - interval '2 hours' WHERE id = {old_id}"
        ));
        assert_eq!(status(&old_id).as_deref(), Some("expired"), "{v}");
        assert_eq!(status(&new_id).as_deref(), Some("active"), "{v}");

        // --overlap 0: the new key's predecessor is gone at once, and Odoo is told.
        let signal = db.signal_value(v);
        let doc = json_doc(
            &odoo_access(home.path())
                .args(["rotate", "-d", &db.name, "--id", &new_id, "--overlap", "0"])
                .args(["--format", "json"])
                .output()
                .unwrap(),
            0,
        );
        assert_eq!(doc["old_key_end"], "revoked");
        assert_eq!(status(&new_id), None, "{v}");
        assert_eq!(db.signal_value(v), signal + 1, "{v}");
    }
}

/// Nothing changes when the old key changed after it was read: here it is gone.
#[test]
fn rotate_of_a_missing_key_changes_nothing() {
    let db = TestDb::odoo(18, &unique("rotatemissing"));
    let before = key_count(&db);
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["rotate", "-d", &db.name, "--id", "9999"])
        .output()
        .unwrap();
    assert_exit(&out, 66);
    assert_eq!(key_count(&db), before);
}

/// sql/roles/lifecycle-role.sql: enough to mint, expire and rotate, and still no right to read
/// a key's hash.
#[test]
fn the_lifecycle_role_makes_and_ends_keys_but_reads_none() {
    for v in [14, 18, 19] {
        let prefix = unique(&format!("liferole{v}"));
        let roles = ["audit", "revoke", "lifecycle"]
            .map(|r| common::TestRole::created_elsewhere(&format!("{prefix}_{r}")));
        let db = TestDb::odoo(v, &prefix);
        db.install_lifecycle_role(&roles[0].name, &roles[1].name, &roles[2].name);
        let may_read = db
            .scalar(&format!(
                "SELECT has_column_privilege('{}', 'res_users_apikeys', 'key', 'SELECT')::text",
                roles[2].name
            ))
            .unwrap();
        assert_eq!(may_read, "false", "{v}");
        let home = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            odoo_access(home.path())
                .env("PGUSER", &roles[2].name)
                .args(args)
                .args(["-d", &db.name, "--format", "json"])
                .output()
                .unwrap()
        };
        let mut mint = vec!["mint", "--login", "svc", "--name", "by role"];
        if v >= 18 {
            mint.extend(["--expires", "30d"]);
        }
        let doc = json_doc(&run(&mint), 0);
        let id = doc["rows"][0]["id"].to_string();
        if v >= 18 {
            json_doc(&run(&["expire", "--id", &id, "--in", "7d", "--yes"]), 0);
            let doc = json_doc(&run(&["rotate", "--id", &id, "--overlap", "1d"]), 0);
            assert_eq!(doc["old_key_end"], "expires", "{v}");
        }
        let doc = json_doc(&run(&["rotate", "--id", &id, "--overlap", "0"]), 0);
        assert_eq!(doc["old_key_end"], "revoked", "{v}");
    }
}

/// A successor passes every rule a new key passes: rotate of a portal user's key where Odoo's
/// wizard would make none is refused, and the old key is left as it was (18, 19).
#[test]
fn rotate_refuses_a_successor_odoo_would_not_make() {
    for v in [18, 19] {
        let db = TestDb::odoo(v, &unique(&format!("rotateportal{v}")));
        let home = tempfile::tempdir().unwrap();
        let pat: String = db
            .scalar("SELECT k.id::text FROM res_users_apikeys k JOIN res_users u ON u.id = k.user_id WHERE u.login = 'pat' ORDER BY k.id LIMIT 1")
            .unwrap();
        let before = key_count(&db);
        let expiry = format!(
            "SELECT coalesce(expiration_date::text, '-') FROM res_users_apikeys WHERE id = {pat}"
        );
        let old_end = db.scalar(&expiry);
        let file = home.path().join("key");
        for overlap in ["0s", "1d"] {
            let out = odoo_access(home.path())
                .args(["rotate", "-d", &db.name, "--id", &pat, "--overlap", overlap])
                .args(["--key-file", file.to_str().unwrap()])
                .output()
                .unwrap();
            assert_exit(&out, 77);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("is a portal user"), "{v}: {stderr}");
            assert!(
                stderr.contains(&format!("key #{pat} is left as it was")),
                "{v}: {stderr}"
            );
            assert_eq!(
                key_count(&db),
                before,
                "{v}: no successor, the old key kept"
            );
            assert_eq!(db.scalar(&expiry), old_end, "{v}: its end unchanged");
            assert!(!file.exists());
        }
        // Where Odoo's wizard would make one, so does rotate.
        db.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES ('portal.allow_api_keys', 'True')",
        );
        let out = odoo_access(home.path())
            .args(["rotate", "-d", &db.name, "--id", &pat, "--overlap", "1d"])
            .args(["--key-file", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_exit(&out, 0);
    }
}

/// How rotate ends the old key is what it says, what it logs and what the table holds: an
/// expiry at now + overlap (an earlier one kept), a deletion at once; the new key's lifetime
/// refused on 14–17, and a key file taken back when the commit fails.
#[test]
fn rotate_logs_and_says_how_the_old_key_ends() {
    let db = TestDb::odoo(18, &unique("rotatelog"));
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("audit.jsonl");
    let made = std::cell::Cell::new(0);
    let rotate = |id: &str, args: &[&str]| {
        made.set(made.get() + 1);
        let file = home.path().join(format!("key{}", made.get()));
        odoo_access(home.path())
            .args(["rotate", "-d", &db.name, "--id", id, "--format", "json"])
            .args(["--audit-log", log.to_str().unwrap()])
            .args(["--key-file", file.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let intents = || -> Vec<(String, i64, Option<String>)> {
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|l| l["event"] == "intent")
            .map(|l| {
                (
                    l["action"].as_str().unwrap().to_string(),
                    l["key_id"].as_i64().unwrap(),
                    l["expires"].as_str().map(str::to_string),
                )
            })
            .collect()
    };
    let end_of = |id: &str| {
        db.scalar(&format!(
            "SELECT (SELECT to_char(expiration_date, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM res_users_apikeys WHERE id = {id})"
        ))
    };
    // carol's persistent key #3, with a day's overlap: it is given an end, logged as expire.
    let doc = json_doc(&rotate("3", &["--overlap", "1d", "--expires", "2d"]), 0);
    assert_eq!(doc["old_key_end"], "expires");
    let said = doc["old_key_expires"].as_str().unwrap().to_string();
    assert_eq!(end_of("3").as_deref(), Some(said.as_str()));
    let new_id = doc["rows"][0]["id"].as_i64().unwrap();
    assert_eq!(
        intents(),
        [
            (
                "mint".into(),
                new_id,
                doc["rows"][0]["expires"].as_str().map(str::to_string)
            ),
            ("expire".into(), 3, Some(said.clone())),
        ]
    );
    // A key that ends sooner than now + overlap keeps its end.
    db.execute("UPDATE res_users_apikeys SET expiration_date = (now() AT TIME ZONE 'utc') + interval '2 hours' WHERE id = 3");
    let sooner = end_of("3");
    let doc = json_doc(&rotate("3", &["--overlap", "7d", "--expires", "2d"]), 0);
    assert_eq!(doc["old_key_end"], "expires");
    assert_eq!(end_of("3"), sooner, "the earlier end is kept");
    assert_eq!(doc["old_key_expires"].as_str(), sooner.as_deref());
    // A key that ends later than now + overlap is brought forward to it.
    db.execute("UPDATE res_users_apikeys SET expiration_date = (now() AT TIME ZONE 'utc') + interval '30 days' WHERE id = 3");
    let later = end_of("3");
    let doc = json_doc(&rotate("3", &["--overlap", "1d", "--expires", "2d"]), 0);
    let brought = doc["old_key_expires"].as_str().unwrap().to_string();
    assert_eq!(end_of("3").as_deref(), Some(brought.as_str()));
    assert!(Some(brought) < later, "the end came forward");
    // At once: deleted, logged as revoke, and Odoo signalled.
    let doc = json_doc(&rotate("3", &["--overlap", "0s", "--expires", "2d"]), 0);
    assert_eq!(doc["old_key_end"], "revoked");
    assert!(doc["old_key_expires"].is_null());
    assert!(doc["signal"]
        .as_str()
        .is_some_and(|s| s.contains("nextval")));
    assert_eq!(end_of("3"), None);
    assert_eq!(
        intents().last().map(|i| (i.0.clone(), i.1)),
        Some(("revoke".into(), 3))
    );

    // A commit that fails (a constraint checked at COMMIT) leaves no key behind: not in the
    // table, not in the key file.
    db.execute(
        "CREATE FUNCTION public.no_more_keys() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'no more keys'; END $$;
         CREATE CONSTRAINT TRIGGER no_more_keys AFTER INSERT ON public.res_users_apikeys
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.no_more_keys();",
    );
    let before = key_count(&db);
    let file = home.path().join("never");
    let out = odoo_access(home.path())
        .args([
            "rotate",
            "-d",
            &db.name,
            "--id",
            &new_id.to_string(),
            "--overlap",
            "1d",
        ])
        .args(["--key-file", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no more keys"));
    assert!(!file.exists(), "the key file is taken back");
    assert_eq!(key_count(&db), before);

    // 14–17: keys never expire, so no lifetime for the new one either.
    let old = TestDb::odoo(16, &unique("rotate16"));
    let out = odoo_access(home.path())
        .args([
            "rotate",
            "-d",
            &old.name,
            "--id",
            "3",
            "--overlap",
            "0s",
            "--expires",
            "1d",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 66);
    assert!(String::from_utf8_lossy(&out.stderr).contains("never expire"));
}

/// mint says when a scope keeps the key from RPC, and says nothing of a key RPC accepts.
#[test]
fn mint_says_which_scopes_rpc_refuses() {
    let db = TestDb::odoo(17, &unique("mintscope"));
    let home = tempfile::tempdir().unwrap();
    let mint = |scope: &str| {
        let file = home.path().join(scope);
        odoo_access(home.path())
            .args([
                "mint", "-d", &db.name, "--login", "svc", "--name", "s", "--scope", scope,
            ])
            .args(["--key-file", file.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let notice = "accept only keys without a scope or with scope 'rpc'";
    let out = mint("odoo.plugin.outlook");
    assert_exit(&out, 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains(notice));
    let out = mint("rpc");
    assert_exit(&out, 0);
    assert!(!String::from_utf8_lossy(&out.stderr).contains(notice));
}
