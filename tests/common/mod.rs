//! Test harness: a real PostgreSQL, real Odoo schemas, one fresh database per test.
//!
//! The server is `ODOO_ACCESS_TEST_URL` if set, else the local server on 127.0.0.1:5432 as
//! `postgres` if it answers, else a private throw-away cluster made with the installed
//! PostgreSQL binaries (run as `postgres` when the tests run as root). One template database
//! per Odoo version is built from `sql/odoo/<v>/schema.sql` + `sql/odoo/sample-data.sql` and
//! reused while those files are unchanged; each test clones its own database, moves the
//! clone's dates by the template's age (`sql/odoo/shift-dates.sql`) so that "20 minutes ago"
//! means 20 minutes before the test runs, and drops it at the end.
#![allow(dead_code)] // each test binary uses a different part of the harness

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

pub const VERSIONS: [u32; 6] = [14, 15, 16, 17, 18, 19];

/// Recorded in each template after its sample data: the moment its relative dates mean "now".
const FIXTURE_CLOCK: &str = "CREATE SCHEMA oa_fixture;
     CREATE TABLE oa_fixture.clock AS SELECT pg_catalog.now() AT TIME ZONE 'utc' AS built_at;";

/// Moves a fixture database's dates by the setting `oa_fixture.shift`.
const SHIFT_DATES: &str = include_str!("../../sql/odoo/shift-dates.sql");

/// Marks planted in the fixtures that no output may ever contain.
pub const SECRETS: [&str; 8] = [
    "5ec7e7a1-d0d0-4bad-b0b0",          // database.secret
    "viPS9lENyq8M6W14DxKjIzl0FRgSFqXn", // OCA auth_api_key's key, in clear (sql/odoo/oca/18)
    "jWtcyWMZURXtbyCCHBuigxLPeMSBS5zn", // an OCA auditlog session id (sql/odoo/oca/18)
    "planted-jwt-hs256-secret",         // tests/beneath.rs's auth_jwt_validator secret
    "$pbkdf2-sha512$",                  // any password or key hash
    "R3LPUQYJ37YKH7C7FAYKGMOAXPNRUKGB", // alice's TOTP seed
    "M2011223344556",                   // the enterprise code (shown as yes/no only)
    "Dave-Plain-2026!",                 // dave's plaintext password
];

pub struct Server {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<String>,
    /// A private cluster's data directory (empty otherwise).
    pub dir: PathBuf,
    /// Keeps the private cluster's watchdog alive; it stops the cluster when we exit.
    _cluster: Option<Mutex<Child>>,
}

pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        if let Ok(url) = std::env::var("ODOO_ACCESS_TEST_URL") {
            let config = tokio_postgres::Config::from_str(&url).expect("ODOO_ACCESS_TEST_URL");
            let host = match &config.get_hosts()[0] {
                tokio_postgres::config::Host::Tcp(h) => h.clone(),
                tokio_postgres::config::Host::Unix(p) => p.display().to_string(),
            };
            return Server {
                host,
                port: config.get_ports().first().copied().unwrap_or(5432),
                user: config.get_user().unwrap_or("postgres").to_string(),
                password: config
                    .get_password()
                    .map(|p| String::from_utf8_lossy(p).into_owned()),
                dir: PathBuf::new(),
                _cluster: None,
            };
        }
        let local = Server {
            host: "127.0.0.1".into(),
            port: 5432,
            user: "postgres".into(),
            password: None,
            dir: PathBuf::new(),
            _cluster: None,
        };
        if std::env::var_os("ODOO_ACCESS_TEST_PRIVATE_CLUSTER").is_none()
            && runtime().block_on(async {
                tokio::time::timeout(Duration::from_secs(3), local.connect("postgres"))
                    .await
                    .is_ok_and(|r| r.is_ok())
            })
        {
            return local;
        }
        private_cluster()
    })
}

