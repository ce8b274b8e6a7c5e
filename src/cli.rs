//! Command-line definitions (clap) and nothing else: `resolve` turns them into validated
//! settings, so nothing below it looks at raw flags, and only this file knows clap. The enums
//! of the domain that flags name are made clap values here, with their help.

use crate::audit::config::FailOn;
use crate::connect::{ChannelBinding, SslMode};
use crate::odoo::check::Protocol;
use crate::odoo::keys::Status;
use crate::output::Format;
use clap::builder::PossibleValue;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

const EXAMPLES: &str = "\
Examples:
  odoo-access dbs                                  Odoo databases of the local cluster
  odoo-access dbs --odoo-conf /etc/odoo/odoo.conf  ...reached the way that Odoo server does
  odoo-access -h db.internal -U odoo -W dbs --all  every database, asking for the password
  odoo-access dbs --dbfilter '^%d$' --web-host erp.acme.com --format json
  odoo-access dbs -d prod --format csv --output /var/lib/odoo-access/prod.csv

Connection settings come from flags, then --url, then --odoo-conf (or ODOO_RC), then the
PG* variables, then ~/.odoorc or /etc/odoo/odoo.conf; passwords from -W, the Odoo config,
PGPASSWORD or ~/.pgpass — never from the command line.

Exit codes: 0 ok, 1 negative result, 2 critical findings, 3 some databases skipped,
64 usage, 66 no such/not Odoo/too old database, 69 server unreachable, 75 timeout,
77 authentication or permission, 78 bad configuration file.";

#[derive(Debug, Parser)]
#[command(
    name = "odoo-access",
    version,
    about = "Audit and repair who can get into Odoo, straight from its PostgreSQL database",
    after_help = EXAMPLES,
    disable_help_flag = true,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Print help (`-h` is the host, as in psql)
    #[arg(long, action = ArgAction::Help, global = true)]
    pub help: Option<bool>,

    #[command(subcommand)]
    pub command: Command,
}

/// How to reach PostgreSQL (the same flags as psql where psql has them).
#[derive(Debug, Args)]
#[command(next_help_heading = "Connection")]
pub struct ConnectionArgs {
    /// Server host name or Unix-socket directory [env: PGHOST]
    #[arg(short = 'h', long, global = true, value_name = "HOST")]
    pub host: Option<String>,

    /// Server port [env: PGPORT] [default: 5432]
    #[arg(short = 'p', long, global = true, value_name = "PORT")]
    pub port: Option<u16>,

    /// PostgreSQL role to connect as [env: PGUSER]
    #[arg(short = 'U', long, global = true, value_name = "ROLE")]
    pub user: Option<String>,

    /// The Odoo database to work on [env: PGDATABASE, or db_name of the Odoo config]
    #[arg(short = 'd', long, global = true, value_name = "DB")]
    pub dbname: Option<String>,

    /// Connection URL, postgres://ROLE@HOST:PORT/DB (without a password)
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,

    /// Read db_host, db_port, db_user, db_password, db_sslmode and db_name from an Odoo config file [env: ODOO_RC]
    #[arg(long, global = true, value_name = "FILE")]
    pub odoo_conf: Option<PathBuf>,

    /// Ask for the PostgreSQL password (no echo)
    #[arg(short = 'W', long, global = true)]
    pub password_prompt: bool,

    /// TLS: disable, allow, prefer, require, verify-ca, verify-full, as libpq [env: PGSSLMODE]
    #[arg(
        long,
        global = true,
        value_name = "MODE",
        value_enum,
        hide_possible_values = true
    )]
    pub sslmode: Option<SslMode>,

    /// SCRAM channel binding: disable, prefer, require (needs TLS) [env: PGCHANNELBINDING]
    #[arg(
        long,
        global = true,
        value_name = "MODE",
        value_enum,
        hide_possible_values = true
    )]
    pub channel_binding: Option<ChannelBinding>,

    /// Give up connecting after this long, e.g. 10s [env: PGCONNECT_TIMEOUT] [default: 10s]
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub connect_timeout: Option<Duration>,

    /// Cancel any query running longer than this, e.g. 30s
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s",
          value_parser = crate::duration::parse_timeout)]
    pub statement_timeout: Duration,
}

