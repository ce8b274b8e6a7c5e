//! The one connection layer every command uses: settings → TLS → connection → a read-only
//! session with the safety rules of the contract.

pub mod odoo_conf;
pub mod pgpass;
pub mod service;
pub mod settings;
mod tls;

pub use settings::{
    ChannelBinding, ConnectRequest, Environment, Host, Server, Settings, SslMode,
    TargetSessionAttrs,
};

use crate::duration::as_postgres_ms;
use crate::error::{Exit, Failure};
use futures_util::future::BoxFuture;
use futures_util::{pin_mut, TryStreamExt};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_postgres::error::SqlState;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, NoTls, Row, Socket};

/// Opens connections to the databases of one server; cheap to share across tasks.
#[derive(Clone)]
pub struct Connector {
    settings: Settings,
    /// `None` where no TLS is ever attempted (a Unix socket, `sslmode=disable`), so that a
    /// bad root certificate does not stop a run that would never use it.
    tls: Option<tls::Tls>,
    /// The tasks that drive the connections opened so far, awaited by [`Connector::close`].
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
    /// Set by the write commands: every lock their transactions wait for (the preview's too)
    /// is bounded by it, not by the longer statement timeout alone.
    lock_timeout: Option<std::time::Duration>,
    /// Set by the write commands: the role script that installs a role fit to write for them,
    /// named when a write is refused ([`Session::authorize_write`]).
    writer_script: &'static str,
    /// Which of several servers the first connection settled on: every later connection
    /// goes there, so that one run never reads some databases from one server and the rest
    /// from another.
    chosen: Arc<std::sync::OnceLock<usize>>,
}

/// How one server of the list failed: whether the next one is worth trying. As libpq, a
/// server that cannot be reached (or whose TLS fails, or that is not what
/// target_session_attrs asks for) is passed over; one that answered with an error
/// (authentication, no such database) ends the search.
enum Attempt {
    TryNext(Failure),
    Final(Failure),
}

impl Connector {
    pub fn new(settings: Settings) -> Result<Self, Failure> {
        let tcp = settings
            .servers
            .iter()
            .any(|s| matches!(s.host, Host::Tcp(_)));
        let tls = match tcp && settings.sslmode != SslMode::Disable {
            true => Some(tls::connector(
                settings.sslmode,
                settings.sslrootcert.as_deref(),
            )?),
            false => None,
        };
        Ok(Connector {
            settings,
            tls,
            connections: Arc::default(),
            lock_timeout: None,
            writer_script: "",
            chosen: Arc::default(),
        })
    }

    /// This connector for a write command: every transaction's lock waits bounded by `limit`,
    /// and, among several servers, only a read-write one will do unless target_session_attrs
    /// says otherwise. `role_script`: the script under sql/roles/ whose role may write for the
    /// command, for the fix of a refused write.
    pub fn for_writing(&self, limit: std::time::Duration, role_script: &'static str) -> Connector {
        let mut settings = self.settings.clone();
        if settings.servers.len() > 1 && !settings.target_session_attrs_given {
            settings.target_session_attrs = TargetSessionAttrs::ReadWrite;
        }
        Connector {
            settings,
            lock_timeout: Some(limit),
            writer_script: role_script,
            ..self.clone()
        }
    }

    /// The server the connections go to, once the first one settled on it.
    pub fn chosen_server(&self) -> Option<&Server> {
        self.chosen.get().map(|&i| &self.settings.servers[i])
    }

