//! Where connection settings come from, resolved once into [`Settings`].
//!
//! Per setting, the first source that has it wins:
//! 1. command-line flags (`-h`, `-p`, `-U`, `-d`, `--sslmode`, `-W`);
//! 2. `--url`;
//! 3. `--odoo-conf FILE` (or the file named by `ODOO_RC`);
//! 4. a connection service (`service=` or `PGSERVICE`, src/connect/service.rs);
//! 5. libpq variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`,
//!    `PGSSLROOTCERT`, `PGCHANNELBINDING`, `PGCONNECT_TIMEOUT`);
//! 6. an Odoo config found in the usual places (`~/.odoorc`, `/etc/odoo/odoo.conf`), only
//!    when nothing above names a server (no `-h`/`-p`/`-U`/`--url`/`PGHOST`/`PGPORT`/`PGUSER`);
//! 7. libpq's defaults: the local socket (`/var/run/postgresql`, then `/tmp`; never TCP);
//!    port 5432; the operating-system user.
//!
//! A password never comes from the command line: `-W` prompts, otherwise it comes from the
//! Odoo config, `PGPASSWORD`, or `~/.pgpass` (matched per database, like libpq).

use super::odoo_conf::OdooConf;
use super::{pgpass, service};
use crate::error::Failure;
use crate::secret::Secret;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// The socket directory psql uses by default on Debian and Ubuntu, then the upstream default.
const SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];
const SYSTEM_ODOO_CONF: &str = "/etc/odoo/odoo.conf";

/// What the command line asked for, before any resolution (built by `cli.rs`).
#[derive(Debug, Default, Clone)]
pub struct ConnectRequest {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub dbname: Option<String>,
    pub url: Option<String>,
    pub odoo_conf: Option<PathBuf>,
    pub sslmode: Option<SslMode>,
    pub channel_binding: Option<ChannelBinding>,
    pub connect_timeout: Option<Duration>,
    pub statement_timeout: Duration,
}

/// A snapshot of the process environment, so resolution is a pure function (and testable).
#[derive(Debug, Default, Clone)]
pub struct Environment {
    vars: HashMap<String, String>,
}

impl Environment {
    pub fn from_process() -> Self {
        Environment {
            vars: std::env::vars().collect(),
        }
    }

    pub fn from_pairs<const N: usize>(pairs: [(&str, &str); N]) -> Self {
        Environment {
            vars: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// A variable's value; empty counts as unset, as in libpq.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.get("HOME").map(PathBuf::from)
    }
}

/// Where the server is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Tcp(String),
    /// A Unix-socket directory.
    Socket(PathBuf),
}

impl Host {
    fn parse(text: &str) -> Host {
        if text.starts_with('/') {
            Host::Socket(PathBuf::from(text))
        } else {
            Host::Tcp(text.to_string())
        }
    }

    /// The host name `.pgpass` lines are matched against: the default socket directory
    /// matches `localhost`, as in libpq.
    fn pgpass_name(&self) -> String {
        match self {
            Host::Tcp(name) => name.clone(),
            Host::Socket(dir) if dir == Path::new(SOCKET_DIRS[0]) => "localhost".into(),
            Host::Socket(dir) => dir.display().to_string(),
        }
    }
}

/// One server of the list libpq takes (`host=a,b port=p1,p2`): tried in turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: Host,
    pub port: u16,
}

impl Server {
    /// "127.0.0.1:5432" or "socket /var/run/postgresql:5432", for messages.
    pub fn label(&self) -> String {
        match &self.host {
            Host::Tcp(h) => format!("{h}:{}", self.port),
            Host::Socket(d) => format!("socket {}:{}", d.display(), self.port),
        }
    }
}

/// libpq's `target_session_attrs`: which of the listed servers will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSessionAttrs {
    Any,
    /// Not a standby, and `default_transaction_read_only` off.
    ReadWrite,
    ReadOnly,
    /// Not a standby.
    Primary,
    Standby,
    /// A standby if any of the servers is one, else any server.
    PreferStandby,
}

impl TargetSessionAttrs {
    const ALL: [TargetSessionAttrs; 6] = [
        TargetSessionAttrs::Any,
        TargetSessionAttrs::ReadWrite,
        TargetSessionAttrs::ReadOnly,
        TargetSessionAttrs::Primary,
        TargetSessionAttrs::Standby,
        TargetSessionAttrs::PreferStandby,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetSessionAttrs::Any => "any",
            TargetSessionAttrs::ReadWrite => "read-write",
            TargetSessionAttrs::ReadOnly => "read-only",
            TargetSessionAttrs::Primary => "primary",
            TargetSessionAttrs::Standby => "standby",
            TargetSessionAttrs::PreferStandby => "prefer-standby",
        }
    }
}

impl FromStr for TargetSessionAttrs {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        TargetSessionAttrs::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                format!("target_session_attrs '{s}' is not one of any, read-write, read-only, primary, standby, prefer-standby")
            })
    }
}

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    /// Without TLS first; with TLS (unchecked) if the server refuses that.
    Allow,
    Prefer,
    /// Encrypt, but do not check the certificate (libpq's meaning).
    Require,
    /// Check the certificate chain, not the host name.
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    const ALL: [SslMode; 6] = [
        SslMode::Disable,
        SslMode::Allow,
        SslMode::Prefer,
        SslMode::Require,
        SslMode::VerifyCa,
        SslMode::VerifyFull,
    ];

    /// The name libpq gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

impl FromStr for SslMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        SslMode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "sslmode '{s}' is not one of disable, allow, prefer, require, verify-ca, verify-full"
                )
            })
    }
}

/// libpq's `channel_binding`: whether SCRAM must bind the authentication to the TLS channel
/// (so that a man in the middle with a certificate of its own cannot relay it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelBinding {
    Disable,
    /// Bind when the server offers it over TLS (libpq's default).
    Prefer,
    Require,
}

impl ChannelBinding {
    const ALL: [ChannelBinding; 3] = [
        ChannelBinding::Disable,
        ChannelBinding::Prefer,
        ChannelBinding::Require,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelBinding::Disable => "disable",
            ChannelBinding::Prefer => "prefer",
            ChannelBinding::Require => "require",
        }
    }
}

impl FromStr for ChannelBinding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ChannelBinding::ALL
            .into_iter()
            .find(|cb| cb.as_str() == s)
            .ok_or_else(|| format!("channel_binding '{s}' is not one of disable, prefer, require"))
    }
}

