//! `report` beneath Odoo (issue 34): the PostgreSQL roles that may read credentials or write
//! who gets in, the owners' attributes, MD5 passwords, and the credentials OCA modules keep
//! in clear — as a superuser and under the audit role, where what it may not see must be
//! `not-checked`, never silence. pg_hba.conf's and TLS's judgement is unit-tested in
//! src/audit/cluster.rs; here the rules are read from the running server.

mod common;

use common::{odoo_access, repo_file, unique, TestDb, TestRole};
use serde_json::Value;

use common::report_doc as report;

/// (database, object_id, detail) of every finding `id`.
fn found(doc: &Value, id: &str) -> Vec<(String, String, String)> {
    common::finding_fields(doc, id, ["database", "object_id", "detail"])
}

fn detail_of(doc: &Value, id: &str, object_id: &str) -> Option<String> {
    found(doc, id)
        .into_iter()
        .find(|(_, o, _)| o == object_id)
        .map(|(_, _, d)| d)
}

#[test]
fn roles_that_read_credentials_or_write_access_are_named_on_every_version() {
    for version in 14..=19 {
        // Roles first: dropped after the database that holds their grants.
        let name = unique(&format!("roles{version}"));
        let reader = TestRole::new(&format!("{name}_reader"), "");
        let all_data = TestRole::new(&format!("{name}_alldata"), "IN ROLE pg_read_all_data");
        let group = TestRole::new(&format!("{name}_group"), "");
        common::server().admin(&format!("ALTER ROLE \"{}\" NOLOGIN", group.name));
        let member = TestRole::new(
            &format!("{name}_member"),
            &format!("NOINHERIT IN ROLE \"{}\"", group.name),
        );
        let deleter = TestRole::new(&format!("{name}_deleter"), "");
        let innocent = TestRole::new(&format!("{name}_innocent"), "");
        let renamer = TestRole::new(&format!("{name}_renamer"), "");
        let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
        let db = TestDb::odoo(version, &name);
        db.execute(&format!(
            "GRANT SELECT (password) ON res_users TO \"{r}\";
             GRANT SELECT (value) ON ir_config_parameter TO \"{r}\";
             GRANT INSERT ON res_groups_users_rel TO \"{g}\";
             GRANT DELETE ON res_users_apikeys TO \"{d}\";
             GRANT SELECT (id, login) ON res_users TO \"{i}\";
             GRANT UPDATE (login) ON res_users TO \"{n}\";",
            r = reader.name,
            g = group.name,
            d = deleter.name,
            i = innocent.name,
            n = renamer.name,
        ));
        db.install_roles(&audit.name, None);

        for role in [None, Some(audit.name.as_str())] {
            let doc = report(&db, role, &[]);
            let reads =
                |who: &str| detail_of(&doc, "role-reads-credentials", &format!("role:{who}"));
            let said = reads(&reader.name).unwrap_or_else(|| panic!("{version} {role:?}: {doc}"));
            assert!(
                said.starts_with("may read ir_config_parameter.value, res_users.password:"),
                "{version}: {said}"
            );
            let said = reads(&all_data.name).unwrap();
            assert!(said.contains("res_users.password") && said.contains("res_users_apikeys.key"));
            assert!(said.contains("(through pg_read_all_data)"), "{said}");
            let writes =
                detail_of(&doc, "role-writes-access", &format!("role:{}", member.name)).unwrap();
            assert!(
                writes.starts_with("may insert or update res_groups_users_rel (through"),
                "{writes}"
            );
            assert!(writes.contains(&group.name), "{writes}");
            // A column's grant is a door too: whoever renames a login takes over its user.
            let renames = detail_of(
                &doc,
                "role-writes-access",
                &format!("role:{}", renamer.name),
            )
            .unwrap_or_else(|| panic!("{version}: {doc}"));
            assert!(
                renames.starts_with("may insert or update res_users:"),
                "{renames}"
            );
            // Deleting keys closes doors; reading logins is no credential; the audit role
            // reads none; a NOLOGIN group is reached through its members.
            for quiet in [&deleter.name, &innocent.name, &audit.name, &group.name] {
                let object = format!("role:{quiet}");
                assert!(
                    !doc["findings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| f["object_id"] == object),
                    "{version}: {quiet} named: {doc}"
                );
            }
            let (database, _, owns) = found(&doc, "odoo-role-superuser")
                .into_iter()
                .find(|(_, o, _)| o == "role:postgres")
                .unwrap();
            assert_eq!(database, "");
            assert!(owns.starts_with(&format!("owns {}:", db.name)), "{owns}");
            // Per-database findings carry the database; the cluster's do not.
            assert!(found(&doc, "role-reads-credentials")
                .iter()
                .all(|(d, _, _)| *d == db.name));
            let not_checked: Vec<String> = found(&doc, "not-checked")
                .into_iter()
                .map(|(_, o, _)| o)
                .collect();
            match role {
                // The superuser sees pg_authid and pg_hba_file_rules.
                None => assert!(not_checked.is_empty(), "{not_checked:?}"),
                // The audit role: no grant of pg_authid is safe; the script granted the rules.
                Some(_) => assert_eq!(not_checked, ["cluster:check:md5-password"]),
            }
        }
    }
}

#[test]
fn an_owner_without_superuser_is_judged_by_its_attributes_and_md5_passwords_are_found() {
    let name = unique("owner");
    let owner = TestRole::new(&format!("{name}_owner"), "CREATEROLE BYPASSRLS");
    let devices = TestRole::new(&format!("{name}_devices"), "");
    let legacy = TestRole::created_elsewhere(&format!("{name}_md5"));
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let db = TestDb::odoo(18, &name);
    common::server().admin(&format!(
        "ALTER DATABASE \"{}\" OWNER TO \"{}\"",
        db.name, owner.name
    ));
    db.execute(&format!(
        "SET password_encryption = 'md5'; CREATE ROLE \"{}\" LOGIN PASSWORD 'legacy-pw';
         ALTER TABLE auth_totp_device OWNER TO \"{}\";",
        legacy.name, devices.name
    ));
    let doc = report(&db, None, &[]);
    let object = format!("role:{}", owner.name);
    assert!(detail_of(&doc, "odoo-role-superuser", &object).is_none());
    for id in ["odoo-role-createrole", "odoo-role-bypassrls"] {
        let said = detail_of(&doc, id, &object).unwrap_or_else(|| panic!("{id}: {doc}"));
        assert!(said.starts_with(&format!("owns {}:", db.name)), "{said}");
    }
    assert!(detail_of(&doc, "odoo-role-replication", &object).is_none());
    // A login role that owns a credential table (not the database) may read it: no grant
    // says so, owning does.
    let reads = detail_of(
        &doc,
        "role-reads-credentials",
        &format!("role:{}", devices.name),
    )
    .unwrap_or_else(|| panic!("{doc}"));
    assert!(
        reads.starts_with("may read auth_totp_device.key:"),
        "{reads}"
    );
    let md5 = format!("role:{}", legacy.name);
    assert!(detail_of(&doc, "md5-password", &md5).is_some(), "{doc}");
    assert!(!doc.to_string().contains("legacy-pw"));

    // The audit role does not see pg_authid: md5-password is not-checked, not silence.
    db.install_roles(&audit.name, None);
    let doc = report(&db, Some(&audit.name), &[]);
    assert!(found(&doc, "md5-password").is_empty());
    let said = detail_of(&doc, "not-checked", "cluster:check:md5-password").unwrap();
    assert!(said.contains("pg_authid"), "{said}");
    assert!(detail_of(&doc, "odoo-role-createrole", &object).is_some());
    // Without the script's grant of pg_hba.conf's rules, the hba-* checks are not-checked.
    db.execute(&format!(
        "REVOKE SELECT ON pg_catalog.pg_hba_file_rules FROM \"{}\"",
        audit.name
    ));
    let doc = report(&db, Some(&audit.name), &[]);
    let said =
        detail_of(&doc, "not-checked", "cluster:check:hba").unwrap_or_else(|| panic!("{doc}"));
    assert!(said.contains("pg_hba_file_rules"), "{said}");
}

#[test]
fn a_jwt_validators_secret_is_a_credential_in_clear() {
    // auth_jwt has no 18.0 code: a 16 database, with the columns its model declares
    // (OCA/server-auth auth_jwt/models/auth_jwt_validator.py at a4ca52a1: secret_key is a
    // Char, empty for a validator that checks signatures by public key).
    let db = TestDb::odoo(16, &unique("jwt"));
    db.execute(
        "CREATE TABLE public.auth_jwt_validator (
             id serial PRIMARY KEY, name varchar NOT NULL, signature_type varchar NOT NULL,
             secret_key varchar, secret_algorithm varchar, public_key_jwk_uri varchar,
             public_key_algorithm varchar, audience varchar NOT NULL, issuer varchar NOT NULL,
             user_id_strategy varchar NOT NULL, static_user_id integer,
             create_uid integer, create_date timestamp, write_uid integer, write_date timestamp);
         INSERT INTO public.auth_jwt_validator
             (name, signature_type, secret_key, audience, issuer, user_id_strategy, static_user_id)
         VALUES ('api', 'secret', 'planted-jwt-hs256-secret', 'odoo', 'idp', 'static', 2),
                ('jwks', 'public_key', NULL, 'odoo', 'idp', 'static', 2);",
    );
    let doc = report(&db, None, &[]);
    let said = detail_of(&doc, "credential-in-clear", "table:auth_jwt_validator").unwrap();
    assert_eq!(
        said,
        "auth_jwt_validator.secret_key keeps JWT signing secrets in clear: 1 row(s); no login role but superusers and the owner may read it — restrict who reads the table, and prefer modules that store hashes"
    );
}