/// Where and how results are written.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write the result to FILE (atomically: complete or untouched); `-` is stdout
    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Say more on stderr (where each connection setting came from)
    #[arg(short = 'v', long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Print only data and errors
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the databases of the cluster and what each Odoo database holds
    #[command(disable_help_flag = true, after_help = DBS_EXAMPLES)]
    Dbs(DbsArgs),

    /// One row per user: kind, admin, 2FA, whether a password works over RPC, logins, keys
    #[command(disable_help_flag = true, after_help = USERS_EXAMPLES)]
    Users(UsersArgs),

    /// Recent logins per login (and IP) from every source: database tables and Odoo's log
    #[command(disable_help_flag = true, after_help = LOGINS_EXAMPLES)]
    Logins(LoginsArgs),

    /// API keys with owner, scope, expiry and status — never a hash
    #[command(disable_help_flag = true, after_help = KEYS_EXAMPLES)]
    Keys(KeysArgs),

    /// Delete API keys so that they stop working, after a preview
    #[command(disable_help_flag = true, after_help = REVOKE_EXAMPLES)]
    Revoke(RevokeArgs),

    /// Close every door of a login at once: API keys, trusted browsers, passkeys, password and
    /// web sessions, after a preview
    #[command(disable_help_flag = true, after_help = LOCKOUT_EXAMPLES)]
    Lockout(LockoutArgs),

    /// Make an API key for a user (a bot or service user too), shown once
    #[command(disable_help_flag = true, after_help = MINT_EXAMPLES)]
    Mint(MintArgs),

    /// Replace a key: a new one for the same owner, shown once; the old one ends after an overlap
    #[command(disable_help_flag = true, after_help = ROTATE_EXAMPLES)]
    Rotate(RotateArgs),

    /// Odoo 18+: give keys an end (those without one, or with a later one), after a preview
    #[command(disable_help_flag = true, after_help = EXPIRE_EXAMPLES)]
    Expire(ExpireArgs),

    /// Tell running Odoo servers to forget the credentials they cached (after a removal in
    /// Odoo's UI, or expiry)
    #[command(disable_help_flag = true, after_help = SIGNAL_EXAMPLES)]
    Signal(SignalArgs),

    /// Tell exactly why an integration gets "Access Denied", step by step
    #[command(disable_help_flag = true, after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),

    /// Audit one database or the whole cluster, for cron and monitoring (exit 0/1/2/3)
    #[command(disable_help_flag = true, after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(disable_help_flag = true, after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

const DBS_EXAMPLES: &str = "\
Examples:
  odoo-access dbs                      Odoo databases, with version, users, keys, expiry
  odoo-access dbs --all --owner odoo   every database owned by the role odoo
  odoo-access dbs -d prod              one database; exit 66 if it is missing or not Odoo

A database the role may not connect to is reported as skipped (exit 3).";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  odoo-access completions bash > /etc/bash_completion.d/odoo-access
  odoo-access completions zsh > \"${fpath[1]}/_odoo-access\"
  odoo-access completions fish > ~/.config/fish/completions/odoo-access.fish";

const KEYS_EXAMPLES: &str = "\
Examples:
  odoo-access keys -d prod                           every API key
  odoo-access keys -d prod --status dormant,portal   keys of archived and portal users
  odoo-access keys -d prod --older-than 90d --format csv
  odoo-access keys -d prod --devices                 also 2FA trusted browsers

status is exactly one of: expired > dormant > not-rpc > portal > active (first match wins).";

/// Which keys: shared by `keys` and `revoke`.
#[derive(Debug, Args)]
pub struct KeyFilterArgs {
    /// Only keys of this Odoo login (exact), or a glob with * and ?
    #[arg(long, value_name = "PATTERN")]
    pub login: Option<String>,

