//! `odoo-access rotate`: replaces a key without breaking the integration that uses it. A new
//! key for the same owner, scope and name (marked with the date) is made and shown once; the
//! old one ends: on 18+ at now + `--overlap` (its expiry; Odoo refuses it after, and
//! `revoke --expired` removes it), at once with `--overlap 0` (deleted, and Odoo signalled);
//! on 14–17, whose keys cannot expire, at once, or later through a `revoke --plan` file.
//! One transaction: nothing changes if the old key changed since it was read.

use super::keys::{matching, Context};
use super::rails::new_key::{forget, make, refuse_unread_output, secret_out, show, Minted};
use super::rails::{commit_logged, narrowed_by_config, write_plan};
use super::{open_odoo, target_database};
use crate::audit_log::AuditLog;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::keys::{self, Filter, Key};
use crate::odoo::lifecycle;
use crate::odoo::parameters;
use crate::odoo::revoke;
use crate::odoo::schema::{Reads, Schema};
use crate::output::iso8601;
use crate::output::Output;
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
    let mut log = AuditLog::open_if_asked(settings.audit_log.as_deref())?;
    let (session, schema) = open_odoo(connector, &database, Reads::All).await?;
    let expiring = schema.api_keys_expire();
    refuse_what_cannot_expire(settings, expiring, &database, &schema.version.raw)?;
    let (old, now) = old_key(connector, &session, &schema, settings.id).await?;
    let owner = lifecycle::owner(&session, &schema, &old.owner_login).await?;
    let lifetime = lifecycle::successor_lifetime(settings.expires, &old, &owner, expiring);
    // A successor is a new key: it passes every rule a new key passes, portal's included
    // (that the old key exists says nothing of how it was made).
    let params = parameters::read(&session, &schema, &["portal.allow_api_keys"], &[]).await?;
    let portal_allowed = schema.portal_keys_allowed(&params);
    let refusals = lifecycle::refusals(&owner, lifetime, expiring, portal_allowed);
    if let Some(refusal) = refusals.into_iter().next() {
        return Err(Failure::new(
            Exit::Denied,
            format!(
                "{}; no successor was made and key #{} is left as it was — revoke it if it must go (odoo-access revoke -d {database} --id {} --yes), or mint a key within the rules",
                refusal.message, old.id, old.id
            ),
        ));
    }

    refuse_unread_output(settings.key_file.as_deref())?;
    let new_key = lifecycle::generate()?;
    let session = session.into_write(settings.lock_timeout).await?;
    let name = lifecycle::successor_name(&old.name, now);
    let expires = lifetime.end_from(now);
    let key = make(
        &session,
        &owner,
        &name,
        old.scope.as_deref(),
        &new_key,
        expires,
    )
    .await?;
    let (end, ended_old) = end_old_key(&session, &schema, &old, settings.overlap, now).await?;
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
        "revoked" => Some(signal_revoked(connector, &session, &schema, console).await?),
        _ => None,
    };
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

/// On 14–17 the old key cannot be given an end: it goes at once (`--overlap 0`) or by a plan,
/// and the new key cannot be given a lifetime.
fn refuse_what_cannot_expire(
    settings: &Settings,
    expiring: bool,
    database: &str,
    version: &str,
) -> Result<(), Failure> {
    if !expiring && !settings.overlap.is_zero() && settings.plan.is_none() {
        return Err(Failure::usage(format!(
            "database \"{database}\" is Odoo {version}, whose keys cannot expire: give --overlap 0 to revoke the old key now, or --plan FILE to revoke it later with 'revoke --apply'"
        )));
    }
    if !expiring && settings.expires.is_some() {
        return Err(lifecycle::keys_never_expire(database, version));
    }
    Ok(())
}

/// The key to rotate, with its row versions (the write is guarded by them), and the server's
/// clock.
async fn old_key(
    connector: &Connector,
    session: &Session,
    schema: &Schema,
    id: i32,
) -> Result<(Key, chrono::DateTime<chrono::Utc>), Failure> {
    let database = session.database();
    let selection = keys::Selection {
        odoo: true,
        oca: false,
        devices: false,
    };
    let filter = Filter {
        ids: Some(vec![id]),
        ..Filter::default()
    };
    let found = matching(session, schema, &selection, &filter).await?;
    let Some(old) = found.keys.into_iter().next() else {
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("database \"{database}\" has no API key #{id} — list them with 'odoo-access keys -d {database}'"),
        ));
    };
    revoke::require_versions(
        std::slice::from_ref(&old),
        database,
        &connector.settings().user,
    )?;
    Ok((old, found.context.now))
}

/// Ends the old key in the write transaction: deleted with `--overlap 0`, else on 18+ given
/// an expiry at now + overlap (unless it ends sooner), else left to a plan. Returns how it
/// ends and the keys changed; an old key that changed since it was read changes nothing.
async fn end_old_key(
    session: &Session,
    schema: &Schema,
    old: &Key,
    overlap: Duration,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(&'static str, Vec<Key>), Failure> {
    let changed_since = || {
        Failure::new(
            Exit::Timeout,
            format!("key #{} changed or disappeared since it was read; nothing was changed — run rotate again", old.id),
        )
    };
    if overlap.is_zero() {
        let outcome = revoke::delete(session, schema, vec![old.clone()]).await?;
        if outcome.deleted.is_empty() {
            return Err(changed_since());
        }
        return Ok(("revoked", outcome.deleted));
    }
    if !schema.api_keys_expire() {
        return Ok(("planned", Vec::new()));
    }
    let until = now + crate::duration::span(overlap);
    let mut ending = old.clone();
    if old.expires.is_none_or(|e| e > until) {
        let versions: Vec<i64> = old.version.iter().map(|v| v.key).collect();
        // The new key's insert guarded the key table in this transaction.
        let set = lifecycle::write_expiry(session, &[old.id], Some(&versions), until).await?;
        if set.is_empty() {
            return Err(changed_since());
        }
        ending.expires = Some(until);
    }
    Ok(("expires", vec![ending]))
}

/// After the commit: signals running Odoo to forget the revoked key, and says where workers
/// may still accept it once.
async fn signal_revoked(
    connector: &Connector,
    session: &Session,
    schema: &Schema,
    console: &Console,
) -> Result<String, Failure> {
    let signal = revoke::signal(session, schema).await?;
    let narrowed = narrowed_by_config(connector);
    if let Some(notice) = revoke::window_notice(session, schema, narrowed).await? {
        console.notice(&notice);
    }
    Ok(signal)
}
