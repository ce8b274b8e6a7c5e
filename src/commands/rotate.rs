//! `odoo-access rotate`: replaces a key without breaking the integration that uses it. A new
//! key for the same owner, scope and name (marked with the date) is made and shown once; the
//! old one ends: on 18+ at now + `--overlap` (its expiry; Odoo refuses it after, and
//! `revoke --expired` removes it), at once with `--overlap 0` (deleted, and Odoo signalled);
//! on 14–17, whose keys cannot expire, at once, or later through a `revoke --plan` file.
//! One transaction: nothing changes if the old key changed since it was read.

use super::keys::{matching, Context};
use super::mint::{apply_rules, forget, make, secret_out, show, Minted};
use super::revoke::{commit_logged, write_plan};
use super::{open_odoo, target_database};
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::keys::{self, Filter, Key};
use crate::odoo::lifecycle::{self, Lifetime};
use crate::odoo::revoke;
use crate::odoo::schema::Reads;
use crate::output::iso8601;
use crate::output::Output;
use crate::revocation_log::RevocationLog;
use std::path::PathBuf;
use std::time::Duration;

/// What `rotate` was asked.
pub struct Settings {
    pub id: i32,
    pub overlap: Duration,
    /// 18+: the new key's lifetime; `None`: the old key's.
    pub expires: Option<Duration>,
    /// 14–17: write a revoke plan for the old key instead of deleting it now.
    pub plan: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    pub lock_timeout: Duration,
    pub audit_log: Option<PathBuf>,
}

