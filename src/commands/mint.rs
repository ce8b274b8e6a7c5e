//! `odoo-access mint`: an API key for a user of one database — a service or bot user that has
//! no password and cannot open Odoo's wizard included — made as Odoo makes one, shown once.
//!
//! Called "mint" rather than "create" or "generate": it issues a new credential, and says so
//! (`create` could be a user or a database; `generate` is Odoo's internal name).
//!
//! No confirmation is asked: nothing is lost by a key that was made by mistake, which
//! `revoke --id N` deletes. The rails are revoke's otherwise: Odoo's rules first, one write
//! transaction with a lock timeout, the audit log's intent synced before COMMIT.

use super::keys::Context;
use super::revoke::commit_logged;
use super::{open_odoo, target_database};
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::clock::server_now;
use crate::odoo::keys::{rpc_accepts_scope, Key, Source};
use crate::odoo::lifecycle::{self, Lifetime, NewKey};
use crate::odoo::parameters;
use crate::odoo::schema::Reads;
use crate::output::{Absent, Cell, NoMembers, Output, Row};
use crate::revocation_log::RevocationLog;
use crate::secret::Secret;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What `mint` was asked.
pub struct Settings {
    pub login: String,
    pub name: String,
    pub scope: Option<String>,
    /// `--expires` / `--persistent`; `None`: neither was given.
    pub lifetime: Option<Lifetime>,
    pub key_file: Option<PathBuf>,
    pub allow_portal: bool,
    pub beyond_policy: bool,
    pub lock_timeout: Duration,
    pub audit_log: Option<PathBuf>,
}

/// The row `mint` and `rotate` print: the new key, with the secret itself unless it went to
/// a file.
pub(super) struct Minted {
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

    fn cells(&self, context: &Context) -> Vec<Cell> {
        let key = &self.key;
        vec![
            Cell::text(&context.database),
            Cell::Int(i64::from(key.id)),
            Cell::text(&key.owner_login),
            Cell::text(&key.name),
            Cell::or(key.scope.clone(), Absent::Global),
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

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let database = target_database(connector, "mint")?;
    let mut log = RevocationLog::open_if_asked(settings.audit_log.as_deref())?;
    let (session, schema) = open_odoo(connector, &database, Reads::All).await?;
    let owner = lifecycle::owner(&session, &schema, &settings.login).await?;
    let expiring = schema.api_keys_expire();
    let version = &schema.version.raw;
    let lifetime = match (settings.lifetime, expiring) {
        (Some(Lifetime::For(_)), false) => {
            return Err(lifecycle::keys_never_expire(&database, version))
        }
        (Some(lifetime), _) => lifetime,
        (None, false) => Lifetime::Persistent,
        (None, true) => {
            return Err(Failure::usage(format!(
                "database \"{database}\" is Odoo {version}, whose keys have an expiry: give --expires DURATION (or --persistent for a Settings admin)"
            )))
        }
    };
    let params = parameters::read(&session, &schema, &["portal.allow_api_keys"], &[]).await?;
    let portal_allowed = schema.portal_keys_by_parameter() && params.portal_keys_allowed();
    let refusals = lifecycle::refusals(&owner, lifetime, expiring, portal_allowed);
    apply_rules(
        refusals,
        settings.allow_portal,
        settings.beyond_policy,
        console,
    )?;
    if !rpc_accepts_scope(settings.scope.as_deref()) {
        console.notice(&format!(
            "scope '{}': Odoo's XML-RPC and JSON-RPC accept only keys without a scope or with scope 'rpc'; this key is for what asks for that scope",
            settings.scope.as_deref().unwrap_or_default()
        ));
    }

    let new_key = lifecycle::generate()?;
    let session = session.into_write(settings.lock_timeout).await?;
    let now = server_now(&session).await?;
    let expires = lifetime.end_from(now);
    let key = make(
        &session,
        &owner,
        &settings.name,
        settings.scope.as_deref(),
        &new_key,
        expires,
    )
    .await?;
    // Written before COMMIT: a key file that cannot be written leaves no key behind.
    let secret = secret_out(settings.key_file.as_deref(), &new_key)?;
    let role = &connector.settings().user;
    let changed = [("mint", std::slice::from_ref(&key))];
    let logged = commit_logged(&session, &database, &changed, log.as_mut(), role).await;
    if let Err(failure) = logged {
        forget(&secret);
        return Err(failure);
    }
    let context = Context { database, now };
    show(
        output,
        "mint",
        &context,
        Minted { key, secret },
        &NoMembers {},
    )?;
    Ok(Exit::Ok)
}

/// Odoo's refusals: each an error, unless its override flag was given (then a warning).
pub(super) fn apply_rules(
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
pub(super) async fn make(
    session: &crate::connect::Session,
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
pub(super) fn secret_out(
    key_file: Option<&Path>,
    new_key: &NewKey,
) -> Result<Result<Secret, PathBuf>, Failure> {
    Ok(match key_file {
        Some(path) => Err(write_key_file(path, new_key)?),
        None => Ok(new_key.secret.clone()),
    })
}

/// The transaction did not commit: a key file holds no key any more.
pub(super) fn forget(secret: &Result<Secret, PathBuf>) {
    if let Err(path) = secret {
        let _ = std::fs::remove_file(path);
    }
}

/// Prints the new key's row, once; a failure to print names the key to revoke.
pub(super) fn show<M: serde::Serialize>(
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
        Failure::new(
            failure.exit,
            format!("key #{id} was created in database \"{database}\" but could not be shown ({}) — revoke it: odoo-access revoke -d {database} --id {id} --yes", failure.message),
        )
    })
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