/// Everything needed to open a connection to any database of one server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// At least one; several are tried in turn, as libpq does (see [`super::Connector`]).
    pub servers: Vec<Server>,
    pub target_session_attrs: TargetSessionAttrs,
    /// Whether `target_session_attrs` was asked for (the write commands ask for read-write
    /// among several servers only where the user did not choose).
    pub target_session_attrs_given: bool,
    pub user: String,
    /// The database named by `-d`, the URL, `PGDATABASE` or the Odoo config's `db_name`.
    pub dbname: Option<String>,
    password: Option<Secret>,
    passfile: Option<PathBuf>,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    pub channel_binding: ChannelBinding,
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
    /// The Odoo config file in use, if any.
    pub odoo_conf: Option<OdooConf>,
    /// One line per setting saying where it came from, for `-v`.
    pub origins: Vec<String>,
    /// Things the user should know (an ignored `.pgpass`, an unreadable Odoo config).
    pub notices: Vec<String>,
}

/// One source of settings, in precedence order.
#[derive(Default)]
struct Layer {
    source: String,
    /// libpq's comma-separated list (an empty entry is the default socket).
    host: Option<String>,
    /// One port for every host, or one per host.
    port: Option<Vec<u16>>,
    user: Option<String>,
    dbname: Option<String>,
    password: Option<Secret>,
    target_session_attrs: Option<String>,
    sslmode: Option<String>,
    sslrootcert: Option<String>,
    channel_binding: Option<String>,
    connect_timeout: Option<Duration>,
    /// `service=` of a URL or connection string: a group of the service file.
    service: Option<String>,
}

/// `sslmode` and `channel_binding` from their texts (libpq's defaults: prefer, prefer). As
/// libpq, binding needs TLS, which neither sslmode=disable nor a socket has.
fn tls_modes(
    sslmode: Option<String>,
    channel_binding: Option<String>,
    servers: &[Server],
) -> Result<(SslMode, ChannelBinding), Failure> {
    let sslmode = match sslmode {
        None => SslMode::Prefer,
        Some(text) => text.parse().map_err(|why: String| {
            Failure::usage(format!("{why} — fix --sslmode, PGSSLMODE or db_sslmode"))
        })?,
    };
    let channel_binding = match channel_binding {
        None => ChannelBinding::Prefer,
        Some(text) => text.parse().map_err(|why: String| {
            Failure::usage(format!(
                "{why} — fix --channel-binding, PGCHANNELBINDING or channel_binding"
            ))
        })?,
    };
    if channel_binding == ChannelBinding::Require
        && (sslmode == SslMode::Disable
            || servers.iter().all(|s| matches!(s.host, Host::Socket(_))))
    {
        return Err(Failure::usage(
            "channel binding required, but SSL not in use — use sslmode=require (or verify-ca/verify-full) over TCP, or channel_binding=prefer",
        ));
    }
    Ok((sslmode, channel_binding))
}

/// The sources of settings in precedence order: a connection string in `-d`, flags, `--url`,
/// an explicit Odoo config, a service, the PG* variables, a discovered Odoo config; and the
/// Odoo config in use.
fn layers(
    request: &ConnectRequest,
    env: &Environment,
    notices: &mut Vec<String>,
) -> Result<(Vec<Layer>, Option<OdooConf>), Failure> {
    let mut layers = Vec::new();
    // psql expands a connection string given as -d; its settings beat -h/-p/-U (libpq
    // processes the expanded dbname after them).
    let conninfo = request.dbname.as_deref().filter(|d| is_conninfo(d));
    if let Some(conninfo) = conninfo {
        layers.push(url_layer(conninfo, "-d")?);
    }
    layers.push(Layer {
        source: "the command line".into(),
        host: request.host.clone(),
        port: request.port.map(|p| vec![p]),
        user: request.user.clone(),
        dbname: request.dbname.clone().filter(|_| conninfo.is_none()),
        sslmode: request.sslmode.map(|mode| mode.as_str().to_string()),
        channel_binding: request.channel_binding.map(|cb| cb.as_str().to_string()),
        connect_timeout: request.connect_timeout,
        ..Layer::default()
    });
    if let Some(url) = &request.url {
        layers.push(url_layer(url, "--url")?);
    }
    let explicit_conf = request
        .odoo_conf
        .clone()
        .or_else(|| env.get("ODOO_RC").map(PathBuf::from));
    let (explicit, discovered) = match explicit_conf {
        Some(path) => (Some(OdooConf::load(&path)?), None),
        // Only without an explicit target: a config found on disk must not send its
        // db_password to a server the user named some other way.
        None if names_a_server(request, env) => (None, None),
        None => (None, discover_odoo_conf(env, notices)?),
    };
    if let Some(conf) = &explicit {
        layers.push(conf_layer(conf));
    }
    // As libpq: a service's settings beat the PG* variables.
    let service = layers
        .iter()
        .find_map(|l| l.service.clone())
        .or_else(|| env.get("PGSERVICE").map(str::to_string));
    if let Some(name) = service {
        layers.push(service_layer(&name, env)?);
    }
    layers.push(env_layer(env)?);
    // libpq would present a client certificate from these; odoo-access has none to offer.
    let client_certificate = ["PGSSLCERT", "PGSSLKEY"]
        .into_iter()
        .filter(|v| env.get(v).is_some())
        .chain(
            env.home()
                .filter(|h| h.join(".postgresql/postgresql.crt").is_file())
                .map(|_| "~/.postgresql/postgresql.crt"),
        )
        .next();
    if let Some(source) = client_certificate {
        notices.push(format!("{source} names a client certificate, which odoo-access does not present (a server that requires one will refuse the connection) — authenticate the role by password"));
    }
    if let Some(conf) = &discovered {
        layers.push(conf_layer(conf));
    }

    Ok((layers, explicit.or(discovered)))
}