    /// The server connections go to, for messages: the one chosen, or the whole list before
    /// the first connection.
    pub fn server(&self) -> String {
        match self.chosen.get() {
            Some(&i) => self.settings.servers[i].label(),
            None => self.settings.server_list(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Waits (a second at most) for the connections whose sessions are gone to end: a
    /// connection whose client is dropped says goodbye to the server (Terminate) and closes;
    /// ended by the runtime instead, it leaves "unexpected EOF" in the server's log.
    pub async fn close(&self) {
        let tasks =
            std::mem::take(&mut *self.connections.lock().unwrap_or_else(|e| e.into_inner()));
        let all = futures_util::future::join_all(tasks);
        let _ = tokio::time::timeout(std::time::Duration::from_secs(1), all).await;
    }

    /// Connects to `database` as `application_name = odoo-access`: on the server chosen
    /// before, else on the first of the list that can be reached and is what
    /// target_session_attrs asks for (prefer-standby: a standby first, then any).
    pub async fn connect(&self, database: &str) -> Result<Opened, Failure> {
        use TargetSessionAttrs as Want;
        if let Some(&i) = self.chosen.get() {
            let want = self.settings.target_session_attrs;
            let want = if want == Want::PreferStandby {
                Want::Any
            } else {
                want
            };
            return match self.connect_to(i, database, want).await {
                Ok(opened) => Ok(opened),
                Err(Attempt::TryNext(f) | Attempt::Final(f)) => Err(f),
            };
        }
        let passes: &[Want] = match self.settings.target_session_attrs {
            Want::PreferStandby => &[Want::Standby, Want::Any],
            _ => std::slice::from_ref(&self.settings.target_session_attrs),
        };
        let mut passed_over = Vec::new();
        for &want in passes {
            for i in 0..self.settings.servers.len() {
                match self.connect_to(i, database, want).await {
                    Ok(opened) => {
                        let chosen = *self.chosen.get_or_init(|| i);
                        if chosen == i {
                            return Ok(opened);
                        }
                        // Another task settled on another server meanwhile: go there too.
                        drop(opened);
                        return Box::pin(self.connect(database)).await;
                    }
                    Err(Attempt::Final(f)) => return Err(f),
                    Err(Attempt::TryNext(f)) => passed_over.push(f),
                }
            }
        }
        let last = passed_over.pop().expect("at least one server");
        if passed_over.is_empty() {
            return Err(last);
        }
        let mut causes: Vec<String> = passed_over.into_iter().map(|f| f.message).collect();
        causes.push(last.message);
        Err(Failure::new(
            last.exit,
            format!(
                "none of the {} servers could be used ({}): {}",
                causes.len(),
                self.settings.server_list(),
                causes.join("; ")
            ),
        ))
    }

    /// One connection attempt to server `index`, checked against `want`.
    async fn connect_to(
        &self,
        index: usize,
        database: &str,
        want: TargetSessionAttrs,
    ) -> Result<Opened, Attempt> {
        let s = &self.settings;
        let server = &s.servers[index];
        let label = server.label();
        let mut config = tokio_postgres::Config::new();
        match &server.host {
            Host::Tcp(name) => config.host(name),
            Host::Socket(dir) => config.host_path(dir),
        };
        config.channel_binding(match s.channel_binding {
            ChannelBinding::Disable => tokio_postgres::config::ChannelBinding::Disable,
            ChannelBinding::Prefer => tokio_postgres::config::ChannelBinding::Prefer,
            ChannelBinding::Require => tokio_postgres::config::ChannelBinding::Require,
        });
        config
            .port(server.port)
            .user(&s.user)
            .dbname(database)
            .application_name("odoo-access")
            .connect_timeout(s.connect_timeout);
        if let Some(password) = &s.password_for(server, database) {
            config.password(password.expose());
        }
        // A Unix socket never uses TLS, as in libpq.
        let tls = self
            .tls
            .as_ref()
            .filter(|_| matches!(server.host, Host::Tcp(_)));
        // As libpq's connect_timeout: the bound covers the TCP connection, TLS and the start-up
        // and authentication exchange (the driver's own timeout covers the TCP connection
        // only, and a listener that accepts and never answers would hold it for ever).
        let opening = self.open_as_sslmode(config, tls);
        let opened = match Some(s.connect_timeout).filter(|t| !t.is_zero()) {
            Some(limit) => tokio::time::timeout(limit, opening)
                .await
                .map_err(|_| Attempt::TryNext(self.no_answer(&label)))?,
            None => opening.await,
        };
        let (opened, task) = opened.map_err(|e| {
            let failure = self.failure_on(&label, &e, database);
            match e.as_db_error() {
                Some(_) => Attempt::Final(failure),
                None => Attempt::TryNext(failure),
            }
        })?;
        {
            let mut connections = self.connections.lock().unwrap_or_else(|e| e.into_inner());
            connections.retain(|t| !t.is_finished());
            connections.push(task);
        }
        if want != TargetSessionAttrs::Any {
            if let Some(why) = self
                .unwanted(&opened.client, want, &label, database)
                .await?
            {
                return Err(Attempt::TryNext(why));
            }
        }
        Ok(opened)
    }

    /// Why a connected server is not what `want` asks for, if it is not: the same questions
    /// libpq asks (is it a standby; is its default transaction read-only).
    async fn unwanted(
        &self,
        client: &Client,
        want: TargetSessionAttrs,
        label: &str,
        database: &str,
    ) -> Result<Option<Failure>, Attempt> {
        use TargetSessionAttrs as Want;
        let answer = client
            .simple_query(crate::sql::SESSION_ATTRS)
            .await
            .map_err(|e| Attempt::Final(self.failure_on(label, &e, database)))?;
        let row = answer.iter().find_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(row) => Some(row),
            _ => None,
        });
        let flag = |i: usize| row.and_then(|r| r.get(i)) == Some("t");
        let (standby, read_only) = (flag(0), flag(1));
        let fits = match want {
            Want::Any | Want::PreferStandby => true,
            Want::ReadWrite => !standby && !read_only,
            Want::ReadOnly => standby || read_only,
            Want::Primary => !standby,
            Want::Standby => standby,
        };
        let what = match (standby, read_only) {
            (true, _) => "a standby",
            (false, true) => "read-only (default_transaction_read_only is on)",
            (false, false) => "a read-write primary",
        };
        Ok((!fits).then(|| {
            Failure::new(
                Exit::Unreachable,
                format!(
                    "{label} is {what}, not what target_session_attrs={} asks for — list a server that is, or change target_session_attrs",
                    want.as_str()
                ),
            )
        }))
    }

    /// Opens the connection the way libpq's sslmode says (a Unix socket never uses TLS, as in
    /// libpq): allow tries without TLS and, when the server refuses that, with TLS; prefer
    /// tries TLS and, when its handshake fails (a root certificate that did not sign the
    /// server's) or the server refuses the role over TLS (pg_hba.conf lets it in without TLS
    /// only), goes on without; the other modes use TLS or nothing.
    async fn open_as_sslmode(
        &self,
        mut config: tokio_postgres::Config,
        tls: Option<&tls::Tls>,
    ) -> Result<(Opened, JoinHandle<()>), tokio_postgres::Error> {
        use tokio_postgres::config::SslMode as Wire;
        let Some(tls) = tls else {
            config.ssl_mode(Wire::Disable);
            return open(&config, NoTls, None).await;
        };
        let with_tls = |mut config: tokio_postgres::Config, wire| async move {
            config.ssl_mode(wire);
            open(&config, tls.clone(), Some(tls.clone())).await
        };
        match self.settings.sslmode {
            SslMode::Allow => {
                config.ssl_mode(Wire::Disable);
                match open(&config, NoTls, None).await {
                    Err(e) if refused_by_the_server(&e) => with_tls(config, Wire::Require).await,
                    other => other,
                }
            }
            SslMode::Prefer => match with_tls(config.clone(), Wire::Prefer).await {
                Err(e) if e.to_string().contains("TLS handshake") || refused_by_the_server(&e) => {
                    config.ssl_mode(Wire::Disable);
                    open(&config, NoTls, None).await
                }
                other => other,
            },
            _ => with_tls(config, Wire::Require).await,
        }
    }

    /// Opens a read session: one `REPEATABLE READ READ ONLY` transaction with the guards of
    /// [`Session::begin`].
    pub async fn read(&self, database: &str) -> Result<Session, Failure> {
        let (session, ()) = self
            .read_with(database, |_| Box::pin(async { Ok(()) }))
            .await?;
        Ok(session)
    }

    /// [`Connector::read`], with the queries of `first` sent right behind the session's setup,
    /// in the same round trip: a fleet audit opens a session per database and waits for each
    /// answer. `first` still runs inside the read-only transaction (should the setup fail,
    /// the server refuses whatever follows it).
    pub async fn read_with<T>(
        &self,
        database: &str,
        first: impl for<'s> FnOnce(&'s Session) -> BoxFuture<'s, Result<T, Failure>>,
    ) -> Result<(Session, T), Failure> {
        let opened = self.connect(database).await?;
        let session = Session {
            client: opened.client,
            superuser: opened.superuser,
            database: database.to_string(),
            connector: self.clone(),
            cause: Mutex::default(),
            cause_known: Notify::new(),
            runs_as_owner: std::sync::atomic::AtomicBool::new(false),
            authorized: std::sync::atomic::AtomicBool::new(false),
            foreign_planters: std::sync::atomic::AtomicBool::new(true),
        };
        // Biased: polled in this order, the setup is on the wire before `first` sends anything.
        let ((), value) = tokio::try_join!(biased; session.begin_read(), first(&session))?;
        Ok((session, value))
    }

