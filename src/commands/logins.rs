//! `odoo-access logins`: who logged in recently, from every source there is.

use super::Fleet;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::logins::{self, Login, Source};
use crate::odoo::schema::{Reads, Schema};
use crate::odoo::server_log::LoginLog;
use crate::output::{Absent, Cell, Output, Row};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What `logins` was asked.
pub struct Settings {
    pub since: Duration,
    /// Checked readable already.
    pub odoo_log: Vec<PathBuf>,
    pub log_database: Option<String>,
    pub login: Option<LoginPattern>,
    pub failures_alert: i64,
    pub fleet: Fleet,
}

/// The one-line error for a log file that cannot be read.
/// Checked before any work, so a typo costs no database queries. Without waiting: a FIFO
/// opened to read blocks until somebody writes to it, and that wait belongs to the command,
/// which an interrupt can end (src/interrupt.rs), not to the checking of arguments.
pub fn check_readable(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map(drop)
        .map_err(|e| unreadable_log(path, &e))
}

pub fn unreadable_log(path: &Path, e: &std::io::Error) -> Failure {
    Failure::usage(format!(
        "cannot read --odoo-log {}: {e} — give a readable Odoo log file",
        path.display()
    ))
}

impl Row for Login {
    /// The database.
    type Context = str;
    const COLUMNS: &'static [&'static str] = &[
        "database",
        "source",
        "login",
        "ip",
        "successes",
        "failures",
        "first_seen",
        "last_seen",
    ];

    fn cells<'a>(&'a self, database: &'a str) -> Vec<Cell<'a>> {
        vec![
            Cell::text(database),
            Cell::text(self.source.as_str()),
            Cell::text(&self.login),
            // res_users_log has no IP at all; elsewhere a missing IP is one Odoo did not know.
            Cell::or(
                self.ip.clone(),
                if self.source == Source::ResUsersLog {
                    Absent::NotApplicable
                } else {
                    Absent::Unknown
                },
            ),
            Cell::Int(self.successes),
            Cell::or(self.failures, Absent::NotApplicable),
            Cell::or(self.first_seen, Absent::Never),
            Cell::or(self.last_seen, Absent::Never),
        ]
    }
}

/// The envelope's members: what the counts cover and what could not be counted.
#[derive(serde::Serialize)]
struct Members {
    notes: Vec<String>,
}

/// One database's logins, and what the user should know about them.
struct Found {
    logins: Vec<Login>,
    notices: Vec<String>,
    /// A log was cut short: the counts are partial (exit 3).
    partial: bool,
}

/// The notice of a gzip log that ends inside its compressed data.
pub fn cut_short_notice(path: &Path, bytes: u64) -> String {
    format!(
        "server log: {} ends inside its gzip data after {bytes} bytes of log (cut short, or still being written): the counts cover only the lines before, so the run is partial",
        path.display()
    )
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let mut notes = vec![
        "res_users_log: Odoo's daily clean-up keeps only each user's latest login, so counts cover the time since the last clean-up; API calls other than authenticate (execute_kw) are not logged".to_string(),
    ];
    if settings.odoo_log.is_empty() {
        notes.push("failed logins are not in the database (except with OCA auth_brute_force): pass Odoo's log with --odoo-log to see them".into());
    }
    console.notices(&notes);
    // Odoo 19 with several databases logs some logins without one: whose they are.
    let unnamed_owner = settings.log_database.clone().or_else(|| {
        let conf = connector.settings().odoo_conf.as_ref()?;
        conf.db_name.clone().filter(|name| !name.contains(','))
    });
    let unnamed_owner = unnamed_owner.as_deref();
    let spool = &settings.fleet.spool();
    let task = |session: Session, schema: Schema| async move {
        let found = of_database(&session, &schema, settings, unnamed_owner).await?;
        let database = session.database();
        let mut rows = spool.queue();
        for login in &found.logins {
            rows.push(database, login)?;
        }
        Ok((rows, found.notices, found.partial))
    };
    let mut partial = false;
    let mut document = output.deferred::<Login>("logins");
    let ended = settings
        .fleet
        .each_odoo(
            connector,
            "logins",
            Reads::All,
            console,
            task,
            |_, (rows, notices, cut_short)| {
                partial |= cut_short;
                console.notices(&notices);
                notes.extend(notices);
                document.get()?.replay(rows)
            },
        )
        .await?;
    console.details(spool.note());
    document.finish(&ended.skipped, &Members { notes })?;
    Ok(match partial {
        true => Exit::Partial,
        false => ended.exit(),
    })
}

/// The logins of one database: its tables, then the server log's lines that are its own.
async fn of_database(
    session: &Session,
    schema: &Schema,
    settings: &Settings,
    unnamed_owner: Option<&str>,
) -> Result<Found, Failure> {
    let database = session.database().to_string();
    let mut logins = logins::from_database(session, schema, settings.since).await?;
    let mut notices = Vec::new();
    let mut partial = false;
    if !settings.odoo_log.is_empty() {
        let since = chrono::Utc::now() - crate::duration::span(settings.since);
        let mut log = LoginLog::default();
        let unnamed_are_ours = unnamed_owner == Some(database.as_str());
        for path in &settings.odoo_log {
            log.read_file(path, &database, unnamed_are_ours, since)
                .map_err(|e| unreadable_log(path, &e))?;
        }
        logins.extend(logins::from_server_log(&log));
        for (path, bytes) in &log.truncated {
            notices.push(cut_short_notice(path, *bytes));
            partial = true;
        }
        if log.unnamed > 0 {
            notices.push(format!(
                "server log: {} login line(s) in the window name no database (an Odoo 19 server that sees several databases logs them so) and were not counted for \"{database}\" — give --log-database DB to count them for DB",
                log.unnamed
            ));
        }
        if log.unparsed > 0 {
            notices.push(format!(
                "server log: {} login line(s) could not be understood and were skipped",
                log.unparsed
            ));
        }
        for (ip, failures) in log.failures_by_ip() {
            if failures >= settings.failures_alert {
                notices.push(format!(
                    "server log: {failures} failed logins from {ip} in the window (database \"{database}\")"
                ));
            }
        }
    }
    logins.retain(|r| settings.login.as_ref().is_none_or(|p| p.matches(&r.login)));
    logins.sort_by(|a, b| (a.source, &a.login, &a.ip).cmp(&(b.source, &b.login, &b.ip)));
    Ok(Found {
        logins,
        notices,
        partial,
    })
}
