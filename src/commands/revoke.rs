//! `odoo-access revoke`: preview, confirm, delete in one transaction, signal Odoo, log.

use super::keys::{matching, Context, Matching};
use super::rails::{
    ask, commit_prepared, interactive, narrowed_by_config, open_audit_log, read_plan,
    transaction_id, write_plan,
};
use super::{open_odoo, Fleet, Target};
use crate::audit_log::AuditLog;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::clock::server_now;
use crate::odoo::keys::{Filter, Key, Selection};
use crate::odoo::revoke;
use crate::odoo::schema::{Reads, Schema};
use crate::output::{Output, Skipped};
use std::path::PathBuf;
use std::time::Duration;

/// What `revoke` was asked (the filter is not empty unless `--all-keys` or `--apply`).
pub struct Settings {
    pub filter: Filter,
    pub selection: Selection,
    pub yes: bool,
    /// `--plan FILE`: write the preview there and delete nothing.
    pub plan: Option<PathBuf>,
    /// `--apply FILE`: delete exactly the keys of that plan.
    pub apply: Option<PathBuf>,
    pub lock_timeout: Duration,
    pub no_signal: bool,
    pub audit_log: Option<PathBuf>,
    pub fleet: Fleet,
}

/// The members every revoke document has, and those of a deletion.
#[derive(serde::Serialize)]
struct Members<L: serde::Serialize> {
    deleted: usize,
    dry_run: bool,
    /// Previewed keys that changed or disappeared before the DELETE (ids; with their
    /// databases in a fleet).
    #[serde(skip_serializing_if = "Option::is_none")]
    left_alone: Option<Vec<L>>,
    /// How running Odoo servers were told (one database); null when they were not.
    #[serde(skip_serializing_if = "Option::is_none")]
    signal: Option<Option<String>>,
}

impl Members<i32> {
    /// Nothing deleted: a preview, a plan, or nothing matched.
    fn nothing(dry_run: bool) -> Self {
        Members {
            deleted: 0,
            dry_run,
            left_alone: None,
            signal: None,
        }
    }
}

/// A key left alone in a fleet revoke.
#[derive(serde::Serialize)]
struct LeftAlone {
    database: String,
    id: i32,
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let log = open_audit_log(connector, settings.audit_log.as_deref(), console).await?;
    match settings.fleet.target(connector, "revoke")? {
        Target::One(database) => {
            run_one(connector, settings, &database, output, console, log).await
        }
        Target::Fleet(_) => run_fleet(connector, settings, output, console, log).await,
    }
}

/// One database: the preview from a read-only session, then the deletion on the same
/// connection.
async fn run_one(
    connector: &Connector,
    settings: &Settings,
    database: &str,
    output: &Output,
    console: &Console,
    mut log: Option<AuditLog>,
) -> Result<Exit, Failure> {
    let (session, schema) = open_odoo(connector, database, Reads::All).await?;
    let preview = match &settings.apply {
        // A plan's keys carry the row versions they had: the DELETE leaves alone every key
        // that changed since the plan was written.
        Some(path) => Matching {
            context: Context {
                database: database.to_string(),
                now: server_now(&session).await?,
            },
            keys: read_plan(path, database)?.keys,
        },
        None => matching(&session, &schema, &settings.selection, &settings.filter).await?,
    };
    if preview.keys.is_empty() {
        console.notice(&format!(
            "database \"{database}\": no key matches; nothing to revoke"
        ));
        write(output, &[], &[], &Members::nothing(!settings.yes))?;
        return Ok(Exit::Ok);
    }
    if settings.plan.is_some() || settings.yes || interactive() {
        revoke::require_versions(&preview.keys, database, &connector.settings().user)?;
    }
    // A plan and a declined preview print the same: the keys, nothing deleted.
    let previewed = std::slice::from_ref(&preview);
    if let Some(path) = &settings.plan {
        write_plan(path, database, &preview.keys)?;
        write(output, previewed, &[], &Members::nothing(true))?;
        console.notice(&format!(
            "plan with {} key(s) written to {} — delete them with: odoo-access revoke -d {database} --apply {} --yes",
            preview.keys.len(),
            path.display(),
            path.display()
        ));
        return Ok(Exit::Ok);
    }
    if !settings.yes && !confirm(database, previewed)? {
        write(output, previewed, &[], &Members::nothing(true))?;
        console.notice(&format!(
            "nothing deleted: this was a preview of {} key(s) — add --yes to delete them",
            preview.keys.len()
        ));
        return Ok(Exit::Negative);
    }
    delete_one(
        connector,
        settings,
        session,
        &schema,
        preview,
        output,
        console,
        log.as_mut(),
    )
    .await
}

