//! `odoo-access report`: the findings a user is told, each pinned on the fixture's users and
//! keys (what the report decides, beside tests/fleet.rs's exit codes and fleet behaviour).

mod common;

use common::{odoo_access, unique, TestDb};
use serde_json::Value;

/// The report's JSON for `db` (exit 0, 1 or 2).
fn report(db: &TestDb, extra: &[&str]) -> Value {
    common::report_doc(db, None, extra)
}

/// (severity, object, detail) of every finding `id`.
fn findings(doc: &Value, id: &str) -> Vec<(String, String, String)> {
    common::finding_fields(doc, id, ["severity", "object", "detail"])
}

fn set_parameter(db: &TestDb, key: &str, value: &str) {
    db.execute(&format!(
        "DELETE FROM public.ir_config_parameter WHERE key = '{key}';
         INSERT INTO public.ir_config_parameter (id, key, value) VALUES (900, '{key}', '{value}')"
    ));
}

#[test]
fn a_portal_key_is_critical_unless_portal_keys_are_allowed() {
    let db = TestDb::odoo(17, &unique("portalkeys"));
    let portal = |doc: &Value| findings(doc, "portal-key");
    let (severity, object, detail) = portal(&report(&db, &[]))[0].clone();
    assert_eq!(severity, "critical");
    assert_eq!(object, "#13 pat portal 1d (no sudo) (pat)");
    assert!(detail.contains("not set"), "{detail}");
    // Odoo tests the stored text for Python truth: only an empty one is off. 'False' is on
    // (a live 19 made a portal key so), and is a finding of its own: it says the opposite.
    set_parameter(&db, "portal.allow_api_keys", "");
    assert_eq!(portal(&report(&db, &[]))[0].0, "critical");
    let misleads = |doc: &Value| findings(doc, "portal-keys-parameter-misleads");
    for on in ["True", "False", "false", "1"] {
        set_parameter(&db, "portal.allow_api_keys", on);
        let doc = report(&db, &[]);
        let (severity, _, detail) = portal(&doc)[0].clone();
        assert_eq!(severity, "warning", "{on:?}");
        assert!(detail.contains("is set"), "{detail}");
        let said = misleads(&doc);
        match on {
            "False" | "false" => {
                assert_eq!(said[0].0, "warning");
                assert!(said[0]
                    .2
                    .contains(&format!("is '{on}', which Odoo reads as on")));
            }
            _ => assert!(said.is_empty(), "{on:?}: {said:?}"),
        }
    }
    // The rule lives in the portal module: without it, the parameter does nothing.
    db.execute("UPDATE public.ir_module_module SET state = 'uninstalled' WHERE name = 'portal'");
    let doc = report(&db, &[]);
    assert_eq!(portal(&doc)[0].0, "critical");
    assert!(misleads(&doc).is_empty());
}

/// The 2FA-policy warning points at the module that enforces a policy; a database that does
/// not know that module (an Odoo built without it) gets no such advice.
#[test]
fn no_2fa_policy_advice_where_the_policy_module_is_unknown() {
    let db = TestDb::odoo(16, &unique("nopolicymodule"));
    let advice = |doc: &Value| findings(doc, "2fa-not-enforced");
    let (severity, object, detail) = advice(&report(&db, &[]))[0].clone();
    assert_eq!((severity.as_str(), object), ("warning", db.name.clone()));
    assert!(
        detail.contains("with auth_totp_mail_enforce installed"),
        "{detail}"
    );
    db.execute("DELETE FROM public.ir_module_module WHERE name = 'auth_totp_mail_enforce'");
    assert_eq!(advice(&report(&db, &[])), []);
}

#[test]
fn only_internal_users_with_usable_keys_are_stale_users_with_keys() {
    let db = TestDb::odoo(17, &unique("stale"));
    // svc: no login for 100 days, two usable keys. dave: never logged in, no key. pat
    // (portal) made stale too, with a usable key.
    db.execute("DELETE FROM public.res_users_log WHERE create_uid = 9");
    let doc = report(&db, &["--stale", "30d"]);
    let stale: Vec<(String, String)> = findings(&doc, "stale-user-with-keys")
        .into_iter()
        .map(|(severity, object, _)| (severity, object))
        .collect();
    assert_eq!(stale, [("warning".to_string(), "svc".to_string())]);
    let detail = &findings(&doc, "stale-user-with-keys")[0].2;
    assert!(detail.contains("2 usable key(s)"), "{detail}");
}

