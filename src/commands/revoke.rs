//! `odoo-access revoke`: preview, confirm, delete in one transaction, signal Odoo, log.

use super::keys::{cells, filter as key_filter, selection, COLUMNS};
use super::{each_odoo, open_odoo, Target};
use crate::cli::RevokeArgs;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::clock::server_now;
use crate::odoo::keys;
use crate::odoo::revoke::{self, Plan};
use crate::output::{Cell, Destination, Output, Skipped};
use crate::revocation_log::RevocationLog;
use crate::sql;
use std::io::{IsTerminal, Write};
use tokio_postgres::types::Type;

pub async fn run(
    connector: &Connector,
    args: &RevokeArgs,
    target: Target,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let filter = key_filter(&args.filter, &args.ids)?;
    if args.apply.is_some() && !filter.is_empty() {
        return Err(Failure::usage(
            "--apply deletes exactly the keys of its plan: give no other filter with it",
        ));
    }
    if args.apply.is_none() && filter.is_empty() && !args.all_keys {
        return Err(Failure::usage(
            "revoke needs a filter (--login, --status, --id, --older-than, ...) — or --all-keys to revoke every key of the database",
        )
        );
    }
    let mut log = args
        .audit_log
        .as_deref()
        .map(RevocationLog::open)
        .transpose()?;
    if let Some(log) = log.as_mut() {
        settle_pending(connector, log, console).await?;
    }
    let database = match target {
        Target::One(database) => database,
        Target::Fleet(selection) => {
            return run_fleet(connector, args, &selection, &filter, output, console, log).await
        }
    };

    // The preview, from a read-only session.
    let (session, schema) = open_odoo(connector, &database).await?;
    let now = server_now(&session).await?;
    let preview = match &args.apply {
        // A plan's keys carry the row versions they had: the DELETE leaves alone every key
        // that changed since the plan was written.
        Some(path) => read_plan(path, &database)?.keys,
        None => {
            let mut preview =
                keys::list(&session, &schema, &selection(&args.filter, false)).await?;
            preview.retain(|k| filter.keeps(k, now));
            preview
        }
    };

    if preview.is_empty() {
        console.notice(&format!(
            "database \"{database}\": no key matches; nothing to revoke"
        ));
        write(output, Vec::new(), &[], summary(0, !args.yes))?;
        return Ok(Exit::Ok);
    }
    // A plan and a declined preview print the same: the keys, nothing deleted.
    let write_preview = || {
        write(
            output,
            key_rows(&database, &preview, now),
            &[],
            summary(0, true),
        )
    };
    if args.plan.is_some() || args.yes || interactive() {
        revoke::require_versions(&preview, &database, &connector.settings().user)?;
    }
    if let Some(path) = &args.plan {
        write_plan(path, &database, &preview)?;
        write_preview()?;
        console.notice(&format!(
            "plan with {} key(s) written to {} — delete them with: odoo-access revoke -d {database} --apply {} --yes",
            preview.len(),
            path.display(),
            path.display()
        ));
        return Ok(Exit::Ok);
    }
    if !args.yes && !confirm(&database, preview.len(), key_rows(&database, &preview, now))? {
        write_preview()?;
        console.notice(&format!(
            "nothing deleted: this was a preview of {} key(s) — add --yes to delete them",
            preview.len()
        ));
        return Ok(Exit::Negative);
    }

    // The deletion: one transaction on the same connection, the audit log written ahead of
    // its commit; after the commit, the signal.
    let session = session.into_write(args.lock_timeout).await?;
    let mut outcome = revoke::delete(&session, &schema, preview).await?;
    let role = &connector.settings().user;
    commit_logged(&session, &database, &outcome.deleted, log.as_mut(), role).await?;
    outcome.left_alone.sort_unstable();
    if !outcome.left_alone.is_empty() {
        console.notice(&format!(
            "{} previewed key(s) changed or disappeared since the preview and were left alone: ids {:?}",
            outcome.left_alone.len(),
            outcome.left_alone
        ));
    }
    // Running Odoo servers are told first: the keys are gone from the database already.
    let signal = if args.no_signal || outcome.deleted.is_empty() {
        Ok(None)
    } else {
        revoke::signal(&session, &schema).await.map(Some)
    };
    let mut extra = summary(outcome.deleted.len(), false);
    extra.insert(
        "left_alone".into(),
        serde_json::to_value(&outcome.left_alone).unwrap_or_default(),
    );
    extra.insert(
        "signal".into(),
        signal.as_ref().ok().cloned().flatten().into(),
    );
    write(
        output,
        key_rows(&database, &outcome.deleted, now),
        &[],
        extra,
    )?;
    match signal {
        Ok(Some(how)) => console.detail(&format!("signalled running Odoo servers: {how}")),
        Ok(None) if args.no_signal && !outcome.deleted.is_empty() => console.notice(
            "--no-signal: running Odoo workers that already checked these keys keep accepting them until they restart",
        ),
        Ok(None) => {}
        Err(failure) => return Err(failure),
    }
    Ok(Exit::Ok)
}

