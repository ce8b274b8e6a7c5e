//! The command line, resolved once into validated settings (ripgrep's "high-level arguments"):
//! durations become thresholds, patterns become matchers, `report`'s thresholds take their
//! config-file precedence, and every mistake that needs no server is refused here, before a
//! connection is opened. Only this file and `cli.rs` know the shape of the flags.

use crate::audit::baseline::Baseline;
use crate::audit::config::ReportConfig;
use crate::audit::waivers::Waivers;
use crate::audit::Thresholds;
use crate::cli::{
    CheckArgs, Cli, Command, DbsArgs, ExpireArgs, FleetArgs, FleetFilterArgs, KeyFilterArgs,
    KeySource, KeysArgs, LoginsArgs, MintArgs, ReportArgs, RevokeArgs, RotateArgs, UsersArgs,
};
use crate::commands::{self, Invocation, Task};
use crate::connect::ConnectRequest;
use crate::duration::span;
use crate::error::Failure;
use crate::fleet;
use crate::odoo::databases::DbFilter;
use crate::odoo::keys::{self, Status};
use crate::odoo::lifecycle;
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::users::{self, Kind};
use crate::output::Output;

/// What `main` runs: the settings of one invocation, or nothing to connect for.
pub fn resolve(cli: Cli) -> Result<Invocation, Failure> {
    let c = cli.connection;
    let dbname_flag = c.dbname.is_some();
    let connection = ConnectRequest {
        host: c.host,
        port: c.port,
        user: c.user,
        dbname: c.dbname,
        url: c.url,
        odoo_conf: c.odoo_conf,
        sslmode: c.sslmode,
        channel_binding: c.channel_binding,
        connect_timeout: c.connect_timeout,
        statement_timeout: c.statement_timeout,
    };
    let output = Output {
        format: cli.output.format,
        path: cli.output.output,
    };
    let fleet = |args: &FleetArgs| many(args, dbname_flag);
    let task = match cli.command {
        Command::Dbs(args) => Task::Dbs(dbs(&args, dbname_flag)?),
        Command::Users(args) => Task::Users(users(&args, fleet(&args.fleet)?)?),
        Command::Logins(args) if args.rpc_usage => {
            Task::RpcUsage(rpc_usage(args, &connection.dbname)?)
        }
        Command::Logins(args) => {
            let fleet = fleet(&args.fleet)?;
            Task::Logins(logins(args, fleet)?)
        }
        Command::Keys(args) => Task::Keys(keys(&args, fleet(&args.fleet)?)?),
        Command::Lockout(args) => {
            let fleet = fleet(&args.fleet)?;
            Task::Lockout(commands::lockout::Settings {
                who: match &args.login {
                    Some(login) => commands::lockout::Who::Logins(LoginPattern::new(login)?),
                    None => commands::lockout::Who::Everyone,
                },
                options: crate::odoo::lockout::Options {
                    keep_password: args.keep_password,
                    archive: args.archive,
                    force: args.force,
                },
                yes: args.yes,
                lock_timeout: args.lock_timeout,
                no_signal: args.no_signal,
                audit_log: args.audit_log,
                fleet,
            })
        }
        Command::Revoke(args) => {
            let fleet = fleet(&args.fleet)?;
            Task::Revoke(revoke(args, fleet)?)
        }
        Command::Mint(args) => Task::Mint(mint(args, &output)?),
        Command::Expire(args) => Task::Expire(expire(args)?),
        Command::Rotate(args) => Task::Rotate(rotate(args, &output)?),
        Command::Signal(args) => Task::Signal(commands::signal::Settings {
            fleet: fleet(&args.fleet)?,
        }),
        Command::Check(args) => Task::Check(check(args)),
        Command::Report(args) => Task::Report(report(&args, fleet(&args.fleet)?)?),
        // main answers it before resolving: it needs clap itself.
        Command::Completions { .. } => {
            return Err(Failure::usage("completions are printed without resolving"))
        }
    };
    use crate::output::Format;
    if matches!(
        output.format,
        Format::Prometheus | Format::Jsonl | Format::Html
    ) && !matches!(task, Task::Report(_))
    {
        return Err(Failure::usage(format!(
            "--format {} is for report (its metrics, finding lines and audit page); the other commands write table, csv or json",
            output.format.as_str()
        )));
    }
    Ok(Invocation {
        connection,
        password_prompt: c.password_prompt,
        output,
        task,
    })
}

/// `--all-dbs` or `--dbfilter` make a fleet, which `-d` contradicts.
fn many(args: &FleetArgs, dbname_flag: bool) -> Result<commands::Fleet, Failure> {
    let selection = if args.all_dbs || args.filter.dbfilter.is_some() {
        if dbname_flag {
            return Err(Failure::usage(
                "-d names one database, --all-dbs/--dbfilter many: give one or the other",
            ));
        }
        Some(fleet::Selection {
            filter: db_filter(&args.filter)?,
            owner: None,
        })
    } else {
        None
    };
    Ok(commands::Fleet {
        selection,
        options: options(&args.filter)?,
    })
}