    /// Only keys with this status (comma-separated for several)
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<Status>,

    /// Only expired keys (18+), same as --status expired
    #[arg(long)]
    pub expired: bool,

    /// Only keys that expire within this long and have not yet, e.g. 14d
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub expiring_within: Option<Duration>,

    /// Only keys created at least this long ago, e.g. 90d
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub older_than: Option<Duration>,

    /// Only keys without an expiration date (every key before 18)
    #[arg(long)]
    pub persistent: bool,

    /// Only keys of this scope; `global` for keys without a scope (NULL)
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,

    /// Only keys from Odoo's table or from OCA auth_api_key
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub source: Option<KeySource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeySource {
    Odoo,
    Oca,
}

#[derive(Debug, Args)]
pub struct KeysArgs {
    #[command(flatten)]
    pub filter: KeyFilterArgs,

    /// Also list 2FA trusted browsers (not API keys; 14.0 kept them in the key table)
    #[arg(long)]
    pub devices: bool,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

const REVOKE_EXAMPLES: &str = "\
Examples:
  odoo-access revoke -d prod --status dormant           preview; exit 1 without a terminal
  odoo-access revoke -d prod --status dormant --yes     delete them and tell Odoo at once
  odoo-access revoke -d prod --login svc --plan plan.json        write the preview to a file
  odoo-access revoke -d prod --apply plan.json --yes --audit-log /var/log/odoo-access.jsonl

Deleting a key row does not stop a running Odoo from accepting it: workers cache checked
keys. After the DELETE commits, revoke signals Odoo's cache invalidation the way Odoo does
(--no-signal skips it; the key then works in running workers until they restart).";

#[derive(Debug, Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    pub filter: KeyFilterArgs,

    /// Only these key ids (comma-separated or repeated)
    #[arg(long = "id", value_name = "N", value_delimiter = ',', num_args = 1..)]
    pub ids: Vec<i32>,

    /// Allow a revoke with no filter at all (every key of the database)
    #[arg(long)]
    pub all_keys: bool,

    /// Delete without asking (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Write the preview (ids and what they were) to FILE and delete nothing
    #[arg(long, value_name = "FILE", conflicts_with_all = ["apply", "yes"])]
    pub plan: Option<PathBuf>,

    /// Delete exactly the keys of a plan written by --plan, those that still match it
    #[arg(long, value_name = "FILE")]
    pub apply: Option<PathBuf>,

    /// Give up if the rows stay locked this long; nothing is deleted then
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::duration::parse_timeout)]
    pub lock_timeout: Duration,

    /// Do not signal running Odoo servers (the keys keep working in their caches)
    #[arg(long)]
    pub no_signal: bool,

    /// Append one JSON line per revoked key to FILE (created 0600), flushed to disk
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

const LOCKOUT_EXAMPLES: &str = "\
Examples:
  odoo-access lockout -d prod --login bob@example.com            preview, then ask
  odoo-access lockout -d prod --login bob@example.com --yes --audit-log /var/log/odoo-access.jsonl
  odoo-access lockout --all-dbs --login bob@example.com --archive --yes   every database
  odoo-access lockout -d prod --everyone --yes       every session of every user

Run it as the database's owner (-U, or --odoo-conf with Odoo's db_user). Refused (exit 77):
__system__, the public user, and a database's last active Settings admin without --force.
The new password is random and told to nobody: the user sets a new one through a reset.";

/// `lockout`: every door of a login, closed.
#[derive(Debug, Args)]
pub struct LockoutArgs {
    /// The Odoo login (exact), or a glob with * and ?
    #[arg(long, value_name = "PATTERN", required_unless_present = "everyone")]
    pub login: Option<String>,

    /// Every user's web sessions at once, by a new database.secret (after a leaked backup or
    /// secret): no key, password or user is touched
    #[arg(long, conflicts_with_all = ["login", "keep_password", "archive", "force"])]
    pub everyone: bool,

