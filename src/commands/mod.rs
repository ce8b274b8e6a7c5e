//! Wiring: validated settings → connection → Odoo concept → renderer. Command files hold no
//! SQL and no formatting.

pub mod check;
pub mod dbs;
pub mod expire;
pub mod keys;
pub mod lockout;
pub mod logins;
pub mod mint;
mod rails;
pub mod report;
pub mod revoke;
pub mod rotate;
pub mod rpc_usage;
pub mod signal;
pub mod users;

use crate::connect::{ConnectRequest, Connector, Environment, Session, Settings};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::fleet::{self, Ended};
use crate::odoo::schema::{self, Reads, Schema};
use crate::output::Output;
use crate::secret::Secret;

/// The role scripts whose roles may write for each write command: named in the fix of a
/// refused write.
const REVOKE_ROLE: &str = "revoke-role.sql";
const LIFECYCLE_ROLE: &str = "lifecycle-role.sql";

/// One run of odoo-access, resolved from the command line (src/resolve.rs).
pub struct Invocation {
    pub connection: ConnectRequest,
    /// `-W`: ask for the PostgreSQL password.
    pub password_prompt: bool,
    pub output: Output,
    pub task: Task,
}

/// The command and its settings.
pub enum Task {
    Dbs(dbs::Settings),
    Users(users::Settings),
    Logins(logins::Settings),
    Keys(keys::Settings),
    Lockout(lockout::Settings),
    Revoke(revoke::Settings),
    Mint(mint::Settings),
    Expire(expire::Settings),
    Rotate(rotate::Settings),
    RpcUsage(rpc_usage::Settings),
    Signal(signal::Settings),
    Check(check::Settings),
    Report(report::Settings),
}

/// One database (`-d`, the URL, PGDATABASE, the Odoo config's db_name) or a fleet.
pub struct Fleet {
    /// `--all-dbs` / `--dbfilter`: these databases; `None`: the one database.
    pub selection: Option<fleet::Selection>,
    pub options: fleet::Options,
}

pub async fn run(invocation: Invocation, console: &Console) -> Result<Exit, Failure> {
    if let Task::Report(settings) = &invocation.task {
        if settings.list_checks {
            return report::list_checks(&invocation.output);
        }
    }
    let connector = connector(&invocation, console)?;
    let output = &invocation.output;
    let result = match &invocation.task {
        Task::Dbs(settings) => dbs::run(&connector, settings, output, console).await,
        Task::Users(settings) => users::run(&connector, settings, output, console).await,
        Task::Logins(settings) => logins::run(&connector, settings, output, console).await,
        Task::Keys(settings) => keys::run(&connector, settings, output, console).await,
        Task::Lockout(settings) => {
            // It writes res_users: only the owner (or a superuser where the owner is one) may.
            let connector = connector.for_writing(settings.lock_timeout, "");
            lockout::run(&connector, settings, output, console).await
        }
        Task::Revoke(settings) => {
            let connector = connector.for_writing(settings.lock_timeout, REVOKE_ROLE);
            revoke::run(&connector, settings, output, console).await
        }
        Task::Mint(settings) => {
            let connector = connector.for_writing(settings.lock_timeout, LIFECYCLE_ROLE);
            mint::run(&connector, settings, output, console).await
        }
        Task::Expire(settings) => {
            let connector = connector.for_writing(settings.lock_timeout, LIFECYCLE_ROLE);
            expire::run(&connector, settings, output, console).await
        }
        Task::RpcUsage(settings) => rpc_usage::run(settings, output, console),
        Task::Rotate(settings) => {
            let connector = connector.for_writing(settings.lock_timeout, LIFECYCLE_ROLE);
            rotate::run(&connector, settings, output, console).await
        }
        Task::Signal(settings) => {
            // The signal writes: a standby refuses it, and a lock wait is bounded.
            let connector = connector.for_writing(std::time::Duration::from_secs(5), REVOKE_ROLE);
            signal::run(&connector, settings, output, console).await
        }
        Task::Check(settings) => check::run(&connector, settings, output).await,
        Task::Report(settings) => report::run(&connector, settings, output, console).await,
    };
    // Every session has been dropped by now: let each connection end properly, so the server
    // does not log "unexpected EOF on client connection" for a cron run.
    connector.close().await;
    result
}

