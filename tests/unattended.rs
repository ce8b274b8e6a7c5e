//! What an unattended run meets — cron, a closed or vanished standard output, a log that
//! never ends, a FIFO nobody opens, a duration past the server's clock, a user archived while
//! the write waits — each answered with its exit code and nothing lost or left hanging.

mod common;

use common::{assert_exit, odoo_access, server, unique, TestDb};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn keys(db: &TestDb) -> String {
    db.scalar("SELECT count(*)::text FROM public.res_users_apikeys")
        .unwrap()
}

#[test]
fn a_duration_beyond_the_servers_clock_is_a_usage_error() {
    let db = TestDb::odoo(18, &unique("farfuture"));
    let home = tempfile::tempdir().unwrap();
    let before = keys(&db);
    for args in [
        vec!["expire", "--login", "carol", "--in", "100000000d", "--yes"],
        vec![
            "mint",
            "--login",
            "svc",
            "--name",
            "far",
            "--expires",
            "100000000d",
        ],
        vec!["rotate", "--id", "3", "--overlap", "100000000d"],
        vec!["logins", "--since", "100000000d"],
        vec!["users", "--statement-timeout", "100000000d"],
        vec![
            "revoke",
            "--login",
            "carol",
            "--yes",
            "--lock-timeout",
            "30d",
        ],
    ] {
        let out = odoo_access(home.path())
            .args(&args)
            .args(["-d", &db.name])
            .output()
            .unwrap();
        assert_exit(&out, 64);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("1000 years") || stderr.contains("2147483647 ms"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert_eq!(keys(&db), before, "nothing made");
}

/// The binary as a plain process, its standard output as given.
fn mint_to(
    db: &TestDb,
    home: &std::path::Path,
    stdout: Stdio,
    extra: &[&str],
) -> std::process::Output {
    let mut command: Command = common::odoo_access_process(home);
    command
        .args([
            "mint",
            "-d",
            &db.name,
            "--login",
            "svc",
            "--name",
            "lost",
            "--expires",
            "1d",
        ])
        .args(extra)
        .stdout(stdout)
        .stderr(Stdio::piped());
    command.output().unwrap()
}

#[test]
fn a_new_key_is_never_printed_where_nobody_reads_it() {
    let db = TestDb::odoo(18, &unique("unread"));
    let home = tempfile::tempdir().unwrap();
    let before = keys(&db);
    // Standard output that is /dev/null (a closed one is /dev/null for the program).
    let out = mint_to(&db, home.path(), Stdio::null(), &[]);
    assert_exit(&out, 74);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("only on /dev/null, where nobody reads it; nothing was created"),
        "{stderr}"
    );
    assert_eq!(keys(&db), before, "nothing was created");
    // With --key-file the key is shown nowhere else: /dev/null is fine then.
    let file = home.path().join("key");
    let out = mint_to(
        &db,
        home.path(),
        Stdio::null(),
        &["--key-file", file.to_str().unwrap()],
    );
    assert_exit(&out, 0);

    // A pipe whose reader has gone before the key is made: refused, nothing created.
    let before = keys(&db);
    let mut ends = [0; 2];
    // SAFETY: pipe(2) fills the two descriptors, each owned once below.
    assert_eq!(unsafe { libc::pipe(ends.as_mut_ptr()) }, 0);
    let (reader, writer) = unsafe {
        use std::os::fd::FromRawFd;
        (
            std::os::fd::OwnedFd::from_raw_fd(ends[0]),
            std::os::fd::OwnedFd::from_raw_fd(ends[1]),
        )
    };
    drop(reader);
    let out = mint_to(&db, home.path(), Stdio::from(writer), &[]);
    assert_exit(&out, 74);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a pipe whose reader has gone"), "{stderr}");
    assert_eq!(keys(&db), before, "nothing was created");

    // A reader that goes while the key is printed: an I/O error that names the key to
    // revoke, never exit 0 (or, should it go before the check, the refusal above).
    let before = keys(&db);
    let env: Vec<_> = common::odoo_access_process(home.path())
        .get_envs()
        .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned())))
        .collect();
    let out = Command::new("bash")
        .arg("-c")
        .arg("set -o pipefail; \"$0\" mint -d \"$1\" --login svc --name lost --expires 1d | (exec 0<&-; sleep 2)")
        .arg(env!("CARGO_BIN_EXE_odoo-access"))
        .arg(&db.name)
        .env_clear()
        .envs(env)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_exit(&out, 74);
    let stderr = String::from_utf8_lossy(&out.stderr);
    match keys(&db) != before {
        false => assert!(stderr.contains("a pipe whose reader has gone"), "{stderr}"),
        true => assert!(
            stderr.contains("revoke it: odoo-access revoke -d"),
            "{stderr}"
        ),
    }
}

