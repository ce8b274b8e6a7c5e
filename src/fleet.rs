//! Running one task over many databases: which databases, how many at once, for how long, and
//! in a stable order.
//!
//! Each database needs its own connection — a pool (deadpool-postgres) is bound to one
//! database name, so it fits "many queries on one database", not "one connection to each of
//! 3,000 databases" — so this opens plain connections, at most `jobs` at a time, and returns
//! the results in database-name order whatever the completion order.

use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::databases::{self, ClusterDatabase, DbFilter};
use crate::odoo::schema::{self, Detected, Reads, Schema};
use crate::output::Skipped;
use crate::sql;
use futures_util::stream::StreamExt;
use std::future::Future;
use std::time::Duration;

/// Which databases of the cluster.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub filter: Option<DbFilter>,
    pub owner: Option<String>,
}

/// The databases to work on, and those left out before starting (no CONNECT privilege).
#[derive(Debug, Default)]
pub struct Plan {
    pub databases: Vec<ClusterDatabase>,
    pub skipped: Vec<Skipped>,
}

/// What the command line says about going through a fleet.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// `--jobs`; `None`: [`default_jobs`].
    pub jobs: Option<usize>,
    /// `--db-timeout`.
    pub per_database: Duration,
    /// Bytes of rows that may wait in memory for their turn ([`crate::output::Spool`]).
    pub window: usize,
}

/// How many at once and for how long each.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub jobs: usize,
    pub per_database: Duration,
    pub progress: bool,
}

/// What a task made of one database: a result, or the reason it is no Odoo 14+ database (a
/// note, not a failure: `--all-dbs` means every Odoo database).
pub enum Visit<T> {
    Done(T),
    NotOdoo(String),
}

/// How a fleet run ended: how many databases were done, and those left out.
pub struct Ended {
    pub done: usize,
    pub skipped: Vec<Skipped>,
}

impl Ended {
    /// Some Odoo database could not be worked on.
    pub fn partial(&self) -> bool {
        crate::output::partial(&self.skipped)
    }

    /// 3 when some Odoo database was skipped, else 0.
    pub fn exit(&self) -> Exit {
        if self.partial() {
            Exit::Partial
        } else {
            Exit::Ok
        }
    }
}

/// Lists and selects the databases (from `postgres`, else `template1`), and decides how many
/// at once: `--jobs`, or [`default_jobs`]; a progress bar only on a terminal and without -q.
pub async fn plan(
    connector: &Connector,
    selection: &Selection,
    options: &Options,
    console: &Console,
) -> Result<(Plan, Limits), Failure> {
    let listing = maintenance_session(connector).await?;
    let plan = select(&listing, connector, selection).await?;
    let jobs = match options.jobs {
        Some(n) => n,
        None => default_jobs(&listing, connector, console).await?,
    };
    console.detail(&format!("{jobs} database(s) at a time"));
    let limits = Limits {
        jobs,
        per_database: options.per_database,
        progress: console.shows_progress(),
    };
    Ok((plan, limits))
}

/// Runs `task` on every database of the plan, each opened read-only and probed, within the
/// limits, and hands each database's result to `ready` in database-name order, as soon as it
/// and every database before it are done (so what waits is only what finished early; see
/// [`crate::output::Spool`] for rows). A database that fails — timeout, permission, a broken
/// connection — is skipped with its reason; so is one the task finds to be no Odoo 14+
/// database, as a note. An error of `ready` (the output) ends the run.
pub async fn run<T, F, Fut>(
    connector: &Connector,
    plan: Plan,
    reads: Reads,
    limits: &Limits,
    task: F,
    mut ready: impl FnMut(&str, T) -> Result<(), Failure>,
) -> Result<Ended, Failure>
where
    F: Fn(Session, Detected) -> Fut,
    Fut: Future<Output = Result<Visit<T>, Failure>>,
{
    let names = plan.databases.into_iter().map(|d| d.name).collect();
    let task = &task;
    let mut ended = Ended {
        done: 0,
        skipped: plan.skipped,
    };
    each(
        names,
        limits,
        |name| async move {
            let (session, detected) = connector
                .read_with(&name, |s| Box::pin(schema::detect(s, reads)))
                .await?;
            task(session, detected).await
        },
        |name, result| {
            match result {
                Ok(Visit::Done(value)) => {
                    ready(&name, value)?;
                    ended.done += 1;
                }
                Ok(Visit::NotOdoo(reason)) => ended.skipped.push(Skipped::not_odoo(name, reason)),
                Err(failure) => ended.skipped.push(Skipped::failed(name, failure)),
            }
            Ok(())
        },
    )
    .await?;
    ended.skipped.sort_by(|a, b| a.database.cmp(&b.database));
    Ok(ended)
}

