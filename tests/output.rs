//! `--output` and write errors: what is not a regular file is never replaced, modes are those
//! a shell's `>` gives, and a failed write is exit 74 naming where.

mod common;

use common::{assert_exit, odoo_access, unique, TestDb};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};

fn users_to(db: &TestDb, home: &std::path::Path, output: &std::path::Path) -> std::process::Output {
    odoo_access(home)
        .args(["users", "-d", &db.name, "--format", "csv", "--output"])
        .arg(output)
        .output()
        .unwrap()
}

#[test]
fn devices_and_fifos_are_written_through_and_directories_refused() {
    let db = TestDb::odoo(17, &unique("outdev"));
    let home = tempfile::tempdir().unwrap();
    // /dev/full: the write fails, with exit 74 and the path; the device stays a device.
    let out = users_to(&db, home.path(), std::path::Path::new("/dev/full"));
    assert_exit(&out, 74);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/dev/full") && stderr.contains("No space left"),
        "{stderr}"
    );
    assert!(std::fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());

    // Standard output on a full device: named as such.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = common::odoo_access_process(home.path())
        .args(["users", "-d", &db.name])
        .stdout(full)
        .output()
        .unwrap();
    assert_exit(&out, 74);
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output"));

    // A directory.
    let out = users_to(&db, home.path(), home.path());
    assert_exit(&out, 74);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));

    // A FIFO: its reader gets the rows, and it is still a FIFO.
    let fifo = home.path().join("rows.fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = users_to(&db, home.path(), &fifo);
    assert_exit(&out, 0);
    assert!(reader.join().unwrap().contains("carol"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn files_get_the_modes_a_shell_gives_and_links_keep_pointing() {
    let db = TestDb::odoo(17, &unique("outmode"));
    let home = tempfile::tempdir().unwrap();
    // A new file: 0666 less the umask (the test runner's is 022 or stricter).
    let umask = unsafe {
        let mask = libc::umask(0o022);
        libc::umask(mask);
        mask as u32
    };
    let fresh = home.path().join("new.csv");
    assert_exit(&users_to(&db, home.path(), &fresh), 0);
    assert_eq!(
        std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        0o666 & !umask
    );
    // An existing file keeps its mode.
    let kept = home.path().join("kept.csv");
    common::write_file(&kept, "old\n", 0o640);
    assert_exit(&users_to(&db, home.path(), &kept), 0);
    assert_eq!(
        std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert!(std::fs::read_to_string(&kept).unwrap().contains("carol"));

    // A symbolic link: its target is replaced, the link stays a link.
    let elsewhere = home.path().join("reports");
    std::fs::create_dir(&elsewhere).unwrap();
    let target = elsewhere.join("report.csv");
    common::write_file(&target, "old\n", 0o644);
    let link = home.path().join("latest.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_exit(&users_to(&db, home.path(), &link), 0);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("carol"));

    // ... but not a link in a directory that others may write.
    let shared = home.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let planted = shared.join("report.csv");
    std::os::unix::fs::symlink(&target, &planted).unwrap();
    let before = std::fs::read_to_string(&target).unwrap();
    let out = users_to(&db, home.path(), &planted);
    assert_exit(&out, 74);
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), before);
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_no_error() {
    // `odoo-access users | head -1`: the reader goes away before the rows are written.
    let db = TestDb::odoo(18, &unique("closedpipe"));
    let home = tempfile::tempdir().unwrap();
    let mut child = common::odoo_access_process(home.path())
        .args(["users", "-d", &db.name, "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("error"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A table on a terminal that says it has 0 columns (a pty whose size was never set, as
/// script(1) makes one here) is laid out at 80 columns, or at COLUMNS, never a letter a column.
#[test]
fn a_terminal_of_zero_columns_gets_a_readable_table() {
    let db = TestDb::odoo(17, &unique("zerocols"));
    let home = tempfile::tempdir().unwrap();
    let shell = format!(
        "stty size; {{odoo-access}} keys -d {} --login carol",
        db.name
    );
    let on_a_pty = |columns: Option<&str>| {
        let set: Vec<(&str, &str)> = columns.map(|c| ("COLUMNS", c)).into_iter().collect();
        common::on_a_pty(home.path(), &shell, &[], &set)
    };
    let narrow = on_a_pty(None);
    assert!(
        narrow.starts_with("0 0"),
        "the pty says 0 columns: {narrow}"
    );
    let widest = narrow.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(
        (70..=80).contains(&widest),
        "laid out at 80 columns: {narrow}"
    );
    let wide = on_a_pty(Some("200"));
    assert!(
        wide.lines().any(|l| l.contains("carol persistent")),
        "COLUMNS=200 leaves room for whole names: {wide}"
    );
}
