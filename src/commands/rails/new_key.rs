//! A new key (`mint`, `rotate`): made after Odoo's rules, written in the write transaction,
//! and shown once — on standard output, or in a new file only its owner may read — and
//! nowhere else. A key is never printed where nobody reads it: standard output that is
//! /dev/null, closed, or a pipe whose reader is gone is refused before the key is made, and
//! a failure to print it afterwards is an error that names the key to revoke.

use super::super::keys::Context;
use crate::connect::Session;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::keys::{Key, Source};
use crate::odoo::lifecycle::{self, NewKey};
use crate::output::{Absent, Cell, Output, Row};
use crate::secret::Secret;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The row `mint` and `rotate` print: the new key, with the secret itself unless it went to
/// a file.
pub(in crate::commands) struct Minted {
    pub key: Key,
    /// The key, or where it was written.
    pub secret: Result<Secret, PathBuf>,
}

impl Row for Minted {
    type Context = Context;
    const COLUMNS: &'static [&'static str] = &[
        "database",
        "id",
        "owner_login",
        "name",
        "scope",
        "created",
        "expires",
        "key",
    ];

    fn cells<'a>(&'a self, context: &'a Context) -> Vec<Cell<'a>> {
        let key = &self.key;
        vec![
            Cell::text(&context.database),
            Cell::Int(i64::from(key.id)),
            Cell::text(&key.owner_login),
            Cell::text(&key.name),
            Cell::or(key.scope.as_deref(), Absent::Global),
            Cell::or(key.created, Absent::Unknown),
            Cell::or(key.expires, Absent::Never),
            match &self.secret {
                // The one place the key is written (a String the renderer drops at once).
                Ok(secret) => Cell::text(secret.expose()),
                Err(path) => Cell::text(format!("written to {}", path.display())),
            },
        ]
    }
}

/// Odoo's refusals: each an error, unless its override flag was given (then a warning).
pub(in crate::commands) fn apply_rules(
    refusals: Vec<lifecycle::Refusal>,
    allow_portal: bool,
    beyond_policy: bool,
    console: &Console,
) -> Result<(), Failure> {
    for refusal in refusals {
        let overridden = match refusal.override_flag {
            Some("--allow-portal") => allow_portal,
            Some("--beyond-policy") => beyond_policy,
            _ => false,
        };
        if overridden {
            console.notice(&format!(
                "warning: {} — made anyway, as asked",
                refusal.message
            ));
            continue;
        }
        let fix = refusal
            .override_flag
            .map(|flag| format!(" (or {flag} to make it anyway)"))
            .unwrap_or_default();
        return Err(Failure::new(
            Exit::Denied,
            format!("{}; nothing was created{fix}", refusal.message),
        ));
    }
    Ok(())
}

/// Inserts the new key's row (and expiry) in the write transaction: the key as listed.
pub(in crate::commands) async fn make(
    session: &Session,
    owner: &lifecycle::Owner,
    name: &str,
    scope: Option<&str>,
    new_key: &NewKey,
    expires: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Key, Failure> {
    let minted = lifecycle::insert(session, owner, name, scope, new_key, expires).await?;
    Ok(Key {
        id: minted.id,
        source: Source::Odoo,
        trusted_device: false,
        name: name.to_string(),
        scope: scope.map(str::to_string),
        created: minted.created,
        expires,
        expired: false,
        key_active: true,
        owner_id: owner.id,
        owner_login: owner.login.clone(),
        owner_active: owner.active,
        owner_kind: owner.kind,
        version: None,
        scope_known: true,
    })
}

/// Where the key goes: into `key_file` (written now, before COMMIT), else to stdout later.
pub(in crate::commands) fn secret_out(
    key_file: Option<&Path>,
    new_key: &NewKey,
) -> Result<Result<Secret, PathBuf>, Failure> {
    Ok(match key_file {
        Some(path) => Err(write_key_file(path, new_key)?),
        None => Ok(new_key.secret.clone()),
    })
}

/// The transaction did not commit: a key file holds no key any more.
pub(in crate::commands) fn forget(secret: &Result<Secret, PathBuf>) {
    if let Err(path) = secret {
        let _ = std::fs::remove_file(path);
    }
}

/// Prints the new key's row, once; a failure to print names the key to revoke.
pub(in crate::commands) fn show<M: serde::Serialize>(
    output: &Output,
    command: &'static str,
    context: &Context,
    minted: Minted,
    members: &M,
) -> Result<(), Failure> {
    let id = minted.key.id;
    let shown = (|| {
        let mut document = output.open::<Minted>(command)?;
        document.row(context, &minted)?;
        document.finish(&[], members)
    })();
    shown.map_err(|failure| {
        let database = &context.database;
        // A reader that went away is no `| head` here: the key is lost with the line.
        let (exit, why) = match failure.exit {
            Exit::Ok => (Exit::Io, "the reader of standard output went away".to_string()),
            exit => (exit, failure.message),
        };
        Failure::new(
            exit,
            format!("key #{id} was created in database \"{database}\" but could not be shown ({why}) — revoke it: odoo-access revoke -d {database} --id {id} --yes"),
        )
    })
}

/// Before a key is made: refuses (exit 74, nothing created) where its one showing would reach
/// nobody — standard output that is /dev/null (a closed standard output is /dev/null by the
/// time the program runs) or a pipe whose reader has gone. A key that goes to `--key-file` is
/// shown nowhere else, so anything goes then; `--output` is refused for keys (src/resolve.rs).
pub(in crate::commands) fn refuse_unread_output(key_file: Option<&Path>) -> Result<(), Failure> {
    if key_file.is_some() {
        return Ok(());
    }
    let refused = |where_: &str| {
        Failure::new(
            Exit::Io,
            format!("the new key would be shown only on {where_}, where nobody reads it; nothing was created — send standard output to a terminal or a file, or give --key-file FILE"),
        )
    };
    use std::os::unix::fs::MetadataExt;
    let null = std::fs::metadata("/dev/null").ok();
    // /proc/self/fd/1 is standard output itself, whatever it is (a pipe included).
    let stdout = std::fs::metadata("/proc/self/fd/1").ok();
    match (null, stdout) {
        (Some(null), Some(out)) if null.rdev() == out.rdev() && null.dev() == out.dev() => {
            Err(refused("/dev/null"))
        }
        _ if reader_gone(1) => Err(refused("a pipe whose reader has gone")),
        _ => Ok(()),
    }
}

/// Whether `fd` is a pipe whose read end is closed: poll(2) says POLLERR of such a write end
/// at once. Written by hand: no crate says this of a file descriptor.
fn reader_gone(fd: i32) -> bool {
    let mut poll = libc::pollfd {
        fd,
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one pollfd, valid for the call; a zero timeout never blocks.
    let ready = unsafe { libc::poll(&mut poll, 1, 0) };
    ready > 0 && poll.revents & libc::POLLERR != 0
}

/// The key alone on one line, in a new file only its owner may read: never an existing file
/// (`create_new`), never through a symbolic link.
fn write_key_file(path: &Path, key: &NewKey) -> Result<PathBuf, Failure> {
    use std::os::unix::fs::OpenOptionsExt;
    let refused = |e: std::io::Error| {
        Failure::new(
            Exit::Io,
            format!("--key-file {}: {e}; nothing was created — name a new file in a directory you may write", path.display()),
        )
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(refused)?;
    let written = file
        .write_all(key.secret.expose().as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        // Ours, and incomplete: no half key is left behind.
        let _ = std::fs::remove_file(path);
        return Err(refused(e));
    }
    Ok(path.to_path_buf())
}