/// [`run`] for the commands that work on Odoo databases only: `task` gets each Odoo 14+
/// database's schema. A selection without a single Odoo database is a mistake (a typo in a
/// cron line's --dbfilter), not a success: exit 66.
pub async fn run_odoo<T, F, Fut>(
    connector: &Connector,
    selection: &Selection,
    reads: Reads,
    options: &Options,
    console: &Console,
    task: F,
    ready: impl FnMut(&str, T) -> Result<(), Failure>,
) -> Result<Ended, Failure>
where
    F: Fn(Session, Schema) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let (plan, limits) = plan(connector, selection, options, console).await?;
    let task = &task;
    let task = |session: Session, detected| async move {
        match detected {
            Detected::Odoo(schema) => task(session, schema).await.map(Visit::Done),
            other => Ok(Visit::NotOdoo(
                other
                    .require(session.database())
                    .err()
                    .map(|f| f.message)
                    .unwrap_or_default(),
            )),
        }
    };
    let ended = run(connector, plan, reads, &limits, task, ready).await?;
    if ended.done == 0 && !ended.partial() {
        let which = match &selection.filter {
            Some(filter) => format!("--dbfilter '{}' selects", filter.pattern()),
            None => "the server has".to_string(),
        };
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("{which} no Odoo database ({} other database(s)) — list them with 'odoo-access dbs --all'", ended.skipped.len()),
        ));
    }
    Ok(ended)
}

/// The listing needs a database to connect to: `postgres`, else `template1`, as psql -l does.
async fn maintenance_session(connector: &Connector) -> Result<Session, Failure> {
    match connector.read("postgres").await {
        Err(f) if matches!(f.exit, Exit::NoDatabase | Exit::Denied) => {
            connector.read("template1").await.map_err(|_| f)
        }
        other => other,
    }
}

/// Lists the cluster's databases (in name order) and narrows them down.
async fn select(
    listing: &Session,
    connector: &Connector,
    selection: &Selection,
) -> Result<Plan, Failure> {
    let mut plan = Plan::default();
    for db in databases::list(listing).await? {
        let wanted = selection.owner.as_ref().is_none_or(|o| &db.owner == o)
            && selection
                .filter
                .as_ref()
                .is_none_or(|f| f.matches(&db.name));
        if !wanted {
            continue;
        }
        if db.can_connect {
            plan.databases.push(db);
        } else {
            plan.skipped
                .push(Skipped::failed(&db.name, no_connect(connector, &db.name)));
        }
    }
    Ok(plan)
}

pub fn no_connect(connector: &Connector, database: &str) -> Failure {
    Failure::new(
        Exit::Denied,
        format!("role \"{}\" has no CONNECT privilege on database \"{database}\" — GRANT CONNECT ON DATABASE to it, or run as another role", connector.settings().user),
    )
}

