//! `odoo-access check` against the truth of real Odoo servers (docs/ODOO.md), on 14–19.

mod common;

use common::{assert_exit, assert_no_secrets, odoo_access, unique, TestDb, TestRole, VERSIONS};
use serde_json::Value;

// Throw-away credentials a real Odoo 18 server made (shared/odoo/18/secrets.json).
const ADMIN_KEY: &str = "d660abbfa23774cbe8e8d080931e25673fa472fe";
const CAROL_PERSISTENT: &str = "ed105dc28cd09447857f50e74186de613ec681cc";
const CAROL_EXPIRED: &str = "56ba74ef974ca5298d0478d7c970eaa254332675";
const CAROL_REMOVED: &str = "20c8dcbc5217f60bf91caa153f7ce18851cc83cb";
const BOB_KEY: &str = "c12afaeb7b810327d2c6068ce83ccd592db492bc";
const ALICE_KEY: &str = "b4453cbd091ab401a61a7cf49275aa5a5d659c4e";
const SVC_GLOBAL: &str = "195079bddae819806e9d3c5ac2d7daf9b5c2ed95";
const SVC_RPC: &str = "9c1bfd82606c416274df2a476a8ac83c4443dc0f";
const SVC_OUTLOOK: &str = "be43c87de086461cdfb26b440161efd361688b23";
const PAT_KEY: &str = "87cec0a4080677a9815e4538040813608205a82b";

struct Run {
    code: i32,
    doc: Value,
}

fn check(db: &TestDb, login: &str, credential: &str, extra: &[&str]) -> Run {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "check", "-d", &db.name, "--login", login, "--format", "json",
        ])
        .args(extra)
        .write_stdin(format!("{credential}\n"))
        .output()
        .unwrap();
    assert_no_secrets(&out);
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Only distinctive credentials: "admin" is also a login the output rightly names.
    if credential.trim().len() >= 10 {
        assert!(
            !everything.contains(credential.trim()),
            "the credential leaked: {everything}"
        );
    }
    let doc =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("not JSON: {everything}"));
    Run {
        code: out.status.code().unwrap(),
        doc,
    }
}

fn step<'a>(run: &'a Run, name: &str) -> &'a Value {
    run.doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == name)
        .unwrap_or_else(|| panic!("no step {name}: {}", run.doc))
}

/// (login, credential, would succeed on this version, words of the reason)
fn truth(v: u32) -> Vec<(&'static str, &'static str, bool, &'static str)> {
    vec![
        ("admin", "admin", true, "password"),
        ("admin", ADMIN_KEY, true, "API key #1"),
        ("carol", "Carol-Pass-2026!", true, "password"),
        ("carol", CAROL_PERSISTENT, true, "API key #3"),
        // Keys expire from 18 on; before, the "expired" key is a persistent one.
        (
            "carol",
            CAROL_EXPIRED,
            v < 18,
            if v >= 18 { "expired" } else { "API key #5" },
        ),
        ("bob", BOB_KEY, false, "archived"),
        ("bob", "Bob-Pass-2026!", false, "archived"),
        ("alice", "Alice-Pass-2026!", false, "must use an API key"),
        ("alice", ALICE_KEY, true, "API key #9"),
        ("svc", "Svc-Pass-2026!", true, "password"),
        ("svc", SVC_GLOBAL, true, "API key #10"),
        ("svc", SVC_RPC, true, "API key #11"),
        ("svc", SVC_OUTLOOK, false, "scope 'odoo.plugin.outlook'"),
        ("pat", "Pat-Pass-2026!", true, "password"),
        ("pat", PAT_KEY, true, "API key #13"),
        (
            "carol",
            "ed105dc28cd09447857f50e74186de613ec681cc ",
            false,
            "ends with a space",
        ),
        (
            "carol",
            " ed105dc28cd09447857f50e74186de613ec681cc",
            false,
            "starts with a space",
        ),
        (
            "carol",
            "ED105DC28CD09447857F50E74186DE613EC681CC",
            false,
            "upper-case",
        ),
        ("carol", CAROL_REMOVED, false, "neither the password"),
        ("svc", CAROL_PERSISTENT, false, "of 'carol', not of 'svc'"),
        ("carol", "Wrong-Pass", false, "neither the password"),
        ("dave", "Dave-Plain-2026!", true, "password"),
    ]
}

