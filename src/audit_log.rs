//! `--audit-log FILE` of the write commands (`revoke`, `mint`, `rotate`, `expire`): a
//! write-ahead record of every key a write changes, appended to a file created 0600. Never a
//! key or a hash.
//!
//! Before the writing transaction commits, one `intent` line per key (with its action, the
//! run's id and the transaction's id) is written and synced to disk; after the commit, one
//! `committed` line for the run. A run that died in between (kill -9, a lost connection)
//! leaves intents without an outcome: the next revoke on the same log asks the server whether
//! that transaction committed (`pg_xact_status`) and writes `committed` or `aborted` for it,
//! so the log says for every key whether the write happened.

use crate::error::Failure;
use crate::odoo::keys::{Key, Source};
use crate::output::iso8601;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// One `intent` line: a key the run is about to revoke.
#[derive(serde::Serialize)]
struct Intent<'a> {
    event: &'static str,
    /// What the run does to the key: `revoke`, `mint`, `expire`.
    action: &'static str,
    run: &'a str,
    xid: &'a str,
    time: &'a str,
    database: &'a str,
    source: &'a str,
    key_id: i32,
    name: &'a str,
    owner_login: &'a str,
    scope: Option<&'a str>,
    created: Option<String>,
    expires: Option<String>,
    os_user: &'a str,
    postgres_role: &'a str,
}

/// What `lockout` did to one user: its `intent` line (src/odoo/lockout.rs).
#[derive(serde::Serialize)]
pub struct UserChange<'a> {
    pub user_id: i32,
    pub login: &'a str,
    pub keys_deleted: i64,
    pub devices_deleted: i64,
    pub passkeys_deleted: i64,
    pub password_reset: bool,
    pub archived: bool,
    /// `--everyone`: a new database.secret (the line's login is `*`).
    pub database_secret: bool,
}

/// One `intent` line of `lockout`: a user about to be locked out.
#[derive(serde::Serialize)]
struct UserIntent<'a> {
    event: &'static str,
    action: &'static str,
    run: &'a str,
    xid: &'a str,
    time: &'a str,
    database: &'a str,
    #[serde(flatten)]
    change: &'a UserChange<'a>,
    os_user: &'a str,
    postgres_role: &'a str,
}

/// A run's id, its time and who ran it: what every intent line of the run shares.
struct Stamp {
    run: String,
    time: String,
    os_user: String,
}

impl Stamp {
    fn now() -> Stamp {
        let now = chrono::Utc::now();
        Stamp {
            run: format!(
                "{}-{}",
                now.format("%Y%m%dT%H%M%S%.6fZ"),
                std::process::id()
            ),
            time: iso8601(&now),
            os_user: whoami::username(),
        }
    }
}

/// The line that settles a run: `committed` (its keys were revoked) or `aborted` (none was).
#[derive(serde::Serialize, serde::Deserialize)]
struct Outcome {
    event: String,
    run: String,
    xid: String,
    time: String,
    database: String,
    /// Intents of this run.
    keys: usize,
    /// Set when a later revoke settled the run from the server's commit log.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    settled_later: bool,
}

/// What is read back of a line: enough to pair intents with outcomes.
#[derive(serde::Deserialize)]
struct Line {
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    run: Option<String>,
    #[serde(default)]
    xid: Option<String>,
    #[serde(default)]
    database: Option<String>,
}

/// A run whose intents have no outcome yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub run: String,
    pub xid: String,
    pub database: String,
    pub keys: usize,
}

/// A run's intents, as written: what its outcome line needs.
pub struct Run {
    run: String,
    xid: String,
    database: String,
    keys: usize,
}

/// The intent lines of one run, serialized ([`AuditLog::prepare`]): `ends[i]` is where the
/// line of `keys[i]` ends in `lines`.
pub struct Prepared {
    run: String,
    xid: String,
    database: String,
    lines: Vec<u8>,
    ends: Vec<usize>,
    /// The (source, id) of each line's key; for a `lockout` line, (Odoo, the user's id).
    keys: Vec<(Source, i32)>,
}

pub struct AuditLog {
    file: File,
    path: PathBuf,
}

impl AuditLog {
    /// [`AuditLog::open`] of `--audit-log`, where it was given.
    pub fn open_if_asked(path: Option<&Path>) -> Result<Option<AuditLog>, Failure> {
        path.map(AuditLog::open).transpose()
    }