#[test]
fn mint_scope_global_is_no_scope_as_keys_reads_it() {
    let db = TestDb::odoo(17, &unique("scopeglobal"));
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("key");
    let out = odoo_access(home.path())
        .args([
            "mint",
            "-d",
            &db.name,
            "--login",
            "svc",
            "--name",
            "everywhere",
        ])
        .args(["--scope", "global", "--key-file", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(
        db.scalar("SELECT coalesce(scope, 'NULL') FROM public.res_users_apikeys WHERE name = 'everywhere'"),
        Some("NULL".into())
    );
    let listed = odoo_access(home.path())
        .args([
            "keys", "-d", &db.name, "--scope", "global", "--format", "csv",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains("everywhere"));
}

/// rotate reads the old key and its owner, then waits for the key table (held in SHARE by
/// another session); the owner is archived meanwhile: no successor for an archived user.
#[test]
fn rotate_makes_no_successor_for_an_owner_archived_while_it_waited() {
    let db = TestDb::odoo(18, &unique("archivedmidway"));
    let before = keys(&db);
    common::runtime().block_on(async {
        let holder = server().connect(&db.name).await.unwrap();
        holder
            .batch_execute("BEGIN; LOCK TABLE public.res_users_apikeys IN SHARE MODE")
            .await
            .unwrap();
        let rotate = common::in_background([
            "rotate", "-d", &db.name, "--id", "3", "--overlap", "1d", "--expires", "1d",
            "--lock-timeout", "20s", "--key-file", "/dev/null/never",
        ]);
        // The rotate is waiting for the lock once its INSERT is seen waiting (asked outside
        // the holder's transaction, whose view of pg_stat_activity stands still) in this
        // database: an odoo-access of another test waiting elsewhere is not it.
        let other = server().connect(&db.name).await.unwrap();
        let waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'odoo-access' AND wait_event_type = 'Lock'";
        let started = Instant::now();
        while !rotate.is_finished() && other.query_one(waiting, &[]).await.unwrap().get::<_, i64>(0) == 0 {
            assert!(started.elapsed() < Duration::from_secs(20), "rotate never waited");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(!rotate.is_finished(), "{:?}", rotate.await.unwrap());
        other
            .batch_execute("UPDATE public.res_users SET active = false WHERE login = 'carol'")
            .await
            .unwrap();
        holder.batch_execute("COMMIT").await.unwrap();
        let out = rotate.await.unwrap();
        assert_exit(&out, 75);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("user 'carol' changed since it was read"), "{stderr}");
    });
    assert_eq!(keys(&db), before, "no successor");
}

/// Sends `signal` to a running odoo-access once it has had `after` to get into its wait, and
/// returns its exit code and how long it took to end after the signal.
fn signalled(
    mut child: std::process::Child,
    signal: i32,
    after: Duration,
) -> (Option<i32>, Duration) {
    std::thread::sleep(after);
    // SAFETY: kill(2) on our own child's pid.
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    let sent = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), sent.elapsed());
        }
        if sent.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            return (None, sent.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn every_wait_outside_the_server_answers_an_interrupt() {
    let db = TestDb::odoo(17, &unique("waits"));
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap();
    for (args, signal, exit) in [
        // A log that never ends.
        (vec!["logins", "--odoo-log", "/dev/zero"], libc::SIGINT, 130),
        (
            vec!["logins", "--rpc-usage", "--odoo-log", "/dev/zero"],
            libc::SIGTERM,
            143,
        ),
        // A FIFO nobody writes to, and one nobody reads.
        (vec!["logins", "--odoo-log", fifo], libc::SIGINT, 130),
        (vec!["report", "--output", fifo], libc::SIGTERM, 143),
    ] {
        let child = common::odoo_access_process(home.path())
            .args(&args)
            .args(["-d", &db.name])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (code, took) = signalled(child, signal, Duration::from_millis(1500));
        assert_eq!(code, Some(exit), "{args:?} after {took:?}");
    }
}

#[test]
fn a_gzip_log_cut_short_is_said_and_the_run_is_partial() {
    use std::io::Write;
    let db = TestDb::odoo(17, &unique("cutshort"));
    let home = tempfile::tempdir().unwrap();
    let line = format!(
        "2026-12-01 10:00:00,000 4242 INFO {} odoo.addons.base.models.res_users: Login failed for db:{} login:admin from 192.0.2.1 \n",
        db.name, db.name
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for _ in 0..20_000 {
        gz.write_all(line.as_bytes()).unwrap();
    }
    let whole = gz.finish().unwrap();
    let log = home.path().join("odoo.log.2.gz");
    std::fs::write(&log, &whole[..whole.len() / 2]).unwrap();
    let log = log.to_str().unwrap();
    for args in [
        vec![
            "logins",
            "-d",
            &db.name,
            "--since",
            "1000d",
            "--odoo-log",
            log,
        ],
        vec!["logins", "--rpc-usage", "--odoo-log", log],
    ] {
        let out = odoo_access(home.path()).args(&args).output().unwrap();
        assert_exit(&out, 3);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{log} ends inside its gzip data after")),
            "{args:?}: {stderr}"
        );
    }
}