impl Server {
    pub async fn connect(
        &self,
        database: &str,
    ) -> Result<tokio_postgres::Client, tokio_postgres::Error> {
        let mut config = tokio_postgres::Config::new();
        config
            .host(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(database)
            .application_name("odoo-access-tests");
        if let Some(p) = &self.password {
            config.password(p);
        }
        let (client, connection) = config.connect(tokio_postgres::NoTls).await?;
        tokio::spawn(connection);
        Ok(client)
    }

    /// A connection to `database` inside an open transaction that has run `sql` — an Odoo
    /// worker holding locks. End it with `batch_execute("COMMIT")` or `("ROLLBACK")`.
    pub async fn in_transaction(&self, database: &str, sql: &str) -> tokio_postgres::Client {
        let client = self.connect(database).await.expect("connect");
        client
            .batch_execute(&format!("BEGIN; {sql}"))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        client
    }

    /// Runs SQL on the maintenance database.
    pub fn admin(&self, sql: &str) {
        runtime().block_on(async {
            let client = self.connect("postgres").await.expect("connect to postgres");
            client
                .batch_execute(sql)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        })
    }

    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{}@{}:{}/{}",
            self.user, self.host, self.port, database
        )
    }
}

/// A throw-away cluster: initdb into a temporary directory and a postgres process whose
/// watchdog shell stops it and removes the directory when this test process exits (its
/// stdin closes).
fn private_cluster() -> Server {
    start_cluster("pg", None, None)
}

/// The password of `postgres` on [`checking_server`].
pub const CHECKING_PASSWORD: &str = "Aud:it\\or#2026";

/// A second private cluster that checks passwords (scram-sha-256 for every TCP connection)
/// and speaks TLS with a throw-away certificate for `localhost` and 127.0.0.1, whose own
/// certificate is its root ([`Server::root_cert`]): what libpq's behaviours are tested
/// against, as the trust-auth server cannot tell a right password from a wrong one.
pub fn checking_server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start_cluster("pg-checking", Some(CHECKING_PASSWORD), None))
}

/// A hot standby of [`checking_server`], streaming from it (its copy, with the same roles,
/// password and certificate): what target_session_attrs' standby choices are tested against.
pub fn checking_standby() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        start_cluster(
            "pg-standby",
            Some(CHECKING_PASSWORD),
            Some(checking_server()),
        )
    })
}

impl Server {
    /// The certificate [`checking_server`] presents, which is also its root.
    pub fn root_cert(&self) -> PathBuf {
        self.dir.join("server.crt")
    }
}

/// A throw-away cluster in a directory of its own, stopped and removed when the tests exit.
/// With `password`: scram-sha-256 and TLS, the superuser's password set to it. With
/// `standby_of`: a base backup of that cluster, started as its hot standby.
fn start_cluster(tag: &str, password: Option<&str>, standby_of: Option<&Server>) -> Server {
    let bin = postgres_bindir();
    let dir = std::env::temp_dir().join(format!("odoo-access-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let wrap = |program: PathBuf| -> Command {
        if as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    };
    if as_root {
        let status = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success(), "chown the private cluster directory");
    }
    let data = dir.join("data");
    if let Some(primary) = standby_of {
        let status = wrap(bin.join("pg_basebackup"))
            .args(["-h", &primary.host, "-p", &primary.port.to_string()])
            .args(["-U", "postgres", "-X", "stream", "-R", "-D"])
            .arg(&data)
            .env(
                "PGPASSWORD",
                primary.password.as_deref().unwrap_or_default(),
            )
            .stdout(Stdio::null())
            .status()
            .expect("pg_basebackup");
        assert!(status.success(), "pg_basebackup failed");
    } else {
        init_cluster(&bin, &dir, &data, password, as_root, &wrap);
    }
    launch_cluster(&bin, &dir, &data, password, standby_of.is_none(), &wrap)
}

/// initdb into `data`; with `password`, the TLS certificate and the pg_hba.conf rules of
/// [`checking_server`].
fn init_cluster(
    bin: &Path,
    dir: &Path,
    data: &Path,
    password: Option<&str>,
    as_root: bool,
    wrap: &dyn Fn(PathBuf) -> Command,
) {
    let mut initdb = wrap(bin.join("initdb"));
    initdb
        .arg("-D")
        .arg(data)
        .args(["-U", "postgres", "--no-sync"]);
    match password {
        None => initdb.args(["-A", "trust"]),
        Some(password) => {
            let file = dir.join("pwfile");
            std::fs::write(&file, password).unwrap();
            chown_to_postgres(&file, as_root);
            initdb
                .args([
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "--pwfile",
                ])
                .arg(&file)
        }
    };
    let status = initdb.stdout(Stdio::null()).status().expect("initdb");
    assert!(status.success(), "initdb failed");
    if password.is_some() {
        self_signed_certificate(data, data, as_root);
        // The role `tlsonly` may connect over TLS only (sslmode=allow's second attempt), and
        // `plainonly` without TLS only (sslmode=prefer's second attempt).
        let hba = data.join("pg_hba.conf");
        let rules = std::fs::read_to_string(&hba).unwrap();
        std::fs::write(
            &hba,
            format!("hostnossl all tlsonly 127.0.0.1/32 reject\nhostssl all plainonly 127.0.0.1/32 reject\n{rules}"),
        )
        .unwrap();
    }
}