fn db_filter(args: &FleetFilterArgs) -> Result<Option<DbFilter>, Failure> {
    args.dbfilter
        .as_deref()
        .map(|pattern| DbFilter::new(pattern, args.web_host.as_deref()))
        .transpose()
}

fn options(args: &FleetFilterArgs) -> Result<fleet::Options, Failure> {
    // A setting for tests and benchmarks, not a flag: the window is no knob a user needs.
    let window = match std::env::var("ODOO_ACCESS_FLEET_WINDOW") {
        Err(_) => crate::output::DEFAULT_WINDOW,
        Ok(text) => text.parse().map_err(|_| {
            Failure::usage(format!(
                "ODOO_ACCESS_FLEET_WINDOW '{text}' is not a number of bytes — fix or unset it"
            ))
        })?,
    };
    Ok(fleet::Options {
        jobs: args.jobs.map(usize::from),
        per_database: args.db_timeout,
        window,
    })
}

fn dbs(args: &DbsArgs, dbname_flag: bool) -> Result<commands::dbs::Settings, Failure> {
    Ok(commands::dbs::Settings {
        selection: fleet::Selection {
            filter: db_filter(&args.fleet)?,
            owner: args.owner.clone(),
        },
        options: options(&args.fleet)?,
        all: args.all,
        only_flag: dbname_flag,
    })
}

fn login(pattern: Option<&str>) -> Result<Option<LoginPattern>, Failure> {
    pattern.map(LoginPattern::new).transpose()
}

fn users(args: &UsersArgs, fleet: commands::Fleet) -> Result<commands::users::Settings, Failure> {
    Ok(commands::users::Settings {
        filter: users::Filter {
            login: login(args.login.as_deref())?,
            kind: match (args.internal, args.portal) {
                (true, _) => Some(Kind::Internal),
                (_, true) => Some(Kind::Portal),
                _ => None,
            },
            inactive: args.inactive,
            no_totp: args.no_totp,
            admins: args.admins,
            stale: args.stale.map(span),
        },
        fleet,
    })
}

fn logins(args: LoginsArgs, fleet: commands::Fleet) -> Result<commands::logins::Settings, Failure> {
    // Every file argument is checked before any work, so a typo costs no database queries.
    for path in &args.odoo_log {
        commands::logins::check_readable(path)?;
    }
    Ok(commands::logins::Settings {
        since: args.since,
        odoo_log: args.odoo_log,
        log_database: args.log_database,
        login: login(args.login.as_deref())?,
        failures_alert: args.failures_alert,
        fleet,
    })
}

fn rpc_usage(
    args: LoginsArgs,
    dbname: &Option<String>,
) -> Result<commands::rpc_usage::Settings, Failure> {
    for path in &args.odoo_log {
        commands::logins::check_readable(path)?;
    }
    Ok(commands::rpc_usage::Settings {
        since: args.since,
        odoo_log: args.odoo_log,
        database: dbname.clone(),
        filter: db_filter(&args.fleet.filter)?,
    })
}

/// The key filters shared by `keys` and `revoke`; `ids` are revoke's `--id`.
fn key_filter(args: &KeyFilterArgs, ids: &[i32]) -> Result<keys::Filter, Failure> {
    let mut statuses = args.status.clone();
    if args.expired && !statuses.contains(&Status::Expired) {
        statuses.push(Status::Expired);
    }
    Ok(keys::Filter {
        login: login(args.login.as_deref())?,
        statuses,
        expiring_within: args.expiring_within.map(span),
        older_than: args.older_than.map(span),
        persistent: args.persistent,
        scope: args
            .scope
            .as_ref()
            .map(|s| (s != "global").then(|| s.clone())),
        ids: (!ids.is_empty()).then(|| ids.to_vec()),
    })
}

fn key_selection(args: &KeyFilterArgs, devices: bool) -> keys::Selection {
    keys::Selection {
        odoo: args.source != Some(KeySource::Oca),
        oca: args.source != Some(KeySource::Odoo),
        devices,
    }
}

fn keys(args: &KeysArgs, fleet: commands::Fleet) -> Result<commands::keys::Settings, Failure> {
    Ok(commands::keys::Settings {
        filter: key_filter(&args.filter, &[])?,
        selection: key_selection(&args.filter, args.devices),
        fleet,
    })
}

fn mint(args: MintArgs, output: &Output) -> Result<commands::mint::Settings, Failure> {
    refuse_output_file(output, "mint")?;
    if args.name.trim().is_empty() {
        return Err(Failure::usage(
            "--name is what Odoo shows for the key: give a description",
        ));
    }
    let lifetime = match (args.expires, args.persistent) {
        (Some(d), _) if d.is_zero() => {
            return Err(Failure::usage("--expires needs a duration above zero"))
        }
        (Some(d), _) => Some(lifecycle::Lifetime::For(d)),
        (None, true) => Some(lifecycle::Lifetime::Persistent),
        (None, false) => None,
    };
    Ok(commands::mint::Settings {
        login: args.login,
        name: args.name,
        // `global`, as `keys --scope` reads it: no scope (every scope), not the text 'global'.
        scope: args.scope.filter(|s| s != "global"),
        lifetime,
        key_file: args.key_file,
        allow_portal: args.allow_portal,
        beyond_policy: args.beyond_policy,
        lock_timeout: args.lock_timeout,
        audit_log: args.audit_log,
    })
}

