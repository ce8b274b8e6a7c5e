//! Ctrl-C and SIGTERM: the queries in flight are cancelled on the server, the exit code says
//! which signal it was, and an interrupted revoke deletes nothing.

mod common;

use common::{server, unique, TestDb};
use std::time::{Duration, Instant};

/// odoo-access connections to `database`: those whose query the server still runs (or that
/// wait for a lock) when `active_only`, else all of them.
fn ours(database: &str, active_only: bool) -> i64 {
    common::runtime().block_on(async {
        let client = server().connect("postgres").await.unwrap();
        client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE datname = $1 AND application_name = 'odoo-access'
                   AND (NOT $2 OR state = 'active')",
                &[&database, &active_only],
            )
            .await
            .unwrap()
            .get(0)
    })
}

fn waiting_for_lock(database: &str) -> bool {
    common::runtime().block_on(async {
        let client = server().connect("postgres").await.unwrap();
        client
            .query_one(
                "SELECT count(*) > 0 FROM pg_stat_activity
                 WHERE datname = $1 AND application_name = 'odoo-access' AND wait_event_type = 'Lock'",
                &[&database],
            )
            .await
            .unwrap()
            .get(0)
    })
}

#[test]
fn a_signal_cancels_the_query_on_the_server_and_sets_the_exit_code() {
    for (signal, code, args) in [
        (libc::SIGINT, 130, vec!["keys"]),
        (
            libc::SIGTERM,
            143,
            vec![
                "revoke",
                "--login",
                "carol",
                "--yes",
                "--lock-timeout",
                "60s",
            ],
        ),
    ] {
        let db = TestDb::odoo(18, &unique("interrupt"));
        let keys_before = db.scalar("SELECT count(*)::text FROM public.res_users_apikeys");
        // An Odoo worker holding the key table: odoo-access waits for its lock.
        let worker = common::runtime().block_on(server().in_transaction(
            &db.name,
            "LOCK public.res_users_apikeys IN ACCESS EXCLUSIVE MODE",
        ));
        let home = tempfile::tempdir().unwrap();
        let child = common::odoo_access_process(home.path())
            .args(["--statement-timeout", "60s"])
            .args(&args[..1])
            .args(["-d", &db.name])
            .args(&args[1..])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while !waiting_for_lock(&db.name) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{args:?} never waited"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        unsafe { libc::kill(child.id() as i32, signal) };
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
        assert_eq!(
            ours(&db.name, true),
            0,
            "{args:?}: the server stopped the query"
        );
        common::runtime()
            .block_on(worker.batch_execute("COMMIT"))
            .unwrap();
        assert_eq!(
            db.scalar("SELECT count(*)::text FROM public.res_users_apikeys"),
            keys_before,
            "{args:?}: nothing deleted"
        );
    }
}

/// SIGTERM during `report --weak-passwords`: the tries (CPU work off the async runtime) are
/// not waited for — the process ends at once with 143, not at the end of its budget.
#[test]
fn a_signal_ends_the_password_tries_too() {
    let db = TestDb::odoo(18, &unique("interruptweak"));
    let home = tempfile::tempdir().unwrap();
    let mut child = common::odoo_access_process(home.path())
        .args([
            "report",
            "-d",
            &db.name,
            "--weak-passwords",
            "--budget",
            "10m",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // 600,000-round hashes: after two seconds the tries are under way, far from done.
    std::thread::sleep(Duration::from_secs(2));
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let asked = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if asked.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("still trying passwords 30 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(143));
}

/// In a fleet, connections end while others still wait: an interrupt must still reach the
/// query that waits, not only the connections that were open from the start.
#[test]
fn a_signal_cancels_the_fleet_query_that_waits_after_others_ended() {
    let prefix = unique("interruptfleet");
    let done = TestDb::odoo(18, &format!("{prefix}_a"));
    let held = TestDb::odoo(18, &format!("{prefix}_b"));
    let worker = common::runtime().block_on(server().in_transaction(
        &held.name,
        "LOCK public.res_users_apikeys IN ACCESS EXCLUSIVE MODE",
    ));
    let home = tempfile::tempdir().unwrap();
    let child = common::odoo_access_process(home.path())
        .args(["--statement-timeout", "60s", "keys", "--jobs", "2"])
        .args(["--dbfilter", &format!("^{prefix}_")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !(waiting_for_lock(&held.name) && ours(&done.name, false) == 0) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the fleet never got to wait with the other database done"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ours(&held.name, true), 0, "the server stopped the query");
    common::runtime()
        .block_on(worker.batch_execute("COMMIT"))
        .unwrap();
}
