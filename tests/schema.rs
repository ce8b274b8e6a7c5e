//! The schema probe on the real schemas of Odoo 14–19: what each version has, decided from
//! the catalog.

mod common;

use common::{runtime, server, unique, TestDb, VERSIONS};
use odoo_access::connect::{ConnectRequest, Connector, Environment, Settings};
use odoo_access::odoo::schema::{detect, Detected, Reads, Signalling};
use std::time::Duration;

/// A connector to the test server as `role` (the server's own role when `None`).
fn connector_as(role: Option<&str>) -> Connector {
    let srv = server();
    let request = ConnectRequest {
        host: Some(srv.host.clone()),
        port: Some(srv.port),
        user: Some(role.unwrap_or(&srv.user).to_string()),
        statement_timeout: Duration::from_secs(30),
        ..ConnectRequest::default()
    };
    let env = match &srv.password {
        Some(p) => Environment::from_pairs([("PGPASSWORD", p.as_str())]),
        None => Environment::default(),
    };
    Connector::new(Settings::resolve(&request, &env).unwrap()).unwrap()
}

#[test]
fn each_version_is_recognised_with_what_it_has() {
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("probe{v}")));
        let schema = runtime().block_on(async {
            let session = connector_as(None).read(&db.name).await.unwrap();
            match detect(&session, Reads::All).await.unwrap() {
                Detected::Odoo(schema) => schema,
                other => panic!("{v}: {other:?}"),
            }
        });
        assert_eq!(schema.version.major, v);
        assert_eq!(schema.api_keys_expire(), v >= 18, "{v} expiration_date");
        assert_eq!(schema.has_totp_devices(), v >= 15, "{v} auth_totp_device");
        assert_eq!(schema.has_device_log(), v >= 18, "{v} res_device_log");
        assert_eq!(schema.has_passkeys(), v >= 18, "{v} auth_passkey_key");
        assert!(!schema.has_oca_api_keys());
        assert!(!schema.has_brute_force_log());
        assert!(schema.is_installed("auth_totp"));
        assert_eq!(schema.totp_policy_module_installed(), v == 17 || v == 19);
        let policy_module = match v {
            14 => None,
            15..=18 => Some("auth_totp_mail_enforce"),
            _ => Some("auth_totp_mail"),
        };
        assert_eq!(schema.totp_policy_module(), policy_module, "{v}");
        assert_eq!(schema.mail_policy_refuses_rpc_passwords(), v == 19, "{v}");
        assert_eq!(schema.stores_implied_groups(), v < 19, "{v}");
        assert_eq!(schema.cooldown_covers_rpc(), v <= 15, "{v}");
        assert_eq!(schema.has_json2(), v == 19, "{v}");
        assert!(schema.can_read("res_users", "totp_secret"));
        let expected = match v {
            14..=16 => Signalling::Sequence("base_cache_signaling"),
            17 | 18 => Signalling::Sequence("base_cache_signaling_default"),
            _ => Signalling::Table("orm_signaling_default"),
        };
        assert_eq!(schema.signalling(), Some(expected), "{v}");
    }
}

#[test]
fn a_report_learns_of_its_tables_what_every_command_learns() {
    // Reads::Report describes the users and key tables only; what it says of them must be
    // what a full probe says, on every version.
    for v in VERSIONS {
        let db = TestDb::odoo(v, &unique(&format!("reads{v}")));
        let (all, report) = runtime().block_on(async {
            let session = connector_as(None).read(&db.name).await.unwrap();
            let all = detect(&session, Reads::All).await.unwrap();
            let report = detect(&session, Reads::Report).await.unwrap();
            (
                all.require(&db.name).unwrap(),
                report.require(&db.name).unwrap(),
            )
        });
        for (table, column) in [
            ("res_users", "totp_secret"),
            ("res_users", "password"),
            ("res_users", "password_write_date"),
            ("res_users_apikeys", "expiration_date"),
            ("res_users_apikeys", "scope"),
            ("res_users_apikeys", "key"),
        ] {
            assert_eq!(
                report.has_column(table, column),
                all.has_column(table, column),
                "{v}: {table}.{column}"
            );
            assert_eq!(
                report.can_read(table, column),
                all.can_read(table, column),
                "{v}: {table}.{column} readable"
            );
        }
        assert!(report.row_versions_readable(), "{v}");
        assert_eq!(report.api_keys_expire(), v >= 18, "{v}");
        assert_eq!(
            report.has_totp_devices(),
            v >= 15,
            "{v}: relations are all probed"
        );
    }
}

#[test]
fn a_restricted_role_sees_which_columns_it_cannot_read() {
    // The role is declared first so that it is dropped last, after the database that holds
    // its grants.
    let name = unique("restricted");
    let role = common::TestRole::new(&format!("{name}_r"), "");
    let db = TestDb::odoo(18, &name);
    db.execute(&format!(
        "GRANT SELECT ON ir_module_module TO \"{r}\";
         GRANT SELECT (id, login, active, share) ON res_users TO \"{r}\";
         GRANT SELECT (id, key) ON res_users_apikeys TO \"{r}\";",
        r = role.name
    ));
    let connector = connector_as(Some(&role.name));
    let schema = runtime().block_on(async {
        let session = connector.read(&db.name).await.unwrap();
        detect(&session, Reads::All)
            .await
            .unwrap()
            .require(&db.name)
            .unwrap()
    });
    assert!(
        schema.has_column("res_users", "totp_secret"),
        "the catalog still lists it"
    );
    assert!(!schema.can_read("res_users", "totp_secret"));
    assert!(!schema.can_read("res_users", "password"));
    assert!(
        schema.can_read("res_users_apikeys", "key"),
        "a column granted alone is readable"
    );
    assert!(
        schema.api_keys_expire(),
        "columns exist whatever the grants"
    );
    assert!(!schema.can_read("res_users_apikeys", "expiration_date"));
}

#[test]
fn the_read_session_is_read_only() {
    let db = TestDb::odoo(14, &unique("readonly"));
    let err = runtime().block_on(async {
        let session = connector_as(None).read(&db.name).await.unwrap();
        session
            .query("DELETE FROM public.res_users_apikeys", &[])
            .await
            .unwrap_err()
    });
    assert!(err.message.contains("read-only"), "{}", err.message);
}

#[test]
fn a_column_of_a_type_the_driver_does_not_know_leaves_the_probe_working() {
    // Columns come from the description of `SELECT * FROM res_users`: a module's column of its
    // own type makes the driver look the type up, inside the read-only transaction.
    let db = TestDb::odoo(17, &unique("ownedtype"));
    db.execute(
        "CREATE TYPE x_mood AS ENUM ('calm', 'busy');
         ALTER TABLE res_users ADD COLUMN x_mood x_mood;",
    );
    let (schema, users) = runtime().block_on(async {
        let session = connector_as(None).read(&db.name).await.unwrap();
        let schema = detect(&session, Reads::All)
            .await
            .unwrap()
            .require(&db.name)
            .unwrap();
        let users = session
            .query("SELECT count(*) FROM public.res_users", &[])
            .await
            .unwrap()[0]
            .get::<_, i64>(0);
        (schema, users)
    });
    assert!(schema.can_read("res_users", "password"));
    assert!(schema.has_column("res_users", "totp_secret"));
    assert!(users > 0, "the session still answers after the probe");
}