#[test]
fn an_admin_with_totp_on_has_no_password_that_opens_rpc() {
    // Odoo refuses a TOTP user's password over RPC (auth_totp), so the finding goes with it.
    for v in [14, 18, 19] {
        let db = TestDb::odoo(v, &unique(&format!("admintotp{v}")));
        let admins = |doc: &Value| -> Vec<String> {
            findings(doc, "admin-password-rpc")
                .into_iter()
                .map(|(_, object, _)| object)
                .collect()
        };
        assert_eq!(admins(&report(&db, &[])), ["admin"], "{v}: without TOTP");
        db.execute(
            "UPDATE public.res_users SET totp_secret = 'R3LPUQYJ37YKH7C7FAYKGMOAXPNRUKGB' WHERE login = 'admin'",
        );
        assert!(admins(&report(&db, &[])).is_empty(), "{v}: with TOTP on");
    }
}

#[test]
fn the_totals_count_what_the_database_has() {
    let db = TestDb::odoo(18, &unique("totals"));
    let doc = report(&db, &[]);
    let totals = findings(&doc, "totals");
    assert_eq!(totals.len(), 1);
    let (severity, object, detail) = &totals[0];
    assert_eq!(severity, "info");
    assert_eq!(object, &db.name);
    // admin, alice, carol, svc, dave; pat; 11 keys, 8 usable: admin's, carol's three
    // unexpired ones, alice's, svc's global and rpc ones, and pat's portal key; not bob's
    // (archived), not carol's expired one, not svc's outlook-scoped one.
    assert_eq!(
        detail,
        "Odoo 18.0.1.3: 5 active internal and 1 active portal users, 11 API keys of which 8 usable for RPC"
    );
    // The summary counts the findings by severity.
    let count = |severity: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    for severity in ["critical", "warning", "info"] {
        assert_eq!(doc["summary"][severity], count(severity), "{severity}");
    }
}

#[test]
fn an_oca_key_is_a_plaintext_key_never_an_odoo_dormant_key() {
    let db = TestDb::odoo(17, &unique("ocareport"));
    db.execute(
        "CREATE TABLE public.auth_api_key (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE,
             key varchar NOT NULL, user_id int NOT NULL REFERENCES public.res_users(id),
             active boolean, create_date timestamp);
         INSERT INTO public.auth_api_key (name, key, user_id, active, create_date) VALUES
             ('old connector', 'OCA-PLAINTEXT-VALUE-2', 10, false, now() AT TIME ZONE 'utc');",
    );
    let doc = report(&db, &[]);
    let object = "#1 old connector (svc)";
    let plaintext = findings(&doc, "plaintext-key");
    assert_eq!(plaintext.len(), 1);
    assert_eq!(
        (plaintext[0].0.as_str(), plaintext[0].1.as_str()),
        ("critical", object)
    );
    assert!(
        !findings(&doc, "dormant-key").iter().any(|f| f.1 == object),
        "the archived OCA key is not reported with the Odoo key's text"
    );
}

/// Each finding says what kind of object it is about, so that a monitoring rule can group by
/// it: keys for key findings, users for user findings, the database for the rest.
#[test]
fn every_finding_names_the_kind_of_its_object() {
    let db = TestDb::odoo(18, &unique("objtype"));
    let doc = report(&db, &[]);
    let expected = |finding: &str| match finding {
        "dormant-key"
        | "portal-key"
        | "plaintext-key"
        | "persistent-key"
        | "old-key"
        | "expiring-key"
        | "expired-key-present" => "key",
        "admin-password-rpc" | "stale-user-with-keys" | "plaintext-password" => "user",
        // The test server's superuser owns the database.
        "odoo-role-superuser" => "role",
        _ => "database",
    };
    let findings = doc["findings"].as_array().unwrap();
    let mut kinds: Vec<&str> = findings
        .iter()
        .map(|f| {
            let finding = f["finding"].as_str().unwrap();
            assert_eq!(f["object_type"], expected(finding), "{finding}");
            expected(finding)
        })
        .collect();
    kinds.dedup();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        ["database", "key", "role", "user"],
        "the fixture has all four"
    );
}