impl Settings {
    pub fn resolve(request: &ConnectRequest, env: &Environment) -> Result<Settings, Failure> {
        let mut notices = Vec::new();
        let (layers, odoo_conf) = layers(request, env, &mut notices)?;
        let mut origins = Vec::new();
        macro_rules! pick {
            ($field:ident, $label:expr) => {{
                let found = layers
                    .iter()
                    .find_map(|l| l.$field.clone().map(|v| (v, l.source.clone())));
                if let Some((_, source)) = &found {
                    origins.push(format!("{} from {}", $label, source));
                }
                found.map(|(v, _)| v)
            }};
        }
        let host = pick!(host, "host");
        let ports = pick!(port, "port");
        let user = pick!(user, "user");
        let dbname = pick!(dbname, "database");
        let password = pick!(password, "password");
        let sslmode = pick!(sslmode, "sslmode");
        let sslrootcert = pick!(sslrootcert, "sslrootcert");
        let channel_binding = pick!(channel_binding, "channel_binding");
        let connect_timeout = pick!(connect_timeout, "connect timeout");
        let target_session_attrs = pick!(target_session_attrs, "target_session_attrs");

        let servers = servers(host.as_deref(), ports.as_deref())?;
        let target_session_attrs_given = target_session_attrs.is_some();
        let target_session_attrs = match target_session_attrs {
            None => TargetSessionAttrs::Any,
            Some(text) => text.parse().map_err(|why: String| {
                Failure::usage(format!(
                    "{why} — fix PGTARGETSESSIONATTRS or target_session_attrs"
                ))
            })?,
        };
        let user = match user {
            Some(u) => u,
            None => {
                let name = whoami::username();
                origins.push(format!("user {name} from the operating system"));
                name
            }
        };
        let (sslmode, channel_binding) = tls_modes(sslmode, channel_binding, &servers)?;
        let sslrootcert = sslrootcert.map(PathBuf::from).or_else(|| {
            env.home()
                .map(|h| h.join(".postgresql/root.crt"))
                .filter(|p| p.is_file())
        });
        let passfile = env
            .get("PGPASSFILE")
            .map(PathBuf::from)
            .or_else(|| env.home().map(|h| h.join(".pgpass")));
        if password.is_none() {
            notices.extend(passfile.as_deref().and_then(pgpass::problem));
        }
        Ok(Settings {
            servers,
            target_session_attrs,
            target_session_attrs_given,
            user,
            dbname,
            password,
            passfile,
            sslmode,
            sslrootcert,
            channel_binding,
            connect_timeout: connect_timeout.unwrap_or(Duration::from_secs(10)),
            statement_timeout: request.statement_timeout,
            odoo_conf,
            origins,
            notices,
        })
    }

    /// Uses a password typed at the `-W` prompt, which beats every other source.
    pub fn use_prompted_password(&mut self, password: Secret) {
        self.origins.push("password from the -W prompt".into());
        self.password = Some(password);
    }

    /// The password for `database` on `server`: the explicit one, else the first matching
    /// `.pgpass` line.
    pub fn password_for(&self, server: &Server, database: &str) -> Option<Secret> {
        if let Some(p) = &self.password {
            return Some(p.clone());
        }
        let path = self.passfile.as_ref()?;
        let host = server.host.pgpass_name();
        let target = pgpass::Target {
            host: &host,
            port: server.port,
            database,
            user: &self.user,
        };
        match pgpass::lookup(path, &target) {
            pgpass::Lookup::Found(secret) => Some(secret),
            pgpass::Lookup::NotFound | pgpass::Lookup::Ignored(_) => None,
        }
    }

    /// The servers, for messages: "127.0.0.1:5432", or "a:5432, b:5432" for a list.
    pub fn server_list(&self) -> String {
        let labels: Vec<String> = self.servers.iter().map(Server::label).collect();
        labels.join(", ")
    }
}

/// libpq's host and port lists paired: one port serves every host, or there is one per host;
/// an empty host is the default socket and an empty port 5432.
fn servers(hosts: Option<&str>, ports: Option<&[u16]>) -> Result<Vec<Server>, Failure> {
    let hosts: Vec<&str> = hosts.map_or(vec![""], |h| h.split(',').map(str::trim).collect());
    let ports = ports.unwrap_or(&[]);
    let port_of = |i: usize| match ports {
        [] => Ok(5432),
        [one] => Ok(*one),
        many if many.len() == hosts.len() => Ok(many[i]),
        many => Err(Failure::usage(format!(
            "could not match {} port numbers to {} hosts — give one port, or one per host",
            many.len(),
            hosts.len()
        ))),
    };
    hosts
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let port = port_of(i)?;
            let host = match *host {
                "" => default_host(port),
                name => Host::parse(name),
            };
            Ok(Server { host, port })
        })
        .collect()
}

/// A port list as libpq reads it (`5432,5433`; an empty entry is 5432), named by `source`
/// when it is not one.
fn parse_ports(text: &str, source: &str) -> Result<Vec<u16>, Failure> {
    text.split(',')
        .map(|p| match p.trim() {
            "" => Ok(5432),
            p => p.parse::<u16>().map_err(|_| {
                Failure::usage(format!(
                    "{source} '{text}' is not a port number (or a comma-separated list of them) — fix it"
                ))
            }),
        })
        .collect()
}

/// psql's rule for `-d`: a value with `=`, or one that starts with a URI prefix, is a
/// connection string, not a database name.
fn is_conninfo(dbname: &str) -> bool {
    dbname.contains('=') || dbname.starts_with("postgres://") || dbname.starts_with("postgresql://")
}

fn names_a_server(request: &ConnectRequest, env: &Environment) -> bool {
    request.url.is_some()
        || request.dbname.as_deref().is_some_and(is_conninfo)
        || env.get("PGSERVICE").is_some()
        || request.host.is_some()
        || request.port.is_some()
        || request.user.is_some()
        || ["PGHOST", "PGPORT", "PGUSER"]
            .iter()
            .any(|v| env.get(v).is_some())
}

/// libpq's `connect_timeout` in whole seconds: at least 2 (libpq reads 1 as 2); zero or less
/// asks libpq to wait for ever, which odoo-access never does — such a value is no setting,
/// and the default bound applies.
fn libpq_connect_timeout(seconds: i64) -> Option<Duration> {
    (seconds > 0).then(|| Duration::from_secs(seconds.max(2) as u64))
}

/// libpq's default: the local socket. Debian's libpq looks in /var/run/postgresql, others in
/// /tmp; where neither has one, the connection fails as libpq's does (it never falls back to
/// TCP, where a password would go to whoever listens on localhost).
fn default_host(port: u16) -> Host {
    let found = SOCKET_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|dir| dir.join(format!(".s.PGSQL.{port}")).exists());
    Host::Socket(found.unwrap_or_else(|| PathBuf::from(SOCKET_DIRS[0])))
}

