//! `odoo-access lockout`: what every door of a login holds (the preview), the question, then
//! every door closed in one transaction per database, running Odoo servers told, logged.

use super::rails::{
    commit_prepared, interactive, narrowed_by_config, open_audit_log, transaction_id,
};
use super::{open_odoo, Fleet, Target as Aim};
use crate::audit_log::{AuditLog, UserChange};
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::lockout::{self, Closed, Options, Target};
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::revoke;
use crate::odoo::schema::Reads;
use crate::output::{Absent, Cell, Output, Row, Skipped};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Whom `lockout` locks out.
pub enum Who {
    /// The users `--login` matches: every door of theirs.
    Logins(LoginPattern),
    /// `--everyone`: every user's web sessions, by a new database.secret.
    Everyone,
}

/// What `lockout` was asked.
pub struct Settings {
    pub who: Who,
    pub options: Options,
    pub yes: bool,
    pub lock_timeout: Duration,
    pub no_signal: bool,
    pub audit_log: Option<PathBuf>,
    pub fleet: Fleet,
}

/// One user's line: in the preview, what each door holds and what would be done; after the
/// write, what was closed.
pub struct Locked {
    pub login: String,
    pub keys: i64,
    pub devices: i64,
    pub passkeys: i64,
    /// Web sessions seen (18+), as the preview found them.
    pub sessions_seen: Option<i64>,
    /// Every web session made before no longer matches Odoo's token (after the signal).
    pub sessions_ended: bool,
    pub password_reset: bool,
    pub archived: bool,
    /// How running Odoo servers were told; `None` in a preview or with --no-signal.
    pub signal: Option<String>,
}

impl Row for Locked {
    /// The database.
    type Context = str;
    const COLUMNS: &'static [&'static str] = &[
        "database",
        "login",
        "keys_deleted",
        "devices_deleted",
        "passkeys_deleted",
        "sessions_seen",
        "sessions_ended",
        "password_reset",
        "archived",
        "signal",
    ];

    fn cells<'a>(&'a self, database: &'a str) -> Vec<Cell<'a>> {
        vec![
            Cell::text(database),
            Cell::text(&self.login),
            Cell::Int(self.keys),
            Cell::Int(self.devices),
            Cell::Int(self.passkeys),
            Cell::or(self.sessions_seen, Absent::NotApplicable),
            Cell::Bool(self.sessions_ended),
            Cell::Bool(self.password_reset),
            Cell::Bool(self.archived),
            Cell::or(self.signal.as_deref(), Absent::NotApplicable),
        ]
    }
}

#[derive(serde::Serialize)]
struct Members {
    /// Nothing was changed: a preview.
    dry_run: bool,
    locked_out: usize,
}

/// One database's preview.
struct Previewed {
    database: String,
    plan: Plan,
}

enum Plan {
    Users(Vec<Target>),
    /// `--everyone`: the version of database.secret, and the sessions seen (18+).
    Everyone {
        version: i64,
        sessions: Option<i64>,
    },
}

impl Previewed {
    /// The rows that say what the write would do.
    fn rows(&self, options: Options) -> Vec<Locked> {
        match &self.plan {
            Plan::Users(targets) => targets.iter().map(|t| would(t, options)).collect(),
            Plan::Everyone { sessions, .. } => vec![everyone(*sessions, None)],
        }
    }
}