    fn no_answer(&self, server: &str) -> Failure {
        let within = humantime::format_duration(self.settings.connect_timeout);
        Failure::new(
            Exit::Unreachable,
            format!("no answer from {server} within {within} — check -h/-p, firewalls and that PostgreSQL (not another service) listens there, or raise --connect-timeout"),
        )
    }

    /// Turns a driver error into a one-line failure with an exit code and a fix.
    pub fn failure(&self, err: &tokio_postgres::Error, database: &str) -> Failure {
        self.failure_on(&self.server(), err, database)
    }

    /// [`Connector::failure`] for an error of `server`.
    fn failure_on(&self, server: &str, err: &tokio_postgres::Error, database: &str) -> Failure {
        let s = &self.settings;
        if let Some(db) = err.as_db_error() {
            return self.server_error(server, db, database);
        }
        // The driver says "invalid configuration", with the missing password as its source.
        let text = source_text(err);
        if text.contains("password missing") {
            return Failure::new(
                Exit::Denied,
                format!("{server} asks for a password for role \"{}\" and none was given — use -W, PGPASSWORD or ~/.pgpass", s.user),
            );
        }
        // tokio-postgres says "error performing TLS handshake" for every TLS failure, the
        // certificate's included.
        if text.contains("TLS") {
            return Failure::new(
                Exit::Unreachable,
                format!("TLS with {server} failed: {} — check --sslmode; verify-ca/verify-full need the server's CA in ~/.postgresql/root.crt or PGSSLROOTCERT", crate::error::one_line(&source_text(err))),
            );
        }
        if let Some(io) = io_source(err) {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return self.no_answer(server);
            }
            return Failure::new(
                Exit::Unreachable,
                format!("cannot reach PostgreSQL at {server}: {io} — check -h/-p (or PGHOST/PGPORT) and that the server is running"),
            );
        }
        Failure::new(
            Exit::Unreachable,
            format!("connection to {server} (database \"{database}\") failed: {} — check that the server is running and reachable", source_text(err)),
        )
    }

    /// An error the server reported, by SQLSTATE.
    fn server_error(
        &self,
        server: &str,
        db: &tokio_postgres::error::DbError,
        database: &str,
    ) -> Failure {
        let s = &self.settings;
        let code = db.code();
        let message = db.message();
        if *code == SqlState::INVALID_PASSWORD {
            Failure::new(
                Exit::Denied,
                format!("password authentication failed for role \"{}\" on {server} — give the right password with -W, PGPASSWORD or ~/.pgpass", s.user),
            )
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            Failure::new(
                Exit::Denied,
                format!("{server} refused role \"{}\": {message} — check -U/PGUSER and the server's pg_hba.conf", s.user),
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            Failure::new(
                Exit::NoDatabase,
                format!("database \"{database}\" does not exist on {server} — list the databases with 'odoo-access dbs'"),
            )
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            Failure::new(
                Exit::Denied,
                format!("permission denied in database \"{database}\" for role \"{}\": {message} — grant the access described in sql/roles/ or connect as another role", s.user),
            )
        } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
            Failure::new(
                Exit::Denied,
                format!("database \"{database}\" on {server} refused a write in a read-only transaction (its default_transaction_read_only is on, or the server is a standby); nothing was changed — write on the primary, or turn the setting off for the change"),
            )
        } else if *code == SqlState::QUERY_CANCELED {
            Failure::new(
                Exit::Timeout,
                format!("a query in database \"{database}\" ran past the statement timeout ({}) and was cancelled; nothing was changed — raise --statement-timeout or retry when the server is less busy", humantime::format_duration(s.statement_timeout)),
            )
        } else if *code == SqlState::LOCK_NOT_AVAILABLE {
            Failure::new(
                Exit::Timeout,
                format!("could not lock rows in database \"{database}\" in time: {message}; nothing was changed — retry, or raise --lock-timeout"),
            )
        } else if *code == SqlState::UNDEFINED_TABLE || *code == SqlState::UNDEFINED_COLUMN {
            Failure::new(
                Exit::NoDatabase,
                format!("database \"{database}\" lacks what Odoo 14–19 has ({message}) — is it a complete Odoo database?"),
            )
        } else if *code == SqlState::TOO_MANY_CONNECTIONS
            || message.starts_with("no more connections allowed")
        {
            // PgBouncer refuses with its own text (and SQLSTATE 08P01) past max_client_conn.
            Failure::busy(format!(
                "{server} accepts no more connections now: {message} — retry later or lower --jobs"
            ))
        } else if message.contains("statement pooling mode") {
            Failure::new(
                Exit::Config,
                format!("{server} is a PgBouncer pool in statement mode, which refuses transactions, and odoo-access reads and writes in transactions only (a consistent snapshot, bounded by its timeouts) — connect through a pool with pool_mode = transaction or session, or to PostgreSQL directly"),
            )
        } else if *code == SqlState::CANNOT_CONNECT_NOW {
            Failure::new(
                Exit::Unreachable,
                format!(
                    "{server} accepts no connection now: {message} — retry later or lower --jobs"
                ),
            )
        } else {
            Failure::new(
                Exit::Unreachable,
                format!("PostgreSQL error in database \"{database}\" on {server}: {message} (SQLSTATE {})", code.code()),
            )
        }
    }
}

