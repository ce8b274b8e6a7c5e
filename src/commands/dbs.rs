//! `odoo-access dbs`: the databases of the cluster and, for each Odoo database, its version,
//! users, API keys, expiry, 2FA policy, enterprise code (yes/no) and size.

use crate::cli::{DbsArgs, FleetFilterArgs};
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::fleet::{self, Selection};
use crate::odoo::databases::{self, DbFilter, Summary};
use crate::odoo::schema::{self, Detected, OdooVersion};
use crate::output::{Absent, Cell, Output, Skipped};
use std::collections::HashMap;

const COLUMNS: &[&str] = &[
    "database",
    "owner",
    "odoo",
    "version",
    "internal_users",
    "portal_users",
    "api_keys",
    "expiration_date",
    "expired",
    "totp_policy",
    "totp_policy_enforced",
    "enterprise_code",
    "size_bytes",
];

/// What was found in one database.
struct Found {
    kind: Kind,
    size_bytes: i64,
}

enum Kind {
    NotOdoo,
    TooOld(OdooVersion),
    Odoo { version: String, summary: Summary },
}

/// `only`: the database given with `-d`; dbs then describes that one database and is strict
/// about it (exit 66/77). PGDATABASE and the Odoo config's db_name do not narrow a listing.
pub async fn run(
    connector: &Connector,
    args: &DbsArgs,
    only: Option<String>,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let selection = Selection {
        filter: args
            .fleet
            .dbfilter
            .as_deref()
            .map(|p| DbFilter::new(p, args.fleet.web_host.as_deref()))
            .transpose()?,
        owner: args.owner.clone(),
    };
    let listing = fleet::maintenance_session(connector).await?;
    let mut plan = fleet::select(&listing, connector, &selection).await?;
    let limits = limits(&listing, &args.fleet, console).await?;
    drop(listing);

    if let Some(name) = &only {
        if plan.skipped.iter().any(|s| &s.database == name) {
            return Err(fleet::no_connect(connector, name));
        }
        if !plan.databases.iter().any(|d| &d.name == name) {
            return Err(Failure::new(
                Exit::NoDatabase,
                format!("database \"{name}\" does not exist on {} (or is a template, or does not match --owner/--dbfilter) — list the databases with 'odoo-access dbs --all'", connector.settings().server()),
            )
            );
        }
        plan.databases.retain(|d| &d.name == name);
        plan.skipped.clear();
    }

    let owners: HashMap<String, String> = plan
        .databases
        .iter()
        .map(|d| (d.name.clone(), d.owner.clone()))
        .collect();
    let names = plan.databases.into_iter().map(|d| d.name).collect();
    let results = fleet::each(names, &limits, |name| async move {
        examine(connector, &name).await
    })
    .await;

    // Everything is checked before anything is written: an error leaves stdout empty.
    let mut skipped = plan.skipped;
    let mut rows = Vec::new();
    for (name, result) in results {
        match result {
            Ok(found) => {
                if only.is_some() {
                    strict(&name, &found)?;
                }
                if let Kind::Odoo { summary, .. } = &found.kind {
                    if summary.expiration_unparsable {
                        console.notice(&format!(
                            "database \"{name}\": database.expiration_date is set but is not a date"
                        ));
                    }
                    if summary.parameters_unreadable {
                        console.notice(&format!(
                            "database \"{name}\": this role may read no ir_config_parameter (not even the view of sql/roles/audit-role.sql): expiry, 2FA policy and enterprise code are unknown"
                        ));
                    }
                }
                if matches!(found.kind, Kind::NotOdoo) && !args.all {
                    continue;
                }
                rows.push(cells(
                    &name,
                    owners.get(&name).map_or("", String::as_str),
                    &found,
                ));
            }
            Err(failure) if only.is_some() => return Err(failure),
            Err(failure) => skipped.push(Skipped::failed(name, failure.message)),
        }
    }
    skipped.sort_by(|a, b| a.database.cmp(&b.database));
    let mut sink = output.open("dbs", COLUMNS)?;
    for row in &rows {
        sink.row(row)?;
    }
    sink.finish(&skipped, serde_json::Map::new())?;
    Ok(if skipped.is_empty() {
        Exit::Ok
    } else {
        Exit::Partial
    })
}

/// --jobs, or the default from the server's free connection slots; --db-timeout; a progress
/// bar only on a terminal and without -q.
pub async fn limits(
    listing: &crate::connect::Session,
    args: &FleetFilterArgs,
    console: &Console,
) -> Result<fleet::Limits, Failure> {
    let jobs = match args.jobs {
        Some(n) => usize::from(n),
        None => fleet::default_jobs(listing).await?,
    };
    console.detail(&format!("{jobs} database(s) at a time"));
    Ok(fleet::Limits {
        jobs,
        per_database: args.db_timeout,
        progress: console.shows_progress(),
    })
}

async fn examine(connector: &Connector, name: &str) -> Result<Found, Failure> {
    let (session, detected) = connector
        .read_with(name, |s| Box::pin(schema::detect(s)))
        .await?;
    let (kind, size_bytes) = match detected {
        Detected::NotOdoo => (Kind::NotOdoo, databases::size(&session).await?),
        Detected::TooOld(v) => (Kind::TooOld(v), databases::size(&session).await?),
        Detected::Odoo(schema) => {
            let (summary, size) = tokio::try_join!(
                databases::summary(&session, &schema),
                databases::size(&session)
            )?;
            let version = schema.version.raw.clone();
            (Kind::Odoo { version, summary }, size)
        }
    };
    Ok(Found { kind, size_bytes })
}

/// With `-d`, a database that is not a usable Odoo is an error, not a row.
fn strict(name: &str, found: &Found) -> Result<(), Failure> {
    match &found.kind {
        Kind::NotOdoo => Err(schema::not_odoo(name)),
        Kind::TooOld(version) => Err(schema::too_old(name, version)),
        Kind::Odoo { .. } => Ok(()),
    }
}

fn cells(name: &str, owner: &str, found: &Found) -> Vec<Cell> {
    let na = || Cell::Absent(Absent::NotApplicable);
    let mut row = vec![
        Cell::text(name),
        Cell::text(owner),
        Cell::Bool(!matches!(found.kind, Kind::NotOdoo)),
    ];
    match &found.kind {
        Kind::Odoo { version, summary } => {
            row.extend([
                Cell::text(version),
                Cell::Int(summary.internal_users),
                Cell::Int(summary.portal_users),
                Cell::Int(summary.api_keys),
            ]);
            if summary.parameters_unreadable {
                row.extend(std::iter::repeat_with(|| Cell::Absent(Absent::Unknown)).take(5));
            } else {
                row.extend([
                    match (summary.expiration_date, summary.expiration_unparsable) {
                        (Some(t), _) => Cell::Time(t),
                        (None, true) => Cell::Absent(Absent::Unknown),
                        (None, false) => Cell::Absent(Absent::Never),
                    },
                    Cell::or(summary.expired, Absent::NotApplicable),
                    Cell::text(summary.totp_policy.as_deref().unwrap_or("off")),
                    Cell::Bool(summary.totp_policy_enforced),
                    Cell::Bool(summary.enterprise_code),
                ]);
            }
        }
        Kind::TooOld(version) => {
            row.push(Cell::text(&version.raw));
            row.extend(std::iter::repeat_with(na).take(8));
        }
        Kind::NotOdoo => row.extend(std::iter::repeat_with(na).take(9)),
    }
    row.push(Cell::Bytes(found.size_bytes));
    row
}