/// `--everyone`'s row: no door of a user is touched, every session ends.
fn everyone(sessions: Option<i64>, signal: Option<String>) -> Locked {
    Locked {
        login: "*".to_string(),
        keys: 0,
        devices: 0,
        passkeys: 0,
        sessions_seen: sessions,
        sessions_ended: true,
        password_reset: false,
        archived: false,
        signal,
    }
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let mut log = open_audit_log(connector, settings.audit_log.as_deref(), console).await?;
    let (previews, mut skipped) = preview(connector, settings, console).await?;
    let options = settings.options;
    let shown: Vec<(String, Locked)> = previews
        .iter()
        .flat_map(|p| p.rows(options).into_iter().map(|r| (p.database.clone(), r)))
        .collect();
    let users = shown.len();
    if users == 0 {
        return Err(Failure::new(
            Exit::NoDatabase,
            "no user's login matches --login in the selected database(s); nothing was changed — list them with 'odoo-access users'",
        ));
    }
    if options.keep_password && !options.archive {
        console.notice("--keep-password: the password stays a way in (the web and, without 2FA, RPC), and web sessions stay valid: every other input of Odoo's session token is the user's identity — run it again without --keep-password, or with --archive, to end them");
    }
    if matches!(settings.who, Who::Everyone) {
        console.notice("--everyone: a new database.secret ends every web session of every user, and with it every link Odoo signed with the secret (docs/ODOO.md, \"Web sessions\")");
    }
    if !settings.yes && !confirm(&shown, previews.len())? {
        write(output, &shown, &skipped, true)?;
        console.notice(&format!(
            "nothing changed: this was a preview of {users} user(s) — add --yes to lock them out"
        ));
        return Ok(Exit::Negative);
    }
    let mut done = Vec::new();
    for preview in previews {
        let database = preview.database.clone();
        match close_in(connector, settings, preview, log.as_mut(), console).await {
            Ok(rows) => done.extend(rows.into_iter().map(|row| (database.clone(), row))),
            Err(failure) if settings.fleet.selection.is_some() => {
                skipped.push(Skipped::failed(database, failure))
            }
            Err(failure) => return Err(failure),
        }
    }
    write(output, &done, &skipped, false)?;
    Ok(match crate::output::partial(&skipped) {
        true => Exit::Partial,
        false => Exit::Ok,
    })
}

/// The previews of the target database(s); in a fleet, a database that cannot be read is
/// skipped, and one without a matching user says nothing.
async fn preview(
    connector: &Connector,
    settings: &Settings,
    console: &Console,
) -> Result<(Vec<Previewed>, Vec<Skipped>), Failure> {
    let task = |session: crate::connect::Session, schema| async move {
        let plan = match &settings.who {
            Who::Logins(pattern) => {
                Plan::Users(lockout::preview(&session, &schema, pattern, settings.options).await?)
            }
            Who::Everyone => Plan::Everyone {
                version: lockout::secret_version(&session).await?,
                sessions: lockout::all_sessions(&session, &schema).await?,
            },
        };
        Ok(Previewed {
            database: session.database().to_string(),
            plan,
        })
    };
    match settings.fleet.target(connector, "lockout")? {
        Aim::One(database) => {
            let (session, schema) = open_odoo(connector, &database, Reads::All).await?;
            Ok((vec![task(session, schema).await?], Vec::new()))
        }
        Aim::Fleet(_) => {
            let mut previews = Vec::new();
            let ended = settings
                .fleet
                .each_odoo(connector, "lockout", Reads::All, console, task, |_, p| {
                    if !matches!(&p.plan, Plan::Users(targets) if targets.is_empty()) {
                        previews.push(p);
                    }
                    Ok(())
                })
                .await?;
            Ok((previews, ended.skipped))
        }
    }
}

/// What the write would do to `target`.
fn would(target: &Target, options: Options) -> Locked {
    let password_reset = !options.keep_password;
    let archived = options.archive && target.active;
    Locked {
        login: target.login.clone(),
        keys: target.doors.keys,
        devices: target.doors.devices,
        passkeys: target.doors.passkeys,
        sessions_seen: target.doors.sessions_seen,
        sessions_ended: password_reset || archived || target.doors.passkeys > 0,
        password_reset,
        archived,
        signal: None,
    }
}

/// On a terminal, the preview and the question; without one, no.
fn confirm(shown: &[(String, Locked)], databases: usize) -> Result<bool, Failure> {
    if !interactive() {
        return Ok(false);
    }
    let mut table = crate::output::table_on_stderr::<Locked>();
    for (database, row) in shown {
        table.row(database, row)?;
    }
    table.finish(&[], &crate::output::NoMembers {})?;
    super::rails::question(&format!(
        "{} of {databases} database(s)?",
        match shown.first().is_some_and(|(_, r)| r.login == "*") {
            true => "End every web session of every user".to_string(),
            false => format!(
                "Lock out these {} user(s) — delete their keys, trusted browsers and passkeys{} —",
                shown.len(),
                match shown.first().is_some_and(|(_, r)| r.password_reset) {
                    true => ", give them a password nobody knows",
                    false => "",
                }
            ),
        }
    ))
}