/// The OCA modules' tables as a live Odoo 18 made them, with the rows it wrote on 18 and 19
/// (its data loads there), and `by_hand` before (18's rows name 18's columns).
fn install_oca(db: &TestDb, version: u32, by_hand: &str) {
    db.execute(&repo_file("sql/odoo/oca/18/schema.sql"));
    match version {
        18.. => db.execute(&repo_file("sql/odoo/oca/18/data.sql")),
        _ => db.execute(by_hand),
    }
}

#[test]
fn oca_tables_that_keep_credentials_in_clear_are_counted_never_shown() {
    for version in [14, 17, 18, 19] {
        clear_credentials_on(version);
    }
}

/// The rows OCA modules wrote on a live Odoo 18 (sql/odoo/oca/18); before 18, one API key
/// and one audit-log session by hand, in the same tables (auth_api_key and auditlog declare
/// the same fields from 14 on).
fn clear_credentials_on(version: u32) {
    let name = unique(&format!("oca{version}"));
    let reader = TestRole::new(&format!("{name}_sessions"), "");
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let db = TestDb::odoo(version, &name);
    install_oca(
        &db,
        version,
        "INSERT INTO auth_api_key (id, user_id, name, key, active)
         VALUES (1, 2, 'oca-admin-key', 'viPS9lENyq8M6W14DxKjIzl0FRgSFqXn', true);
         INSERT INTO auditlog_http_session (id, user_id, display_name, name)
         VALUES (1, 2, 'Administrator', 'jWtcyWMZURXtbyCCHBuigxLPeMSBS5zn-by-hand');",
    );
    db.execute(&format!(
        "GRANT SELECT ON auditlog_http_session TO \"{}\"",
        reader.name
    ));
    let doc = report(&db, None, &[]);
    let clear =
        |doc: &Value, table: &str| detail_of(doc, "credential-in-clear", &format!("table:{table}"));
    let said = clear(&doc, "auth_api_key").unwrap();
    assert!(
        said.starts_with("auth_api_key.key keeps API keys in clear: 1 row(s); no login role"),
        "{said}"
    );
    let said = clear(&doc, "auditlog_http_session").unwrap();
    assert!(
        said.contains(&format!("also readable by {}", reader.name)),
        "{said}"
    );
    let reads = detail_of(
        &doc,
        "role-reads-credentials",
        &format!("role:{}", reader.name),
    )
    .unwrap();
    assert!(
        reads.starts_with("may read auditlog_http_session.name:"),
        "{reads}"
    );
    // Every format keeps the values out (assert_no_secrets runs on each).
    for format in ["csv", "jsonl", "html", "table", "prometheus"] {
        let home = tempfile::tempdir().unwrap();
        let out = odoo_access(home.path())
            .args(["report", "-d", &db.name, "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{version} {format}");
        common::assert_no_secrets(&out);
    }

    // The audit role may not read the columns: the tables are still named, uncounted.
    db.install_roles(&audit.name, None);
    let doc = report(&db, Some(&audit.name), &[]);
    for table in ["auth_api_key", "auditlog_http_session"] {
        let said = clear(&doc, table).unwrap_or_else(|| panic!("{table}: {doc}"));
        assert!(said.contains("rows not counted"), "{said}");
    }
}

#[test]
fn the_admin_passkey_of_the_odoo_config_is_critical_in_clear_and_a_warning_hashed() {
    let db = TestDb::odoo(18, &unique("passkey"));
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("odoo.conf");
    let judged = |text: &str| {
        common::write_file(&conf, text, 0o600);
        let doc = report(&db, None, &["--odoo-conf", conf.to_str().unwrap()]);
        found(&doc, "admin-passkey")
            .into_iter()
            .map(|(database, _, detail)| (database, detail))
            .collect::<Vec<_>>()
    };
    let base = "[options]\nadmin_passwd = $pbkdf2-sha512$600000$x$y\nlist_db = False\n";
    let clear = judged(&format!("{base}auth_admin_passkey_password = open-to-all-users\nauth_admin_passkey_ignore_totp = True\n"));
    assert_eq!(clear.len(), 1);
    assert_eq!(clear[0].0, "");
    assert!(clear[0].1.contains("in clear") && clear[0].1.contains("skip the TOTP step"));
    assert!(!clear[0].1.contains("open-to-all-users"));
    let hashed = judged(&format!("{base}auth_admin_passkey_password = 9b71d2\nauth_admin_passkey_password_sha512_encrypted = True\n"));
    assert!(hashed[0].1.contains("unsalted SHA-512") && !hashed[0].1.contains("TOTP"));
    assert!(judged(base).is_empty());
}

#[test]
fn an_ended_role_line_that_still_grants_is_a_warning_until_the_sync_runs() {
    for version in [14, 16, 18, 19] {
        ended_role_line_on(version);
    }
}

/// base_user_role as a live Odoo 18 wrote it (sql/odoo/oca/18): role 1 has a dated line for
/// alice (#6) and an open one for bob (#7, archived in the fixture); before 18 the same rows
/// by hand, in the tables of the fields the model declares (the same from 14 on:
/// OCA/server-backend base_user_role, `role_id`, `user_id`, `date_from`, `date_to`). The role
/// is made to grant Settings, and alice's line ends yesterday while the sync has not run.
fn ended_role_line_on(version: u32) {
    let name = unique(&format!("userrole{version}"));
    let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
    let db = TestDb::odoo(version, &name);
    install_oca(
        &db,
        version,
        "INSERT INTO res_users_role (id, group_id) VALUES (1, 1);
         INSERT INTO res_users_role_line (id, role_id, user_id, date_from, date_to)
         VALUES (1, 1, 6, '2026-11-04', '2027-11-04'), (2, 1, 7, NULL, NULL);",
    );
    db.install_roles(&audit.name, None);
    db.execute(
        "UPDATE res_users_role SET group_id = (SELECT res_id FROM ir_model_data
                                              WHERE module = 'base' AND name = 'group_system');
         UPDATE res_users_role_line SET date_to = (now() AT TIME ZONE 'UTC')::date - 1
         WHERE user_id = 6;
         INSERT INTO res_groups_users_rel (uid, gid)
         SELECT 6, group_id FROM res_users_role ON CONFLICT DO NOTHING;",
    );
    let group: String = db
        .scalar("SELECT group_id::text FROM res_users_role")
        .unwrap();
    let doc = report(&db, None, &[]);
    let ended = found(&doc, "role-expired-still-granted");
    assert_eq!(ended.len(), 1, "{version}: {doc}");
    assert_eq!(ended[0].1, "user:6:alice");
    let yesterday = db
        .scalar("SELECT ((now() AT TIME ZONE 'UTC')::date - 1)::text")
        .unwrap();
    assert!(
        ended[0].2.starts_with(&format!(
            "base_user_role: line #1 (group #{group}) ended {yesterday} —"
        )),
        "{}",
        ended[0].2
    );
    // Odoo checks the groups the sync left: alice is a Settings admin until it runs.
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "users", "-d", &db.name, "--login", "alice", "--format", "json",
        ])
        .output()
        .unwrap();
    let users = common::json_doc(&out, 0);
    assert_eq!(users["rows"][0]["admin"], true, "{users}");

    // A role that may not read the role lines says what it could not check; the script
    // grants it again.
    db.execute(&format!(
        "REVOKE SELECT (date_to) ON res_users_role_line FROM \"{}\"",
        audit.name
    ));
    let out = odoo_access(home.path())
        .env("PGUSER", &audit.name)
        .args(["report", "-d", &db.name, "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("base_user_role's tables are not readable"),
        "{stderr}"
    );
    db.install_roles(&audit.name, None);
    let doc = report(&db, Some(&audit.name), &[]);
    assert_eq!(found(&doc, "role-expired-still-granted").len(), 1);

    // A line that ends today is still enabled; so is one that never ends.
    db.execute(
        "UPDATE res_users_role_line SET date_to = (now() AT TIME ZONE 'UTC')::date
         WHERE user_id = 6",
    );
    assert!(found(&report(&db, None, &[]), "role-expired-still-granted").is_empty());
}

