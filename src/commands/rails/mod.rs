//! The rails every write command rides (`revoke`, `mint`, `rotate`, `expire`, `signal`, and
//! the next ones): each command holds only its own steps, and the safety rules are here.
//!
//! 1. The write session: [`crate::connect::Session::into_write`] refuses a standby, bounds
//!    lock waits, and first of all refuses a login role whose rights planted code could take
//!    (sql/write_authority.sql; docs/SAFETY.md, "A database's owner is not trusted"). Before each table
//!    is written, [`crate::odoo::hazards::refuse_foreign_code`] is the second layer.
//! 2. The guard: every write names the row versions it read (`xmin`), so nothing that changed
//!    since the preview is written ([`crate::odoo::revoke::require_versions`]).
//! 3. The preview and its question: [`ask`] on a terminal, after the preview; without one the
//!    answer is no, and `--yes` skips it. `revoke --plan` writes the preview to a file instead
//!    ([`write_plan`]).
//! 4. The commit with the write-ahead audit log: [`commit_logged`]; a run that died between
//!    its intents and its outcome is settled by the next revoke or lockout ([`open_audit_log`]).
//! 5. The signal after the commit, and where workers may still accept a revoked key once
//!    ([`narrowed_by_config`]; [`crate::odoo::revoke::signal`]).
//! 6. A new key is shown once, where somebody reads it (`new_key`).

pub(super) mod new_key;

use super::keys::Matching;
use super::open_odoo;
use crate::audit_log::AuditLog;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::keys::{self, Key};
use crate::odoo::revoke::{self, Plan};
use crate::odoo::schema::Reads;
use crate::output::Destination;
use crate::sql;
use std::io::{IsTerminal, Write};
use tokio_postgres::types::Type;

/// Whether a person can be asked (stdin and stderr are a terminal).
pub(super) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// "`verb` these N key(s) from `what`? [y/N]" on a terminal, after the keys; no terminal: no.
pub(super) fn ask(verb: &str, what: &str, previews: &[Matching]) -> Result<bool, Failure> {
    if !interactive() {
        return Ok(false);
    }
    let count: usize = previews.iter().map(|p| p.keys.len()).sum();
    let shown = (|| {
        let mut table = crate::output::table_on_stderr::<Key>();
        for preview in previews {
            for key in &preview.keys {
                table.row(&preview.context, key)?;
            }
        }
        table.finish(&[], &crate::output::NoMembers {})
    })();
    shown.map_err(|e| {
        Failure::new(
            Exit::Io,
            format!("cannot show the preview on standard error: {}", e.message),
        )
    })?;
    question(&format!("{verb} these {count} key(s) of {what}?"))
}