/// The default number of databases at once: half the server's free connection slots (the
/// other half stays for Odoo), within the role's own limit, between 1 and 8. Behind a pooler
/// (the server listens on another port than the one connected to) the server's slots say
/// little about the pooler's: at most 4, and refusals slow the run down (see [`each`]).
async fn default_jobs(
    listing: &Session,
    connector: &Connector,
    console: &Console,
) -> Result<usize, Failure> {
    let row = listing.query_one(sql::CONNECTION_SLOTS, &[]).await?;
    let server_free: i32 = row.get("server_free");
    let role_free: Option<i32> = row.get("role_free");
    let server_port: Option<i32> = row.get("server_port");
    let slots = (server_free / 2).min(role_free.unwrap_or(i32::MAX));
    let pooled = connector.chosen_server().is_some_and(|s| {
        matches!(s.host, crate::connect::Host::Tcp(_)) && server_port != Some(i32::from(s.port))
    });
    if pooled {
        console.detail("connected through a pooler (the server listens on another port)");
        return Ok(slots.clamp(1, 4) as usize);
    }
    Ok(slots.clamp(1, 8) as usize)
}

/// Runs `task` for each database, at most `limits.jobs` at once, each cut off after
/// `limits.per_database`, and hands the results to `ready` in the order the databases were
/// given: a result waits only for the ones before it.
///
/// A database refused for want of a connection slot (the server's, or a pooler's in front
/// of it) is back-pressure, not a failure: fewer databases are then worked on at once (as
/// many as still hold a connection, at least one), and it is tried again after a pause that
/// doubles up to two seconds — for as long as `--db-timeout` allows since its first refusal.
async fn each<T, F, Fut>(
    databases: Vec<String>,
    limits: &Limits,
    task: F,
    mut ready: impl FnMut(String, Result<T, Failure>) -> Result<(), Failure>,
) -> Result<(), Failure>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    use futures_util::stream::FuturesUnordered;
    use std::collections::BTreeMap;
    use std::time::Instant;
    // Drawn at most a few times a second whatever the number of databases (indicatif's
    // default rate), so a thousand databases cost nothing to show.
    let bar = if limits.progress {
        indicatif::ProgressBar::with_draw_target(
            Some(databases.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let per_database = limits.per_database;
    let task = &task;
    // One database's attempt, after `pause`; its refusals so far began at `since`.
    let attempt = |position: usize, database: String, pause: Duration, since: Option<Instant>| async move {
        tokio::time::sleep(pause).await;
        let result = tokio::time::timeout(per_database, task(database.clone()))
            .await
            .unwrap_or_else(|_| {
                Err(Failure::new(
                    Exit::Timeout,
                    format!("database \"{database}\" took longer than {} (--db-timeout) and was left out", humantime::format_duration(per_database)),
                ))
            });
        (position, database, pause, since, result)
    };
    let mut waiting = databases.into_iter().enumerate();
    let mut running = FuturesUnordered::new();
    let mut at_once = limits.jobs.max(1);
    // Results of databases done before one ahead of them in the order, and the next to hand on.
    let mut early = BTreeMap::new();
    let mut next = 0;
    loop {
        // Unordered, so that a slow database holds one slot, not the whole queue behind it.
        while running.len() < at_once {
            let Some((position, database)) = waiting.next() else {
                break;
            };
            running.push(attempt(position, database, Duration::ZERO, None));
        }
        let Some((position, database, pause, since, result)) = running.next().await else {
            break;
        };
        match result {
            Err(failure)
                if failure.is_busy() && since.is_none_or(|t| t.elapsed() < per_database) =>
            {
                at_once = running.len().max(1);
                let pause = (pause * 2).clamp(Duration::from_millis(50), Duration::from_secs(2));
                let since = since.unwrap_or_else(Instant::now);
                running.push(attempt(position, database, pause, Some(since)));
            }
            result => {
                bar.inc(1);
                early.insert(position, (database, result));
                while let Some((database, result)) = early.remove(&next) {
                    ready(database, result)?;
                    next += 1;
                }
            }
        }
    }
    bar.finish_and_clear();
    Ok(())
}