/// `--url`, or a connection string given as `-d` (`source`): a URL or libpq's `key=value`
/// form, parsed by tokio-postgres except the settings it does not know as libpq does
/// (`sslmode` verify-*, `sslrootcert`, `channel_binding`, `target_session_attrs` beyond
/// read-write, `service`). A password inside is refused: it would sit in the shell history and
/// the process list.
/// A little over 80 lines: both forms (URL and `key=value`) go through it, so that the
/// settings taken out and the checks made after tokio-postgres parsed the rest are written
/// once.
fn url_layer(url: &str, source: &str) -> Result<Layer, Failure> {
    let mut layer = Layer {
        source: source.into(),
        ..Layer::default()
    };
    // Takes our settings out of the text; true when it did.
    let mut take = |key: &str, value: &str| -> bool {
        let slot = match key {
            "sslmode" => &mut layer.sslmode,
            "sslrootcert" => &mut layer.sslrootcert,
            "channel_binding" => &mut layer.channel_binding,
            "target_session_attrs" => &mut layer.target_session_attrs,
            "service" => &mut layer.service,
            _ => return false,
        };
        *slot = Some(value.to_string());
        true
    };
    let is_url = url.starts_with("postgres://") || url.starts_with("postgresql://");
    // A URL's query names libpq's keywords, each overriding the URL's own part (libpq reads
    // the query last): tokio-postgres would add a query's host to the URL's instead, and odoo-
    // access could not tell its port from one it filled in. So these are taken out too, and
    // applied over what tokio-postgres reads of the rest. Values are percent-decoded, as libpq
    // decodes them (`host=%2Frun%2Fpostgresql`).
    let mut overrides: Vec<(String, String)> = Vec::new();
    let rebuilt = if is_url {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|pair| {
                let Some((k, v)) = pair.split_once('=') else {
                    return true;
                };
                let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                if ["host", "port", "user", "dbname", "connect_timeout"].contains(&k) {
                    overrides.push((k.to_string(), v.into_owned()));
                    return false;
                }
                !take(k, &v)
            })
            .collect();
        if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    } else {
        let pairs = conninfo_pairs(url).map_err(|why| {
            Failure::usage(format!(
                "{source} is not a connection string ({why}) — write it as 'host=HOST port=PORT dbname=DATABASE', quoting a value with spaces as 'a value'"
            ))
        })?;
        let kept: Vec<String> = pairs
            .into_iter()
            .filter(|(k, v)| !take(k, v))
            .map(|(k, v)| format!("{k}='{}'", v.replace('\\', "\\\\").replace('\'', "\\'")))
            .collect();
        kept.join(" ")
    };
    let config = tokio_postgres::Config::from_str(&rebuilt).map_err(|e| {
        Failure::usage(format!(
            "{source} is not a PostgreSQL URL or connection string ({e}) — write it as postgres://USER@HOST:PORT/DATABASE or 'host=HOST port=PORT dbname=DATABASE'"
        ))
    })?;
    if config.get_password().is_some() {
        return Err(Failure::usage(format!(
            "{source} contains a password, which would show in the process list and shell history — remove it and use -W, PGPASSWORD or ~/.pgpass",
        )));
    }
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    layer.host = (!hosts.is_empty()).then(|| hosts.join(","));
    layer.port = Some(config.get_ports().to_vec())
        .filter(|p| !p.is_empty() && (!is_url || url_names_a_port(url)));
    // Settings tokio-postgres reads but odoo-access would not apply: refused, not ignored.
    let unapplied = [
        ("hostaddr", !config.get_hostaddrs().is_empty()),
        ("options", config.get_options().is_some()),
        (
            "load_balance_hosts",
            config.get_load_balance_hosts() != tokio_postgres::config::LoadBalanceHosts::Disable,
        ),
    ];
    if let Some((key, _)) = unapplied.iter().find(|(_, given)| *given) {
        return Err(Failure::usage(format!(
            "{source} sets {key}, which odoo-access does not support — remove it (name the server with host=, and set server options on the role or database)"
        )));
    }
    layer.user = config.get_user().map(str::to_string);
    layer.dbname = config.get_dbname().map(str::to_string);
    layer.connect_timeout = config
        .get_connect_timeout()
        .and_then(|t| libpq_connect_timeout(t.as_secs() as i64));
    for (key, value) in overrides {
        let bad = |what: &str| {
            Failure::usage(format!(
                "{source} has {key}={value} in its query, which is not {what} — fix the URL"
            ))
        };
        match key.as_str() {
            "host" => layer.host = Some(value),
            "port" => {
                let ports: Result<Vec<u16>, _> =
                    value.split(',').map(|p| p.trim().parse::<u16>()).collect();
                layer.port = Some(ports.map_err(|_| bad("a port (or a comma-separated list)"))?);
            }
            "user" => layer.user = Some(value),
            "dbname" => layer.dbname = Some(value),
            _ => {
                let seconds: i64 = value
                    .trim()
                    .parse()
                    .map_err(|_| bad("a number of seconds"))?;
                layer.connect_timeout = libpq_connect_timeout(seconds);
            }
        }
    }
    Ok(layer)
}

/// Whether a `postgres://` URL gives a port for any of its hosts. tokio-postgres reads a host
/// without one as port 5432; libpq leaves the port unset then, so that PGPORT (or the next
/// source) decides, and so does odoo-access. Written here: tokio-postgres does not say which
/// ports it filled in.
fn url_names_a_port(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let hosts = authority
        .rsplit_once('@')
        .map_or(authority, |(_, hosts)| hosts);
    hosts.split(',').any(|host| {
        let after_address = match host.strip_prefix('[') {
            Some(v6) => v6.split_once(']').map_or("", |(_, rest)| rest),
            None => host,
        };
        after_address.contains(':')
    })
}

/// libpq's `key=value` connection string, split as libpq does: spaces around `=` are
/// allowed, a value may be single-quoted (then it may hold spaces), and a backslash escapes
/// the character after it. Written here: no crate exposes libpq's grammar (tokio-postgres
/// parses it only into its own settings).
fn conninfo_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut chars = text.chars().peekable();
    let mut pairs = Vec::new();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(format!("missing \"=\" after \"{key}\""));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let quoted = chars.next_if_eq(&'\'').is_some();
        let mut value = String::new();
        loop {
            match chars.next() {
                None if quoted => return Err(format!("unterminated quoted value of \"{key}\"")),
                None => break,
                Some('\'') if quoted => break,
                Some(c) if c.is_whitespace() && !quoted => break,
                Some('\\') => value.extend(chars.next()),
                Some(c) => value.push(c),
            }
        }
        pairs.push((key, value));
    }
}