    /// Lock out without asking (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Leave the password as it is: its door stays open, and web sessions are not ended
    /// (unless --archive)
    #[arg(long)]
    pub keep_password: bool,

    /// Also archive the user (active = false), as Odoo's Archive does
    #[arg(long)]
    pub archive: bool,

    /// Lock out a database's last active Settings admin too
    #[arg(long)]
    pub force: bool,

    /// Give up if the rows stay locked this long; nothing is changed then
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::duration::parse_timeout)]
    pub lock_timeout: Duration,

    /// Do not signal running Odoo servers (cached keys and sessions then last until they
    /// restart)
    #[arg(long)]
    pub no_signal: bool,

    /// Append one JSON line per user locked out to FILE (created 0600), flushed to disk
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

const MINT_EXAMPLES: &str = "\
Examples:
  odoo-access mint -d prod --login svc-shop --name \"Shop connector\" --expires 90d
  odoo-access mint -d prod --login svc-shop --name Rutter --scope rpc --key-file /etc/shop/odoo.key
  odoo-access mint -d prod16 --login bot --name backup --audit-log /var/log/odoo-access.jsonl

The key is shown once: on stdout, or written to --key-file (a new file, mode 0600) and nowhere
else. Odoo's rules apply: no key for an archived or the public user; portal users only where
portal.allow_api_keys is set (--allow-portal overrides, with a warning); on 18+ a non-admin's
key must expire within the longest api_key_duration of their groups, and only Settings admins
get --persistent keys (--beyond-policy overrides, with a warning).";

/// `mint`: one key for one user of one database.
#[derive(Debug, Args)]
pub struct MintArgs {
    /// The owner's Odoo login (exact)
    #[arg(long, value_name = "LOGIN")]
    pub login: String,

    /// The key's description, as Odoo's wizard asks for it
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// The key's scope (Odoo's RPC accepts only keys without one or with `rpc`; `global` is
    /// none, as in `keys --scope`) [default: none, every scope, as Odoo's wizard makes them]
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,

    /// Odoo 18+: the key expires this long from now
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse, conflicts_with = "persistent")]
    pub expires: Option<Duration>,

    /// Odoo 18+: the key never expires (Settings admins only, as in Odoo)
    #[arg(long)]
    pub persistent: bool,

    /// Write the key to FILE (created 0600, never overwritten) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Make a key for a portal user although portal.allow_api_keys is not set
    #[arg(long)]
    pub allow_portal: bool,

    /// Odoo 18+: allow a persistent key for a non-admin, or a longer one than their groups allow
    #[arg(long)]
    pub beyond_policy: bool,

    /// Give up if the key table stays locked this long; nothing is created then
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::duration::parse_timeout)]
    pub lock_timeout: Duration,

    /// Append one JSON line for the key (never the key itself) to FILE (created 0600)
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
}

const ROTATE_EXAMPLES: &str = "\
Examples:
  odoo-access rotate -d prod --id 42                       18+: the old key ends in 7 days
  odoo-access rotate -d prod --id 42 --overlap 0 --key-file /etc/shop/odoo.key
  odoo-access rotate -d prod16 --id 42 --plan old-key.json  14-17: revoke the old one later

The new key has the old one's owner, scope and name (marked with the date) and, on 18+, its
lifetime unless --expires says otherwise; it is shown once, as by mint. Nothing changes if
the old key changed since it was read.";

/// `rotate`: one key of one database replaced.
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The key to replace
    #[arg(long = "id", value_name = "N")]
    pub id: i32,

    /// How long the old key keeps working (18+); 0 revokes it at once
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = crate::duration::parse_or_zero)]
    pub overlap: Duration,

    /// Odoo 18+: the new key expires this long from now [default: the old key's lifetime]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub expires: Option<Duration>,

    /// Odoo 14-17: write a revoke plan for the old key to FILE instead of revoking it now
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Write the new key to FILE (created 0600, never overwritten) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Give up if the rows stay locked this long; nothing is changed then
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::duration::parse_timeout)]
    pub lock_timeout: Duration,

    /// Append one JSON line per key (the new and the old; never a key itself) to FILE
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
}