/// Resolves the connection settings once, prompts for `-W`, and reports their origins (`-v`).
fn connector(invocation: &Invocation, console: &Console) -> Result<Connector, Failure> {
    let mut settings = Settings::resolve(&invocation.connection, &Environment::from_process())?;
    if invocation.password_prompt {
        let prompt = format!("Password for PostgreSQL role {}: ", settings.user);
        let typed = match rpassword::prompt_password(prompt) {
            Ok(typed) => typed,
            // No terminal: as psql, the first line of standard input (`check` then reads
            // the credential from the rest).
            Err(_) => password_from_stdin()?,
        };
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
    console.detail(&format!("server {}", settings.server_list()));
    Connector::new(settings)
}

/// `-W` without a terminal: one line of standard input, its line end removed.
fn password_from_stdin() -> Result<String, Failure> {
    let mut line = zeroize::Zeroizing::new(String::new());
    let read = std::io::stdin().read_line(&mut line).map_err(|e| {
        Failure::usage(format!(
            "-W cannot read the password from standard input: {e}"
        ))
    })?;
    if read == 0 {
        return Err(Failure::usage(
            "-W found no terminal and nothing on standard input — pipe the password in, or use PGPASSWORD or ~/.pgpass",
        ));
    }
    let end = line.trim_end_matches(['\n', '\r']).len();
    Ok(line[..end].to_string())
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

/// A read session on an Odoo 14+ database and what its catalog says of the tables the
/// command `reads`; exit 66 otherwise.
async fn open_odoo(
    connector: &Connector,
    database: &str,
    reads: Reads,
) -> Result<(Session, Schema), Failure> {
    let (session, detected) = connector
        .read_with(database, |s| Box::pin(schema::detect(s, reads)))
        .await?;
    Ok((session, detected.require(database)?))
}

/// What a command works on: one database, or a fleet.
pub enum Target {
    One(String),
    Fleet(fleet::Selection),
}

impl Fleet {
    /// The fleet of `--all-dbs`/`--dbfilter`, or the one database the connection names.
    fn target(&self, connector: &Connector, command: &str) -> Result<Target, Failure> {
        match &self.selection {
            Some(selection) => Ok(Target::Fleet(selection.clone())),
            None => Ok(Target::One(target_database(connector, command)?)),
        }
    }

    /// Runs `task` on the target — one database (its errors are errors, and anything but an
    /// Odoo 14+ database is exit 66), or every Odoo database of the fleet (errors are skips) —
    /// and hands each result to `ready`, in database order. `reads`: the tables it reads.
    async fn each_odoo<T, F, Fut>(
        &self,
        connector: &Connector,
        command: &str,
        reads: Reads,
        console: &Console,
        task: F,
        mut ready: impl FnMut(&str, T) -> Result<(), Failure>,
    ) -> Result<Ended, Failure>
    where
        F: Fn(Session, Schema) -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        match self.target(connector, command)? {
            Target::One(database) => {
                let (session, schema) = open_odoo(connector, &database, reads).await?;
                let done = task(session, schema).await?;
                ready(&database, done)?;
                Ok(Ended {
                    done: 1,
                    skipped: Vec::new(),
                })
            }
            Target::Fleet(selection) => {
                fleet::run_odoo(
                    connector,
                    &selection,
                    reads,
                    &self.options,
                    console,
                    task,
                    ready,
                )
                .await
            }
        }
    }

    /// The queues of waiting rows for this run (see [`crate::output::Spool`]).
    fn spool(&self) -> crate::output::Spool {
        crate::output::Spool::new(self.options.window)
    }
}
