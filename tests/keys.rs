//! `odoo-access keys` and the least-privilege audit role, on Odoo 14–19.

mod common;

use common::{assert_no_secrets, odoo_access, server, unique, TestDb, TestRole, VERSIONS};
use serde_json::Value;

fn keys(db: &TestDb, role: Option<&str>, extra: &[&str]) -> Vec<Value> {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = odoo_access(home.path());
    if let Some(role) = role {
        cmd.env("PGUSER", role);
    }
    let out = cmd
        .args(["keys", "-d", &db.name, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    doc["rows"].as_array().unwrap().clone()
}

fn ids(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[test]
fn every_fixture_key_has_the_status_real_odoo_gives_it() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("keys{v}")));
        let rows = keys(&db, None, &[]);
        let got: Vec<(i64, &str, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r["id"].as_i64().unwrap(),
                    r["status"].as_str().unwrap(),
                    r["rpc_usable"].as_bool().unwrap(),
                )
            })
            .collect();
        // docs/ODOO.md, "Credentials": carol's key 2 days past its date is refused (18+; no expiry before),
        // bob is archived, the Outlook-scoped key is refused for RPC, pat's portal key works.
        let expired = if v >= 18 {
            ("expired", false)
        } else {
            ("active", true)
        };
        let expected = vec![
            (1, "active", true),
            (2, "active", true),
            (3, "active", true),
            (4, "active", true),
            (5, expired.0, expired.1),
            (8, "dormant", false),
            (9, "active", true),
            (10, "active", true),
            (11, "active", true),
            (12, "not-rpc", false),
            (13, "portal", true),
        ];
        assert_eq!(got, expected, "Odoo {v}");
        let pat = &rows[10];
        assert_eq!(
            (pat["owner_kind"].as_str(), pat["owner_login"].as_str()),
            (Some("portal"), Some("pat"))
        );
        assert_eq!(
            rows[0]["scope"],
            Value::Null,
            "global keys have a null scope"
        );
        assert_eq!(rows[8]["scope"], "rpc");
        assert_eq!(rows[0]["age_days"], 200);
        assert_eq!(rows[0]["expires"], Value::Null);
        assert_eq!(rows[1]["expires"].is_string(), v >= 18, "{v}");
    }
}

#[test]
fn trusted_browsers_are_not_keys_unless_asked_for() {
    for v in [14, 15, 18] {
        let db = TestDb::odoo(v, &unique(&format!("devices{v}")));
        assert!(!ids(&keys(&db, None, &[])).contains(&20), "{v}");
        let rows = keys(&db, None, &["--devices"]);
        let device = rows
            .iter()
            .find(|r| r["id"] == 20)
            .unwrap_or_else(|| panic!("{v}"));
        assert_eq!(device["type"], "trusted_device");
        assert_eq!(device["status"], "not-rpc");
        assert_eq!(device["owner_login"], "alice");
        assert_eq!(device["expires"].is_string(), v >= 18, "{v}");
    }
}

#[test]
fn filters_select_what_they_say() {
    let db = TestDb::odoo(18, &unique("keyfilters"));
    assert_eq!(
        ids(&keys(&db, None, &["--status", "dormant,portal"])),
        [8, 13]
    );
    assert_eq!(ids(&keys(&db, None, &["--expired"])), [5]);
    assert_eq!(ids(&keys(&db, None, &["--expiring-within", "2d"])), [13]);
    assert_eq!(
        ids(&keys(&db, None, &["--older-than", "90d"])),
        [1, 3, 8, 10, 11]
    );
    assert_eq!(
        ids(&keys(&db, None, &["--persistent"])),
        [1, 3, 8, 9, 10, 11, 12]
    );
    assert_eq!(ids(&keys(&db, None, &["--scope", "rpc"])), [11]);
    assert_eq!(
        ids(&keys(&db, None, &["--login", "svc", "--scope", "global"])),
        [10]
    );
    assert_eq!(
        ids(&keys(&db, None, &["--login", "s*", "--status", "not-rpc"])),
        [12]
    );
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["keys", "-d", &db.name, "--status", "sleeping"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn oca_keys_are_listed_flagged_and_never_printed() {
    let db = TestDb::odoo(17, &unique("oca"));
    db.execute(
        "CREATE TABLE auth_api_key (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE,
             key varchar NOT NULL, user_id int NOT NULL REFERENCES res_users(id), active boolean,
             create_date timestamp, write_date timestamp, create_uid int, write_uid int);
         INSERT INTO auth_api_key (name, key, user_id, active, create_date) VALUES
             ('shop connector', 'OCA-PLAINTEXT-VALUE-1', 10, true, now() AT TIME ZONE 'utc'),
             ('old connector', 'OCA-PLAINTEXT-VALUE-2', 10, false, now() AT TIME ZONE 'utc');",
    );
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["keys", "-d", &db.name, "--source", "oca", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("OCA-PLAINTEXT-VALUE"), "{text}");
    assert!(text.contains("plain text"), "a notice says so: {text}");
    let rows = keys(&db, None, &["--source", "oca"]);
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r["source"] == "oca" && r["plaintext"] == true && r["rpc_usable"] == false));
    assert_eq!(rows[0]["status"], "not-rpc");
    assert_eq!(
        rows[1]["status"], "dormant",
        "an archived OCA key is refused"
    );
    assert_eq!(keys(&db, None, &[]).len(), 13, "both sources by default");
}