/// OCA password_security with the columns and parameters its models declare (OCA/server-auth
/// `password_security/models/res_company.py` up to 16.0, `res_config_settings.py` with
/// `config_parameter=` from 17.0), installed on a fixture.
fn install_password_security(db: &TestDb, version: u32) {
    db.execute(
        "INSERT INTO ir_module_module (id, name, state, latest_version)
         SELECT max(id) + 1, 'password_security', 'installed', '1.0' FROM ir_module_module;
         ALTER TABLE res_users ADD COLUMN password_write_date timestamp;
         UPDATE res_users SET password_write_date = now() AT TIME ZONE 'utc' - interval '100 days'
         WHERE login = 'carol';
         UPDATE res_users SET password_write_date = now() AT TIME ZONE 'utc' - interval '10 days'
         WHERE login = 'alice';",
    );
    if version <= 16 {
        db.execute(
            "ALTER TABLE res_company ADD COLUMN password_expiration integer,
                 ADD COLUMN password_minimum integer, ADD COLUMN password_history integer,
                 ADD COLUMN password_length integer, ADD COLUMN password_lower integer,
                 ADD COLUMN password_upper integer, ADD COLUMN password_numeric integer,
                 ADD COLUMN password_special integer, ADD COLUMN password_estimate integer;
             UPDATE res_company SET password_expiration = 60, password_minimum = 24,
                 password_history = 5, password_length = 12, password_lower = 0,
                 password_upper = 1, password_numeric = 0, password_special = 0;",
        );
    } else {
        db.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES
                 ('password_security.expiration_days', '60'),
                 ('password_security.minimum_hours', '24'),
                 ('password_security.history', '5'),
                 ('auth_password_policy.minlength', '12'),
                 ('password_security.upper', '1'),
                 ('password_security.lower', '0');",
        );
    }
}

