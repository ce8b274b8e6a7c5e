//! `revoke --audit-log FILE`: one JSON line per revoked key, appended to a file created 0600,
//! flushed to disk before revoke reports success. Never a key or a hash.

use crate::error::Failure;
use crate::odoo::keys::Key;
use crate::output::iso8601;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// One line of the log.
#[derive(serde::Serialize)]
struct Entry<'a> {
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

pub struct RevocationLog {
    file: File,
    path: PathBuf,
}

impl RevocationLog {
    /// Opened before anything is deleted, so a log that cannot be written stops the revoke.
    ///
    /// A record others could rewrite is no record: an existing log that group or others may
    /// write is refused, and so is a symbolic link in a directory that group or others may
    /// write (as the kernel's `protected_symlinks` refuses in sticky directories), where
    /// another user could point it at a file of the user running revoke. There the file is
    /// opened with `O_NOFOLLOW`, so a link made after the check is refused too.
    pub fn open(path: &Path) -> Result<RevocationLog, Failure> {
        let refuse = |why: String| {
            Failure::usage(format!(
                "--audit-log {}: {why}; nothing was deleted",
                path.display()
            ))
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let shared_dir = std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o022 != 0);
        let mut options = OpenOptions::new();
        options.create(true).append(true).mode(0o600);
        if shared_dir {
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(refuse(format!(
                    "is a symbolic link in {}, which others may write — give the real path",
                    dir.display()
                )));
            }
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let file = options
            .open(path)
            .map_err(|e| refuse(format!("cannot open it: {e} — choose a writable file")))?;
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
        Ok(RevocationLog {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Records `keys` on a thread of its own while `meanwhile` runs on this one (revoke writes
    /// its output meanwhile): serialising and fsyncing 50,000 lines then adds no time.
    pub fn record_during<R>(
        &mut self,
        database: &str,
        role: &str,
        keys: &[Key],
        meanwhile: impl FnOnce() -> R,
    ) -> (Result<(), Failure>, R) {
        std::thread::scope(|scope| {
            let logging = scope.spawn(|| self.record(database, role, keys));
            let result = meanwhile();
            let logged = logging
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (logged, result)
        })
    }

    /// Appends one line per key and syncs the file. Lines go out in chunks that end at a line
    /// end, so with O_APPEND two revokes logging to one file at once never split a line.
    pub fn record(&mut self, database: &str, role: &str, keys: &[Key]) -> Result<(), Failure> {
        const CHUNK: usize = 1 << 16;
        let time = iso8601(&chrono::Utc::now());
        let os_user = whoami::username();
        let mut write_all = || -> std::io::Result<()> {
            let mut lines = Vec::with_capacity(CHUNK + 1024);
            for key in keys {
                let entry = Entry {
                    time: &time,
                    database,
                    source: key.source.as_str(),
                    key_id: key.id,
                    name: &key.name,
                    owner_login: &key.owner_login,
                    scope: key.scope.as_deref(),
                    created: key.created.as_ref().map(iso8601),
                    expires: key.expires.as_ref().map(iso8601),
                    os_user: &os_user,
                    postgres_role: role,
                };
                serde_json::to_writer(&mut lines, &entry)?;
                lines.push(b'\n');
                if lines.len() >= CHUNK {
                    self.file.write_all(&lines)?;
                    lines.clear();
                }
            }
            self.file.write_all(&lines)?;
            self.file.sync_all()
        };
        write_all().map_err(|e| {
            Failure::usage(format!(
                "the keys were revoked but --audit-log {} could not be written: {e}",
                self.path.display()
            ))
        })
    }
}
