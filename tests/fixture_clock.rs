//! The fixtures never age: a clone of a template built hours ago has the dates the fixture
//! script would give it now (tests/common's `TestDb::odoo` and sql/odoo/shift-dates.sql).

mod common;

use common::{odoo_access, unique, TestDb, VERSIONS};

/// carol's successful logins of the last 2 hours, as `logins` reports them (20 and 30
/// minutes before the fixture's "now").
fn carols_recent_logins(db: &TestDb) -> i64 {
    let home = tempfile::tempdir().unwrap();
    let out = odoo_access(home.path())
        .args(["logins", "-d", &db.name, "--format", "json"])
        .args(["--since", "2h", "--login", "carol"])
        .output()
        .unwrap();
    let doc = common::json_doc(&out, 0);
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "res_users_log")
        .map(|r| r["successes"].as_i64().unwrap())
        .sum()
}

#[test]
fn a_clone_of_an_old_template_gets_todays_dates() {
    for v in VERSIONS {
        // A template built 23 hours ago, as it would be late in the day: its 20-minute-old
        // logins are a day old, and `--since 2h` finds none of them ...
        let aged = TestDb::odoo_unshifted(v, &unique(&format!("aged{v}")));
        aged.shift_dates("-interval '23 hours'");
        assert_eq!(carols_recent_logins(&aged), 0, "{v}: the aging is real");

        // ... and the harness's step for every clone brings back both.
        aged.freshen();
        assert_eq!(carols_recent_logins(&aged), 2, "{v}: freshened");
    }
}

#[test]
fn every_relative_date_moves_with_the_shift() {
    // The key that expires in 1 day, the trial that ends in 20 days (16) or ended 3 days ago
    // (17), and a login 20 minutes ago, each measured from the database's now().
    let db = TestDb::odoo(17, &unique("shift17"));
    db.shift_dates("-interval '23 hours'");
    let minutes = |sql: &str| -> i64 { db.scalar(sql).unwrap().parse().unwrap() };
    let newest_login = "SELECT round(extract(epoch FROM (now() AT TIME ZONE 'utc') - max(create_date)) / 60)::text FROM res_users_log";
    let trial_end =
        "SELECT round(extract(epoch FROM value::timestamp - (now() AT TIME ZONE 'utc')) / 60)::text
                     FROM ir_config_parameter WHERE key = 'database.expiration_date'";
    assert_eq!(minutes(newest_login), 23 * 60 + 20);
    assert_eq!(minutes(trial_end), -(3 * 24 * 60 + 23 * 60));
    db.shift_dates("interval '23 hours'");
    assert_eq!(minutes(newest_login), 20);
    assert_eq!(minutes(trial_end), -3 * 24 * 60);
}