/// Starts the cluster of `data` on a free port under a watchdog shell that stops it and
/// removes `dir` when this test process exits; `primary` creates the test roles.
fn launch_cluster(
    bin: &Path,
    dir: &Path,
    data: &Path,
    password: Option<&str>,
    primary: bool,
    wrap: &dyn Fn(PathBuf) -> Command,
) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let postgres = wrap(bin.join("postgres"));
    let mut argv: Vec<String> = vec![postgres.get_program().to_string_lossy().into_owned()];
    argv.extend(
        postgres
            .get_args()
            .map(|a| a.to_string_lossy().into_owned()),
    );
    argv.extend([
        "-D".into(),
        data.display().to_string(),
        "-k".into(),
        dir.display().to_string(),
        "-p".into(),
        port.to_string(),
        "-c".into(),
        "listen_addresses=127.0.0.1".into(),
        "-c".into(),
        "fsync=off".into(),
    ]);
    if password.is_some() {
        argv.extend(["-c".into(), "ssl=on".into()]);
    }
    let child = Command::new("sh")
        .arg("-c")
        .arg(r#"dir="$1"; shift; "$@" >"$dir/log" 2>&1 & pid=$!; read _; kill "$pid"; wait "$pid"; rm -rf "$dir""#)
        .arg("sh")
        .arg(dir)
        .args(&argv)
        .stdin(Stdio::piped())
        .spawn()
        .expect("start the private cluster");
    let server = Server {
        host: "127.0.0.1".into(),
        port,
        user: "postgres".into(),
        password: password.map(str::to_string),
        dir: data.to_path_buf(),
        _cluster: Some(Mutex::new(child)),
    };
    for _ in 0..100 {
        let up = runtime().block_on(async { server.connect("postgres").await.is_ok() });
        if up {
            if let Some(password) = password.filter(|_| primary) {
                let escaped = password.replace('\'', "''");
                for role in ["tlsonly", "plainonly"] {
                    server.admin(&format!("CREATE ROLE {role} LOGIN PASSWORD '{escaped}'"));
                }
            }
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the private cluster in {} did not start", dir.display());
}

fn chown_to_postgres(path: &Path, as_root: bool) {
    if as_root {
        let status = Command::new("chown")
            .arg("postgres:postgres")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success(), "chown {}", path.display());
    }
}

/// `server.crt` and `server.key` in `dir`: valid a day, for `localhost` and 127.0.0.1
/// (openssl, which the TLS of odoo-access links to anyway).
pub fn self_signed_certificate(dir: &Path, data: &Path, as_root: bool) {
    let status = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(dir.join("server.key"))
        .arg("-out")
        .arg(dir.join("server.crt"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl");
    assert!(status.success(), "openssl req failed");
    for file in ["server.key", "server.crt"] {
        let path = dir.join(file);
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        if dir == data {
            chown_to_postgres(&path, as_root);
        }
    }
}

fn postgres_bindir() -> PathBuf {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return dir;
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("no PostgreSQL binaries in /usr/lib/postgresql")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("no initdb found")
}

/// A file of the repository, by its path there.
pub fn repo_path(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

pub fn repo_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The template for one Odoo version, built once per fixture content.
pub fn template(version: u32) -> String {
    static DONE: OnceLock<Mutex<Vec<(u32, String)>>> = OnceLock::new();
    let done = DONE.get_or_init(|| Mutex::new(Vec::new()));
    let mut done = done.lock().unwrap();
    if let Some((_, name)) = done.iter().find(|(v, _)| *v == version) {
        return name.clone();
    }
    let schema = repo_file(&format!("sql/odoo/{version}/schema.sql"));
    let data = repo_file("sql/odoo/sample-data.sql");
    // The fixtures' dates are relative to when the template is built: the build time is kept
    // in the template (`oa_fixture.clock`) and every clone is moved by the template's age.
    let mut hasher = DefaultHasher::new();
    (&schema, &data, FIXTURE_CLOCK).hash(&mut hasher);
    let name = format!("oa_tpl_{version}_{:08x}", hasher.finish() as u32);
    let srv = server();
    runtime().block_on(async {
        let client = srv.connect("postgres").await.expect("connect");
        // Several test processes may start at once: one builds, the others wait.
        client
            .execute("SELECT pg_advisory_lock(hashtext($1))", &[&name])
            .await
            .unwrap();
        let exists = client
            .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
            .await
            .unwrap()
            .is_some();
        if !exists {
            let stale = client
                .query(
                    "SELECT datname::text FROM pg_database WHERE datname LIKE $1 AND datname <> $2",
                    &[&format!("oa\\_tpl\\_{version}\\_%"), &name],
                )
                .await
                .unwrap();
            for row in stale {
                let old: String = row.get(0);
                let _ = client
                    .batch_execute(&format!("ALTER DATABASE \"{old}\" IS_TEMPLATE false"))
                    .await;
                let _ = client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)"))
                    .await;
            }
            let building = format!("{name}_building");
            // CREATE/DROP DATABASE cannot share a statement batch (an implicit transaction).
            for sql in [
                format!("DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"),
                format!("CREATE DATABASE \"{building}\""),
            ] {
                client.batch_execute(&sql).await.unwrap();
            }
            {
                let db = srv.connect(&building).await.unwrap();
                db.batch_execute(&schema).await.expect("load schema.sql");
                db.batch_execute(&format!("{data};\n{FIXTURE_CLOCK}"))
                    .await
                    .expect("load sample-data.sql");
            }
            client
                .batch_execute(&format!(
                    "ALTER DATABASE \"{building}\" RENAME TO \"{name}\"; ALTER DATABASE \"{name}\" IS_TEMPLATE true"
                ))
                .await
                .unwrap();
        }
        client
            .execute("SELECT pg_advisory_unlock(hashtext($1))", &[&name])
            .await
            .unwrap();
    });
    done.push((version, name.clone()));
    name
}

/// A unique prefix for the databases and roles of one test.
pub fn unique(tag: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "oa_t_{tag}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A database of its own for one test, dropped when the test ends.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    /// A clone of the fixture database of `version`, its dates as if the fixture had been
    /// loaded just now.
    ///
    /// `ODOO_ACCESS_TEST_TEMPLATE_AGE` (a PostgreSQL interval, e.g. `23 hours`) first ages the
    /// clone by that much, as if the template had been built that long ago: `.ci/run` runs the
    /// time-dependent tests so, to prove that a day-old template gives the same answers.
    pub fn odoo(version: u32, name: &str) -> TestDb {
        let age = std::env::var("ODOO_ACCESS_TEST_TEMPLATE_AGE").ok();
        let db = TestDb::odoo_unshifted(version, name);
        if let Some(age) = age.filter(|a| !a.is_empty()) {
            db.shift_dates(&format!("-interval '{age}'"));
        }
        db.freshen();
        db
    }

    /// Moves the dates of a clone that still has the template's clock by the template's age,
    /// then drops the clock.
    pub fn freshen(&self) {
        // One session: the shift is a session setting.
        self.execute(&format!(
            "SELECT pg_catalog.set_config('oa_fixture.shift',
                 ((pg_catalog.now() AT TIME ZONE 'utc') - built_at)::text, false)
             FROM oa_fixture.clock;
             {SHIFT_DATES}
             DROP SCHEMA oa_fixture CASCADE;"
        ));
    }

    /// A clone of the template as it is: its dates are as old as the template, and the
    /// template's clock (`oa_fixture.clock`) is still there. For the tests of the harness.
    pub fn odoo_unshifted(version: u32, name: &str) -> TestDb {
        let template = template(version);
        server().admin(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        ));
        TestDb {
            name: name.to_string(),
        }
    }

    /// Moves every date of this database by `interval`, an SQL expression of type interval
    /// (negative ages it).
    pub fn shift_dates(&self, interval: &str) {
        self.execute(&format!(
            "SELECT pg_catalog.set_config('oa_fixture.shift', ({interval})::text, false);\n{SHIFT_DATES}"
        ));
    }

    /// An empty database (not Odoo).
    pub fn empty(name: &str) -> TestDb {
        server().admin(&format!("CREATE DATABASE \"{name}\""));
        TestDb {
            name: name.to_string(),
        }
    }

    /// The first column of the first row, as text (`::text` it in the query).
    pub fn scalar(&self, sql: &str) -> Option<String> {
        runtime().block_on(async {
            let client = server().connect(&self.name).await.expect("connect");
            let row = client
                .query_one(sql, &[])
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            row.get::<_, Option<String>>(0)
        })
    }

    /// Installs sql/roles/audit-role.sql (and revoke-role.sql) for roles of these names.
    pub fn install_roles(&self, audit: &str, revoke: Option<&str>) {
        let mut script = format!(
            "SET odoo_access.audit_role = '{audit}'; SET odoo_access.revoke_role = '{}';\n",
            revoke.unwrap_or("")
        );
        script += &repo_file("sql/roles/audit-role.sql");
        if revoke.is_some() {
            script += &repo_file("sql/roles/revoke-role.sql");
        }
        self.execute(&script);
    }

    /// [`TestDb::install_roles`] with both, then sql/roles/lifecycle-role.sql for `lifecycle`.
    pub fn install_lifecycle_role(&self, audit: &str, revoke: &str, lifecycle: &str) {
        self.install_roles(audit, Some(revoke));
        let script = format!(
            "SET odoo_access.revoke_role = '{revoke}'; SET odoo_access.lifecycle_role = '{lifecycle}';\n{}",
            repo_file("sql/roles/lifecycle-role.sql")
        );
        self.execute(&script);
    }

    /// Grants `role` what an auditor without the secrets has: every table a report reads, and
    /// of res_users only the columns that are no secret (no password, no totp_secret).
    pub fn grant_all_but_secrets(&self, role: &str) {
        self.execute(&format!(
            "GRANT SELECT ON ir_module_module, ir_model_data, res_groups_implied_rel,
                             res_groups_users_rel, res_partner, res_users_log, res_users_apikeys,
                             ir_config_parameter, auth_passkey_key TO \"{role}\";
             GRANT SELECT (id, login, active, share, partner_id, create_date, xmin)
                 ON res_users TO \"{role}\";"
        ));
    }

    pub fn execute(&self, sql: &str) {
        runtime().block_on(async {
            let client = server().connect(&self.name).await.expect("connect");
            client
                .batch_execute(sql)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        server().admin(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ));
    }
}

impl TestDb {
    /// Odoo's cache signal now: the sequence (14–18) or max(id) of the table (19).
    pub fn signal_value(&self, version: u32) -> i64 {
        let sql = match version {
            14..=16 => "SELECT last_value::text FROM base_cache_signaling",
            17 | 18 => "SELECT last_value::text FROM base_cache_signaling_default",
            _ => "SELECT max(id)::text FROM orm_signaling_default",
        };
        self.scalar(sql).unwrap().parse().unwrap()
    }
}

/// A login role for one test, dropped (with what it owns) when the test ends.
pub struct TestRole {
    pub name: String,
}

impl TestRole {
    pub fn new(name: &str, options: &str) -> TestRole {
        server().admin(&format!("CREATE ROLE \"{name}\" LOGIN {options}"));
        TestRole {
            name: name.to_string(),
        }
    }
}

impl TestRole {
    /// A role that some script (e.g. sql/roles/*.sql) will create; dropped at the end all
    /// the same.
    pub fn created_elsewhere(name: &str) -> TestRole {
        TestRole {
            name: name.to_string(),
        }
    }
}

impl Drop for TestRole {
    fn drop(&mut self) {
        server().admin(&format!("DROP ROLE IF EXISTS \"{}\"", self.name));
    }
}

/// The CLI with a clean environment: connection from PG* variables pointing at the test
/// server, an empty HOME (no ~/.pgpass or ~/.odoorc of the developer), no colour.
pub fn odoo_access(home: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(odoo_access_process(home))
}

/// [`odoo_access`] as a plain process, for a test that signals it while it runs.
pub fn odoo_access_process(home: &Path) -> Command {
    odoo_access_on(server(), home)
}

/// odoo-access with a clean environment (`HOME` only) aimed at `srv`, as its own role, with
/// its password if it has one.
pub fn odoo_access_on(srv: &Server, home: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("odoo-access"));
    cmd.env_clear()
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("PGHOST", &srv.host)
        .env("PGPORT", srv.port.to_string())
        .env("PGUSER", &srv.user);
    if let Some(p) = &srv.password {
        cmd.env("PGPASSWORD", p);
    }
    cmd
}

/// `report --format json` of `db` as `role` (the test server's own role when None), with
/// `extra` flags: the document, once the exit code is one a report gives (0, 1, 2) and the
/// output shows no planted secret.
pub fn report_doc(db: &TestDb, role: Option<&str>, extra: &[&str]) -> serde_json::Value {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = odoo_access(home.path());
    if let Some(role) = role {
        cmd.env("PGUSER", role);
    }
    let out = cmd
        .args(["report", "-d", &db.name, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        [0, 1, 2].contains(&out.status.code().unwrap_or(-1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secrets(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Three members (`fields`) of every finding `id` of a report's JSON, as text.
pub fn finding_fields(
    doc: &serde_json::Value,
    id: &str,
    fields: [&str; 3],
) -> Vec<(String, String, String)> {
    let text = |f: &serde_json::Value, name: &str| f[name].as_str().unwrap().to_string();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["finding"] == id)
        .map(|f| (text(f, fields[0]), text(f, fields[1]), text(f, fields[2])))
        .collect()
}

/// Asserts that none of the planted secrets appear in a command's output.
pub fn assert_no_secrets(output: &std::process::Output) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for secret in SECRETS {
        assert!(!text.contains(secret), "output contains {secret}:\n{text}");
    }
}

/// The JSON document a run printed, once its exit code is `code` (stderr shown otherwise) and
/// it shows no secret.
pub fn json_doc(out: &std::process::Output, code: i32) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secrets(out);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stdout)))
}

/// Writes a file with the given mode.
pub fn write_file(path: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Asserts a command's exit code; when it differs, the failure shows the command's stderr.
#[track_caller]
pub fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `odoo-access ARGS` (with an empty HOME) on a blocking thread, for a test that holds an Odoo
/// transaction open meanwhile.
pub fn in_background<S: Into<String>>(
    args: impl IntoIterator<Item = S>,
) -> tokio::task::JoinHandle<std::process::Output> {
    let args: Vec<String> = args.into_iter().map(Into::into).collect();
    tokio::task::spawn_blocking(move || {
        let home = tempfile::tempdir().unwrap();
        odoo_access(home.path()).args(&args).output().unwrap()
    })
}

/// A PgBouncer in front of [`server`], stopped when the test that made it ends.
pub struct Pooler {
    pub port: u16,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Pooler {
    /// Starts pgbouncer (Debian's package, which `.ci/run` installs) with `pool_mode` and
    /// `max_client_conn`, trusting `postgres` as the test server does.
    pub fn start(pool_mode: &str, max_client_conn: u32) -> Pooler {
        let srv = server();
        let binary = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("pgbouncer is not installed: apt-get install pgbouncer (.ci/run does)");
        let dir = tempfile::tempdir().unwrap();
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let users = dir.path().join("users.txt");
        std::fs::write(&users, format!("\"{}\" \"\"\n", srv.user)).unwrap();
        let ini = dir.path().join("pgbouncer.ini");
        std::fs::write(
            &ini,
            format!(
                "[databases]\n* = host={} port={}\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\nauth_type = trust\nauth_file = {}\npool_mode = {pool_mode}\nmax_client_conn = {max_client_conn}\ndefault_pool_size = 4\nlogfile = {}\n",
                srv.host,
                srv.port,
                users.display(),
                dir.path().join("log").display()
            ),
        )
        .unwrap();
        // PgBouncer refuses to run as root.
        let mut command = if as_root {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", binary]);
            c
        } else {
            Command::new(binary)
        };
        let mut child = command
            .arg(&ini)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pgbouncer");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Pooler {
                    port,
                    child,
                    _dir: dir,
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("pgbouncer did not start");
    }
}

impl Drop for Pooler {
    fn drop(&mut self) {
        // runuser passes SIGTERM on to pgbouncer.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// `script(1)` running `shell` (a shell command line, in which `{odoo-access}` stands for the
/// binary) on a pty of its own, whose size was never set (it says 0 columns), with odoo-access's
/// test environment (`odoo_access_process`) less the variables named in `unset`, plus `set`.
/// Standard input is /dev/null; what the pty showed comes back as text.
pub fn on_a_pty(home: &Path, shell: &str, unset: &[&str], set: &[(&str, &str)]) -> String {
    let command = odoo_access_process(home);
    let program = command.get_program().to_string_lossy().into_owned();
    let out = Command::new("script")
        .args(["-qec"])
        .arg(shell.replace("{odoo-access}", &program))
        .arg("/dev/null")
        .env_clear()
        .envs(
            command
                .get_envs()
                .filter(|(k, _)| !unset.iter().any(|u| k == u))
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(set.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script(1) (Debian's bsdutils, which .ci/run installs)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