/// `prompt` and `[y/N]` on standard error, after the preview; yes only when the answer is.
pub(super) fn question(prompt: &str) -> Result<bool, Failure> {
    eprint!("{prompt} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Failure::usage(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// An Odoo config was read whose dbfilter (or single db_name) narrows every request to one
/// database: then 17 and 18 read the signal first.
pub(super) fn narrowed_by_config(connector: &Connector) -> bool {
    connector.settings().odoo_conf.as_ref().is_some_and(|conf| {
        conf.dbfilter.as_deref().is_some_and(|f| !f.is_empty())
            || conf
                .db_name
                .as_deref()
                .is_some_and(|n| !n.is_empty() && !n.contains(','))
    })
}

/// Commits the deletion with the audit log written ahead of it: the intents (synced) before
/// COMMIT, the outcome after (src/audit_log.rs). Should the process die in between,
/// the next revoke on the log settles the run.
/// `changed`: the keys of each action of the transaction (`revoke`, `mint`, `expire`).
pub(super) async fn commit_logged(
    session: &Session,
    database: &str,
    changed: &[(&'static str, &[keys::Key])],
    log: Option<&mut AuditLog>,
    role: &str,
) -> Result<(), Failure> {
    let Some(log) = log.filter(|_| changed.iter().any(|(_, keys)| !keys.is_empty())) else {
        return session.commit().await;
    };
    let xid = transaction_id(session).await?;
    let prepared = AuditLog::prepare(database, &xid, role, changed)?;
    commit_prepared(session, log, &prepared, |_, _| true).await
}

/// The write transaction's id, for the audit log's intents (the server assigns one now).
pub(super) async fn transaction_id(session: &Session) -> Result<String, Failure> {
    Ok(session.query_one(sql::CURRENT_XID, &[]).await?.get("xid"))
}

/// [`commit_logged`] with intents made ready before (while the server wrote): those of the
/// keys `kept` keeps are written and synced, then COMMIT, then the outcome.
pub(super) async fn commit_prepared(
    session: &Session,
    log: &mut AuditLog,
    prepared: &crate::audit_log::Prepared,
    kept: impl Fn(keys::Source, i32) -> bool,
) -> Result<(), Failure> {
    crash_point("before-intent");
    let run = log.intend_prepared(prepared, kept)?;
    crash_point("after-intent");
    session.commit().await?;
    crash_point("after-commit");
    log.committed(&run)
}

/// The `--audit-log` of a command that deletes (revoke, lockout), opened where it was given,
/// with the runs an earlier crash left unsettled settled first ([`settle_pending`]).
pub(super) async fn open_audit_log(
    connector: &Connector,
    path: Option<&std::path::Path>,
    console: &Console,
) -> Result<Option<AuditLog>, Failure> {
    let mut log = AuditLog::open_if_asked(path)?;
    if let Some(log) = log.as_mut() {
        settle_pending(connector, log, console).await?;
    }
    Ok(log)
}

/// Settles the runs of the audit log that died between their intents and their outcome: the
/// server's commit log says whether each transaction committed. A committed run's signal may
/// never have gone out, so running Odoo servers are signalled again (a signal only makes them
/// drop caches). A run still in progress, or a database out of reach, stays pending.
async fn settle_pending(
    connector: &Connector,
    log: &mut AuditLog,
    console: &Console,
) -> Result<(), Failure> {
    for pending in log.pending()? {
        let settled = async {
            let (session, schema) = open_odoo(connector, &pending.database, Reads::All).await?;
            let status: Option<String> = session
                .query_one(sql::XACT_STATUS, &[(&pending.xid, Type::TEXT)])
                .await?
                .get("status");
            session.commit().await?;
            if status.as_deref() == Some("committed") {
                revoke::signal(&session, &schema).await?;
            }
            Ok::<_, Failure>(status)
        };
        match settled.await {
            Ok(Some(status)) if status == "committed" || status == "aborted" => {
                log.settle_later(&pending, &status)?;
                console.notice(&format!(
                    "audit log: the run {} of an earlier write in database \"{}\" ({} line(s)) had not recorded its outcome: {status}",
                    pending.run, pending.database, pending.keys
                ));
            }
            Ok(status) => console.notice(&format!(
                "audit log: the run {} in database \"{}\" is still unsettled (the server says {}); a later revoke will ask again",
                pending.run,
                pending.database,
                status.as_deref().unwrap_or("it no longer knows")
            )),
            Err(failure) => console.notice(&format!(
                "audit log: cannot settle the run {} in database \"{}\" now: {}",
                pending.run, pending.database, failure.message
            )),
        }
    }
    Ok(())
}

/// Test hook: `ODOO_ACCESS_TEST_KILL_AT=<point>` kills the process there with SIGKILL, as a
/// crash would, so that tests can check what the audit log and the database hold then.
fn crash_point(point: &str) {
    if std::env::var_os("ODOO_ACCESS_TEST_KILL_AT").is_some_and(|at| at == point) {
        // SAFETY: kill(2) on our own pid, with a constant signal.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

/// The format of `--plan` files. 2: keys carry their row versions.
const PLAN_SCHEMA: u32 = 2;

pub(super) fn write_plan(
    path: &std::path::Path,
    database: &str,
    preview: &[Key],
) -> Result<(), Failure> {
    let plan = Plan {
        schema_version: PLAN_SCHEMA,
        database: database.to_string(),
        generated_at: chrono::Utc::now(),
        keys: preview.to_vec(),
    };
    let mut out = Destination::open(Some(path))?;
    let written = serde_json::to_writer_pretty(&mut out, &plan)
        .map_err(std::io::Error::other)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.commit());
    written.map_err(Failure::io)
}

pub(super) fn read_plan(path: &std::path::Path, database: &str) -> Result<Plan, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read --apply {}: {e}", path.display())))?;
    let not_a_plan = |e: serde_json::Error| {
        Failure::usage(format!(
            "--apply {} is not a plan written by 'odoo-access revoke --plan': {e}",
            path.display()
        ))
    };
    // The format first: a plan of another format would fail on its fields instead.
    #[derive(serde::Deserialize)]
    struct Format {
        schema_version: u32,
    }
    let format: Format = serde_json::from_str(&text).map_err(not_a_plan)?;
    if format.schema_version != PLAN_SCHEMA {
        return Err(Failure::usage(format!(
            "the plan {} has format {}, this odoo-access reads format {PLAN_SCHEMA} — write it again with --plan",
            path.display(),
            format.schema_version
        )));
    }
    let plan: Plan = serde_json::from_str(&text).map_err(not_a_plan)?;
    // The DELETE matches row versions, and a version carries its row's id in its high half
    // (keys.sql): an entry whose version is another row's would delete that other key and
    // log this one. Every entry must be the pair the preview wrote.
    if let Some(k) = plan.keys.iter().find(|k| {
        k.version.is_none_or(|v| {
            v.key >> 32 != i64::from(k.id) || v.owner >> 32 != i64::from(k.owner_id)
        })
    }) {
        return Err(Failure::usage(format!(
            "the plan {} was changed by hand: key #{} does not carry its own row version — write it again with --plan",
            path.display(),
            k.id
        )));
    }
    if plan.database != database {
        return Err(Failure::usage(format!(
            "the plan {} is for database \"{}\", not \"{database}\" — run it with -d {}",
            path.display(),
            plan.database,
            plan.database
        )));
    }
    Ok(plan)
}