/// Every case of the truth table on one version, with verdict, exit code and reason.
fn verdicts_equal_what_real_odoo_does(v: u32) {
    let db = TestDb::odoo(v, &unique(&format!("check{v}")));
    for (login, credential, succeeds, because) in truth(v) {
        let run = check(&db, login, credential, &[]);
        let label = format!("Odoo {v}, {login} with {credential:?}");
        assert_eq!(
            run.code,
            if succeeds { 0 } else { 1 },
            "{label}: {}",
            run.doc["reason"]
        );
        assert_eq!(
            run.doc["verdict"],
            if succeeds { "succeed" } else { "fail" },
            "{label}"
        );
        let reason = run.doc["reason"].as_str().unwrap();
        assert!(reason.contains(because), "{label}: {reason}");
        assert!(reason.starts_with("XML-RPC authenticate would"), "{reason}");
    }
}

macro_rules! truth_on {
    ($($name:ident: $version:expr),*) => {
        $(#[test] fn $name() { verdicts_equal_what_real_odoo_does($version) })*
        #[test]
        fn the_truth_table_covers_every_version() {
            assert_eq!([$($version),*], VERSIONS);
        }
    };
}

truth_on!(truth_14: 14, truth_15: 15, truth_16: 16, truth_17: 17, truth_18: 18, truth_19: 19);

#[test]
fn the_steps_explain_each_case() {
    let db = TestDb::odoo(14, &unique("steps"));
    // 14.0 hashes passwords with 25,000 rounds; any round count is verified.
    let run = check(&db, "carol", "Carol-Pass-2026!", &[]);
    assert!(step(&run, "password")["evidence"]
        .as_str()
        .unwrap()
        .contains("25000 rounds"));
    let run = check(&db, "dave", "Dave-Plain-2026!", &[]);
    assert!(step(&run, "password")["evidence"]
        .as_str()
        .unwrap()
        .contains("plain text"));
    let run = check(&db, "alice", "Alice-Pass-2026!", &[]);
    assert_eq!(step(&run, "two_factor")["result"], "warn");
    assert!(run.doc["fix"].as_str().unwrap().contains("API key"));
    let run = check(
        &db,
        "carol",
        "ed105dc28cd09447857f50e74186de613ec681cc\t",
        &[],
    );
    assert_eq!(step(&run, "credential_format")["result"], "fail");
    assert!(step(&run, "credential_format")["evidence"]
        .as_str()
        .unwrap()
        .contains("ends with a tab"));
    assert!(step(&run, "near_miss")["evidence"]
        .as_str()
        .unwrap()
        .contains("API key #3 with whitespace"));
    let run = check(&db, "Carol", "x", &[]);
    assert!(step(&run, "login")["fix"]
        .as_str()
        .unwrap()
        .contains("'carol'"));
    for skipped in ["routing", "cooldown", "proxy", "plan"] {
        assert_eq!(step(&run, skipped)["result"], "skip");
    }
    assert!(step(&run, "cooldown")["evidence"]
        .as_str()
        .unwrap()
        .contains("14 and 15 XML-RPC too"));
}

#[test]
fn the_email_2fa_policy_refuses_passwords_on_19() {
    let db = TestDb::odoo(19, &unique("checkpolicy"));
    db.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('auth_totp.policy', 'employee_required')");
    let run = check(&db, "carol", "Carol-Pass-2026!", &[]);
    assert_eq!(run.code, 1);
    assert!(run.doc["reason"]
        .as_str()
        .unwrap()
        .contains("must use an API key"));
    assert_eq!(check(&db, "carol", CAROL_PERSISTENT, &[]).code, 0);
    assert_eq!(
        check(&db, "pat", "Pat-Pass-2026!", &[]).code,
        0,
        "portal users are not employees"
    );
}

#[test]
fn json2_takes_keys_only_and_forgives_a_leading_space() {
    let db = TestDb::odoo(19, &unique("json2"));
    let json2 = ["--protocol", "json2"];
    assert_eq!(check(&db, "carol", CAROL_PERSISTENT, &json2).code, 0);
    let run = check(
        &db,
        "carol",
        " ed105dc28cd09447857f50e74186de613ec681cc",
        &json2,
    );
    assert_eq!(run.code, 0, "{}", run.doc["reason"]);
    assert!(run.doc["reason"]
        .as_str()
        .unwrap()
        .starts_with("a JSON-2 call would succeed"));
    assert_eq!(
        check(
            &db,
            "carol",
            "ed105dc28cd09447857f50e74186de613ec681cc ",
            &json2
        )
        .code,
        1
    );
    let run = check(&db, "carol", "Carol-Pass-2026!", &json2);
    assert!(run.doc["reason"]
        .as_str()
        .unwrap()
        .contains("API keys only"));
    assert_eq!(check(&db, "carol", CAROL_EXPIRED, &json2).code, 1);
    // A key runs as its owner: the login is only what the admin expected.
    let run = check(&db, "svc", CAROL_PERSISTENT, &json2);
    assert_eq!(run.code, 0);
    assert_eq!(step(&run, "key_owner")["result"], "warn");

    let old = TestDb::odoo(18, &unique("json2old"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "check",
            "-d",
            &old.name,
            "--login",
            "carol",
            "--protocol",
            "json2",
        ])
        .write_stdin(CAROL_PERSISTENT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn the_credential_comes_from_stdin_or_the_environment_and_no_credential_runs_the_rest() {
    let db = TestDb::odoo(17, &unique("credsource"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("ODOO_ACCESS_CREDENTIAL", CAROL_PERSISTENT)
        .args([
            "check", "-d", &db.name, "--login", "carol", "--format", "json",
        ])
        .write_stdin("")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    // \r\n from a Windows editor is one newline too.
    let out = odoo_access(home.path())
        .args(["check", "-d", &db.name, "--login", "carol"])
        .write_stdin(format!("{CAROL_PERSISTENT}\r\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = odoo_access(home.path())
        .args(["check", "-d", &db.name, "--login", "carol"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "no credential at all");

    let home_path = home.path();
    let no_credential = |login: &str| {
        let out = odoo_access(home_path)
            .args([
                "check",
                "-d",
                &db.name,
                "--login",
                login,
                "--no-credential",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), doc)
    };
    let (code, doc) = no_credential("carol");
    assert_eq!(code, 0);
    assert!(doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["step"] == "credential" && s["result"] == "skip"));
    assert_eq!(
        no_credential("bob").0,
        1,
        "an archived user fails without any credential"
    );
    assert_eq!(no_credential("nobody").0, 1);
}

#[test]
fn a_missing_database_suggests_close_names_and_the_audit_role_cannot_verify() {
    let name = unique("checkdb");
    let role = TestRole::created_elsewhere(&format!("{name}_audit"));
    let db = TestDb::odoo(18, &name);
    let home = tempfile::tempdir().unwrap();
    let typo = format!("{}x", db.name);
    let out = odoo_access(home.path())
        .args(["check", "-d", &typo, "--login", "carol", "--format", "json"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("did you mean \"{}\"", db.name)));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["verdict"], "fail");

    db.install_roles(&role.name, None);
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args(["check", "-d", &db.name, "--login", "carol"])
        .write_stdin(CAROL_PERSISTENT)
        .output()
        .unwrap();
    assert_exit(&out, 77);
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args([
            "check",
            "-d",
            &db.name,
            "--login",
            "alice",
            "--no-credential",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let two_factor = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "two_factor")
        .unwrap()
        .clone();
    assert_eq!(
        two_factor["result"], "warn",
        "the audit view tells TOTP is on"
    );
}

#[test]
fn the_routing_step_names_what_the_odoo_config_says() {
    let db = TestDb::odoo(16, &unique("routing"));
    let home = tempfile::tempdir().unwrap();
    let srv = common::server();
    let conf = home.path().join("odoo.conf");
    common::write_file(
        &conf,
        &format!(
            "[options]\ndb_host = {}\ndb_port = {}\ndb_user = {}\ndb_name = {}\ndbfilter = ^%d$\nlist_db = False\n",
            srv.host, srv.port, srv.user, db.name
        ),
        0o600,
    );
    let out = odoo_access(home.path())
        .env_remove("PGHOST")
        .env_remove("PGPORT")
        .env_remove("PGUSER")
        .arg("--odoo-conf")
        .arg(&conf)
        .args([
            "check",
            "--login",
            "carol",
            "--no-credential",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    let routing = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "routing")
        .unwrap();
    let evidence = routing["evidence"].as_str().unwrap();
    assert!(
        evidence.contains("dbfilter '^%d$'")
            && evidence.contains(&db.name)
            && evidence.contains("list_db False"),
        "{evidence}"
    );
}

#[test]
fn every_format_carries_the_verdict_and_its_reason() {
    let db = TestDb::odoo(18, &unique("checkcsv"));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args([
            "check", "-d", &db.name, "--login", "carol", "--format", "csv",
        ])
        .write_stdin(format!("{CAROL_EXPIRED}\n"))
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let verdict = records.iter().find(|r| &r[0] == "verdict").expect(&text);
    assert_eq!(&verdict[1], "fail");
    let reason = records.iter().find(|r| &r[0] == "reason").expect(&text);
    assert!(reason[1].contains("expired"), "{text}");
}

#[test]
fn json2_with_a_login_of_nobody_is_decided_by_the_key_alone() {
    let db = TestDb::odoo(19, &unique("json2nobody"));
    let json2 = ["--protocol", "json2"];
    // A real key runs as its owner, whatever login the client had in mind.
    let run = check(&db, "nobody", CAROL_PERSISTENT, &json2);
    assert_eq!(run.code, 0, "{}", run.doc["reason"]);
    let steps = run.doc["rows"].as_array().unwrap();
    assert!(steps
        .iter()
        .any(|s| s["step"] == "login" && s["result"] == "warn"));
    assert!(steps
        .iter()
        .any(|s| s["step"] == "login" && s["evidence"].as_str().unwrap().contains("'carol'")));
    // A password or garbage never succeeds.
    for credential in ["Carol-Pass-2026!", "garbage", CAROL_REMOVED] {
        let run = check(&db, "nobody", credential, &json2);
        assert_eq!(run.code, 1, "{credential}: {}", run.doc["reason"]);
        assert_eq!(run.doc["verdict"], "fail");
    }
    // An archived owner's key is refused as JSON-2 refuses it.
    assert_eq!(check(&db, "nobody", BOB_KEY, &json2).code, 1);
}

/// check reads both hash columns: a role that may read only one is told which it lacks.
#[test]
fn a_role_that_may_read_only_one_hash_column_is_told_what_check_needs() {
    let name = unique("onehash");
    let audit = common::TestRole::created_elsewhere(&format!("{name}_audit"));
    let db = TestDb::odoo(18, &name);
    db.install_roles(&audit.name, None);
    db.execute(&format!(
        "GRANT SELECT (password) ON public.res_users TO \"{}\"",
        audit.name
    ));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", &audit.name)
        .args(["check", "-d", &db.name, "--login", "carol"])
        .write_stdin("ed105dc28cd09447857f50e74186de613ec681cc\n")
        .output()
        .unwrap();
    assert_exit(&out, 77);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("res_users_apikeys.key"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// What each step saw, in its own words: the database's expiry, the key's scope, whose key
/// it is, how the password is stored, the credential's shape.
#[test]
fn the_steps_say_what_they_saw() {
    let expired = TestDb::odoo(17, &unique("stepsexpired"));
    let run = check(&expired, "carol", "Carol-Pass-2026!", &[]);
    let expiry = step(&run, "database_expiry");
    assert_eq!(expiry["result"], "warn");
    assert!(
        expiry["evidence"].as_str().unwrap().contains("is past"),
        "{expiry}"
    );
    assert!(expiry["fix"].as_str().unwrap().contains("renew"));
    let later = TestDb::odoo(16, &unique("stepslater"));
    let expiry = step(
        &check(&later, "carol", "Carol-Pass-2026!", &[]),
        "database_expiry",
    )
    .clone();
    assert_eq!(expiry["result"], "pass");
    assert!(
        expiry["evidence"]
            .as_str()
            .unwrap()
            .starts_with("the database expires on"),
        "{expiry}"
    );

    let db = TestDb::odoo(18, &unique("stepssaw"));
    let expiry = step(
        &check(&db, "carol", "Carol-Pass-2026!", &[]),
        "database_expiry",
    )
    .clone();
    assert_eq!(
        (expiry["result"].as_str(), expiry["evidence"].as_str()),
        (Some("pass"), Some("no expiration date"))
    );
    for (credential, evidence, fix) in [
        (SVC_GLOBAL, "no scope (global): accepted for RPC", false),
        (SVC_RPC, "scope 'rpc': accepted for RPC", false),
        (
            SVC_OUTLOOK,
            "RPC accepts only keys without a scope or with scope 'rpc'",
            true,
        ),
    ] {
        let run = check(&db, "svc", credential, &[]);
        let scope = step(&run, "key_scope");
        assert!(
            scope["evidence"].as_str().unwrap().contains(evidence),
            "{scope}"
        );
        assert_eq!(scope["fix"].is_string(), fix, "{scope}");
    }
    let run = check(&db, "carol", CAROL_PERSISTENT, &[]);
    assert!(step(&run, "api_key")["evidence"]
        .as_str()
        .unwrap()
        .ends_with("(the user's key)"));
    let run = check(&db, "svc", CAROL_PERSISTENT, &[]);
    assert!(step(&run, "api_key")["evidence"]
        .as_str()
        .unwrap()
        .ends_with("(carol's key)"));
    // A hashed password needs nothing done; one in clear needs a restart to be hashed.
    assert!(step(&check(&db, "carol", "Carol-Pass-2026!", &[]), "password")["fix"].is_null());
    let plain = check(&db, "dave", "Dave-Plain-2026!", &[]);
    assert!(step(&plain, "password")["fix"]
        .as_str()
        .unwrap()
        .contains("restart Odoo"));

    let shape = |credential: &str| {
        let run = check(&db, "carol", credential, &[]);
        step(&run, "credential_format")["evidence"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(shape(CAROL_PERSISTENT).contains("shaped like an Odoo API key"));
    for other in [
        "abc123",
        "Carol-Pass-2026!",
        "ed105dc28cd09447857f50e74186de613ec681c",
        "ED105DC28CD09447857F50E74186DE613EC681CC",
    ] {
        assert!(
            shape(other).contains("not shaped like an API key"),
            "{other}"
        );
    }
    assert!(shape("   ").contains("is only whitespace"));
    // A login nobody has is no user over XML-RPC, whatever key comes with it.
    let run = check(&db, "nobody", ADMIN_KEY, &[]);
    assert_eq!((run.code, run.doc["verdict"].as_str()), (1, Some("fail")));
    let steps = run.doc["rows"].as_array().unwrap();
    let logins: Vec<&Value> = steps.iter().filter(|s| s["step"] == "login").collect();
    assert_eq!(
        logins.len(),
        1,
        "the key's owner is not looked for over XML-RPC: {steps:?}"
    );
    assert_eq!(logins[0]["result"], "fail");
    assert!(!steps
        .iter()
        .any(|s| s["step"] == "api_key" && s["result"] == "pass"));
}

/// JSON-2 forgives a leading space, and says so in the credential's step.
#[test]
fn json2_names_the_whitespace_it_forgives() {
    let db = TestDb::odoo(19, &unique("json2space"));
    let run = check(
        &db,
        "admin",
        &format!(" {ADMIN_KEY}"),
        &["--protocol", "json2"],
    );
    let format = step(&run, "credential_format");
    assert_eq!(format["result"], "warn");
    assert!(
        format["evidence"]
            .as_str()
            .unwrap()
            .contains("JSON-2 ignores leading whitespace"),
        "{format}"
    );
}

/// A role that may read no ir_config_parameter (not even the audit view) cannot tell the
/// database's expiry: the step is skipped, not passed.
#[test]
fn an_unreadable_expiry_is_skipped_not_passed() {
    let name = unique("noparams");
    let role = TestRole::new(&name, "");
    let db = TestDb::odoo(18, &name);
    db.grant_all_but_secrets(&role.name);
    db.execute(&format!(
        "REVOKE SELECT ON ir_config_parameter FROM \"{}\"",
        role.name
    ));
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .env("PGUSER", &role.name)
        .args([
            "check",
            "-d",
            &db.name,
            "--login",
            "carol",
            "--no-credential",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expiry = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "database_expiry")
        .unwrap();
    assert_eq!(expiry["result"], "skip", "{expiry}");
}