#[test]
fn every_read_command_works_under_the_audit_role_and_sees_no_secret() {
    for v in [14, 16, 18, 19] {
        let name = unique(&format!("audit{v}"));
        let role = TestRole::created_elsewhere(&format!("{name}_audit"));
        let db = TestDb::odoo(v, &name);
        db.install_roles(&role.name, None);
        let home = tempfile::tempdir().unwrap();
        for args in [
            vec!["dbs", "-d", &db.name],
            vec!["users", "-d", &db.name],
            vec!["logins", "-d", &db.name],
            vec!["keys", "-d", &db.name, "--devices"],
        ] {
            for format in ["table", "csv", "json"] {
                let out = odoo_access(home.path())
                    .env("PGUSER", &role.name)
                    .args(&args)
                    .args(["--format", format])
                    .output()
                    .unwrap();
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{v} {args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert_no_secrets(&out);
                assert!(
                    !String::from_utf8_lossy(&out.stderr).contains("unknown"),
                    "{v} {args:?}: the views fill the gaps"
                );
            }
        }
        // The views answer what column grants cannot: TOTP on, and the allow-listed parameters.
        let out = odoo_access(home.path())
            .env("PGUSER", &role.name)
            .args([
                "users", "-d", &db.name, "--login", "alice", "--format", "json",
            ])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["rows"][0]["totp"], true, "{v}");
        let out = odoo_access(home.path())
            .env("PGUSER", &role.name)
            .args(["dbs", "-d", &db.name, "--format", "json"])
            .output()
            .unwrap();
        let doc = common::json_doc(&out, 0);
        assert_eq!(doc["rows"][0]["enterprise_code"], v == 14, "{v}");

        // And the role itself cannot read a secret, whatever it tries.
        common::runtime().block_on(async {
            let srv = server();
            let mut config = tokio_postgres::Config::new();
            config
                .host(&srv.host)
                .port(srv.port)
                .user(&role.name)
                .dbname(&db.name);
            let (client, connection) = config.connect(tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(connection);
            for sql in [
                "SELECT key FROM res_users_apikeys",
                "SELECT password FROM res_users",
                "SELECT totp_secret FROM res_users",
                "SELECT value FROM ir_config_parameter",
                "SELECT * FROM res_users",
            ] {
                let err = client.query(sql, &[]).await.unwrap_err();
                assert!(
                    err.to_string().contains("permission denied")
                        || format!("{err:?}").contains("42501"),
                    "{v} {sql}: {err:?}"
                );
            }
            let rows = client
                .query("SELECT key FROM odoo_access.ir_config_parameter", &[])
                .await
                .unwrap();
            let keys: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
            assert!(!keys.iter().any(|k| k == "database.secret"), "{keys:?}");
        });
    }
}

#[test]
fn a_role_that_may_not_use_schema_odoo_access_does_without_its_views() {
    // The audit role's script made schema odoo_access for one role; another role, granted
    // the tables, has no USAGE on that schema.
    let name = unique("nousage");
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let reader = TestRole::new(&format!("{name}_reader"), "");
    let db = TestDb::odoo(18, &name);
    db.install_roles(&audit.name, None);
    db.execute(&format!(
        "GRANT USAGE ON SCHEMA public TO \"{r}\"; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{r}\";",
        r = reader.name
    ));
    let home = tempfile::tempdir().unwrap();
    for command in ["users", "keys", "report", "dbs"] {
        let out = odoo_access(home.path())
            .env("PGUSER", &reader.name)
            .args([command, "-d", &db.name])
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            [0, 1, 2].contains(&code),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_key_table_of_unknown_shape_gives_unknown_never_a_wrong_status() {
    // Odoo's development branch replaces res_users_apikeys.scope by scope_id.
    let db = TestDb::odoo(19, &unique("scopeid"));
    db.execute("ALTER TABLE public.res_users_apikeys RENAME COLUMN scope TO scope_id");
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["keys", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("has no scope column"), "{stderr}");
    let by_id = |id: i64| {
        doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    // What does not depend on the scope is still decided: expired, and an archived owner.
    assert_eq!(by_id(5)["status"], "expired");
    assert_eq!(by_id(8)["status"], "dormant");
    // The rest is unknown: svc's outlook-scoped key must not read as usable, nor any as global.
    for id in [3, 11, 12, 13] {
        let row = by_id(id);
        assert_eq!(row["status"], "unknown", "#{id}");
        assert_eq!(row["rpc_usable"], Value::Null, "#{id}");
    }
    // The other commands still answer, and check refuses to give a verdict it cannot stand by.
    for command in ["users", "report", "dbs"] {
        let out = odoo_access(home.path())
            .args([command, "-d", &db.name])
            .output()
            .unwrap();
        assert!(
            [0, 1, 2].contains(&out.status.code().unwrap()),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = odoo_access(home.path())
        .args(["check", "-d", &db.name, "--login", "svc"])
        .write_stdin("be43c87de086461cdfb26b440161efd361688b23\n")
        .output()
        .unwrap();
    common::assert_exit(&out, 66);
}