/// Whether a person can be asked (stdin and stderr are a terminal).
fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks on a terminal, after showing the keys in question there; without one (cron, pipes)
/// the answer is no.
fn confirm(
    database: &str,
    count: usize,
    preview: impl Iterator<Item = Vec<Cell>>,
) -> Result<bool, Failure> {
    if !interactive() {
        return Ok(false);
    }
    let shown = (|| {
        let mut table = crate::output::table_on_stderr(COLUMNS);
        for row in preview {
            table.row(&row)?;
        }
        table.finish(&[], serde_json::Map::new())
    })();
    shown.map_err(|e| {
        Failure::new(
            Exit::Io,
            format!("cannot show the preview on standard error: {e}"),
        )
    })?;
    eprint!("Delete these {count} key(s) from database \"{database}\"? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Failure::usage(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// The format of `--plan` files. 2: keys carry their row versions.
const PLAN_SCHEMA: u32 = 2;

fn write_plan(
    path: &std::path::Path,
    database: &str,
    preview: &[keys::Key],
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

fn read_plan(path: &std::path::Path, database: &str) -> Result<Plan, Failure> {
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

/// `--all-dbs`/`--dbfilter`: one preview of every database, one confirmation, then one
/// transaction per database. A database that fails is skipped (exit 3); the others go on.
async fn run_fleet(
    connector: &Connector,
    args: &RevokeArgs,
    fleet: &crate::fleet::Selection,
    filter: &keys::Filter,
    output: &Output,
    console: &Console,
    mut log: Option<RevocationLog>,
) -> Result<Exit, Failure> {
    if args.plan.is_some() || args.apply.is_some() {
        return Err(Failure::usage(
            "--plan and --apply work on one database: give -d DB",
        ));
    }
    let (previews, mut skipped) = each_odoo(
        connector,
        fleet,
        &args.fleet.filter,
        console,
        |session, schema| async move {
            let now = server_now(&session).await?;
            let mut keys = keys::list(&session, &schema, &selection(&args.filter, false)).await?;
            keys.retain(|k| filter.keeps(k, now));
            Ok((keys, now))
        },
    )
    .await?;
    let previews: Vec<_> = previews
        .into_iter()
        .filter(|(_, (keys, _))| !keys.is_empty())
        .collect();
    let total: usize = previews.iter().map(|(_, (keys, _))| keys.len()).sum();
    if total == 0 {
        console.notice("no key matches in the selected databases; nothing to revoke");
        write(output, Vec::new(), &skipped, summary(0, !args.yes))?;
        return Ok(if !crate::output::partial(&skipped) {
            Exit::Ok
        } else {
            Exit::Partial
        });
    }
    if args.yes || interactive() {
        for (database, (keys, _)) in &previews {
            revoke::require_versions(keys, database, &connector.settings().user)?;
        }
    }
    let all_rows = || {
        previews
            .iter()
            .flat_map(|(db, (keys, now))| key_rows(db, keys, *now))
    };
    if !args.yes && !confirm(&format!("{} databases", previews.len()), total, all_rows())? {
        write(output, all_rows(), &skipped, summary(0, true))?;
        console.notice(&format!(
            "nothing deleted: this was a preview of {total} key(s) — add --yes to delete them"
        ));
        return Ok(Exit::Negative);
    }

    let mut rows = Vec::new();
    let mut deleted = 0;
    let mut left_alone = Vec::new();
    for (database, (preview, now)) in previews {
        match delete_in(connector, &database, preview, args, log.as_mut()).await {
            Ok(outcome) => {
                deleted += outcome.deleted.len();
                rows.extend(key_rows(&database, &outcome.deleted, now));
                left_alone.extend(
                    outcome
                        .left_alone
                        .iter()
                        .map(|id| serde_json::json!({"database": database, "id": id})),
                );
            }
            Err(failure) => skipped.push(Skipped::failed(database, failure.message)),
        }
    }
    skipped.sort_by(|a, b| a.database.cmp(&b.database));
    let mut extra = summary(deleted, false);
    extra.insert("left_alone".into(), left_alone.into());
    write(output, rows, &skipped, extra)?;
    Ok(if !crate::output::partial(&skipped) {
        Exit::Ok
    } else {
        Exit::Partial
    })
}

/// One database of a fleet revoke: its own transaction (logged ahead), then the signal.
async fn delete_in(
    connector: &Connector,
    database: &str,
    preview: Vec<keys::Key>,
    args: &RevokeArgs,
    log: Option<&mut RevocationLog>,
) -> Result<revoke::Outcome, Failure> {
    let (session, schema) = open_odoo(connector, database).await?;
    let session = session.into_write(args.lock_timeout).await?;
    let outcome = revoke::delete(&session, &schema, preview).await?;
    let role = &connector.settings().user;
    commit_logged(&session, database, &outcome.deleted, log, role).await?;
    if !args.no_signal && !outcome.deleted.is_empty() {
        revoke::signal(&session, &schema).await?;
    }
    Ok(outcome)
}

/// Commits the deletion with the audit log written ahead of it: the intents (synced) before
/// COMMIT, the outcome after (src/revocation_log.rs). Should the process die in between,
/// the next revoke on the log settles the run.
async fn commit_logged(
    session: &Session,
    database: &str,
    deleted: &[keys::Key],
    log: Option<&mut RevocationLog>,
    role: &str,
) -> Result<(), Failure> {
    let Some(log) = log.filter(|_| !deleted.is_empty()) else {
        return session.commit().await;
    };
    let xid: String = session.query_one(sql::CURRENT_XID, &[]).await?.get("xid");
    crash_point("before-intent");
    let run = log.intend(database, &xid, role, deleted)?;
    crash_point("after-intent");
    session.commit().await?;
    crash_point("after-commit");
    log.committed(&run)
}

/// Settles the runs of the audit log that died between their intents and their outcome: the
/// server's commit log says whether each transaction committed. A committed run's signal may
/// never have gone out, so running Odoo servers are signalled again (a signal only makes them
/// drop caches). A run still in progress, or a database out of reach, stays pending.
async fn settle_pending(
    connector: &Connector,
    log: &mut RevocationLog,
    console: &Console,
) -> Result<(), Failure> {
    for pending in log.pending()? {
        let settled = async {
            let (session, schema) = open_odoo(connector, &pending.database).await?;
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
                    "audit log: the run {} of an earlier revoke in database \"{}\" ({} key(s)) had not recorded its outcome: {status}",
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

/// Writes the keys of a revoke (previewed or deleted) with the envelope's extra members.
/// Rows are made one at a time as they are written: 50,000 keys never sit in memory twice.
fn write(
    output: &Output,
    rows: impl IntoIterator<Item = Vec<Cell>>,
    skipped: &[Skipped],
    extra: serde_json::Map<String, serde_json::Value>,
) -> Result<(), Failure> {
    let mut sink = output.open("revoke", COLUMNS)?;
    for row in rows {
        sink.row(&row)?;
    }
    sink.finish(skipped, extra)?;
    Ok(())
}

/// The output rows of one database's keys, made as they are written.
fn key_rows<'a>(
    database: &'a str,
    keys: &'a [keys::Key],
    now: chrono::DateTime<chrono::Utc>,
) -> impl Iterator<Item = Vec<Cell>> + 'a {
    keys.iter().map(move |k| cells(database, k, now))
}

/// `deleted` and `dry_run`, the members every revoke document has.
fn summary(deleted: usize, dry_run: bool) -> serde_json::Map<String, serde_json::Value> {
    let mut extra = serde_json::Map::new();
    extra.insert("deleted".into(), deleted.into());
    extra.insert("dry_run".into(), dry_run.into());
    extra
}
