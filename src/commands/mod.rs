//! Wiring: validated settings → connection → Odoo concept → renderer. Command files hold no
//! SQL and no formatting.

mod check;
mod dbs;
mod keys;
mod logins;
mod report;
mod revoke;
mod users;

use crate::cli::{Cli, Command, FleetArgs, FleetFilterArgs};
use crate::connect::{ConnectRequest, Connector, Environment, Session, Settings};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::fleet;
use crate::odoo::databases::DbFilter;
use crate::odoo::schema::{self, Detected, Schema};
use crate::output::Output;
use crate::output::Skipped;
use crate::secret::Secret;
use clap::CommandFactory;

pub async fn run(cli: Cli, console: &Console) -> Result<Exit, Failure> {
    let output = Output {
        format: cli.output.format,
        path: cli.output.output.clone(),
    };
    if let Command::Completions { shell } = cli.command {
        clap_complete::generate(
            shell,
            &mut Cli::command(),
            "odoo-access",
            &mut std::io::stdout(),
        );
        return Ok(Exit::Ok);
    }
    let connector = connector(&cli, console)?;
    let result = match cli.command {
        // Answered above, without a connection.
        Command::Completions { .. } => Ok(Exit::Ok),
        Command::Users(ref args) => {
            let target = target(&cli, &connector, &args.fleet, "users")?;
            users::run(&connector, args, target, &output, console).await
        }
        Command::Logins(ref args) => {
            let target = target(&cli, &connector, &args.fleet, "logins")?;
            logins::run(&connector, args, target, &output, console).await
        }
        Command::Check(ref args) => check::run(&connector, args, &output).await,
        Command::Report(ref args) => {
            let target = target(&cli, &connector, &args.fleet, "report")?;
            report::run(&connector, args, target, &output, console).await
        }
        Command::Keys(ref args) => {
            let target = target(&cli, &connector, &args.fleet, "keys")?;
            keys::run(&connector, args, target, &output, console).await
        }
        Command::Revoke(ref args) => {
            let target = target(&cli, &connector, &args.fleet, "revoke")?;
            let connector = connector.with_lock_timeout(args.lock_timeout);
            revoke::run(&connector, args, target, &output, console).await
        }
        Command::Dbs(ref args) => {
            dbs::run(
                &connector,
                args,
                cli.connection.dbname.clone(),
                &output,
                console,
            )
            .await
        }
    };
    // Every session has been dropped by now: let each connection end properly, so the server
    // does not log "unexpected EOF on client connection" for a cron run.
    connector.close().await;
    result
}

/// Resolves the connection settings once, prompts for `-W`, and reports their origins (`-v`).
fn connector(cli: &Cli, console: &Console) -> Result<Connector, Failure> {
    let c = &cli.connection;
    let request = ConnectRequest {
        host: c.host.clone(),
        port: c.port,
        user: c.user.clone(),
        dbname: c.dbname.clone(),
        url: c.url.clone(),
        odoo_conf: c.odoo_conf.clone(),
        sslmode: c.sslmode.clone(),
        connect_timeout: c.connect_timeout,
        statement_timeout: c.statement_timeout,
    };
    let mut settings = Settings::resolve(&request, &Environment::from_process())?;
    if c.password_prompt {
        let prompt = format!("Password for PostgreSQL role {}: ", settings.user);
        let typed = rpassword::prompt_password(prompt).map_err(|e| {
            Failure::usage(format!(
                "-W needs a terminal to ask for the password ({e}) — use PGPASSWORD or ~/.pgpass instead"
            ))
        })?;
        settings.use_prompted_password(Secret::new(typed));
    }
    for notice in &settings.notices {
        console.notice(notice);
    }
    match &settings.odoo_conf {
        Some(conf) => console.detail(&format!("using Odoo config {}", conf.path.display())),
        None => console.detail("no Odoo config file used"),
    }
    for origin in &settings.origins {
        console.detail(origin);
    }
    console.detail(&format!("server {}", settings.server()));
    Connector::new(settings)
}

/// The database a single-database command works on: `-d`, the URL's, `PGDATABASE`, or the
/// Odoo config's `db_name`.
fn target_database(connector: &Connector, command: &str) -> Result<String, Failure> {
    connector.settings().dbname.clone().ok_or_else(|| {
        Failure::usage(format!(
            "{command} needs a database: give -d DB (list them with 'odoo-access dbs')"
        ))
    })
}

/// A read session on an Odoo 14+ database and what its catalog says; exit 66 otherwise.
async fn open_odoo(connector: &Connector, database: &str) -> Result<(Session, Schema), Failure> {
    let (session, detected) = connector
        .read_with(database, |s| Box::pin(schema::detect(s)))
        .await?;
    Ok((session, detected.require(database)?))
}

/// What a command works on: one database, or a fleet.
pub enum Target {
    One(String),
    Fleet(fleet::Selection),
}