    /// Opened before anything is deleted, so a log that cannot be written stops the revoke.
    ///
    /// A record others could rewrite is no record: an existing log that group or others may
    /// write is refused, and so is a symbolic link in a directory that group or others may
    /// write (as the kernel's `protected_symlinks` refuses in sticky directories), where
    /// another user could point it at a file of the user running revoke. There the file is
    /// opened with `O_NOFOLLOW`, so a link made after the check is refused too.
    pub fn open(path: &Path) -> Result<AuditLog, Failure> {
        let refuse = |why: String| {
            Failure::usage(format!(
                "--audit-log {}: {why}; nothing was changed",
                path.display()
            ))
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let shared_dir = std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o022 != 0);
        let mut options = OpenOptions::new();
        options.create(true).read(true).append(true).mode(0o600);
        if shared_dir {
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(refuse(format!(
                    "is a symbolic link in {}, which others may write — give the real path",
                    dir.display()
                )));
            }
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let file = options.open(path).map_err(|e| {
            Failure::new(
                crate::error::Exit::Io,
                format!(
                    "--audit-log {}: cannot open it: {e}; nothing was changed — choose a writable file",
                    path.display()
                ),
            )
        })?;
        let mode = file
            .metadata()
            .map_err(|e| refuse(format!("cannot read its mode: {e}")))?
            .permissions()
            .mode();
        if mode & 0o022 != 0 {
            return Err(refuse(format!(
                "group or others may write it (mode {:o}) — chmod go-w it",
                mode & 0o7777
            )));
        }
        Ok(AuditLog {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The runs of this log that have intents and no outcome, oldest first. Lines of older
    /// versions of odoo-access (no `event`) were written after their commit: nothing pends.
    pub fn pending(&self) -> Result<Vec<Pending>, Failure> {
        let file = self.file.try_clone().map_err(|e| self.failed(e))?;
        let mut reader = std::io::BufReader::new(file);
        std::io::Seek::seek(&mut reader, std::io::SeekFrom::Start(0))
            .map_err(|e| self.failed(e))?;
        let mut runs: Vec<Pending> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut settled: Vec<String> = Vec::new();
        for line in reader.lines() {
            let line = line.map_err(|e| self.failed(e))?;
            let Ok(Line {
                event: Some(event),
                run: Some(run),
                xid: Some(xid),
                database: Some(database),
            }) = serde_json::from_str::<Line>(&line)
            else {
                continue;
            };
            if event == "intent" {
                let at = *index.entry(run.clone()).or_insert_with(|| {
                    runs.push(Pending {
                        run,
                        xid,
                        database,
                        keys: 0,
                    });
                    runs.len() - 1
                });
                runs[at].keys += 1;
            } else {
                settled.push(run);
            }
        }
        runs.retain(|p| !settled.contains(&p.run));
        Ok(runs)
    }

    /// [`AuditLog::prepare`] for `lockout`: one `intent` line per user, with what the
    /// transaction closed of theirs (counts and flags, never a secret).
    pub fn prepare_lockout(
        database: &str,
        xid: &str,
        role: &str,
        users: &[UserChange],
    ) -> Result<Prepared, Failure> {
        let Stamp { run, time, os_user } = Stamp::now();
        let entries = users.iter().map(|change| {
            let entry = UserIntent {
                event: "intent",
                action: "lockout",
                run: &run,
                xid,
                time: &time,
                database,
                change,
                os_user: &os_user,
                postgres_role: role,
            };
            (entry, (Source::Odoo, change.user_id))
        });
        Self::prepared(&run, database, xid, entries)
    }

    /// Before COMMIT, the `intent` lines of transaction `xid`, one per key, made ready but not
    /// written ([`AuditLog::intend_prepared`] writes and syncs them): a revoke makes them while
    /// the server deletes, and writes those of the keys it deleted. `groups`: the keys of each
    /// action (`revoke`, `mint`, `expire`) of the transaction.
    pub fn prepare(
        database: &str,
        xid: &str,
        role: &str,
        groups: &[(&'static str, &[Key])],
    ) -> Result<Prepared, Failure> {
        let Stamp { run, time, os_user } = Stamp::now();
        let (run_ref, time_ref, os_user_ref) = (&run, &time, &os_user);
        let entries = groups.iter().flat_map(|&(action, keys)| {
            keys.iter().map(move |key| {
                let entry = Intent {
                    event: "intent",
                    action,
                    run: run_ref,
                    xid,
                    time: time_ref,
                    database,
                    source: key.source.as_str(),
                    key_id: key.id,
                    name: &key.name,
                    owner_login: &key.owner_login,
                    scope: key.scope.as_deref(),
                    created: key.created.as_ref().map(iso8601),
                    expires: key.expires.as_ref().map(iso8601),
                    os_user: os_user_ref,
                    postgres_role: role,
                };
                (entry, (key.source, key.id))
            })
        });
        Self::prepared(&run, database, xid, entries)
    }

    /// The serialized `intent` lines of run `run`, one per entry, each with the (source, id)
    /// [`AuditLog::intend_prepared`] keeps or drops it by.
    fn prepared<E: serde::Serialize>(
        run: &str,
        database: &str,
        xid: &str,
        entries: impl Iterator<Item = (E, (Source, i32))>,
    ) -> Result<Prepared, Failure> {
        let mut lines = Vec::new();
        let mut ends = Vec::new();
        let mut keys = Vec::new();
        for (entry, key) in entries {
            serde_json::to_writer(&mut lines, &entry)
                .map_err(|e| Failure::new(crate::error::Exit::Io, format!("--audit-log: {e}")))?;
            lines.push(b'\n');
            ends.push(lines.len());
            keys.push(key);
        }
        Ok(Prepared {
            run: run.to_string(),
            xid: xid.to_string(),
            database: database.to_string(),
            lines,
            ends,
            keys,
        })
    }

    /// Writes the prepared lines of the keys `kept` keeps (by source and id), synced to disk. Lines go out in chunks that end at a line end: with O_APPEND two runs logging
    /// to one file at once never split a line.
    pub fn intend_prepared(
        &mut self,
        prepared: &Prepared,
        kept: impl Fn(Source, i32) -> bool,
    ) -> Result<Run, Failure> {
        const CHUNK: usize = 1 << 16;
        let mut keys = 0;
        let mut write_all = || -> std::io::Result<()> {
            let mut chunk_start = 0;
            let mut chunk_end = 0;
            let mut start = 0;
            for (&end, &(source, id)) in prepared.ends.iter().zip(&prepared.keys) {
                if kept(source, id) {
                    keys += 1;
                    if start != chunk_end {
                        // A key left out: what is gathered goes first.
                        self.file
                            .write_all(&prepared.lines[chunk_start..chunk_end])?;
                        chunk_start = start;
                    }
                    chunk_end = end;
                    if chunk_end - chunk_start >= CHUNK {
                        self.file
                            .write_all(&prepared.lines[chunk_start..chunk_end])?;
                        chunk_start = chunk_end;
                    }
                }
                start = end;
            }
            self.file
                .write_all(&prepared.lines[chunk_start..chunk_end])?;
            self.file.sync_all()
        };
        write_all().map_err(|e| {
            Failure::new(
                crate::error::Exit::Io,
                format!(
                    "--audit-log {} could not be written: {e}; nothing was changed — check its free space and permissions",
                    self.path.display()
                ),
            )
        })?;
        Ok(Run {
            run: prepared.run.clone(),
            xid: prepared.xid.clone(),
            database: prepared.database.clone(),
            keys,
        })
    }

    /// After COMMIT: the run's keys were revoked.
    pub fn committed(&mut self, run: &Run) -> Result<(), Failure> {
        self.settle(Outcome {
            event: "committed".into(),
            run: run.run.clone(),
            xid: run.xid.clone(),
            time: iso8601(&chrono::Utc::now()),
            database: run.database.clone(),
            keys: run.keys,
            settled_later: false,
        })
    }

    /// A pending run, settled from the server's answer (`committed` or `aborted`).
    pub fn settle_later(&mut self, pending: &Pending, event: &str) -> Result<(), Failure> {
        self.settle(Outcome {
            event: event.into(),
            run: pending.run.clone(),
            xid: pending.xid.clone(),
            time: iso8601(&chrono::Utc::now()),
            database: pending.database.clone(),
            keys: pending.keys,
            settled_later: true,
        })
    }

    fn settle(&mut self, outcome: Outcome) -> Result<(), Failure> {
        let mut line = serde_json::to_vec(&outcome).map_err(|e| self.failed(e.into()))?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_all())
            .map_err(|e| self.failed(e))
    }

    fn failed(&self, e: std::io::Error) -> Failure {
        Failure::new(
            crate::error::Exit::Io,
            format!("--audit-log {}: {e}", self.path.display()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines made ready while the server deletes are written only for the keys it deleted,
    /// whole, in order.
    #[test]
    fn prepared_intents_are_written_for_the_keys_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path).unwrap();
        let keys: Vec<Key> = (1..=5).map(|id| Key::sample(id, None, None)).collect();
        let prepared = AuditLog::prepare("db", "77", "odoo", &[("revoke", &keys)]).unwrap();
        let run = log
            .intend_prepared(&prepared, |_, id| id != 2 && id != 3)
            .unwrap();
        assert_eq!(run.keys, 3);
        let text = std::fs::read_to_string(&path).unwrap();
        let ids: Vec<i64> = text
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["key_id"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        assert_eq!(ids, [1, 4, 5]);
        assert_eq!(
            log.pending().unwrap().len(),
            1,
            "the run waits for its outcome"
        );
    }

    /// A log that cannot take its intents (a full disk: /dev/full stands in for it) stops the
    /// write as the I/O error it is (exit 74), not as a usage error.
    #[test]
    fn a_full_disk_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = AuditLog::open(&dir.path().join("audit.jsonl")).unwrap();
        log.file = OpenOptions::new().append(true).open("/dev/full").unwrap();
        let key = Key::sample(1, None, None);
        let prepared =
            AuditLog::prepare("db", "1", "odoo", &[("mint", std::slice::from_ref(&key))]).unwrap();
        let failure = log
            .intend_prepared(&prepared, |_, _| true)
            .err()
            .expect("no space left");
        assert_eq!(failure.exit, crate::error::Exit::Io);
        assert!(
            failure.message.contains("nothing was changed"),
            "{}",
            failure.message
        );
    }
}