/// The deletion of one database: one transaction on the preview's connection, the audit log
/// written ahead of its commit; after the commit, the signal.
#[allow(clippy::too_many_arguments)]
async fn delete_one(
    connector: &Connector,
    settings: &Settings,
    session: Session,
    schema: &Schema,
    preview: Matching,
    output: &Output,
    console: &Console,
    log: Option<&mut AuditLog>,
) -> Result<Exit, Failure> {
    let session = session.into_write(settings.lock_timeout).await?;
    let role = &connector.settings().user;
    let mut outcome = delete_logged(&session, schema, preview.keys, log, role).await?;
    outcome.left_alone.sort_unstable();
    if !outcome.left_alone.is_empty() {
        console.notice(&format!(
            "{} previewed key(s) changed or disappeared since the preview and were left alone: ids {:?}",
            outcome.left_alone.len(),
            outcome.left_alone
        ));
    }
    // Running Odoo servers are told first: the keys are gone from the database already.
    let signal = if settings.no_signal || outcome.deleted.is_empty() {
        Ok(None)
    } else {
        revoke::signal(&session, schema).await.map(Some)
    };
    let members = Members {
        deleted: outcome.deleted.len(),
        dry_run: false,
        left_alone: Some(outcome.left_alone),
        signal: Some(signal.as_ref().ok().cloned().flatten()),
    };
    let deleted = Matching {
        context: preview.context,
        keys: outcome.deleted,
    };
    write(output, std::slice::from_ref(&deleted), &[], &members)?;
    match signal {
        Ok(Some(how)) => {
            console.detail(&format!("signalled running Odoo servers: {how}"));
            let narrowed = narrowed_by_config(connector);
            if let Some(notice) = revoke::window_notice(&session, schema, narrowed).await? {
                console.notice(&notice);
            }
        }
        Ok(None) if settings.no_signal && !deleted.keys.is_empty() => console.notice(
            "--no-signal: running Odoo workers that already checked these keys keep accepting them until they restart",
        ),
        Ok(None) => {}
        Err(failure) => return Err(failure),
    }
    Ok(Exit::Ok)
}

/// Asks on a terminal, after showing the keys in question there; without one (cron, pipes)
/// the answer is no.
pub(super) fn confirm(what: &str, previews: &[Matching]) -> Result<bool, Failure> {
    ask("Delete", what, previews)
}

/// `--all-dbs`/`--dbfilter`: one preview of every database, one confirmation, then one
/// transaction per database. A database that fails is skipped (exit 3); the others go on.
async fn run_fleet(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
    mut log: Option<AuditLog>,
) -> Result<Exit, Failure> {
    // The whole preview is held: it is what the confirmation is about.
    let mut previews: Vec<Matching> = Vec::new();
    let task = |session: Session, schema: Schema| async move {
        matching(&session, &schema, &settings.selection, &settings.filter).await
    };
    let ended = settings
        .fleet
        .each_odoo(
            connector,
            "revoke",
            Reads::All,
            console,
            task,
            |_, preview| {
                if !preview.keys.is_empty() {
                    previews.push(preview);
                }
                Ok(())
            },
        )
        .await?;
    let mut skipped = ended.skipped;
    let total: usize = previews.iter().map(|p| p.keys.len()).sum();
    if total == 0 {
        console.notice("no key matches in the selected databases; nothing to revoke");
        write(output, &[], &skipped, &Members::nothing(!settings.yes))?;
        return Ok(exit(&skipped));
    }
    if settings.yes || interactive() {
        for preview in &previews {
            let database = &preview.context.database;
            revoke::require_versions(&preview.keys, database, &connector.settings().user)?;
        }
    }
    if !settings.yes && !confirm(&format!("{} databases", previews.len()), &previews)? {
        write(output, &previews, &skipped, &Members::nothing(true))?;
        console.notice(&format!(
            "nothing deleted: this was a preview of {total} key(s) — add --yes to delete them"
        ));
        return Ok(Exit::Negative);
    }

    let mut deleted = Vec::new();
    let mut left_alone = Vec::new();
    for preview in previews {
        let context = preview.context;
        let database = context.database.clone();
        match delete_in(connector, &database, preview.keys, settings, log.as_mut()).await {
            Ok(outcome) => {
                left_alone.extend(outcome.left_alone.iter().map(|&id| LeftAlone {
                    database: database.clone(),
                    id,
                }));
                deleted.push(Matching {
                    context,
                    keys: outcome.deleted,
                });
            }
            Err(failure) => skipped.push(Skipped::failed(database, failure)),
        }
    }
    skipped.sort_by(|a, b| a.database.cmp(&b.database));
    let members = Members {
        deleted: deleted.iter().map(|d| d.keys.len()).sum(),
        dry_run: false,
        left_alone: Some(left_alone),
        signal: None,
    };
    write(output, &deleted, &skipped, &members)?;
    Ok(exit(&skipped))
}