/// `--all-dbs` or `--dbfilter` make a fleet; otherwise the one database of `-d` (or the URL,
/// PGDATABASE, the Odoo config's db_name).
fn target(
    cli: &Cli,
    connector: &Connector,
    args: &FleetArgs,
    command: &str,
) -> Result<Target, Failure> {
    if args.all_dbs || args.filter.dbfilter.is_some() {
        if cli.connection.dbname.is_some() {
            return Err(Failure::usage(
                "-d names one database, --all-dbs/--dbfilter many: give one or the other",
            ));
        }
        let filter = args
            .filter
            .dbfilter
            .as_deref()
            .map(|p| DbFilter::new(p, args.filter.web_host.as_deref()))
            .transpose()?;
        Ok(Target::Fleet(fleet::Selection {
            filter,
            owner: None,
        }))
    } else {
        Ok(Target::One(target_database(connector, command)?))
    }
}

/// Runs `task` on each selected database that is an Odoo 14+ database, opened read-only and
/// probed. Results come in database order; databases that fail — no CONNECT, not Odoo, too
/// old, timeout, permission — are returned as skipped, with their reason.
async fn each_odoo<T, F, Fut>(
    connector: &Connector,
    selection: &fleet::Selection,
    args: &FleetFilterArgs,
    console: &Console,
    task: F,
) -> Result<(Vec<(String, T)>, Vec<Skipped>), Failure>
where
    F: Fn(Session, Schema) -> Fut,
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    let listing = fleet::maintenance_session(connector).await?;
    let plan = fleet::select(&listing, connector, selection).await?;
    let limits = dbs::limits(&listing, args, console).await?;
    drop(listing);
    let names = plan.databases.into_iter().map(|d| d.name).collect();
    let task = &task;
    // Ok(Err(reason)): not an Odoo 14+ database, a note rather than a failure.
    let results = fleet::each(names, &limits, |name| async move {
        let (session, detected) = connector
            .read_with(&name, |s| Box::pin(schema::detect(s)))
            .await?;
        match detected {
            Detected::Odoo(schema) => task(session, schema).await.map(Ok),
            other => Ok(Err(other
                .require(&name)
                .err()
                .map(|f| f.message)
                .unwrap_or_default())),
        }
    })
    .await;
    let mut done = Vec::new();
    let mut skipped = plan.skipped;
    for (name, result) in results {
        match result {
            Ok(Ok(value)) => done.push((name, value)),
            Ok(Err(reason)) => skipped.push(Skipped::not_odoo(name, reason)),
            Err(failure) => skipped.push(Skipped::failed(name, failure.message)),
        }
    }
    // A selection without a single Odoo database is a mistake (a typo in a cron line's
    // --dbfilter), not a success.
    if done.is_empty() && !crate::output::partial(&skipped) {
        let which = match &selection.filter {
            Some(filter) => format!("--dbfilter '{}' selects", filter.pattern()),
            None => "the server has".to_string(),
        };
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("{which} no Odoo database ({} other database(s)) — list them with 'odoo-access dbs --all'", skipped.len()),
        ));
    }
    skipped.sort_by(|a, b| a.database.cmp(&b.database));
    Ok((done, skipped))
}

/// The rows one database gave, and what the user should know about it.
#[derive(Default)]
pub struct Rows {
    pub rows: Vec<Vec<crate::output::Cell>>,
    pub notices: Vec<String>,
}

/// Writes the rows of every database in order, then the skipped ones; exit 3 when some
/// database was skipped.
fn write_rows(
    output: &Output,
    command: &'static str,
    columns: &'static [&'static str],
    results: Vec<(String, Rows)>,
    skipped: Vec<Skipped>,
    console: &Console,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Result<Exit, Failure> {
    for (_, rows) in &results {
        for notice in &rows.notices {
            console.notice(notice);
        }
    }
    let mut sink = output.open(command, columns)?;
    for (_, rows) in &results {
        for row in &rows.rows {
            sink.row(row)?;
        }
    }
    sink.finish(&skipped, extra)?;
    Ok(if !crate::output::partial(&skipped) {
        Exit::Ok
    } else {
        Exit::Partial
    })
}

/// Runs `rows_of` on the target: one database (errors are errors), or every database of a
/// fleet (errors are skips).
async fn rows_for<F, Fut>(
    connector: &Connector,
    target: Target,
    fleet: &FleetFilterArgs,
    console: &Console,
    rows_of: F,
) -> Result<(Vec<(String, Rows)>, Vec<Skipped>), Failure>
where
    F: Fn(Session, Schema) -> Fut,
    Fut: std::future::Future<Output = Result<Rows, Failure>>,
{
    match target {
        Target::One(database) => {
            let (session, schema) = open_odoo(connector, &database).await?;
            Ok((
                vec![(database, rows_of(session, schema).await?)],
                Vec::new(),
            ))
        }
        Target::Fleet(selection) => each_odoo(connector, &selection, fleet, console, rows_of).await,
    }
}