/// The server turned the connection away at authorization (SQLSTATE class 28: pg_hba.conf,
/// password), after which sslmode=allow tries again with TLS and sslmode=prefer without, as
/// libpq does.
fn refused_by_the_server(e: &tokio_postgres::Error) -> bool {
    e.as_db_error()
        .is_some_and(|db| db.code().code().starts_with("28"))
}

/// Connects, registers the connection as in flight (see [`cancel_in_flight`]) and leaves it to
/// a task of its own, which unregisters it when it ends.
async fn open<T>(
    config: &tokio_postgres::Config,
    tls: T,
    cancel_tls: Option<tls::Tls>,
) -> Result<(Opened, JoinHandle<()>), tokio_postgres::Error>
where
    T: MakeTlsConnect<Socket>,
    T::Stream: Send + 'static,
{
    let (client, connection) = config.connect(tls).await?;
    let superuser = connection
        .parameter("is_superuser")
        .map(|value| value == "on");
    let id = NEXT_CONNECTION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    in_flight().push((id, client.cancel_token(), cancel_tls));
    // Errors of the connection task surface through the client's next call.
    let task = tokio::spawn(async move {
        let _ = connection.await;
        in_flight().retain(|(other, _, _)| *other != id);
    });
    Ok((Opened { client, superuser }, task))
}

