//! Odoo's server log: the only record of *failed* logins (the database keeps none).
//!
//! Lines look like (INFO, logger `odoo.addons.base.models.res_users`):
//!
//! ```text
//! 2026-11-22 05:22:55,992 8750 INFO odoo18_lab odoo.addons.base.models.res_users: Login failed for db:odoo18_lab login:admin from 127.0.0.1
//! 2026-11-22 05:22:55,992 8750 INFO odoo19_lab odoo.addons.base.models.res_users: Login successful for login:admin from n/a
//! ```
//!
//! 14–18 name the database in the message (`db:`); 19 does not, so the database is the
//! line's fifth field — which is `None` or `?` when a server that sees several databases
//! served the request without one (docs/ODOO.md, "Logins"): such a line names no database,
//! and counts for one only when the caller says whose they are. XML-RPC attempts are logged
//! `from n/a`: no IP. Every line ends with a space after the address. Timestamps are the
//! Odoo host's local time. Plain and gzip files (rotated logs) are read; other lines are skipped
//! at memchr speed, and a login line that cannot be parsed is counted, never fatal.

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use memchr::memmem;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

const MARKER: &[u8] = b"Login ";
const SUCCESS: &str = "Login successful for ";
const FAILURE: &str = "Login failed for ";

/// Successes and failures of one (login, ip) pair in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub successes: i64,
    pub failures: i64,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// What the log files say about one database.
#[derive(Debug, Default)]
pub struct LoginLog {
    /// (login, ip) → counts; `None` ip for `from n/a`.
    pub by_login_ip: BTreeMap<(String, Option<String>), Tally>,
    /// Login lines that could not be parsed.
    pub unparsed: u64,
    /// Login lines in the window that name no database and were not counted (see
    /// [`LoginLog::read`]'s `unnamed_are_ours`).
    pub unnamed: u64,
    pub bytes: u64,
    /// gzip files that end inside their compressed data, with the bytes of log read from each.
    pub truncated: Vec<(std::path::PathBuf, u64)>,
}

/// A log file to read: plain, or gzip-compressed (told apart by its first bytes), and which.
pub fn open_log(path: &Path) -> io::Result<(Box<dyn BufRead>, bool)> {
    let mut file = BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(match gzip {
        true => (
            Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(file))),
            true,
        ),
        false => (Box::new(file), false),
    })
}

/// Whether reading a gzip file failed because it ends inside its compressed data (a file cut
/// short, or one still being written): what was read before counts, and the run says so.
pub fn cut_short(gzip: bool, e: &io::Error) -> bool {
    gzip && e.kind() == io::ErrorKind::UnexpectedEof
}

/// One parsed login line.
#[derive(Debug, PartialEq, Eq)]
struct Event<'a> {
    at: NaiveDateTime,
    /// `None`: the line names no database (19 serving a request without one).
    database: Option<&'a str>,
    login: &'a str,
    ip: Option<&'a str>,
    success: bool,
}

impl LoginLog {
    /// Reads a plain or gzip-compressed file ([`open_log`]); one cut short counts as far as
    /// it goes ([`LoginLog::truncated`]).
    pub fn read_file(
        &mut self,
        path: &Path,
        database: &str,
        unnamed_are_ours: bool,
        since: DateTime<Utc>,
    ) -> io::Result<()> {
        let (input, gzip) = open_log(path)?;
        let before = self.bytes;
        match self.read(input, database, unnamed_are_ours, since) {
            Err(e) if cut_short(gzip, &e) => {
                self.truncated
                    .push((path.to_path_buf(), self.bytes - before));
                Ok(())
            }
            other => other,
        }
    }

    /// Scans a stream in large chunks; only lines around a "Login " marker are looked at.
    /// Lines of `database` are counted, and with `unnamed_are_ours` the lines that name no
    /// database too; those are otherwise only counted in [`LoginLog::unnamed`].
    pub fn read<R: Read>(
        &mut self,
        mut input: R,
        database: &str,
        unnamed_are_ours: bool,
        since: DateTime<Utc>,
    ) -> io::Result<()> {
        let finder = memmem::Finder::new(MARKER);
        let mut buffer = vec![0u8; 4 << 20];
        let mut filled = 0;
        loop {
            let n = input.read(&mut buffer[filled..])?;
            let end = filled + n;
            self.bytes += n as u64;
            // Only complete lines are scanned; the tail waits for the next chunk (or EOF).
            let complete = if n == 0 {
                end
            } else {
                match memchr::memrchr(b'\n', &buffer[..end]) {
                    Some(i) => i + 1,
                    None if end == buffer.len() => end, // a line longer than the buffer
                    None => {
                        filled = end;
                        continue;
                    }
                }
            };
            for hit in finder.find_iter(&buffer[..complete]) {
                let start = memchr::memrchr(b'\n', &buffer[..hit]).map_or(0, |i| i + 1);
                let stop =
                    memchr::memchr(b'\n', &buffer[hit..complete]).map_or(complete, |i| hit + i);
                // Several markers on one line: look at the line once, from its first marker.
                if memmem::find(&buffer[start..hit], MARKER).is_some() {
                    continue;
                }
                self.line(&buffer[start..stop], database, unnamed_are_ours, since);
            }
            if n == 0 {
                return Ok(());
            }
            buffer.copy_within(complete..end, 0);
            filled = end - complete;
        }
    }