fn exit(skipped: &[Skipped]) -> Exit {
    if crate::output::partial(skipped) {
        Exit::Partial
    } else {
        Exit::Ok
    }
}

/// One database of a fleet revoke: its own transaction (logged ahead), then the signal.
async fn delete_in(
    connector: &Connector,
    database: &str,
    preview: Vec<Key>,
    settings: &Settings,
    log: Option<&mut AuditLog>,
) -> Result<revoke::Outcome, Failure> {
    let (session, schema) = open_odoo(connector, database, Reads::All).await?;
    let session = session.into_write(settings.lock_timeout).await?;
    let role = &connector.settings().user;
    let outcome = delete_logged(&session, &schema, preview, log, role).await?;
    if !settings.no_signal && !outcome.deleted.is_empty() {
        revoke::signal(&session, &schema).await?;
    }
    Ok(outcome)
}

/// The DELETE and its commit, the audit log written ahead. The log's lines are made on a
/// thread of their own while the server deletes (for 50,000 keys, as long as a fifth of the
/// DELETE), and those of the keys deleted go to disk before COMMIT.
async fn delete_logged(
    session: &Session,
    schema: &Schema,
    preview: Vec<Key>,
    log: Option<&mut AuditLog>,
    role: &str,
) -> Result<revoke::Outcome, Failure> {
    let Some(log) = log else {
        let outcome = revoke::delete(session, schema, preview).await?;
        session.commit().await?;
        return Ok(outcome);
    };
    let xid = transaction_id(session).await?;
    let preview = std::sync::Arc::new(preview);
    let lines = {
        let (keys, database, role) = (
            preview.clone(),
            session.database().to_string(),
            role.to_string(),
        );
        tokio::task::spawn_blocking(move || {
            AuditLog::prepare(&database, &xid, &role, &[("revoke", &keys)])
        })
    };
    let deleted = revoke::delete_previewed(session, schema, &preview).await;
    let prepared = lines
        .await
        .map_err(|e| Failure::new(Exit::Io, format!("--audit-log: {e}")))?;
    let deleted = deleted?;
    let prepared = prepared?;
    let preview = std::sync::Arc::try_unwrap(preview).unwrap_or_else(|shared| (*shared).clone());
    let outcome = revoke::outcome(preview, &deleted);
    match outcome.deleted.is_empty() {
        true => session.commit().await?,
        false => {
            commit_prepared(session, log, &prepared, |source, id| {
                deleted.contains(&(source, id))
            })
            .await?
        }
    }
    Ok(outcome)
}

/// Writes the keys of a revoke (previewed or deleted) and the envelope's members.
fn write<L: serde::Serialize>(
    output: &Output,
    keys: &[Matching],
    skipped: &[Skipped],
    members: &Members<L>,
) -> Result<(), Failure> {
    let mut document = output.open::<Key>("revoke")?;
    for matching in keys {
        for key in &matching.keys {
            document.row(&matching.context, key)?;
        }
    }
    document.finish(skipped, members)
}