const EXPIRE_EXAMPLES: &str = "\
Examples:
  odoo-access expire -d prod --persistent --in 30d        preview; exit 1 without a terminal
  odoo-access expire -d prod --persistent --in 30d --yes  every forever-key ends in 30 days
  odoo-access expire -d prod --login svc --in 7d --yes --audit-log /var/log/odoo-access.jsonl

A key whose end comes sooner already is left as it is. Odoo refuses a key after its end, and
`odoo-access revoke --expired --yes` then removes it.";

/// `expire`: an end for the keys the filters select.
#[derive(Debug, Args)]
pub struct ExpireArgs {
    #[command(flatten)]
    pub filter: KeyFilterArgs,

    /// Only these key ids (comma-separated or repeated)
    #[arg(long = "id", value_name = "N", value_delimiter = ',', num_args = 1..)]
    pub ids: Vec<i32>,

    /// The keys end this long from now
    #[arg(long = "in", value_name = "DURATION", value_parser = crate::duration::parse)]
    pub within: Duration,

    /// Allow no filter at all (every key of the database)
    #[arg(long)]
    pub all_keys: bool,

    /// Change without asking (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Give up if the rows stay locked this long; nothing is changed then
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::duration::parse_timeout)]
    pub lock_timeout: Duration,

    /// Append one JSON line per key given its end to FILE (created 0600), flushed to disk
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
}

const SIGNAL_EXAMPLES: &str = "\
Examples:
  odoo-access signal -d prod                   after removing a key in Odoo's UI
  odoo-access signal --all-dbs                 every Odoo database of the cluster
  odoo-access signal --dbfilter '^shop_' -q    the databases of one customer

Running Odoo workers cache every key they accepted; a key removed in Odoo's UI, or one that
expired, keeps working in them until this signal (Odoo's own cache invalidation) or a restart.";

/// `signal`: Odoo's cache-invalidation signal, alone.
#[derive(Debug, Args)]
pub struct SignalArgs {
    #[command(flatten)]
    pub fleet: FleetArgs,
}

const REPORT_EXAMPLES: &str = "\
Examples:
  odoo-access report -d prod                          findings of one database
  odoo-access report --all-dbs --fail-on warning -q   for a monitoring check
  odoo-access report --all-dbs --waivers /etc/odoo-access/waivers.toml \
      --baseline last.json --fail-on-new warning --format json --output tonight.json
  odoo-access report --all-dbs --format html --output audit.html   for an auditor

Exit codes follow monitoring plugins: 0 OK, 1 warnings (with --fail-on warning),
2 critical findings, 3 some databases could not be audited. Waived findings do not count;
with --fail-on-new only new ones do.
Thresholds come from flags, then --config FILE (or /etc/odoo-access.toml), then defaults.";

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A key older than this is a warning [default: 90d]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub max_age: Option<Duration>,

    /// A key expiring within this is a warning [default: 14d]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub warn_within: Option<Duration>,

    /// An internal user with usable keys and no login for this long is a warning [default: 90d]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub stale: Option<Duration>,

    /// A password not changed for this long is a warning, where OCA password_security records
    /// changes [default: password_security's own expiry, where it is on]
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub max_password_age: Option<Duration>,

    /// The lowest severity that makes the exit code non-zero [default: critical]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Thresholds from a TOML file [default: /etc/odoo-access.toml when it exists]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Accepted exceptions (TOML `[[waiver]]`s with check, object, reason, owner, expires):
    /// waived findings are shown, marked, and do not count for the exit code
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,

    /// An earlier `report --format json`: each finding is marked new or unchanged, and the
    /// baseline's findings gone since are listed as resolved
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// With --baseline: only new findings at or above this severity make the exit code
    /// non-zero
    #[arg(long, value_enum, value_name = "SEVERITY", requires = "baseline")]
    pub fail_on_new: Option<FailOn>,

    /// Print every check (finding, severity, what it is about, why, fix) and exit; no
    /// database is read
    #[arg(long)]
    pub list_checks: bool,

    /// Also try every active user's password against the first guesses of an attacker (the
    /// login, the name, admin, 1,000 common passwords); needs the database owner's role
    #[arg(long)]
    pub weak_passwords: bool,

    /// How long --weak-passwords may try, for the whole run
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = crate::duration::parse, requires = "weak_passwords")]
    pub budget: std::time::Duration,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  printf '%s' \"$ODOO_KEY\" | odoo-access check -d prod --login svc
  odoo-access check -d prod --login svc                 asks for the password or key (no echo)
  odoo-access check -d prod --login svc --no-credential everything that needs no secret
  odoo-access check -d prod --login svc --protocol json2 --format json < key.txt

