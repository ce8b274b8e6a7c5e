//! `odoo-access dbs`: the databases of the cluster and, for each Odoo database, its version,
//! users, API keys, expiry, 2FA policy, enterprise code (yes/no) and size.

use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::fleet::{self, Selection, Visit};
use crate::odoo::databases::{self, Summary};
use crate::odoo::password_policy::Policy;
use crate::odoo::schema::{self, Detected, OdooVersion};
use crate::output::{Absent, Cell, NoMembers, Output, Row};
use std::collections::HashMap;

/// What `dbs` was asked.
pub struct Settings {
    pub selection: Selection,
    pub options: fleet::Options,
    /// `--all`: also the databases that are not Odoo databases.
    pub all: bool,
    /// `-d` was given: describe that one database, strictly (exit 66/77).
    /// PGDATABASE and the Odoo config's db_name do not narrow a listing.
    pub only_flag: bool,
}

/// What was found in one database.
struct Found {
    name: String,
    owner: String,
    kind: Kind,
    size_bytes: i64,
}

enum Kind {
    NotOdoo,
    TooOld(OdooVersion),
    Odoo { version: String, summary: Summary },
}

impl Row for Found {
    type Context = ();
    const COLUMNS: &'static [&'static str] = &[
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
        "password_policy",
        "enterprise_code",
        "size_bytes",
    ];

    fn cells<'a>(&'a self, _: &'a ()) -> Vec<Cell<'a>> {
        let na = || Cell::Absent(Absent::NotApplicable);
        let mut row = vec![
            Cell::text(&self.name),
            Cell::text(&self.owner),
            Cell::Bool(!matches!(self.kind, Kind::NotOdoo)),
        ];
        match &self.kind {
            Kind::Odoo { version, summary } => {
                row.extend([
                    Cell::text(version),
                    Cell::Int(summary.internal_users),
                    Cell::Int(summary.portal_users),
                    Cell::Int(summary.api_keys),
                ]);
                row.extend(parameter_cells(summary));
            }
            Kind::TooOld(version) => {
                row.push(Cell::text(&version.raw));
                row.extend(std::iter::repeat_with(na).take(9));
            }
            Kind::NotOdoo => row.extend(std::iter::repeat_with(na).take(10)),
        }
        row.push(Cell::Bytes(self.size_bytes));
        row
    }
}

/// expiration_date, expired, totp_policy, totp_policy_enforced, password_policy,
/// enterprise_code.
fn parameter_cells(summary: &Summary) -> [Cell<'_>; 6] {
    if summary.parameters_unreadable {
        let mut cells: [Cell<'_>; 6] = std::array::from_fn(|_| Cell::Absent(Absent::Unknown));
        // Up to 16 the policy is on the companies, not among the parameters.
        cells[4] = password_policy_cell(&summary.password_policy);
        return cells;
    }
    [
        match (summary.expiration_date, summary.expiration_unparsable) {
            (Some(t), _) => Cell::Time(t),
            (None, true) => Cell::Absent(Absent::Unknown),
            (None, false) => Cell::Absent(Absent::Never),
        },
        Cell::or(summary.expired, Absent::NotApplicable),
        Cell::text(summary.totp_policy.as_deref().unwrap_or("off")),
        Cell::Bool(summary.totp_policy_enforced),
        password_policy_cell(&summary.password_policy),
        Cell::Bool(summary.enterprise_code),
    ]
}

/// OCA password_security's policy in words; N/A where the module is not installed.
fn password_policy_cell(policy: &Policy) -> Cell<'static> {
    match policy {
        Policy::None => Cell::Absent(Absent::NotApplicable),
        Policy::Unreadable => Cell::Absent(Absent::Unknown),
        Policy::Set(policy) => Cell::Text(policy.describe().into()),
    }
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let (mut plan, limits) =
        fleet::plan(connector, &settings.selection, &settings.options, console).await?;
    let only = match settings.only_flag {
        true => connector.settings().dbname.clone(),
        false => None,
    };
    if let Some(name) = &only {
        narrow_to(&mut plan, name, connector)?;
    }
    let owners: HashMap<String, String> = plan
        .databases
        .iter()
        .map(|d| (d.name.clone(), d.owner.clone()))
        .collect();
    let owners = &owners;
    let spool = &crate::output::Spool::new(settings.options.window);
    let strictly = only.is_some();
    let task = |session: Session, detected| async move {
        let (kind, size_bytes) = examine(&session, detected).await?;
        let name = session.database().to_string();
        // With -d, a database that is not a usable Odoo is an error, not a row.
        let refusal = strictly.then(|| strict(&name, &kind)).and_then(Result::err);
        if let Kind::Odoo { summary, .. } = &kind {
            notices(console, &name, summary);
        }
        let mut row = spool.queue();
        if settings.all || !matches!(kind, Kind::NotOdoo) {
            let owner = owners.get(&name).cloned().unwrap_or_default();
            let found = Found {
                name,
                owner,
                kind,
                size_bytes,
            };
            row.push(&(), &found)?;
        }
        Ok(Visit::Done((row, refusal)))
    };
    let mut document = output.deferred::<Found>("dbs");
    let ended = fleet::run(
        connector,
        plan,
        schema::Reads::All,
        &limits,
        task,
        |_, (row, refusal)| {
            // Checked before anything is written: an error leaves stdout empty.
            if let Some(refusal) = refusal {
                return Err(refusal);
            }
            document.get()?.replay(row)
        },
    )
    .await?;
    if only.is_some() {
        if let Some(skipped) = ended.skipped.first() {
            return Err(skipped.failure());
        }
    }
    console.details(spool.note());
    document.finish(&ended.skipped, &NoMembers {})?;
    Ok(if ended.skipped.is_empty() {
        Exit::Ok
    } else {
        Exit::Partial
    })
}

/// `dbs -d NAME`: the plan holds that database alone, or the reason it cannot.
fn narrow_to(plan: &mut fleet::Plan, name: &str, connector: &Connector) -> Result<(), Failure> {
    if plan.skipped.iter().any(|s| s.database == name) {
        return Err(fleet::no_connect(connector, name));
    }
    if !plan.databases.iter().any(|d| d.name == name) {
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("database \"{name}\" does not exist on {} (or is a template, or does not match --owner/--dbfilter) — list the databases with 'odoo-access dbs --all'", connector.server()),
        ));
    }
    plan.databases.retain(|d| d.name == name);
    plan.skipped.clear();
    Ok(())
}

/// What the user should know about one Odoo database's parameters.
fn notices(console: &Console, name: &str, summary: &Summary) {
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

async fn examine(session: &Session, detected: Detected) -> Result<(Kind, i64), Failure> {
    Ok(match detected {
        Detected::NotOdoo => (Kind::NotOdoo, databases::size(session).await?),
        Detected::TooOld(v) => (Kind::TooOld(v), databases::size(session).await?),
        Detected::Odoo(schema) => {
            let (summary, size) = tokio::try_join!(
                databases::summary(session, &schema),
                databases::size(session)
            )?;
            let version = schema.version.raw.clone();
            (Kind::Odoo { version, summary }, size)
        }
    })
}

/// With `-d`, a database that is not a usable Odoo is an error, not a row.
fn strict(name: &str, kind: &Kind) -> Result<(), Failure> {
    match kind {
        Kind::NotOdoo => Err(schema::not_odoo(name)),
        Kind::TooOld(version) => Err(schema::too_old(name, version)),
        Kind::Odoo { .. } => Ok(()),
    }
}