/// One database: its own write transaction (the audit log ahead of the commit), then the
/// signal.
async fn close_in(
    connector: &Connector,
    settings: &Settings,
    preview: Previewed,
    log: Option<&mut AuditLog>,
    console: &Console,
) -> Result<Vec<Locked>, Failure> {
    let (session, schema) = open_odoo(connector, &preview.database, Reads::All).await?;
    let session = session.into_write(settings.lock_timeout).await?;
    let options = settings.options;
    let (changes, closed): (Vec<UserChange>, HashMap<i32, Closed>) = match &preview.plan {
        Plan::Users(targets) => {
            let closed = lockout::close(&session, &schema, targets, options).await?;
            let changes = targets
                .iter()
                .map(|t| {
                    let c = closed.get(&t.id).cloned().unwrap_or_default();
                    UserChange {
                        user_id: t.id,
                        login: &t.login,
                        keys_deleted: c.keys,
                        devices_deleted: c.devices,
                        passkeys_deleted: c.passkeys,
                        password_reset: c.password_reset,
                        archived: c.archived,
                        database_secret: false,
                    }
                })
                .collect();
            (changes, closed)
        }
        Plan::Everyone { version, .. } => {
            lockout::new_secret(&session, *version).await?;
            let change = UserChange {
                user_id: 0,
                login: "*",
                keys_deleted: 0,
                devices_deleted: 0,
                passkeys_deleted: 0,
                password_reset: false,
                archived: false,
                database_secret: true,
            };
            (vec![change], HashMap::new())
        }
    };
    match log {
        Some(log) => {
            let xid = transaction_id(&session).await?;
            let role = &connector.settings().user;
            let prepared = AuditLog::prepare_lockout(session.database(), &xid, role, &changes)?;
            commit_prepared(&session, log, &prepared, |_, _| true).await?;
        }
        None => session.commit().await?,
    }
    let signal = match settings.no_signal {
        true => {
            console.notice("--no-signal: running Odoo workers keep their cached keys and session tokens until they restart");
            None
        }
        false => Some(revoke::signal(&session, &schema).await?),
    };
    // 17 and 18 serving several databases accept a cached key once more per worker.
    let keys_deleted = closed.values().any(|c| c.keys > 0);
    if signal.is_some() && keys_deleted {
        let narrowed = narrowed_by_config(connector);
        if let Some(notice) = revoke::window_notice(&session, &schema, narrowed).await? {
            console.notice(&notice);
        }
    }
    Ok(match preview.plan {
        Plan::Users(targets) => targets
            .iter()
            .map(|t| {
                let c: Closed = closed.get(&t.id).cloned().unwrap_or_default();
                Locked {
                    login: t.login.clone(),
                    keys: c.keys,
                    devices: c.devices,
                    passkeys: c.passkeys,
                    sessions_seen: t.doors.sessions_seen,
                    sessions_ended: signal.is_some()
                        && (c.password_reset || c.archived || c.passkeys > 0),
                    password_reset: c.password_reset,
                    archived: c.archived,
                    signal: signal.clone(),
                }
            })
            .collect(),
        Plan::Everyone { sessions, .. } => {
            let mut row = everyone(sessions, signal.clone());
            row.sessions_ended = signal.is_some();
            vec![row]
        }
    })
}

fn write(
    output: &Output,
    rows: &[(String, Locked)],
    skipped: &[Skipped],
    dry_run: bool,
) -> Result<(), Failure> {
    let mut document = output.open::<Locked>("lockout")?;
    for (database, row) in rows {
        document.row(database, row)?;
    }
    let members = Members {
        dry_run,
        locked_out: match dry_run {
            true => 0,
            false => rows.len(),
        },
    };
    document.finish(skipped, &members)
}
