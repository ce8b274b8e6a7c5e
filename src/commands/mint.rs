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
use super::rails::commit_logged;
use super::rails::new_key::{
    apply_rules, forget, make, refuse_unread_output, secret_out, show, Minted,
};
use super::{open_odoo, target_database};
use crate::audit_log::AuditLog;
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::clock::server_now;
use crate::odoo::keys::rpc_accepts_scope;
use crate::odoo::lifecycle::{self, Lifetime};
use crate::odoo::parameters;
use crate::odoo::schema::Reads;
use crate::output::{NoMembers, Output};
use std::path::PathBuf;
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

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let database = target_database(connector, "mint")?;
    let mut log = AuditLog::open_if_asked(settings.audit_log.as_deref())?;
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
    let portal_allowed = schema.portal_keys_allowed(&params);
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

    refuse_unread_output(settings.key_file.as_deref())?;
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
