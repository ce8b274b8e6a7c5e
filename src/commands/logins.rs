//! `odoo-access logins`: who logged in recently, from every source there is.

use super::{rows_for, write_rows, Rows, Target};
use crate::cli::LoginsArgs;
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::logins::{self, Login, Source};
use crate::odoo::server_log::LoginLog;
use crate::output::{Absent, Cell, Output};

const COLUMNS: &[&str] = &[
    "database",
    "source",
    "login",
    "ip",
    "successes",
    "failures",
    "first_seen",
    "last_seen",
];

pub async fn run(
    connector: &Connector,
    args: &LoginsArgs,
    target: Target,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let pattern = &args.login.as_deref().map(LoginPattern::new).transpose()?;
    let mut notes = vec![
        "res_users_log: Odoo's daily clean-up keeps only each user's latest login, so counts cover the time since the last clean-up; API calls other than authenticate (execute_kw) are not logged".to_string(),
    ];
    // Every file argument is checked before any work, so a typo costs no database queries.
    for path in &args.odoo_log {
        std::fs::File::open(path).map_err(|e| {
            Failure::usage(format!(
                "cannot read --odoo-log {}: {e} — give a readable Odoo log file",
                path.display()
            ))
        })?;
    }
    // Odoo 19 with several databases logs some logins without one: whose they are.
    let unnamed_owner = args.log_database.clone().or_else(|| {
        let conf = connector.settings().odoo_conf.as_ref()?;
        conf.db_name.clone().filter(|name| !name.contains(','))
    });
    if args.odoo_log.is_empty() {
        notes.push("failed logins are not in the database (except with OCA auth_brute_force): pass Odoo's log with --odoo-log to see them".into());
    }
    for note in &notes {
        console.notice(note);
    }
    let unnamed_owner = &unnamed_owner;
    let (results, skipped) = rows_for(connector, target, &args.fleet.filter, console, |session, schema| async move {
        let database = session.database().to_string();
        let unnamed_are_ours = unnamed_owner.as_deref() == Some(database.as_str());
        let mut logins = logins::from_database(&session, &schema, args.since).await?;
        let mut rows = Rows::default();
        if !args.odoo_log.is_empty() {
            let since = chrono::Utc::now()
                - chrono::Duration::from_std(args.since).unwrap_or(chrono::Duration::MAX);
            let mut log = LoginLog::default();
            for path in &args.odoo_log {
                log.read_file(path, &database, unnamed_are_ours, since).map_err(|e| {
                    Failure::usage(format!(
                        "cannot read --odoo-log {}: {e} — give a readable Odoo log file",
                        path.display()
                    ))
                })?;
            }
            logins.extend(logins::from_server_log(&log));
            if log.unnamed > 0 {
                rows.notices.push(format!(
                    "server log: {} login line(s) in the window name no database (an Odoo 19 server that sees several databases logs them so) and were not counted for \"{database}\" — give --log-database DB to count them for DB",
                    log.unnamed
                ));
            }
            if log.unparsed > 0 {
                rows.notices.push(format!(
                    "server log: {} login line(s) could not be understood and were skipped",
                    log.unparsed
                ));
            }
            for (ip, failures) in log.failures_by_ip() {
                if failures >= args.failures_alert {
                    rows.notices.push(format!(
                        "server log: {failures} failed logins from {ip} in the window (database \"{database}\")"
                    ));
                }
            }
        }
        logins.retain(|r| pattern.as_ref().is_none_or(|p| p.matches(&r.login)));
        logins.sort_by(|a, b| (a.source, &a.login, &a.ip).cmp(&(b.source, &b.login, &b.ip)));
        rows.rows = logins.iter().map(|l| cells(&database, l)).collect();
        Ok(rows)
    })
    .await?;
    notes.extend(results.iter().flat_map(|(_, r)| r.notices.iter().cloned()));
    let mut extra = serde_json::Map::new();
    extra.insert("notes".into(), notes.into());
    write_rows(output, "logins", COLUMNS, results, skipped, console, extra)
}

fn cells(database: &str, row: &Login) -> Vec<Cell> {
    vec![
        Cell::text(database),
        Cell::text(row.source.as_str()),
        Cell::text(&row.login),
        // res_users_log has no IP at all; elsewhere a missing IP is one Odoo did not know.
        Cell::or(
            row.ip.clone(),
            if row.source == Source::ResUsersLog {
                Absent::NotApplicable
            } else {
                Absent::Unknown
            },
        ),
        Cell::Int(row.successes),
        Cell::or(row.failures, Absent::NotApplicable),
        Cell::or(row.first_seen, Absent::Never),
        Cell::or(row.last_seen, Absent::Never),
    ]
}