fn env_layer(env: &Environment) -> Result<Layer, Failure> {
    let port = match env.get("PGPORT") {
        None => None,
        Some(p) => Some(parse_ports(p, "PGPORT")?),
    };
    let connect_timeout = match env.get("PGCONNECT_TIMEOUT") {
        None => None,
        Some(s) => libpq_connect_timeout(s.parse::<i64>().map_err(|_| {
            Failure::usage(format!(
                "PGCONNECT_TIMEOUT '{s}' is not a number of seconds — fix or unset it"
            ))
        })?),
    };
    Ok(Layer {
        source: "the environment (PG* variables)".into(),
        host: env.get("PGHOST").map(str::to_string),
        port,
        user: env.get("PGUSER").map(str::to_string),
        dbname: env.get("PGDATABASE").map(str::to_string),
        password: env.get("PGPASSWORD").map(|p| Secret::new(p.to_string())),
        sslmode: env.get("PGSSLMODE").map(str::to_string),
        sslrootcert: env.get("PGSSLROOTCERT").map(str::to_string),
        channel_binding: env.get("PGCHANNELBINDING").map(str::to_string),
        target_session_attrs: env.get("PGTARGETSESSIONATTRS").map(str::to_string),
        connect_timeout,
        // PGSERVICE is read with the layers above it (`layers`).
        service: None,
    })
}

/// The settings of service `name` (see [`service`]): the user's file, then the system's.
fn service_layer(name: &str, env: &Environment) -> Result<Layer, Failure> {
    let user_file = env
        .get("PGSERVICEFILE")
        .map(PathBuf::from)
        .or_else(|| env.home().map(|h| h.join(".pg_service.conf")));
    let system_file = env.get("PGSYSCONFDIR").map_or_else(
        || PathBuf::from("/etc/postgresql-common/pg_service.conf"),
        |dir| Path::new(dir).join("pg_service.conf"),
    );
    let files: Vec<PathBuf> = user_file.into_iter().chain([system_file]).collect();
    let found = service::find(name, &files)?;
    let mut layer = Layer {
        source: format!("service \"{name}\" of {}", found.file.display()),
        ..Layer::default()
    };
    for (key, value) in found.settings {
        let bad = |what: &str| {
            Failure::config(format!(
                "service \"{name}\" of {}: {key} '{value}' is not {what} — fix the file",
                found.file.display()
            ))
        };
        match key.as_str() {
            "host" => layer.host = Some(value),
            "port" => {
                let ports = parse_ports(&value, "port").map_err(|_| bad("a port number"))?;
                layer.port = Some(ports);
            }
            "dbname" => layer.dbname = Some(value),
            "user" => layer.user = Some(value),
            "password" => layer.password = Some(Secret::new(value)),
            "sslmode" => layer.sslmode = Some(value),
            "sslrootcert" => layer.sslrootcert = Some(value),
            "channel_binding" => layer.channel_binding = Some(value),
            "target_session_attrs" => layer.target_session_attrs = Some(value),
            // The only key left (service::KEYS).
            _ => {
                let seconds = value.parse().map_err(|_| bad("a number of seconds"))?;
                layer.connect_timeout = libpq_connect_timeout(seconds);
            }
        }
    }
    Ok(layer)
}

fn conf_layer(conf: &OdooConf) -> Layer {
    Layer {
        source: format!("Odoo config {}", conf.path.display()),
        host: conf.db_host.clone(),
        port: conf.db_port.map(|p| vec![p]),
        user: conf.db_user.clone(),
        // db_name may list several databases (Odoo 17+); the first is the default target.
        dbname: conf
            .db_name
            .as_deref()
            .and_then(|names| names.split(',').map(str::trim).find(|n| !n.is_empty()))
            .map(str::to_string),
        password: conf.db_password.clone(),
        sslmode: conf.db_sslmode.clone(),
        ..Layer::default()
    }
}