#[test]
fn password_securitys_policy_is_shown_by_dbs_and_its_expiry_makes_passwords_old() {
    for version in [14, 16, 17, 19] {
        let name = unique(&format!("pwpolicy{version}"));
        let audit = TestRole::created_elsewhere(&format!("{name}_audit"));
        let db = TestDb::odoo(version, &name);
        let home = tempfile::tempdir().unwrap();
        let policy = |role: Option<&str>| {
            let mut cmd = odoo_access(home.path());
            if let Some(role) = role {
                cmd.env("PGUSER", role);
            }
            let out = cmd
                .args(["dbs", "-d", &db.name, "--format", "json"])
                .output()
                .unwrap();
            common::json_doc(&out, 0)["rows"][0]["password_policy"].clone()
        };
        let old = |extra: &[&str]| -> Vec<(String, String)> {
            found(&report(&db, None, extra), "old-password")
                .into_iter()
                .map(|(_, object, detail)| (object, detail))
                .collect()
        };
        assert_eq!(policy(None), Value::Null, "{version}: not installed");
        install_password_security(&db, version);
        let said = "expires after 60 days; not one of the last 5; at least 12 characters, 1 uppercase; changed at most every 24 h";
        assert_eq!(policy(None), said, "{version}");
        let flagged = old(&[]);
        assert_eq!(flagged.len(), 1, "{version}: {flagged:?}");
        assert_eq!(flagged[0].0, "user:8:carol");
        assert!(
            flagged[0]
                .1
                .contains("longer ago than password_security's expiry"),
            "{}",
            flagged[0].1
        );
        // The flag decides where it is given.
        assert!(old(&["--max-password-age", "365d"]).is_empty(), "{version}");
        assert_eq!(old(&["--max-password-age", "5d"]).len(), 2, "{version}");
        // The audit role reads the policy too (the company columns, or the parameters view).
        db.install_roles(&audit.name, None);
        assert_eq!(policy(Some(&audit.name)), said, "{version}: audit role");
    }
}