    fn line(&mut self, line: &[u8], database: &str, unnamed_are_ours: bool, since: DateTime<Utc>) {
        let text = String::from_utf8_lossy(line);
        if !text.contains(SUCCESS) && !text.contains(FAILURE) {
            return; // another message that happens to contain "Login "
        }
        let Some(event) = parse(&text) else {
            self.unparsed += 1;
            return;
        };
        let ours = match event.database {
            Some(named) => named == database,
            None => unnamed_are_ours,
        };
        let Some(at) = Local
            .from_local_datetime(&event.at)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
        else {
            self.unparsed += 1;
            return;
        };
        if at < since {
            return;
        }
        if !ours {
            if event.database.is_none() {
                self.unnamed += 1;
            }
            return;
        }
        let key = (event.login.to_string(), event.ip.map(str::to_string));
        let tally = self.by_login_ip.entry(key).or_insert(Tally {
            successes: 0,
            failures: 0,
            first_seen: at,
            last_seen: at,
        });
        if event.success {
            tally.successes += 1;
        } else {
            tally.failures += 1;
        }
        tally.first_seen = tally.first_seen.min(at);
        tally.last_seen = tally.last_seen.max(at);
    }

    /// Failed attempts per known IP, most first.
    pub fn failures_by_ip(&self) -> Vec<(String, i64)> {
        let mut per_ip: BTreeMap<&str, i64> = BTreeMap::new();
        for ((_, ip), tally) in &self.by_login_ip {
            if let Some(ip) = ip {
                *per_ip.entry(ip).or_default() += tally.failures;
            }
        }
        let mut list: Vec<(String, i64)> = per_ip
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(ip, n)| (ip.to_string(), n))
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    }
}