/// What the report could not see is said, once, on stderr: a role that may not read
/// `totp_secret` cannot tell who has 2FA, so the admin finding is not made for it silently.
#[test]
fn what_the_role_cannot_read_is_said_not_hidden() {
    let name = unique("reportrole");
    let role = common::TestRole::new(&format!("{name}_r"), "");
    let db = TestDb::odoo(18, &name);
    db.grant_all_but_secrets(&role.name);
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args(["report", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("may not read res_users.totp_secret"),
        "the notice reaches the user: {err}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(findings(&doc, "admin-password-rpc").is_empty());
}

/// An expired key still in the table may still be accepted by a worker that cached it (Odoo
/// signals nothing at expiry): a warning whose fix removes it; gone once it is revoked.
#[test]
fn an_expired_key_left_in_the_table_is_a_warning_with_its_fix() {
    for v in common::VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("expiredpresent{v}")));
        let present = |doc: &serde_json::Value| findings(doc, "expired-key-present");
        let found = present(&report(&db, &[]));
        if v < 18 {
            assert!(found.is_empty(), "{v}: keys cannot expire");
            continue;
        }
        assert_eq!(found.len(), 1, "{v}: {found:?}");
        assert_eq!(found[0].0, "warning");
        assert!(found[0].1.contains("carol"), "{v}: {found:?}");
        assert!(
            found[0].2.contains("odoo-access revoke --expired --yes"),
            "{v}"
        );
        let home = tempfile::tempdir().unwrap();
        let out = odoo_access(home.path())
            .args(["revoke", "-d", &db.name, "--expired", "--yes"])
            .output()
            .unwrap();
        common::assert_exit(&out, 0);
        assert!(present(&report(&db, &[])).is_empty(), "{v}");
    }
}