/// pg_hba_file_rules parses the file as it is on disk, so rules appended to a private
/// cluster's pg_hba.conf (and never loaded: nothing can log in by them) are what `report`
/// judges. The networks are the documentation ranges of RFC 5737, routed nowhere.
#[test]
fn the_rules_of_pg_hba_conf_are_judged_as_the_server_parses_them() {
    let srv = common::checking_server();
    let name = unique("hba");
    common::runtime().block_on(async {
        let postgres = srv.connect("postgres").await.unwrap();
        postgres
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let db = srv.connect(&name).await.unwrap();
        db.batch_execute(&repo_file("sql/odoo/18/schema.sql"))
            .await
            .unwrap();
        db.batch_execute(&repo_file("sql/odoo/sample-data.sql"))
            .await
            .unwrap();
    });
    let hba = srv.dir.join("pg_hba.conf");
    let original = std::fs::read_to_string(&hba).unwrap();
    let lines = original.lines().count();
    std::fs::write(
        &hba,
        format!(
            "{original}host all all 192.0.2.0/24 trust\nhost {name} all 198.51.100.7/32 password\nhostssl all all 203.0.113.0/24 password\nhost all all 127.0.0.1/32 trust\n"
        ),
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = common::odoo_access_on(srv, home.path())
        .args(["report", "-d", &name, "--format", "json"])
        .output()
        .unwrap();
    std::fs::write(&hba, &original).unwrap();
    common::runtime().block_on(async {
        let postgres = srv.connect("postgres").await.unwrap();
        postgres
            .batch_execute(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
    });
    let doc = common::json_doc(&out, 2);
    let trust = found(&doc, "hba-trust-remote");
    assert_eq!(
        trust,
        [(
            String::new(),
            "cluster:hba:host all all 192.0.2.0/24 trust".to_string(),
            format!(
                "line {} (host all all 192.0.2.0/24 trust) trusts connections from beyond this host: whoever connects from there is any role the rule names, without a password — use scram-sha-256 (or cert)",
                lines + 1
            )
        )],
        "{doc}"
    );
    let clear: Vec<String> = found(&doc, "hba-password-clear")
        .into_iter()
        .map(|(_, object, _)| object)
        .collect();
    assert_eq!(
        clear,
        [format!(
            "cluster:hba:host {name} all 198.51.100.7/32 password"
        )],
        "hostssl sends the password under TLS; loopback trust is no finding"
    );
    // The private cluster checks passwords over TLS: its own rules are no finding.
    assert!(found(&doc, "ssl-off-remote").is_empty());
}