/// `~/.odoorc`, then `/etc/odoo/odoo.conf`. A file that exists but cannot be read (often
/// `/etc/odoo/odoo.conf`, readable only by the odoo user) is passed over with a notice; one
/// that is read but malformed is an error, since Odoo itself would refuse it.
fn discover_odoo_conf(
    env: &Environment,
    notices: &mut Vec<String>,
) -> Result<Option<OdooConf>, Failure> {
    let candidates = env
        .home()
        .map(|h| h.join(".odoorc"))
        .into_iter()
        .chain(std::iter::once(PathBuf::from(SYSTEM_ODOO_CONF)));
    for path in candidates {
        if !path.is_file() {
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => return OdooConf::parse(&path, &text).map(Some),
            Err(e) => notices.push(format!(
                "Odoo config {} not used: {e} (pass --odoo-conf to use another)",
                path.display()
            )),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> ConnectRequest {
        ConnectRequest {
            statement_timeout: Duration::from_secs(30),
            ..ConnectRequest::default()
        }
    }

    #[test]
    fn flags_beat_url_beat_environment() {
        let env = Environment::from_pairs([
            ("PGHOST", "envhost"),
            ("PGPORT", "5499"),
            ("PGUSER", "envuser"),
            ("PGDATABASE", "envdb"),
            ("HOME", "/nonexistent"),
        ]);
        let mut req = request();
        req.url = Some("postgres://urluser@urlhost:6000/urldb?sslmode=verify-full".into());
        req.user = Some("flaguser".into());
        let s = Settings::resolve(&req, &env).unwrap();
        assert_eq!(s.servers[0].host, Host::Tcp("urlhost".into()));
        assert_eq!(s.servers[0].port, 6000);
        assert_eq!(s.user, "flaguser");
        assert_eq!(s.dbname.as_deref(), Some("urldb"));
        assert_eq!(s.sslmode, SslMode::VerifyFull);
        assert!(s.origins.iter().any(|o| o == "user from the command line"));
    }

    #[test]
    fn a_password_in_the_url_is_refused_without_echoing_it() {
        let mut req = request();
        req.url = Some("postgres://u:hunter2@h/db".into());
        let err = Settings::resolve(&req, &Environment::default()).unwrap_err();
        assert_eq!(err.exit, crate::error::Exit::Usage);
        assert!(!err.message.contains("hunter2"));
    }

    #[test]
    fn an_explicit_odoo_conf_beats_pg_variables() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("odoo.conf");
        std::fs::write(
            &conf,
            "[options]\ndb_host = False\ndb_port = 5433\ndb_user = odoo\ndb_password = p#w\ndb_name = prod,staging\ndb_sslmode = verify-full\n",
        )
        .unwrap();
        let env = Environment::from_pairs([
            ("PGUSER", "envuser"),
            ("PGHOST", "envhost"),
            ("PGSSLMODE", "disable"),
        ]);
        let mut req = request();
        req.odoo_conf = Some(conf);
        let s = Settings::resolve(&req, &env).unwrap();
        assert_eq!(s.user, "odoo");
        assert_eq!(s.servers[0].port, 5433);
        assert_eq!(s.dbname.as_deref(), Some("prod"));
        assert_eq!(s.sslmode, SslMode::VerifyFull);
        // db_host = False is "unset", so the next source (PGHOST) decides.
        assert_eq!(s.servers[0].host, Host::Tcp("envhost".into()));
        assert_eq!(
            s.password_for(&s.servers[0], "prod").unwrap().expose(),
            "p#w"
        );
    }

    #[test]
    fn odoorc_in_home_is_used_only_without_an_explicit_target() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".odoorc"),
            "[options]\ndb_host = dbserver\ndb_user = odoo\ndb_password = confpw\n",
        )
        .unwrap();
        let home_dir = home.path().to_str().unwrap();
        let env = Environment::from_pairs([("HOME", home_dir), ("PGDATABASE", "prod")]);
        let s = Settings::resolve(&request(), &env).unwrap();
        assert_eq!(s.servers[0].host, Host::Tcp("dbserver".into()));
        assert_eq!(s.user, "odoo");
        assert_eq!(s.dbname.as_deref(), Some("prod"));
        assert!(s.odoo_conf.unwrap().path.ends_with(".odoorc"));

        let env = Environment::from_pairs([("HOME", home_dir), ("PGHOST", "elsewhere")]);
        let s = Settings::resolve(&request(), &env).unwrap();
        assert!(s.odoo_conf.is_none());
        assert!(
            s.password_for(&s.servers[0], "prod").is_none(),
            "the config's password must not travel"
        );
    }

    #[test]
    fn pgpass_is_matched_per_database_and_socket_means_localhost() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let pgpass = home.path().join(".pgpass");
        std::fs::write(
            &pgpass,
            "localhost:5432:prod:odoo:prodpw\n*:*:*:odoo:anypw\n",
        )
        .unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        let env = Environment::from_pairs([
            ("HOME", home.path().to_str().unwrap()),
            ("PGHOST", "/var/run/postgresql"),
            ("PGUSER", "odoo"),
        ]);
        let s = Settings::resolve(&request(), &env).unwrap();
        assert_eq!(
            s.password_for(&s.servers[0], "prod").unwrap().expose(),
            "prodpw"
        );
        assert_eq!(
            s.password_for(&s.servers[0], "other").unwrap().expose(),
            "anypw"
        );
    }

    #[test]
    fn a_connection_string_as_dbname_is_expanded_as_psql_does() {
        let mut req = request();
        req.host = Some("flaghost".into());
        req.dbname = Some("host=db.internal port=6432 dbname=prod sslmode=verify-full".into());
        let s = Settings::resolve(&req, &Environment::default()).unwrap();
        assert_eq!(
            s.servers[0].host,
            Host::Tcp("db.internal".into()),
            "it beats -h, as in psql"
        );
        assert_eq!(
            (s.servers[0].port, s.dbname.as_deref(), s.sslmode),
            (6432, Some("prod"), SslMode::VerifyFull)
        );
        req.dbname = Some("postgresql://auditor@db.internal/prod?sslmode=require".into());
        let s = Settings::resolve(&req, &Environment::default()).unwrap();
        assert_eq!(
            (s.user.as_str(), s.dbname.as_deref(), s.sslmode),
            ("auditor", Some("prod"), SslMode::Require)
        );
        req.dbname = Some("host=db.internal password=secret".into());
        let err = Settings::resolve(&req, &Environment::default()).unwrap_err();
        assert!(
            err.message.starts_with("-d contains a password"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("secret"));
        // A plain name stays a name.
        req.dbname = Some("prod".into());
        let s = Settings::resolve(&req, &Environment::default()).unwrap();
        assert_eq!(s.dbname.as_deref(), Some("prod"));
    }

    #[test]
    fn connect_timeouts_mean_what_they_mean_to_libpq() {
        let timeout = |value: &str| {
            Settings::resolve(
                &request(),
                &Environment::from_pairs([("PGCONNECT_TIMEOUT", value)]),
            )
            .unwrap()
            .connect_timeout
        };
        assert_eq!(timeout("1"), Duration::from_secs(2), "libpq's minimum");
        assert_eq!(timeout("5"), Duration::from_secs(5));
        // "For ever" is not on offer: the default bound stays.
        assert_eq!(timeout("0"), Duration::from_secs(10));
        assert_eq!(timeout("-1"), Duration::from_secs(10));
    }

    #[test]
    fn no_host_and_no_socket_is_a_socket_not_tcp() {
        let mut req = request();
        req.port = Some(1);
        let s = Settings::resolve(&req, &Environment::default()).unwrap();
        assert_eq!(
            s.servers[0].host,
            Host::Socket(PathBuf::from(SOCKET_DIRS[0]))
        );
    }

    #[test]
    fn a_service_beats_the_environment_and_yields_to_flags() {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join(".pg_service.conf");
        std::fs::write(
            &file,
            "[odoo]\nhost=db.internal\nport=6432\ndbname=prod\nuser=auditor\nsslmode=verify-full\n",
        )
        .unwrap();
        let env = Environment::from_pairs([
            ("HOME", home.path().to_str().unwrap()),
            ("PGSERVICE", "odoo"),
            ("PGHOST", "envhost"),
            ("PGDATABASE", "envdb"),
        ]);
        let mut req = request();
        req.user = Some("flaguser".into());
        let s = Settings::resolve(&req, &env).unwrap();
        assert_eq!(s.servers[0].host, Host::Tcp("db.internal".into()));
        assert_eq!(
            (
                s.servers[0].port,
                s.dbname.as_deref(),
                s.user.as_str(),
                s.sslmode
            ),
            (6432, Some("prod"), "flaguser", SslMode::VerifyFull)
        );
        // service= in a connection string names it too; a missing one is exit 78.
        let env = Environment::from_pairs([("HOME", home.path().to_str().unwrap())]);
        req.dbname = Some("service=odoo".into());
        assert_eq!(Settings::resolve(&req, &env).unwrap().servers[0].port, 6432);
        req.dbname = Some("service=nope".into());
        let err = Settings::resolve(&req, &env).unwrap_err();
        assert_eq!(err.exit, crate::error::Exit::Config);
    }

    #[test]
    fn bad_values_are_usage_errors() {
        let err = Settings::resolve(
            &request(),
            &Environment::from_pairs([("PGSSLMODE", "sometimes")]),
        )
        .unwrap_err();
        assert_eq!(err.exit, crate::error::Exit::Usage);
        assert!(err.message.contains("'sometimes'"), "{}", err.message);
        let err =
            Settings::resolve(&request(), &Environment::from_pairs([("PGPORT", "x")])).unwrap_err();
        assert!(err.message.contains("PGPORT"));
    }

    #[test]
    fn host_and_port_lists_pair_as_in_libpq() {
        let env = Environment::from_pairs([("PGHOST", "a,,/run/pg"), ("PGPORT", "6000")]);
        let s = Settings::resolve(&request(), &env).unwrap();
        let ports: Vec<u16> = s.servers.iter().map(|s| s.port).collect();
        assert_eq!(ports, [6000, 6000, 6000], "one port serves every host");
        assert_eq!(s.servers[0].host, Host::Tcp("a".into()));
        assert!(
            matches!(s.servers[1].host, Host::Socket(_)),
            "empty: the socket"
        );
        assert_eq!(s.servers[2].host, Host::Socket(PathBuf::from("/run/pg")));
        let env = Environment::from_pairs([("PGHOST", "a,b"), ("PGPORT", "6000,")]);
        let s = Settings::resolve(&request(), &env).unwrap();
        assert_eq!(s.server_list(), "a:6000, b:5432");
        let mut req = request();
        req.url = Some("postgres://u@a:1,b:2/db".into());
        let s = Settings::resolve(&req, &Environment::default()).unwrap();
        assert_eq!(s.server_list(), "a:1, b:2");
        let env = Environment::from_pairs([("PGHOST", "a,b"), ("PGPORT", "1,2,3")]);
        let err = Settings::resolve(&request(), &env).unwrap_err();
        assert_eq!(err.exit, crate::error::Exit::Usage);
    }

    #[test]
    fn quoted_values_of_a_connection_string_keep_their_spaces() {
        let mut req = request();
        req.dbname = Some(
            r"host = db.internal sslmode='verify-full' sslrootcert='/etc/my certs/root.crt' dbname='it\'s' target_session_attrs=read-only".into(),
        );
        let s = Settings::resolve(&req, &Environment::default()).unwrap();
        assert_eq!(s.sslmode, SslMode::VerifyFull);
        assert_eq!(
            s.sslrootcert.as_deref(),
            Some(Path::new("/etc/my certs/root.crt"))
        );
        assert_eq!(s.dbname.as_deref(), Some("it's"));
        assert_eq!(s.target_session_attrs, TargetSessionAttrs::ReadOnly);
        assert_eq!(s.servers[0].host, Host::Tcp("db.internal".into()));
        req.dbname = Some("host=db hostaddr=10.0.0.1".into());
        let err = Settings::resolve(&req, &Environment::default()).unwrap_err();
        assert!(err.message.contains("sets hostaddr"), "{}", err.message);
        req.dbname = Some("host='db".into());
        let err = Settings::resolve(&req, &Environment::default()).unwrap_err();
        assert!(err.message.contains("unterminated"), "{}", err.message);
    }

    #[test]
    fn each_setting_names_the_source_it_came_from() {
        let home = tempfile::tempdir().unwrap();
        let service_file = home.path().join(".pg_service.conf");
        std::fs::write(&service_file, "[odoo]\nsslmode=require\n").unwrap();
        let conf = home.path().join("odoo.conf");
        std::fs::write(&conf, "[options]\ndb_user = odoo\n").unwrap();
        let env = Environment::from_pairs([
            ("HOME", home.path().to_str().unwrap()),
            ("PGSERVICE", "odoo"),
            ("PGHOST", "envhost"),
            ("PGPORT", "6000"),
        ]);
        let mut req = request();
        req.host = Some("flaghost".into());
        req.url = Some("postgres://urlhost/urldb".into());
        req.odoo_conf = Some(conf.clone());
        let s = Settings::resolve(&req, &env).unwrap();
        assert_eq!(
            (&s.servers[0].host, s.servers[0].port),
            (&Host::Tcp("flaghost".into()), 6000)
        );
        assert_eq!(
            s.origins,
            [
                "host from the command line".to_string(),
                "port from the environment (PG* variables)".into(),
                "user from Odoo config ".to_string() + conf.to_str().unwrap(),
                "database from --url".into(),
                format!(
                    "sslmode from service \"odoo\" of {}",
                    service_file.display()
                ),
            ]
        );
        // -p beats PGPORT; a connection string in -d beats -h.
        req.port = Some(7000);
        req.dbname = Some("host=dhost".into());
        let s = Settings::resolve(&req, &env).unwrap();
        assert_eq!(
            (&s.servers[0].host, s.servers[0].port),
            (&Host::Tcp("dhost".into()), 7000)
        );
        assert_eq!(
            s.origins[..2],
            ["host from -d", "port from the command line"]
        );
        // A port the URL gives beats PGPORT; a URL without one leaves it to PGPORT, as in
        // libpq.
        let env = Environment::from_pairs([("PGPORT", "6000")]);
        let port_of = |url: &str| {
            let mut req = request();
            req.url = Some(url.into());
            let s = Settings::resolve(&req, &env).unwrap();
            s.servers.iter().map(|s| s.port).collect::<Vec<_>>()
        };
        assert_eq!(port_of("postgres://u@urlhost/db"), [6000]);
        assert_eq!(port_of("postgres://u@urlhost:6500/db"), [6500]);
        assert_eq!(port_of("postgresql://[::1]:6501/db"), [6501]);
        assert_eq!(port_of("postgresql://[::1]/db"), [6000]);
        assert_eq!(port_of("postgres://a:1,b/db"), [1, 5432]);
    }

    /// libpq takes every connection keyword from a URL's query, each over the URL's own part,
    /// its value percent-decoded: psql connects with these, and so does odoo-access.
    #[test]
    fn a_urls_query_names_every_keyword_over_the_urls_own_parts() {
        let env = Environment::from_pairs([("HOME", "/nonexistent")]);
        let resolve = |url: &str| {
            let mut req = request();
            req.url = Some(url.into());
            Settings::resolve(&req, &env).unwrap()
        };
        let s = resolve("postgresql:///prod?host=/run/postgresql&port=5433&user=odoo");
        assert_eq!(s.servers[0].host, Host::Socket("/run/postgresql".into()));
        assert_eq!(s.servers[0].port, 5433);
        assert_eq!(s.user, "odoo");
        assert_eq!(s.dbname.as_deref(), Some("prod"));
        let s = resolve("postgresql:///prod?host=%2Fvar%2Frun%2Fpostgresql&port=5434");
        assert_eq!(
            s.servers[0].host,
            Host::Socket("/var/run/postgresql".into())
        );
        assert_eq!(s.servers[0].port, 5434);
        // Over the URL's own host, port, user and database.
        let s = resolve(
            "postgres://u@a:1/db?host=b&port=2&user=v&dbname=other&connect_timeout=7\
             &sslmode=require&sslrootcert=%2Fetc%2Fca.pem&channel_binding=disable\
             &target_session_attrs=read-only",
        );
        assert_eq!(s.servers.len(), 1);
        assert_eq!(
            (&s.servers[0].host, s.servers[0].port),
            (&Host::Tcp("b".into()), 2)
        );
        assert_eq!((s.user.as_str(), s.dbname.as_deref()), ("v", Some("other")));
        assert_eq!(s.connect_timeout, Duration::from_secs(7));
        assert_eq!(s.sslmode, SslMode::Require);
        assert_eq!(
            s.sslrootcert.as_deref(),
            Some(std::path::Path::new("/etc/ca.pem"))
        );
        assert_eq!(s.channel_binding, ChannelBinding::Disable);
        assert_eq!(s.target_session_attrs, TargetSessionAttrs::ReadOnly);
        // Several hosts and ports in the query, as libpq's lists.
        let s = resolve("postgres:///db?host=a,b&port=1,2");
        let servers: Vec<(Host, u16)> =
            s.servers.iter().map(|v| (v.host.clone(), v.port)).collect();
        assert_eq!(
            servers,
            [(Host::Tcp("a".into()), 1), (Host::Tcp("b".into()), 2)]
        );
        let mut req = request();
        req.url = Some("postgres:///db?port=many".into());
        let err = Settings::resolve(&req, &env).unwrap_err();
        assert!(err.message.contains("port=many"), "{}", err.message);
    }

    #[test]
    fn any_server_named_keeps_a_discovered_odoo_config_unused() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".odoorc"),
            "[options]\ndb_host = dbserver\ndb_password = confpw\n",
        )
        .unwrap();
        std::fs::write(home.path().join(".pg_service.conf"), "[s]\nhost=h\n").unwrap();
        let home_dir = home.path().to_str().unwrap();
        // HOME given twice is HOME once: the pair that stands for "no other variable".
        let nothing = ("HOME", home_dir);
        let conf_used = |req: &ConnectRequest, var: (&str, &str)| {
            let env = Environment::from_pairs([("HOME", home_dir), var]);
            Settings::resolve(req, &env).unwrap().odoo_conf.is_some()
        };
        assert!(
            conf_used(&request(), nothing),
            "nothing named: the config is used"
        );
        for var in [
            ("PGSERVICE", "s"),
            ("PGHOST", "h"),
            ("PGPORT", "1"),
            ("PGUSER", "u"),
        ] {
            assert!(!conf_used(&request(), var), "{var:?}");
        }
        let named: [fn(&mut ConnectRequest); 5] = [
            |r| r.url = Some("postgres://h/db".into()),
            |r| r.dbname = Some("host=h".into()),
            |r| r.host = Some("h".into()),
            |r| r.port = Some(1),
            |r| r.user = Some("u".into()),
        ];
        for (i, name) in named.iter().enumerate() {
            let mut req = request();
            name(&mut req);
            assert!(!conf_used(&req, nothing), "request {i}");
        }
    }

    #[test]
    fn a_service_sets_the_tls_and_server_choice_keys() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".pg_service.conf"),
            "[all]\nhost=h\nsslmode=verify-ca\nsslrootcert=/etc/ca.crt\nchannel_binding=require\ntarget_session_attrs=read-write\nconnect_timeout=7\n",
        )
        .unwrap();
        let env = Environment::from_pairs([
            ("HOME", home.path().to_str().unwrap()),
            ("PGSERVICE", "all"),
        ]);
        let s = Settings::resolve(&request(), &env).unwrap();
        assert_eq!(s.sslrootcert.as_deref(), Some(Path::new("/etc/ca.crt")));
        assert_eq!(s.channel_binding, ChannelBinding::Require);
        assert_eq!(s.target_session_attrs, TargetSessionAttrs::ReadWrite);
        assert_eq!(s.connect_timeout, Duration::from_secs(7));
    }

    #[test]
    fn pgpass_names_a_socket_directory_other_than_the_default_by_its_path() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let pgpass = home.path().join(".pgpass");
        std::fs::write(&pgpass, "localhost:*:*:odoo:localpw\n/tmp:*:*:odoo:tmppw\n").unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        let env = Environment::from_pairs([
            ("HOME", home.path().to_str().unwrap()),
            ("PGHOST", "/tmp"),
            ("PGUSER", "odoo"),
        ]);
        let s = Settings::resolve(&request(), &env).unwrap();
        assert_eq!(
            s.password_for(&s.servers[0], "prod").unwrap().expose(),
            "tmppw"
        );
    }

    #[test]
    fn an_apostrophe_inside_an_unquoted_value_is_part_of_it() {
        let mut req = request();
        req.dbname = Some("host=db dbname=o'neil".into());
        let s = Settings::resolve(&req, &Environment::default()).unwrap();
        assert_eq!(s.dbname.as_deref(), Some("o'neil"));
    }

    #[test]
    fn a_client_certificate_is_named_not_silently_dropped() {
        let env = Environment::from_pairs([("PGSSLCERT", "/etc/pg/client.crt")]);
        let s = Settings::resolve(&request(), &env).unwrap();
        assert!(
            s.notices
                .iter()
                .any(|n| n.starts_with("PGSSLCERT names a client certificate")),
            "{:?}",
            s.notices
        );
    }
}