fn rotate(args: RotateArgs, output: &Output) -> Result<commands::rotate::Settings, Failure> {
    refuse_output_file(output, "rotate")?;
    if args.plan.is_some() && args.overlap.is_zero() {
        return Err(Failure::usage(
            "--overlap 0 revokes the old key at once: --plan is for revoking it later",
        ));
    }
    Ok(commands::rotate::Settings {
        id: args.id,
        overlap: args.overlap,
        expires: args.expires,
        plan: args.plan,
        key_file: args.key_file,
        lock_timeout: args.lock_timeout,
        audit_log: args.audit_log,
    })
}

/// A new key is shown on stdout or in --key-file: --output would leave it in a file with the
/// permissions of a report, which are not a secret's.
fn refuse_output_file(output: &Output, command: &str) -> Result<(), Failure> {
    if output
        .path
        .as_deref()
        .is_some_and(|p| p != std::path::Path::new("-"))
    {
        return Err(Failure::usage(format!(
            "{command} writes the key to stdout or to --key-file FILE (mode 0600), not to --output"
        )));
    }
    Ok(())
}

fn expire(args: ExpireArgs) -> Result<commands::expire::Settings, Failure> {
    let filter = key_filter(&args.filter, &args.ids)?;
    if filter.is_empty() && !args.all_keys {
        return Err(Failure::usage(
            "expire needs a filter (--persistent, --login, --id, --older-than, ...) — or --all-keys for every key of the database",
        ));
    }
    if args.within.is_zero() {
        return Err(Failure::usage(
            "--in 0 ends the keys now: use 'odoo-access revoke' to end them at once",
        ));
    }
    Ok(commands::expire::Settings {
        filter,
        within: args.within,
        yes: args.yes,
        lock_timeout: args.lock_timeout,
        audit_log: args.audit_log,
    })
}

fn revoke(args: RevokeArgs, fleet: commands::Fleet) -> Result<commands::revoke::Settings, Failure> {
    let filter = key_filter(&args.filter, &args.ids)?;
    if args.apply.is_some() && !filter.is_empty() {
        return Err(Failure::usage(
            "--apply deletes exactly the keys of its plan: give no other filter with it",
        ));
    }
    if args.apply.is_none() && filter.is_empty() && !args.all_keys {
        return Err(Failure::usage(
            "revoke needs a filter (--login, --status, --id, --older-than, ...) — or --all-keys to revoke every key of the database",
        ));
    }
    if fleet.selection.is_some() && (args.plan.is_some() || args.apply.is_some()) {
        return Err(Failure::usage(
            "--plan and --apply work on one database: give -d DB",
        ));
    }
    Ok(commands::revoke::Settings {
        selection: key_selection(&args.filter, false),
        filter,
        yes: args.yes,
        plan: args.plan,
        apply: args.apply,
        lock_timeout: args.lock_timeout,
        no_signal: args.no_signal,
        audit_log: args.audit_log,
        fleet,
    })
}

fn check(args: CheckArgs) -> commands::check::Settings {
    commands::check::Settings {
        login: args.login,
        no_credential: args.no_credential,
        protocol: args.protocol,
    }
}

/// Thresholds: the flag, else the config file (`--config`, or /etc/odoo-access.toml when it
/// exists), else [`Thresholds::default`] (and [`crate::audit::config::FailOn::default`]).
fn report(
    args: &ReportArgs,
    fleet: commands::Fleet,
) -> Result<commands::report::Settings, Failure> {
    let config = ReportConfig::load(args.config.as_deref())?;
    // Both are checked before any database work: a bad file changes nothing.
    let today = chrono::Utc::now().date_naive();
    let waivers = args
        .waivers
        .as_deref()
        .or(config.waivers.as_deref())
        .map(|path| Waivers::load(path, today))
        .transpose()?;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let defaults = Thresholds::default();
    let pick = |flag: Option<std::time::Duration>, file: Option<std::time::Duration>, default| {
        flag.or(file).map_or(default, span)
    };
    Ok(commands::report::Settings {
        thresholds: Thresholds {
            max_age: pick(args.max_age, config.max_age, defaults.max_age),
            warn_within: pick(args.warn_within, config.warn_within, defaults.warn_within),
            stale: pick(args.stale, config.stale, defaults.stale),
            max_password_age: args.max_password_age.or(config.max_password_age).map(span),
        },
        fail_on: args.fail_on.or(config.fail_on).unwrap_or_default(),
        fail_on_new: args.fail_on_new,
        waivers,
        baseline,
        list_checks: args.list_checks,
        config: config.path,
        weak_passwords: args.weak_passwords.then_some(args.budget),
        fleet,
    })
}