/// The server's config, when one is read: each finding on a config that has it and not on one
/// that does not; the file's mode as the file system has it. No value is ever shown.
#[test]
fn the_odoo_config_s_weak_points_are_server_findings() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::odoo(17, &unique("serverconf"));
    let _sibling = TestDb::empty(&unique("serverconfsib"));
    let home = tempfile::tempdir().unwrap();
    let server = |text: &str, mode: u32| {
        let conf = home.path().join("odoo.conf");
        std::fs::write(&conf, text).unwrap();
        std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(mode)).unwrap();
        let doc = report(&db, &["--odoo-conf", conf.to_str().unwrap()]);
        let findings: Vec<(String, String)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["object_type"] == "server")
            .map(|f| {
                assert_eq!(f["database"], "", "a server finding has no database");
                assert!(!f["detail"].as_str().unwrap().contains("S3cret-Master"));
                (
                    f["finding"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        findings
    };
    let weak = server("[options]\ndb_password = p\nlog_level = debug_sql\n", 0o644);
    for (finding, severity) in [
        ("master-password-weak", "critical"),
        ("database-manager-listed", "warning"),
        ("no-dbfilter", "warning"),
        ("config-readable", "critical"),
        ("sql-logged", "warning"),
    ] {
        assert!(
            weak.contains(&(finding.into(), severity.into())),
            "{finding}: {weak:?}"
        );
    }
    assert!(server("[options]\nadmin_passwd = admin\n", 0o600)
        .contains(&("master-password-weak".into(), "critical".into())));
    let clear = server(
        "[options]\nadmin_passwd = S3cret-Master\nlist_db = False\ndbfilter = ^%d$\n",
        0o640,
    );
    // Critical first, as every finding of a report.
    let expected = [
        ("config-readable", "critical"),
        ("master-password-in-clear", "warning"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(f, s)| (f.to_string(), s.to_string()))
        .collect();
    assert_eq!(clear, expected);
    let strong = "[options]\nadmin_passwd = $pbkdf2-sha512$600000$c2FsdA$aGFzaA\nlist_db = False\ndb_name = only\n";
    assert!(
        server(strong, 0o600).is_empty(),
        "a sound config has no finding"
    );
    // A master password's hash is a secret too: the file must not be readable by others.
    assert_eq!(
        server(strong, 0o644),
        vec![("config-readable".to_string(), "critical".to_string())]
    );
    // A file without a password may be readable by all; its master password is Odoo's
    // default, which is said, not the file's mode.
    assert_eq!(
        server("[options]\nlist_db = False\ndb_name = only\n", 0o644),
        vec![("master-password-weak".to_string(), "critical".to_string())]
    );
}

/// passlib's pbkdf2-sha512 of `password` with 1,000 rounds (the least the crate makes): a hash
/// Odoo verifies, cheap to try.
fn cheap_hash(password: &str) -> String {
    use pbkdf2::password_hash::CustomizedPasswordHasher;
    let params = pbkdf2::Params::new_with_output_len(1000, 64).unwrap();
    pbkdf2::Pbkdf2::SHA512
        .hash_password_customized(password.as_bytes(), b"0123456789abcdef", None, None, params)
        .unwrap()
        .to_string()
}

/// `--weak-passwords` finds the users whose password is an attacker's first guess and no
/// other, says what it is the same as and never what it is, and stops at its budget.
#[test]
fn weak_passwords_are_found_without_being_shown() {
    let db = TestDb::odoo(18, &unique("weak"));
    // admin's password is admin (Odoo's own hash, 600,000 rounds: found at the second try);
    // the others get cheap hashes, so that every candidate can be tried here.
    for (login, password) in [
        ("alice", "Alice-Pass-2026!"),
        ("carol", "dragon"),
        ("svc", "svc"),
        ("pat", "Pat-Pass-2026!"),
    ] {
        db.execute(&format!(
            "UPDATE res_users SET password = '{}' WHERE login = '{login}'",
            cheap_hash(password)
        ));
    }
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "report",
            "-d",
            &db.name,
            "--weak-passwords",
            "--budget",
            "5m",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    common::assert_no_secrets(&out);
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !everything.contains("dragon") && !everything.contains("Dave-Plain"),
        "no password is shown"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut weak: Vec<(String, String)> = findings(&doc, "weak-password")
        .into_iter()
        .map(|(severity, login, detail)| {
            assert_eq!(severity, "critical");
            (login, detail.split(':').next().unwrap().to_string())
        })
        .collect();
    weak.sort();
    let expected = [
        ("admin", "the password is the same as the login"),
        (
            "carol",
            "the password is one of the 1,000 most common passwords",
        ),
        ("svc", "the password is the same as the login"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(l, d)| (l.to_string(), d.to_string()))
        .collect();
    assert_eq!(weak, expected);
    assert!(
        findings(&doc, "weak-passwords-not-all-tried").is_empty(),
        "every candidate tried"
    );

    // With almost no budget, the 600,000-round hashes are not all tried: said, not hidden.
    let fresh = TestDb::odoo(18, &unique("weakbudget"));
    let out = odoo_access(home.path())
        .args([
            "report",
            "-d",
            &fresh.name,
            "--weak-passwords",
            "--budget",
            "1s",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let untried = findings(&doc, "weak-passwords-not-all-tried");
    assert_eq!(untried.len(), 1, "{doc}");
    assert!(untried[0].2.contains("--budget ran out"), "{untried:?}");
}

/// The server sends the users in the order it finds them (users_brief.sql sorts nothing): a
/// table whose rows no longer lie in id order (each user rewritten, the highest id first, as
/// Odoo's writes leave a busy table) gets the same report, every key with its owner.
#[test]
fn the_report_does_not_depend_on_where_the_users_rows_lie() {
    let db = TestDb::odoo(18, &unique("heaporder"));
    // Everything but the time of the run.
    let audited = |mut doc: Value| {
        doc.as_object_mut().unwrap().remove("generated_at");
        doc
    };
    let before = audited(report(&db, &[]));
    db.execute(
        "DO $$ DECLARE u int; BEGIN
             FOR u IN SELECT id FROM public.res_users ORDER BY id DESC LOOP
                 UPDATE public.res_users SET login = login WHERE id = u;
             END LOOP;
         END $$;",
    );
    let first = db
        .scalar("SELECT id::text FROM public.res_users LIMIT 1")
        .unwrap();
    let highest = db
        .scalar("SELECT max(id)::text FROM public.res_users")
        .unwrap();
    assert_eq!(first, highest, "the rows now lie highest id first");
    assert_eq!(audited(report(&db, &[])), before);
}