The credential comes from stdin when it is not a terminal, else from a prompt, else from
ODOO_ACCESS_CREDENTIAL — never from the command line. Exactly one trailing newline is
removed; any other whitespace is kept and reported, as Odoo would refuse it.
Exit 0 when the login would succeed, 1 when it would fail.";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The Odoo login the integration uses
    #[arg(long, value_name = "LOGIN")]
    pub login: String,

    /// Run only the steps that need no password or key
    #[arg(long)]
    pub no_credential: bool,

    /// The API the integration calls (json2: Odoo 19's /json/2, API keys only)
    #[arg(long, value_enum, default_value_t = Protocol::Xmlrpc)]
    pub protocol: Protocol,
}

const USERS_EXAMPLES: &str = "\
Examples:
  odoo-access users -d prod                        every user
  odoo-access users -d prod --admins --no-totp     Settings admins without 2FA
  odoo-access users -d prod --internal --stale 90d internal users with no login for 90 days
  odoo-access users -d prod --login '*@example.com' --format csv

totp, passkeys and rpc_password are unknown (null) where the role may not read them.";

#[derive(Debug, Args)]
pub struct UsersArgs {
    /// Only this Odoo login (exact), or a glob with * and ?
    #[arg(long, value_name = "PATTERN")]
    pub login: Option<String>,

    /// Only internal users
    #[arg(long, conflicts_with = "portal")]
    pub internal: bool,

    /// Only portal users
    #[arg(long)]
    pub portal: bool,

    /// Only archived users
    #[arg(long)]
    pub inactive: bool,

    /// Only users without TOTP (including those whose TOTP state cannot be read)
    #[arg(long)]
    pub no_totp: bool,

    /// Only Settings admins (base.group_system, directly or through implied groups)
    #[arg(long)]
    pub admins: bool,

    /// Only users with no login for this long (or never), e.g. 90d
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub stale: Option<Duration>,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

const LOGINS_EXAMPLES: &str = "\
Examples:
  odoo-access logins -d prod                                  successes in the last 7 days
  odoo-access logins -d prod --since 24h --odoo-log /var/log/odoo/odoo-server.log*
  odoo-access logins -d prod --login admin --format json

Failed logins are only in Odoo's log: pass it with --odoo-log (plain or .gz, rotated files
too). XML-RPC attempts are logged 'from n/a', so IPs are known for web logins only.";

#[derive(Debug, Args)]
pub struct LoginsArgs {
    /// The window, e.g. 24h, 7d
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = crate::duration::parse)]
    pub since: Duration,

    /// Odoo server log files to read as well (plain or gzip; local time)
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub odoo_log: Vec<PathBuf>,

    /// The database whose are the log's login lines that name none (Odoo 19 serving several
    /// databases); by default the Odoo config's db_name when it names one database
    #[arg(long, value_name = "DB", requires = "odoo_log")]
    pub log_database: Option<String>,

    /// Only this Odoo login (exact), or a glob with * and ?
    #[arg(long, value_name = "PATTERN")]
    pub login: Option<String>,

    /// Count the calls to XML-RPC, JSON-RPC and JSON-2 per database, client address, model and
    /// method in the --odoo-log files instead (Odoo 19 removes the first two in 20)
    #[arg(long, requires = "odoo_log")]
    pub rpc_usage: bool,

    /// Report an IP once its failed logins in the window reach this number (Odoo's own
    /// cooldown starts at 10)
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(i64).range(1..))]
    pub failures_alert: i64,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

