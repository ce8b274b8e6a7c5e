//! Running one task over many databases: which databases, how many at once, for how long, and
//! in a stable order.
//!
//! Each database needs its own connection — a pool (deadpool-postgres) is bound to one
//! database name, so it fits "many queries on one database", not "one connection to each of
//! 3,000 databases" — so this opens plain connections, at most `jobs` at a time, and returns
//! the results in database-name order whatever the completion order.

use crate::connect::{Connector, Session};
use crate::error::{Exit, Failure};
use crate::odoo::databases::{self, ClusterDatabase, DbFilter};
use crate::output::Skipped;
use crate::sql;
use futures_util::stream::{self, StreamExt};
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

/// How many at once and for how long each.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub jobs: usize,
    pub per_database: Duration,
    pub progress: bool,
}

/// The listing needs a database to connect to: `postgres`, else `template1`, as psql -l does.
pub async fn maintenance_session(connector: &Connector) -> Result<Session, Failure> {
    match connector.read("postgres").await {
        Err(f) if matches!(f.exit, Exit::NoDatabase | Exit::Denied) => {
            connector.read("template1").await.map_err(|_| f)
        }
        other => other,
    }
}

/// Lists the cluster's databases (in name order) and narrows them down.
pub async fn select(
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
            plan.skipped.push(Skipped::failed(
                &db.name,
                no_connect(connector, &db.name).message,
            ));
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
/// other half stays for Odoo), within the role's own limit, between 1 and 8.
pub async fn default_jobs(listing: &Session) -> Result<usize, Failure> {
    let row = listing.query_one(sql::CONNECTION_SLOTS, &[]).await?;
    let server_free: i32 = row.get("server_free");
    let role_free: Option<i32> = row.get("role_free");
    let slots = (server_free / 2).min(role_free.unwrap_or(i32::MAX));
    Ok(slots.clamp(1, 8) as usize)
}

/// Runs `task` for each database, at most `limits.jobs` at once, each cut off after
/// `limits.per_database`; results come back in the order the databases were given.
pub async fn each<T, F, Fut>(
    databases: Vec<String>,
    limits: &Limits,
    task: F,
) -> Vec<(String, Result<T, Failure>)>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let bar = if limits.progress {
        indicatif::ProgressBar::with_draw_target(
            Some(databases.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let per_database = limits.per_database;
    // Unordered, so that a slow database holds one slot, not the whole queue behind it
    // (`buffered` keeps finished results in their slots until the ones before them finish);
    // the given order is restored at the end.
    let mut results: Vec<_> = stream::iter(databases.into_iter().enumerate())
        .map(|(position, database)| {
            let work = tokio::time::timeout(per_database, task(database.clone()));
            let bar = bar.clone();
            async move {
                let result = work.await.unwrap_or_else(|_| {
                    Err(Failure::new(
                        Exit::Timeout,
                        format!("database \"{database}\" took longer than {} (--db-timeout) and was left out", humantime::format_duration(per_database)),
                    ))
                });
                bar.inc(1);
                (position, database, result)
            }
        })
        .buffer_unordered(limits.jobs.max(1))
        .collect()
        .await;
    bar.finish_and_clear();
    results.sort_unstable_by_key(|(position, _, _)| *position);
    results
        .into_iter()
        .map(|(_, database, result)| (database, result))
        .collect()
}