/// A connection just opened, and whether its login role is a superuser, as the server said
/// at start-up (`is_superuser`; `None` where it did not say).
pub struct Opened {
    client: Client,
    superuser: Option<bool>,
}

/// The connections open now, with what it takes to cancel their queries. Global, because an
/// interrupt (`main`) must reach the connections of whatever command runs.
static IN_FLIGHT: Mutex<Vec<(u64, tokio_postgres::CancelToken, Option<tls::Tls>)>> =
    Mutex::new(Vec::new());
static NEXT_CONNECTION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn in_flight(
) -> std::sync::MutexGuard<'static, Vec<(u64, tokio_postgres::CancelToken, Option<tls::Tls>)>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// On an interrupt: asks the server to cancel whatever each open connection runs (a query
/// waiting for a lock would otherwise go on after we are gone: the server reads our socket only
/// between queries), then waits a moment for the connections to end. A transaction not yet
/// committed is rolled back with its connection. Bounded: three seconds at most.
pub async fn cancel_in_flight() {
    let tokens: Vec<_> = in_flight()
        .iter()
        .map(|(_, token, tls)| (token.clone(), tls.clone()))
        .collect();
    let cancels = tokens.into_iter().map(|(token, tls)| async move {
        let _ = match tls {
            Some(tls) => token.cancel_query(tls).await,
            None => token.cancel_query(NoTls).await,
        };
    });
    let bound = std::time::Duration::from_secs(3);
    let _ = tokio::time::timeout(bound, async {
        futures_util::future::join_all(cancels).await;
        while !in_flight().is_empty() {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await;
}

/// The error and its causes, joined: tokio-postgres puts the useful part in the source.
/// OpenSSL repeats its text at several levels; a cause already said is not said again.
fn source_text(err: &tokio_postgres::Error) -> String {
    let mut text = err.to_string();
    let mut cause = std::error::Error::source(err);
    while let Some(c) = cause {
        let part = c.to_string();
        if !text.contains(&part) {
            text = format!("{text}: {part}");
        }
        cause = c.source();
    }
    text
}

fn io_source(err: &tokio_postgres::Error) -> Option<&std::io::Error> {
    let mut cause = std::error::Error::source(err);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cause = c.source();
    }
    None
}

/// A transaction on one database: read-only for every command but `revoke`. Queries go
/// through the extended protocol as *unnamed* statements (`query_typed`, one round trip each)
/// and [`Session::describe`] closes its named statement within the transaction, so the tool
/// works behind PgBouncer in transaction mode.
pub struct Session {
    client: Client,
    /// Whether the login role is a superuser, as the server said at start-up.
    superuser: Option<bool>,
    database: String,
    connector: Connector,
    /// The first failed statement of the current transaction, and its announcement: see
    /// [`Session::fail`].
    cause: Mutex<Option<Failure>>,
    cause_known: Notify,
    /// Set by each transaction's setup: a superuser's session runs as the Odoo tables' owner
    /// (sql/session_role.sql answers a row only then).
    runs_as_owner: std::sync::atomic::AtomicBool,
    /// Set once [`Session::authorize_write`] passed: see there why once per session is enough.
    authorized: std::sync::atomic::AtomicBool,
    /// Whether [`Session::authorize_write`] found a planter that is neither the login role nor
    /// a superuser: only then can a write's path hold code of another role to refuse.
    foreign_planters: std::sync::atomic::AtomicBool,
}

impl Session {
    pub fn database(&self) -> &str {
        &self.database
    }

    /// Starts the read transaction (see [`Connector::read`]).
    async fn begin_read(&self) -> Result<(), Failure> {
        self.begin(
            "ISOLATION LEVEL REPEATABLE READ READ ONLY",
            self.connector.lock_timeout,
        )
        .await
    }

    /// Opens a transaction with the guards every statement of odoo-access runs under (docs/SAFETY.md,
    /// "A database's owner is not trusted"): a statement timeout (and a lock timeout for writes); `search_path` pinned to
    /// `pg_catalog, pg_temp`, so that no name resolves to anything the database's owner made
    /// (tables are written `public.…`); `row_security = off`, so that a row-level security
    /// policy makes a query fail instead of running the policy's functions; `jit = off` (the
    /// catalog scans of the write path are costed past its threshold, and compiling them took
    /// far longer than running them); and, for a
    /// superuser, the role of the Odoo tables' owner (sql/session_role.sql). All of it is
    /// `SET LOCAL`: behind PgBouncer in transaction mode a session setting would stay on the
    /// server connection for its next client.
    async fn begin(
        &self,
        mode: &str,
        lock_timeout: Option<std::time::Duration>,
    ) -> Result<(), Failure> {
        let lock = lock_timeout
            .map(|t| format!("SET LOCAL lock_timeout = '{}'; ", as_postgres_ms(t)))
            .unwrap_or_default();
        // sql/session_role.sql switches only a superuser's session; a role the server called
        // no superuser at start-up is spared it: planning its catalog lookup cost a fresh
        // backend more than any other statement of a fleet report (benches/fleet.sh).
        let role = match self.superuser {
            Some(false) => "",
            Some(true) | None => crate::sql::SESSION_ROLE,
        };
        let setup = format!(
            "BEGIN {mode}; \
             SET LOCAL search_path = pg_catalog, pg_temp; \
             SET LOCAL row_security = off; \
             SET LOCAL jit = off; \
             {lock}SET LOCAL statement_timeout = '{}'; \
             {role}",
            as_postgres_ms(self.connector.settings.statement_timeout),
        );
        let answers = self.checked(self.client.simple_query(&setup).await).await?;
        let switched = answers
            .iter()
            .any(|m| matches!(m, tokio_postgres::SimpleQueryMessage::Row(_)));
        self.runs_as_owner
            .store(switched, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Whether this write session may meet code of a role that is neither its login role nor a
    /// superuser ([`Session::authorize_write`] found such a planter): else the hazard scan of
    /// the second layer has nothing to find, and is not asked.
    pub fn foreign_code_possible(&self) -> bool {
        self.foreign_planters
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether the current transaction runs as the Odoo tables' owner on behalf of a superuser:
    /// only then could the owner's code find more rights in the session than its own. Known
    /// once the transaction's setup has been answered.
    pub fn runs_as_owner(&self) -> bool {
        self.runs_as_owner
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Turns a driver error into a failure. Queries go out pipelined, and once one fails,
    /// PostgreSQL refuses those queued behind it in the same transaction ("current transaction
    /// is aborted"). Whichever answer is read first, the failure reported is the cause: its
    /// answer came first, so its reader only needs a chance to run, and a refusal waits for it
    /// (a second at most).
    async fn fail(&self, e: tokio_postgres::Error) -> Failure {
        if e.code() == Some(&SqlState::IN_FAILED_SQL_TRANSACTION) {
            let announced = self.cause_known.notified();
            if self.cause().is_none() {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(1), announced).await;
            }
            if let Some(cause) = self.cause() {
                return cause;
            }
        }
        let failure = self.connector.failure(&e, &self.database);
        self.cause
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(|| failure.clone());
        self.cause_known.notify_waiters();
        failure
    }

    fn cause(&self) -> Option<Failure> {
        self.cause.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// `result`, its error turned into a failure by [`Session::fail`].
    async fn checked<T>(&self, result: Result<T, tokio_postgres::Error>) -> Result<T, Failure> {
        match result {
            Ok(value) => Ok(value),
            Err(e) => Err(self.fail(e).await),
        }
    }

    pub async fn query(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Vec<Row>, Failure> {
        self.checked(self.client.query_typed(sql, params).await)
            .await
    }

    /// Runs `sql` and hands each row to `each` as it arrives, so a million users never sit in
    /// memory at once.
    pub async fn for_each_row<F>(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
        mut each: F,
    ) -> Result<(), Failure>
    where
        F: FnMut(Row) -> Result<(), Failure>,
    {
        let rows = self
            .client
            .query_typed_raw(sql, params.iter().map(|(v, t)| (*v, t.clone())))
            .await;
        let rows = self.checked(rows).await?;
        pin_mut!(rows);
        while let Some(row) = self.checked(rows.try_next().await).await? {
            each(row)?;
        }
        Ok(())
    }

    /// Ends the read transaction and opens the one writing transaction (`revoke`) on the same
    /// connection: refuses a standby, then `READ COMMITTED` (each statement sees what is
    /// committed) with lock and statement timeouts and the same pinned `search_path`.
    pub async fn into_write(self, lock_timeout: std::time::Duration) -> Result<Session, Failure> {
        self.commit().await?;
        // A new transaction: a failure of the read one is not the cause of anything in it.
        *self.cause.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let standby: bool = self.query_one(crate::sql::IN_RECOVERY, &[]).await?.get(0);
        if standby {
            return Err(Failure::new(
                Exit::Denied,
                format!("{} is a standby (read-only replica): nothing can be changed there — connect to the primary", self.connector.server()),
            ));
        }
        self.begin("ISOLATION LEVEL READ COMMITTED", Some(lock_timeout))
            .await?;
        self.authorize_write().await?;
        Ok(self)
    }

    /// The first statement of every write transaction: refuses it (exit 77, nothing changed)
    /// where code a role of this database could plant would gain rights by running in this
    /// session (sql/write_authority.sql). This is what keeps a database's owner from running
    /// its code as a superuser through whatever a write sets off — a trigger, a cascade, a
    /// domain, a deferred constraint at COMMIT — however it is planted: the session's login
    /// role is the most any such code can take, and here it is no more than the planter has.
    /// docs/SAFETY.md, "A database's owner is not trusted".
    ///
    /// Once per session: a later write transaction on the same connection (the signal after a
    /// revoke) meets no planter it could have missed — a role that neither owned objects nor
    /// held TRIGGER at the check can put no code where a write runs it without becoming
    /// owner or grantee, which only a planter or a superuser can make it.
    async fn authorize_write(&self) -> Result<(), Failure> {
        use std::sync::atomic::Ordering;
        if self.authorized.load(Ordering::Relaxed) {
            return Ok(());
        }
        let planters = self.query(crate::sql::WRITE_AUTHORITY, &[]).await?;
        let foreign = planters.iter().any(|row| !row.get::<_, bool>("superuser"));
        let rows: Vec<&Row> = planters
            .iter()
            .filter(|row| !row.get::<_, Vec<String>>("lacks").is_empty())
            .collect();
        let Some(first) = rows.first() else {
            self.foreign_planters.store(foreign, Ordering::Relaxed);
            self.authorized.store(true, Ordering::Relaxed);
            return Ok(());
        };
        let login = &self.connector.settings.user;
        let lacking: Vec<String> = rows
            .iter()
            .map(|row| {
                let role: String = row.get("role");
                let lacks: Vec<String> = row.get("lacks");
                // A superuser has every other right: lacking that says it all.
                match lacks.iter().any(|power| power == "superuser") {
                    true => format!("\"{role}\", which is no superuser"),
                    false => format!("\"{role}\", which lacks {}", lacks.join(", ")),
                }
            })
            .collect();
        let owner: String = planters
            .iter()
            .find(|row| row.get::<_, bool>("owns_database"))
            .unwrap_or(first)
            .get("role");
        Err(Failure::new(
            Exit::Denied,
            format!(
                "database \"{}\": a write as \"{login}\" could run code of {} (it owns objects there or may add triggers) with the login role's rights, so nothing was changed — run it as the database's owner (-U {owner}, or --odoo-conf with Odoo's db_user and db_password){}",
                self.database,
                lacking.join("; "),
                // lockout writes res_users, which no shipped role may.
                match self.connector.writer_script {
                    "" => String::new(),
                    script => format!(", or as the role sql/roles/{script} installs"),
                },
            ),
        ))
    }

    /// After a COMMIT: runs `work` (this session's queries) in a write transaction of its own
    /// under the same guards, [`Session::authorize_write`] first: the cache signal, which must
    /// follow the write's commit. The future is lazy: nothing of it is sent before the
    /// transaction is open and authorized.
    pub async fn in_write_transaction<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, Failure>>,
    ) -> Result<T, Failure> {
        self.begin(
            "ISOLATION LEVEL READ COMMITTED",
            self.connector.lock_timeout,
        )
        .await?;
        self.authorize_write().await?;
        let value = work.await?;
        self.commit().await?;
        Ok(value)
    }

    /// Runs one statement that takes no parameters and returns no rows (a LOCK).
    pub async fn execute(&self, sql: &str) -> Result<(), Failure> {
        self.checked(self.client.batch_execute(sql).await).await
    }

    /// Commits the transaction; later statements run on their own (autocommit), which is what
    /// the cache signal after a revoke needs.
    pub async fn commit(&self) -> Result<(), Failure> {
        self.checked(self.client.batch_execute("COMMIT").await)
            .await
    }

    pub async fn query_one(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Row, Failure> {
        self.checked(self.client.query_typed_one(sql, params).await)
            .await
    }

    /// The columns `sql` would return, as the server describes the prepared statement; it is
    /// never executed. The statement is named (the driver has no unnamed Describe) and closed
    /// as soon as it is read, within the transaction. A column of a type the driver does not
    /// know (an extension's) costs one more query, on pg_type.
    pub async fn describe(&self, sql: &str) -> Result<Vec<DescribedColumn>, Failure> {
        let statement = self.checked(self.client.prepare(sql).await).await?;
        Ok(statement
            .columns()
            .iter()
            .map(|c| DescribedColumn {
                name: c.name().to_string(),
                relation: c.table_oid(),
                number: c.column_id(),
            })
            .collect())
    }
}

/// A column of a described statement, and the relation column it comes from (if any).
#[derive(Debug, Clone)]
pub struct DescribedColumn {
    pub name: String,
    pub relation: Option<u32>,
    pub number: Option<i16>,
}
