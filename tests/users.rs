//! `odoo-access users` on the fixtures of Odoo 14–19.

mod common;

use common::{assert_no_secrets, json_doc, odoo_access, unique, TestDb, TestRole, VERSIONS};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs `users` on `db` and returns the rows by login.
fn users(db: &TestDb, extra: &[&str]) -> BTreeMap<String, Value> {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["users", "-d", &db.name, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    assert_eq!(doc["command"], "users");
    by_login(&doc)
}

/// `users` as `role` (exit 0): the rows by login, and what it said on standard error.
fn users_as(db: &TestDb, role: &str) -> (BTreeMap<String, Value>, String) {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", role)
        .args(["users", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    (
        by_login(&doc),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn by_login(doc: &Value) -> BTreeMap<String, Value> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["login"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

fn logins(rows: &BTreeMap<String, Value>) -> Vec<&str> {
    rows.keys().map(String::as_str).collect()
}

#[test]
fn every_version_reports_kind_admin_totp_and_rpc_password() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("users{v}")));
        let rows = users(&db, &[]);
        let at = |login: &str| &rows[login];

        let admin = at("admin");
        assert_eq!(
            (admin["kind"].as_str(), admin["admin"].as_bool()),
            (Some("internal"), Some(true)),
            "{v}"
        );
        assert_eq!(admin["builtin"], true);
        assert_eq!(admin["rpc_password"], true);
        assert_eq!(admin["api_keys"], 1);
        assert!(admin["last_login"].as_str().unwrap().ends_with('Z'));

        // TOTP on: Odoo refuses the password over RPC, only a key works.
        assert_eq!(at("alice")["totp"], true, "{v}");
        assert_eq!(at("alice")["rpc_password"], false, "{v}");
        // 14.0's trusted-browser row is not an API key.
        assert_eq!(at("alice")["api_keys"], 1, "{v}");

        assert_eq!(at("bob")["active"], false);
        assert_eq!(at("bob")["rpc_password"], false);
        assert_eq!(at("pat")["kind"], "portal");
        assert_eq!(
            at("pat")["rpc_password"],
            true,
            "portal passwords work over RPC"
        );
        assert_eq!(at("public")["kind"], "public");
        assert_eq!(at("public")["builtin"], true);
        assert_eq!(at("__system__")["builtin"], true);
        assert_eq!(at("carol")["builtin"], false);
        assert_eq!(
            at("dave")["last_login"],
            Value::Null,
            "dave never logged in"
        );
        assert_eq!(at("svc")["api_keys"], 3);
        assert_eq!(
            rows.contains_key("default"),
            v <= 18,
            "19 has no default user"
        );

        let carol = at("carol");
        assert_eq!(carol["api_keys"], 4);
        if v >= 18 {
            assert_eq!(carol["passkeys"], 1);
            assert_eq!(carol["persistent_keys"], 1);
            // The next expiry is the 30-day key, not the one that expired two days ago.
            let next =
                chrono::DateTime::parse_from_rfc3339(carol["next_key_expiry"].as_str().unwrap())
                    .unwrap();
            let days = (next.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_days();
            assert!((29..=30).contains(&days), "{v}: {days}");
        } else {
            assert_eq!(carol["passkeys"], Value::Null, "{v}: no passkeys before 18");
            assert_eq!(
                carol["persistent_keys"], 4,
                "{v}: keys never expire before 18"
            );
            assert_eq!(carol["next_key_expiry"], Value::Null);
        }
    }
}

#[test]
fn on_19_the_admin_is_internal_and_admin_only_through_implied_groups() {
    let db = TestDb::odoo(19, &unique("implied"));
    // The fixture stores what Odoo 19 stores: admin's only group is base.group_system.
    let direct = common::runtime().block_on(async {
        let client = common::server().connect(&db.name).await.unwrap();
        client
            .query_one(
                "SELECT count(*) FROM res_groups_users_rel WHERE uid = 2",
                &[],
            )
            .await
            .unwrap()
            .get::<_, i64>(0)
    });
    assert_eq!(direct, 1);
    let rows = users(&db, &["--login", "admin"]);
    assert_eq!(rows["admin"]["kind"], "internal");
    assert_eq!(rows["admin"]["admin"], true);
}

#[test]
fn implied_groups_count_as_each_odoo_counts_them() {
    // carol (internal) gets Access Rights only, and Access Rights is made to imply Settings.
    // Odoo 19 follows the implication; up to 18 Odoo would have stored a Settings row for
    // her, and its has_group reads the stored rows alone: without that row she is no admin.
    for (v, admin) in [(18, false), (19, true)] {
        let db = TestDb::odoo(v, &unique(&format!("implies{v}")));
        db.execute(
            "INSERT INTO res_groups_implied_rel (gid, hid) VALUES (2, 3);
             DELETE FROM res_groups_users_rel WHERE uid = 8;
             INSERT INTO res_groups_users_rel (gid, uid) VALUES (2, 8);",
        );
        let rows = users(&db, &["--login", "carol"]);
        assert_eq!(rows["carol"]["admin"], admin, "{v}");
        assert_eq!(rows["carol"]["kind"], "internal", "{v}");
    }
}

#[test]
fn filters_select_what_they_say() {
    let db = TestDb::odoo(18, &unique("filters"));
    assert_eq!(logins(&users(&db, &["--admins"])), ["__system__", "admin"]);
    assert_eq!(
        logins(&users(&db, &["--portal"])),
        ["pat", "portaltemplate"]
    );
    assert_eq!(
        logins(&users(&db, &["--inactive"])),
        ["__system__", "bob", "default", "portaltemplate", "public"]
    );
    assert_eq!(
        logins(&users(&db, &["--internal", "--stale", "90d"])),
        ["__system__", "bob", "dave", "default", "svc"]
    );
    assert_eq!(
        logins(&users(&db, &["--internal", "--no-totp", "--login", "a*"])),
        ["admin"]
    );
    assert_eq!(
        logins(&users(&db, &["--login", "*a*", "--portal"])),
        ["pat", "portaltemplate"]
    );
}

#[test]
fn the_email_2fa_policy_blocks_rpc_passwords_on_19_only() {
    for (v, blocked) in [(17, false), (19, true)] {
        let db = TestDb::odoo(v, &unique(&format!("policy{v}")));
        // auth_totp_mail installed on both: on 17 it invites to 2FA by email and changes
        // nothing for RPC.
        db.execute(
            "UPDATE public.ir_module_module SET state = 'installed' WHERE name = 'auth_totp_mail';
             DELETE FROM ir_config_parameter WHERE key = 'auth_totp.policy';
             INSERT INTO ir_config_parameter (key, value) VALUES ('auth_totp.policy', 'employee_required');",
        );
        let rows = users(&db, &[]);
        assert_eq!(rows["carol"]["rpc_password"], !blocked, "{v}");
        // employee_required leaves portal users alone; all_required takes them in.
        assert_eq!(rows["pat"]["rpc_password"], true, "{v}");
        db.execute(
            "UPDATE ir_config_parameter SET value = 'all_required' WHERE key = 'auth_totp.policy'",
        );
        let rows = users(&db, &[]);
        assert_eq!(rows["carol"]["rpc_password"], !blocked, "{v} all_required");
        assert_eq!(rows["pat"]["rpc_password"], !blocked, "{v} all_required");
    }
}

#[test]
fn a_role_that_may_not_read_passkeys_gets_them_unknown() {
    let name = unique("nopasskeys");
    let role = TestRole::new(&format!("{name}_r"), "");
    let db = TestDb::odoo(18, &name);
    db.grant_all_but_secrets(&role.name);
    db.execute(&format!(
        "REVOKE SELECT ON auth_passkey_key FROM \"{}\"",
        role.name
    ));
    let (rows, _) = users_as(&db, &role.name);
    assert_eq!(rows["carol"]["passkeys"], Value::Null);
}

#[test]
fn a_restricted_role_gets_nulls_and_one_notice() {
    let name = unique("usersrole");
    let role = TestRole::new(&format!("{name}_r"), "");
    let db = TestDb::odoo(18, &name);
    db.grant_all_but_secrets(&role.name);
    let (rows, err) = users_as(&db, &role.name);
    assert_eq!(err.matches("totp_secret").count(), 1, "{err}");
    assert_eq!(rows["carol"]["totp"], Value::Null);
    assert_eq!(rows["carol"]["rpc_password"], Value::Null);
    assert_eq!(
        rows["bob"]["rpc_password"], false,
        "an archived user is refused whatever his TOTP"
    );
}

#[test]
fn csv_and_table_say_never_and_na() {
    let db = TestDb::odoo(16, &unique("userscsv"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["users", "-d", &db.name, "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_no_secrets(&out);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let dave = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("login")] == "dave")
        .unwrap();
    assert_eq!(&dave[col("last_login")], "never");
    assert_eq!(&dave[col("passkeys")], "N/A", "16 has no passkeys");
    assert_eq!(&dave[col("next_key_expiry")], "N/A", "dave has no key");

    let out = odoo_access(home.path())
        .args(["users", "-d", &db.name])
        .output()
        .unwrap();
    assert_no_secrets(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("rpc_password"));
}

#[test]
fn users_needs_an_odoo_database() {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path()).arg("users").output().unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-d DB"));
    let plain = TestDb::empty(&unique("usersplain"));
    let out = odoo_access(home.path())
        .args(["users", "-d", &plain.name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    let out = odoo_access(home.path())
        .args(["users", "-d", &plain.name, "--stale", "90"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "a duration needs a unit");
}

#[test]
fn a_user_without_a_password_has_no_rpc_password_whatever_the_role() {
    // Real Odoo refuses every password of a user whose password is NULL (its keys still work).
    let name = unique("nopassword");
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let db = TestDb::odoo(17, &name);
    db.execute("UPDATE public.res_users SET password = NULL WHERE login IN ('svc', 'admin')");
    db.install_roles(&audit.name, None);
    let rows = users(&db, &[]);
    assert_eq!(rows["svc"]["rpc_password"], false, "as the owner");
    assert_eq!(rows["carol"]["rpc_password"], true);
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", &audit.name)
        .args(["users", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    let svc = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["login"] == "svc")
        .unwrap();
    assert_eq!(svc["rpc_password"], false, "through the audit role's view");
    // And the report does not call a password-less admin's password an RPC risk.
    let out = odoo_access(home.path())
        .args(["report", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["finding"] == "admin-password-rpc" && f["object"] == "admin"));
}

/// Access managers (base.group_erp_manager, "Access Rights") may give themselves any group:
/// shown like admins, on 14–19 — on 19 through an implied group, as 19 stores only the groups
/// assigned directly — and a critical finding where their password alone opens XML-RPC.
#[test]
fn access_managers_are_shown_and_their_rpc_passwords_found() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("accessmgr{v}")));
        let group = |name: &str| {
            format!("(SELECT res_id FROM ir_model_data WHERE module = 'base' AND model = 'res.groups' AND name = '{name}')")
        };
        let svc = "(SELECT id FROM res_users WHERE login = 'svc')";
        if v >= 19 {
            // A group of its own that implies Access Rights; svc gets only that one.
            db.execute(&format!(
                "WITH g AS (INSERT INTO res_groups (name) VALUES ('{{\"en_US\": \"Delegates\"}}') RETURNING id),
                      i AS (INSERT INTO res_groups_implied_rel (gid, hid) SELECT id, {} FROM g)
                 INSERT INTO res_groups_users_rel (gid, uid) SELECT id, {svc} FROM g",
                group("group_erp_manager")
            ));
        } else {
            // 14–18 store the implied groups with the assigned ones, as Odoo's ORM writes them.
            db.execute(&format!(
                "INSERT INTO res_groups_users_rel (gid, uid) VALUES ({}, {svc}) ON CONFLICT DO NOTHING",
                group("group_erp_manager")
            ));
        }
        let home = tempfile::tempdir().unwrap();
        let out = odoo_access(home.path())
            .args(["users", "-d", &db.name, "--format", "json"])
            .output()
            .unwrap();
        let doc = json_doc(&out, 0);
        let manager = |login: &str| {
            doc["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["login"] == login)
                .map(|r| r["access_manager"].as_bool().unwrap())
        };
        assert_eq!(manager("svc"), Some(true), "{v}");
        assert_eq!(manager("carol"), Some(false), "{v}");
        assert_eq!(
            manager("admin"),
            Some(true),
            "{v}: Settings implies Access Rights"
        );

        let out = odoo_access(home.path())
            .args(["report", "-d", &db.name, "--format", "json"])
            .output()
            .unwrap();
        let doc = json_doc(&out, 2);
        let flagged: Vec<&str> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["finding"] == "access-manager-password-rpc")
            .map(|f| f["object"].as_str().unwrap())
            .collect();
        assert_eq!(flagged, ["svc"], "{v}: admin has its own finding");
    }
}

/// Where OCA password_security records password changes (`password_write_date`), `users`
/// shows them and `report --max-password-age` flags the old ones; without the module the
/// column is N/A and nothing is flagged.
#[test]
fn password_changes_are_shown_where_password_security_records_them() {
    let db = TestDb::odoo(17, &unique("pwchanged"));
    let home = tempfile::tempdir().unwrap();
    let changed = |db: &TestDb| {
        let out = odoo_access(home.path())
            .args(["users", "-d", &db.name, "--format", "json"])
            .output()
            .unwrap();
        let doc = json_doc(&out, 0);
        let carol = doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["login"] == "carol")
            .unwrap()
            .clone();
        carol["password_changed"].clone()
    };
    let old = |db: &TestDb| {
        let out = odoo_access(home.path())
            .args([
                "report",
                "-d",
                &db.name,
                "--max-password-age",
                "180d",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let doc = json_doc(&out, 2);
        let flagged: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["finding"] == "old-password")
            .map(|f| f["object"].as_str().unwrap().to_string())
            .collect();
        flagged
    };
    assert!(changed(&db).is_null());
    assert!(old(&db).is_empty(), "no module, no finding");
    db.execute(
        "ALTER TABLE res_users ADD COLUMN password_write_date timestamp;
         UPDATE res_users SET password_write_date = now() AT TIME ZONE 'utc' - interval '400 days' WHERE login = 'carol';
         UPDATE res_users SET password_write_date = now() AT TIME ZONE 'utc' - interval '10 days' WHERE login = 'alice';",
    );
    assert!(
        changed(&db).as_str().is_some_and(|t| t.ends_with('Z')),
        "{}",
        changed(&db)
    );
    assert_eq!(old(&db), ["carol"]);
}