#[derive(Debug, Args)]
pub struct DbsArgs {
    /// Also list databases that are not Odoo databases
    #[arg(long)]
    pub all: bool,

    /// Only databases owned by this role
    #[arg(long, value_name = "ROLE")]
    pub owner: Option<String>,

    #[command(flatten)]
    pub fleet: FleetFilterArgs,
}

/// Which databases of the cluster and how to go through them.
#[derive(Debug, Args)]
#[command(next_help_heading = "Fleet")]
pub struct FleetFilterArgs {
    /// Only databases whose name matches, as Odoo's dbfilter (%h = web host, %d = its first label)
    #[arg(long, value_name = "REGEX")]
    pub dbfilter: Option<String>,

    /// The web host that %h and %d in --dbfilter stand for
    #[arg(long, value_name = "HOST")]
    pub web_host: Option<String>,

    /// Databases examined at the same time [default: half the server's free connection slots, 1 to 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,

    /// Leave a database out (as skipped) when it takes longer than this
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = crate::duration::parse)]
    pub db_timeout: Duration,
}

/// One database (-d) or many: --all-dbs, or --dbfilter alone.
#[derive(Debug, Args)]
pub struct FleetArgs {
    /// Every Odoo database of the cluster (databases that fail are listed as skipped, exit 3)
    #[arg(long)]
    pub all_dbs: bool,

    #[command(flatten)]
    pub filter: FleetFilterArgs,
}

/// Makes a domain enum a clap value: its variants with the names they are written with
/// (`as_str`) and a help line each.
macro_rules! clap_values {
    ($type:ty { $($variant:path => $help:expr),+ $(,)? }) => {
        impl ValueEnum for $type {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($variant),+]
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                let help: &str = match self {
                    $($variant => $help),+
                };
                let value = PossibleValue::new(self.as_str());
                Some(if help.is_empty() { value } else { value.help(help) })
            }
        }
    };
}

clap_values!(Status {
    Status::Expired => "18+: past its expiration date (by the server's clock)",
    Status::Dormant => "The owner is archived (or an OCA key is archived): refused now, works again if reactivated",
    Status::NotRpc => "A scope RPC does not accept (RPC asks for NULL or 'rpc'), an OCA key, or a trusted browser",
    Status::Portal => "Owned by a portal user: accepted for RPC, as real Odoo does",
    Status::Active => "",
    Status::Unknown => "The key table's shape is unknown (no `scope`): what depends on the scope cannot be said",
});

clap_values!(Protocol {
    Protocol::Xmlrpc => "XML-RPC / JSON-RPC (`/xmlrpc/2`, `/jsonrpc`): login plus password or key",
    Protocol::Json2 => "19.0's JSON-2 API (`Authorization: Bearer <key>`): keys only",
});

clap_values!(FailOn {
    FailOn::Warning => "",
    FailOn::Critical => "",
});

clap_values!(Format {
    Format::Table => "",
    Format::Csv => "",
    Format::Json => "",
    Format::Prometheus => "report only: the text format of node_exporter's textfile collector",
    Format::Jsonl => "report only: one finding per line, for log shippers",
    Format::Html => "report only: one self-contained page for an auditor",
});

clap_values!(ChannelBinding {
    ChannelBinding::Disable => "",
    ChannelBinding::Prefer => "",
    ChannelBinding::Require => "",
});

clap_values!(SslMode {
    SslMode::Disable => "",
    SslMode::Allow => "",
    SslMode::Prefer => "",
    SslMode::Require => "",
    SslMode::VerifyCa => "",
    SslMode::VerifyFull => "",
});

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