/// The envelope's members: what became of the old key.
#[derive(serde::Serialize)]
struct Members {
    old_key: i32,
    /// `expires` (18+, with an overlap), `revoked` (at once), `planned` (a plan file).
    old_key_end: &'static str,
    old_key_expires: Option<String>,
    signal: Option<String>,
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let database = target_database(connector, "rotate")?;
    let mut log = RevocationLog::open_if_asked(settings.audit_log.as_deref())?;
    let (session, schema) = open_odoo(connector, &database, Reads::All).await?;
    let expiring = schema.api_keys_expire();
    let version = &schema.version.raw;
    if !expiring && !settings.overlap.is_zero() && settings.plan.is_none() {
        return Err(Failure::usage(format!(
            "database \"{database}\" is Odoo {version}, whose keys cannot expire: give --overlap 0 to revoke the old key now, or --plan FILE to revoke it later with 'revoke --apply'"
        )));
    }
    if !expiring && settings.expires.is_some() {
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("database \"{database}\" is Odoo {version}, whose keys never expire (expiration dates came with 18.0) — leave out --expires"),
        ));
    }
    let selection = keys::Selection {
        odoo: true,
        oca: false,
        devices: false,
    };
    let filter = Filter {
        ids: Some(vec![settings.id]),
        ..Filter::default()
    };
    let found = matching(&session, &schema, &selection, &filter).await?;
    let now = found.context.now;
    let Some(old) = found.keys.into_iter().next() else {
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("database \"{database}\" has no API key #{} — list them with 'odoo-access keys -d {database}'", settings.id),
        ));
    };
    revoke::require_versions(
        std::slice::from_ref(&old),
        &database,
        &connector.settings().user,
    )?;
    let owner = lifecycle::owner(&session, &schema, &old.owner_login).await?;
    let lifetime = match (settings.expires, old.created, old.expires) {
        _ if !expiring => Lifetime::Persistent,
        (Some(asked), _, _) => Lifetime::For(asked),
        // The old key's lifetime, as its owner was given it.
        (None, Some(created), Some(expires)) if expires > created => {
            Lifetime::For((expires - created).to_std().unwrap_or_default())
        }
        _ => Lifetime::Persistent,
    };
    // Unless told otherwise, a non-admin's new key gets at most what Odoo allows them now
    // (the old key may predate the policy, or 18.0 itself).
    let lifetime = match (settings.expires, owner.max_duration, lifetime) {
        (None, Some(max), Lifetime::Persistent) => Lifetime::For(max),
        (None, Some(max), Lifetime::For(asked)) if asked > max => Lifetime::For(max),
        _ => lifetime,
    };
    // The key exists: whatever allowed a portal user to have it allows its successor.
    let portal_allowed = true;
    apply_rules(
        lifecycle::refusals(&owner, lifetime, expiring, portal_allowed),
        false,
        false,
        console,
    )?;

    let new_key = lifecycle::generate()?;
    let session = session.into_write(settings.lock_timeout).await?;
    let name = format!(
        "{} (rotated {})",
        base_name(&old.name),
        now.format("%Y-%m-%d")
    );
    let expires = match lifetime {
        Lifetime::For(d) => {
            Some(now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX))
        }
        Lifetime::Persistent => None,
    };
    let key = make(
        &session,
        &owner,
        &name,
        old.scope.as_deref(),
        &new_key,
        expires,
    )
    .await?;
    let changed_since = || {
        Failure::new(
            Exit::Timeout,
            format!("key #{} changed or disappeared since it was read; nothing was changed — run rotate again", old.id),
        )
    };
    let (end, ended_old) = if settings.overlap.is_zero() {
        let outcome = revoke::delete(&session, &schema, vec![old.clone()]).await?;
        if outcome.deleted.is_empty() {
            return Err(changed_since());
        }
        ("revoked", outcome.deleted)
    } else if expiring {
        let until =
            now + chrono::Duration::from_std(settings.overlap).unwrap_or(chrono::Duration::MAX);
        let mut ending = old.clone();
        if old.expires.is_none_or(|e| e > until) {
            let versions: Vec<i64> = old.version.iter().map(|v| v.key).collect();
            // The new key's insert guarded the key table in this transaction.
            let set = lifecycle::write_expiry(&session, &[old.id], Some(&versions), until).await?;
            if set.is_empty() {
                return Err(changed_since());
            }
            ending.expires = Some(until);
        }
        ("expires", vec![ending])
    } else {
        ("planned", Vec::new())
    };
    let secret = secret_out(settings.key_file.as_deref(), &new_key)?;
    let old_action = if end == "revoked" { "revoke" } else { "expire" };
    let changed = [
        ("mint", std::slice::from_ref(&key)),
        (old_action, ended_old.as_slice()),
    ];
    let role = &connector.settings().user;
    if let Err(failure) = commit_logged(&session, &database, &changed, log.as_mut(), role).await {
        forget(&secret);
        return Err(failure);
    }
    let signal = match end {
        "revoked" => Some(revoke::signal(&session, &schema).await?),
        _ => None,
    };
    if signal.is_some() {
        let narrowed = super::revoke::narrowed_by_config(connector);
        if let Some(notice) = revoke::window_notice(&session, &schema, narrowed).await? {
            console.notice(&notice);
        }
    }
    if let Some(path) = &settings.plan {
        write_plan(path, &database, std::slice::from_ref(&old))?;
        console.notice(&format!(
            "the old key #{} still works: revoke it when the integration uses the new one — odoo-access revoke -d {database} --apply {} --yes",
            old.id,
            path.display()
        ));
    }
    let members = Members {
        old_key: old.id,
        old_key_end: end,
        old_key_expires: ended_old
            .first()
            .filter(|_| end == "expires")
            .and_then(|k: &Key| k.expires)
            .map(|t| iso8601(&t)),
        signal,
    };
    let context = Context { database, now };
    show(output, "rotate", &context, Minted { key, secret }, &members)?;
    Ok(Exit::Ok)
}

/// A key's name without the mark of an earlier rotation.
fn base_name(name: &str) -> &str {
    match name.rfind(" (rotated ") {
        Some(at) if name.ends_with(')') => &name[..at],
        _ => name,
    }
}