fn parse(line: &str) -> Option<Event<'_>> {
    let at = NaiveDateTime::parse_from_str(line.get(..19)?, "%Y-%m-%d %H:%M:%S").ok()?;
    // "<date> <time>,<ms> <pid> <LEVEL> <db> <logger>: <message>"
    let mut fields = line.splitn(6, ' ');
    let prefix_db = fields.nth(4)?;
    let (success, rest) = if let Some(i) = line.find(SUCCESS) {
        (true, &line[i + SUCCESS.len()..])
    } else {
        let i = line.find(FAILURE)?;
        (false, &line[i + FAILURE.len()..])
    };
    // 14–18: "db:<db> login:<login> from <ip>"; 19: "login:<login> from <ip>".
    let (database, rest) = match rest.strip_prefix("db:") {
        Some(r) => {
            let (named, rest) = r.split_once(" login:")?;
            (Some(named), rest)
        }
        // 19 with several databases logs `None` or `?` where the database would be.
        None if matches!(prefix_db, "None" | "?") => (None, rest.strip_prefix("login:")?),
        None => (Some(prefix_db), rest.strip_prefix("login:")?),
    };
    // The line ends "from <ip> " (a space, then perhaps a carriage return).
    let (login, ip) = rest.trim_end().rsplit_once(" from ")?;
    Some(Event {
        at,
        database,
        login,
        ip: (ip != "n/a").then_some(ip),
        success,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const LINES: &str = "\
2026-11-22 05:22:55,992 8750 INFO odoo18 odoo.addons.base.models.res_users: Login failed for db:odoo18 login:admin from 203.0.113.9
2026-11-22 05:22:56,100 8750 INFO odoo18 werkzeug: 127.0.0.1 - - \"POST /xmlrpc/2/common HTTP/1.1\" 200 -
2026-11-22 05:22:57,001 8750 INFO odoo18 odoo.addons.base.models.res_users: Login successful for db:odoo18 login:carol from n/a
2026-11-22 05:22:58,001 8750 INFO other odoo.addons.base.models.res_users: Login successful for db:other login:carol from n/a
2026-11-22 05:22:59,001 8751 INFO odoo19 odoo.addons.base.models.res_users: Login failed for login:first last@example.com from 198.51.100.4
garbage Login failed for nothing
";

    fn since() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn both_formats_parse() {
        let e = parse(LINES.lines().next().unwrap()).unwrap();
        assert_eq!(
            (e.database, e.login, e.ip, e.success),
            (Some("odoo18"), "admin", Some("203.0.113.9"), false)
        );
        let e = parse(LINES.lines().nth(4).unwrap()).unwrap();
        assert_eq!(
            (e.database, e.login, e.ip),
            (
                Some("odoo19"),
                "first last@example.com",
                Some("198.51.100.4")
            )
        );
        let e = parse(LINES.lines().nth(2).unwrap()).unwrap();
        assert_eq!((e.ip, e.success), (None, true));
        assert!(parse("garbage Login failed for nothing").is_none());
    }

    /// Real Odoo 19 lines of a server that sees several databases (docs/ODOO.md, "Logins"):
    /// no database in the prefix or the message, and a space after the address.
    const UNNAMED: &str = "\
2026-11-30 09:10:11,120 9001 INFO None odoo.addons.base.models.res_users: Login successful for login:admin from n/a \n\
2026-11-30 09:10:12,120 9001 INFO ? odoo.addons.base.models.res_users: Login failed for login:admin from 127.0.0.1 \n\
2026-11-30 09:10:13,120 9001 INFO ? odoo.addons.base.models.res_users: Login failed for login:admin from 127.0.0.1 \n";

    #[test]
    fn lines_that_name_no_database_count_only_when_attributed() {
        let e = parse(UNNAMED.lines().nth(1).unwrap()).unwrap();
        assert_eq!(
            (e.database, e.ip),
            (None, Some("127.0.0.1")),
            "the space is trimmed"
        );
        let e = parse(UNNAMED.lines().next().unwrap()).unwrap();
        assert_eq!(e.ip, None, "n/a followed by a space is no address");

        let mut log = LoginLog::default();
        log.read(UNNAMED.as_bytes(), "prod", false, since())
            .unwrap();
        assert!(log.by_login_ip.is_empty());
        assert_eq!(log.unnamed, 3, "counted apart, never silently dropped");

        let mut log = LoginLog::default();
        log.read(UNNAMED.as_bytes(), "prod", true, since()).unwrap();
        assert_eq!(log.unnamed, 0);
        let failed = &log.by_login_ip[&("admin".into(), Some("127.0.0.1".into()))];
        assert_eq!(failed.failures, 2, "one login and IP, one row");
        assert_eq!(log.by_login_ip[&("admin".into(), None)].successes, 1);
        assert_eq!(log.failures_by_ip(), vec![("127.0.0.1".to_string(), 2)]);
    }

    #[test]
    fn only_the_database_asked_for_is_counted_and_garbage_is_counted_apart() {
        let mut log = LoginLog::default();
        log.read(LINES.as_bytes(), "odoo18", false, since())
            .unwrap();
        assert_eq!(log.by_login_ip.len(), 2);
        assert_eq!(
            log.by_login_ip[&("admin".into(), Some("203.0.113.9".into()))].failures,
            1
        );
        assert_eq!(log.by_login_ip[&("carol".into(), None)].successes, 1);
        assert_eq!(log.unparsed, 1);
        assert_eq!(log.failures_by_ip(), vec![("203.0.113.9".to_string(), 1)]);
    }

    /// A reader that hands out at most 7 bytes at a time, as a pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(out.len()).min(7);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn counts(log: &LoginLog) -> (usize, i64, i64, u64) {
        let admin = &log.by_login_ip[&("admin".into(), Some("203.0.113.9".into()))];
        let carol = &log.by_login_ip[&("carol".into(), None)];
        (
            log.by_login_ip.len(),
            admin.failures,
            carol.successes,
            log.unparsed,
        )
    }

    #[test]
    fn a_line_is_read_whole_however_the_input_arrives() {
        let mut log = LoginLog::default();
        log.read(Trickle(LINES.as_bytes()), "odoo18", false, since())
            .unwrap();
        assert_eq!(counts(&log), (2, 1, 1, 1), "no line is parsed in pieces");
    }

    #[test]
    fn a_line_longer_than_a_chunk_does_not_end_the_reading() {
        // A newline first, then 5 MiB without one (a stack trace pasted on one line, a binary
        // blob), then the login lines.
        let mut text = String::from("\n");
        text.push_str(&"x".repeat(5 << 20));
        text.push('\n');
        text.push_str(LINES);
        let mut log = LoginLog::default();
        log.read(text.as_bytes(), "odoo18", false, since()).unwrap();
        assert_eq!(counts(&log), (2, 1, 1, 1));
    }

    #[test]
    fn lines_split_across_chunks_and_gzip_files_are_read() {
        let many = LINES.repeat(50_000); // larger than one 4 MiB chunk
        let mut log = LoginLog::default();
        log.read(many.as_bytes(), "odoo19", false, since()).unwrap();
        let key = (
            "first last@example.com".to_string(),
            Some("198.51.100.4".to_string()),
        );
        assert_eq!(log.by_login_ip[&key].failures, 50_000);
        assert_eq!(log.unparsed, 50_000);
        assert_eq!(log.bytes, many.len() as u64, "every byte read once");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odoo.log.1.gz");
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::fast(),
        );
        gz.write_all(LINES.as_bytes()).unwrap();
        gz.finish().unwrap();
        let mut log = LoginLog::default();
        log.read_file(&path, "odoo18", false, since()).unwrap();
        assert_eq!(log.by_login_ip.len(), 2);
    }
}
