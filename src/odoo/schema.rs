//! What an Odoo database has, learnt from the catalog, so that commands choose their SQL by
//! what exists (a column, a table, a sequence) rather than by version number alone: upgraded
//! databases keep older shapes.

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::sql;
use std::collections::{HashMap, HashSet};
use tokio_postgres::types::{ToSql, Type};

/// Relations whose presence changes what odoo-access reads or does; bare names are in schema
/// public.
const RELATIONS: &[&str] = &[
    "ir_module_module",
    "res_users",
    "res_users_apikeys",
    "auth_totp_device",
    "res_device_log",
    "auth_passkey_key",
    "auth_api_key",
    "res_authentication_attempt",
    "base_cache_signaling",
    "base_cache_signaling_default",
    "orm_signaling_default",
    "ir_config_parameter",
    // OCA modules that keep a credential in clear (`credential-in-clear`).
    "auth_jwt_validator",
    "auditlog_http_session",
    // OCA base_user_role: roles whose lines end (`role-expired-still-granted`).
    "res_users_role",
    "res_users_role_line",
    // OCA password_security's policy up to 16.0.
    "res_company",
    // Written by whoever makes admins (`role-writes-access`).
    "res_groups_users_rel",
    "res_groups_implied_rel",
    // Views of sql/roles/audit-role.sql, for a role that may not read the tables behind them.
    "odoo_access.ir_config_parameter",
    "odoo_access.totp_enabled",
    "odoo_access.password_state",
    "odoo_access.device_sessions",
];

/// The other tables the queries of sql/ read, whose presence does not change what they do:
/// looked at only for sql/read_hazards.sql.
const READ_ALSO: &[&str] = &[
    "public.res_partner",
    "public.res_users_log",
    "public.ir_model_data",
    "public.res_groups",
];

/// Columns whose presence or readability matters (`table.column`).
const COLUMNS: &[&str] = &[
    "res_users_apikeys.expiration_date",
    "auth_totp_device.expiration_date",
    "res_users.totp_secret",
    "res_users.password",
    "res_users.password_write_date",
    "res_users_apikeys.key",
    "res_users_apikeys.scope",
    "auth_api_key.active",
    "auth_api_key.key",
    "auth_jwt_validator.secret_key",
    "auditlog_http_session.name",
    "res_users_role.group_id",
    "res_users_role_line.date_to",
    "res_company.password_expiration",
    "auth_passkey_key.create_uid",
    "res_device_log.session_identifier",
];

/// Columns that not every Odoo database has, as the queries of sql/ name them (`alias.column`),
/// with the table and column the probe looks at and what the name reads as where the column is
/// missing ([`Schema::adapt`]).
const OPTIONAL_COLUMNS: &[(&str, &str, &str, &str)] = &[
    // 18+: API keys and trusted browsers expire; before, none has expired.
    (
        "k.expiration_date",
        "res_users_apikeys",
        "expiration_date",
        "NULL::timestamp",
    ),
    (
        "dev.expiration_date",
        "auth_totp_device",
        "expiration_date",
        "NULL::timestamp",
    ),
    // Odoo's development branch replaces the key scope by `scope_id` (key_scope_known).
    ("k.scope", "res_users_apikeys", "scope", "NULL::varchar"),
    // OCA password_security records when a password was last changed.
    (
        "u.password_write_date",
        "res_users",
        "password_write_date",
        "NULL::timestamp",
    ),
    // The 15.0 and 16.0 builds of OCA auth_api_key archive no key.
    ("oca.active", "auth_api_key", "active", "true"),
];

/// Tables whose row versions (the system column `xmin`) the key queries read for `revoke`.
const VERSIONED: &[&str] = &[
    "res_users",
    "res_users_apikeys",
    "auth_totp_device",
    "auth_api_key",
];

/// Which tables of [`COLUMNS`] and [`VERSIONED`] a command reads, so that [`detect`] describes
/// only those: describing a table builds its relation cache entry in the session's backend,
/// which a fleet report paid for three tables it never reads (benches/fleet.sh). Asking about
/// a column of a table left out is a bug (a debug assertion, so every test checks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    All,
    /// `report`: users and API keys (Odoo's and OCA's); no 2FA devices, passkeys or sessions.
    Report,
}

impl Reads {
    fn describes(self, table: &str) -> bool {
        match self {
            Reads::All => true,
            Reads::Report => matches!(
                table,
                "res_users"
                    | "res_users_apikeys"
                    | "auth_api_key"
                    | "auth_jwt_validator"
                    | "auditlog_http_session"
                    | "res_users_role"
                    | "res_users_role_line"
                    | "res_company"
            ),
        }
    }
}

/// `xmin`'s column number: PostgreSQL numbers its system columns below zero.
const XMIN: i16 = -2;

/// Modules whose installation changes how Odoo authenticates.
const MODULES: &[&str] = &[
    "base",
    "auth_totp",
    "auth_totp_mail",
    "auth_totp_mail_enforce",
    "auth_passkey",
    "auth_api_key",
    "auth_brute_force",
    "password_security",
    "portal",
    "rpc",
];

/// The oldest series with API keys.
pub const MIN_SERIES: u32 = 14;

/// `ir_module_module.latest_version` of `base`, e.g. `18.0.1.3` or `saas~17.1.1.3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OdooVersion {
    pub raw: String,
    /// The major series: 18 for `18.0.1.3` and for `saas~18.2.1.3`.
    pub major: u32,
}

impl OdooVersion {
    /// The series as Odoo's documentation names it: "17" for 17.0 and saas~17.2.
    pub fn series(&self) -> String {
        self.major.to_string()
    }

    pub fn parse(raw: &str) -> Option<OdooVersion> {
        let text = raw.strip_prefix("saas~").unwrap_or(raw);
        let major = text.split('.').next()?.parse().ok()?;
        Some(OdooVersion {
            raw: raw.to_string(),
            major,
        })
    }
}

/// How a running Odoo is told to drop its caches (docs/ODOO.md, "Caches").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signalling {
    /// 14.0–18.0: `SELECT nextval('<sequence>')`.
    Sequence(&'static str),
    /// 19.0: `INSERT INTO <table> DEFAULT VALUES`.
    Table(&'static str),
}

#[derive(Debug)]
struct Relation {
    oid: u32,
    readable: bool,
    /// column name → readable
    columns: HashMap<String, bool>,
}

/// What the catalog says about one Odoo database (14 or newer).
#[derive(Debug)]
pub struct Schema {
    pub version: OdooVersion,
    relations: HashMap<String, Relation>,
    installed: HashSet<String>,
    /// Modules the database knows (any state), i.e. that could be installed.
    available: HashSet<String>,
    /// Whose columns were described.
    reads: Reads,
}

/// The outcome of looking at a database.
#[derive(Debug)]
pub enum Detected {
    /// No `ir_module_module` table, or `base` has no version: not an (initialised) Odoo database.
    NotOdoo,
    /// An Odoo older than 14, which has no API keys.
    TooOld(OdooVersion),
    Odoo(Schema),
}

impl Detected {
    /// For commands aimed at one database: anything but a usable Odoo is exit 66.
    pub fn require(self, database: &str) -> Result<Schema, Failure> {
        match self {
            Detected::Odoo(schema) => Ok(schema),
            Detected::NotOdoo => Err(not_odoo(database)),
            Detected::TooOld(v) => Err(too_old(database, &v)),
        }
    }
}

pub fn not_odoo(database: &str) -> Failure {
    Failure::new(
        Exit::NoDatabase,
        format!("database \"{database}\" is not an Odoo database (it has no ir_module_module table) — pick an Odoo database from 'odoo-access dbs'"),
    )
}

pub fn too_old(database: &str, version: &OdooVersion) -> Failure {
    Failure::new(
        Exit::NoDatabase,
        format!("database \"{database}\" runs Odoo {}, older than {MIN_SERIES}.0: it has no API keys — odoo-access supports Odoo 14 to 19", version.raw),
    )
}

/// Looks at the catalog (one query) and, for an Odoo database, at its modules and at the
/// columns of the tables in [`COLUMNS`] (one more round trip, and one more for a role that may
/// read only some columns). The second round trip waits for the first: sent blindly, the
/// modules query would fail in every database without `ir_module_module` and leave an ERROR
/// in the server's log at each fleet audit.
pub async fn detect(session: &Session, reads: Reads) -> Result<Detected, Failure> {
    let qualified: Vec<String> = RELATIONS
        .iter()
        .map(|name| {
            if name.contains('.') {
                name.to_string()
            } else {
                format!("public.{name}")
            }
        })
        .collect();
    let (in_public, views): (Vec<&str>, Vec<&str>) = qualified
        .iter()
        .map(String::as_str)
        .partition(|name| name.starts_with("public."));
    let probed = session
        .query(
            sql::PROBE,
            &[(&in_public, Type::TEXT_ARRAY), (&views, Type::TEXT_ARRAY)],
        )
        .await?;
    let mut relations: HashMap<String, Relation> = probed
        .iter()
        .map(|row| {
            let name: &str = row.get("relation");
            let relation = Relation {
                oid: row.get("oid"),
                readable: row.get("readable"),
                columns: HashMap::new(),
            };
            (
                name.strip_prefix("public.").unwrap_or(name).to_string(),
                relation,
            )
        })
        .collect();
    if !relations.contains_key("ir_module_module") {
        return Ok(Detected::NotOdoo);
    }
    let modules_param: Vec<&str> = MODULES.to_vec();
    let modules_params: [(&(dyn ToSql + Sync), Type); 1] = [(&modules_param, Type::TEXT_ARRAY)];
    // The setup has been answered by now, so whether to ask is known. The answer must be in
    // before anything reads a table: a query pipelined behind it would run all the same.
    if session.runs_as_owner() {
        let read: Vec<&str> = in_public.iter().chain(READ_ALSO).copied().collect();
        refuse_hazards(session, sql::READ_HAZARDS, &read).await?;
    }
    let (rows, ()) = tokio::try_join!(
        session.query(sql::MODULES, &modules_params),
        read_columns(session, &mut relations, reads),
    )?;
    let (version, installed, available) = modules(rows);
    let Some(version) = version else {
        return Ok(Detected::NotOdoo);
    };
    if version.major < MIN_SERIES {
        return Ok(Detected::TooOld(version));
    }
    Ok(Detected::Odoo(Schema {
        version,
        relations,
        installed,
        available,
        reads,
    }))
}

/// Odoo's version (`base`'s), the modules a running server loads, and the modules known.
fn modules(
    rows: Vec<tokio_postgres::Row>,
) -> (Option<OdooVersion>, HashSet<String>, HashSet<String>) {
    let mut version = None;
    let mut installed = HashSet::new();
    let mut available = HashSet::new();
    for row in rows {
        let name: String = row.get("name");
        let state: Option<String> = row.get("state");
        available.insert(name.clone());
        if name == "base" {
            version = row
                .get::<_, Option<String>>("latest_version")
                .as_deref()
                .and_then(OdooVersion::parse);
        }
        // 'to upgrade' and 'to remove' modules are still loaded by a running server.
        if matches!(
            state.as_deref(),
            Some("installed" | "to upgrade" | "to remove")
        ) {
            installed.insert(name);
        }
    }
    (version, installed, available)
}

/// Refuses the database when `query` (sql/read_hazards.sql or sql/write_hazards.sql, about
/// the relations named in `relations`) finds something that would run its owner's code while a
/// superuser's session works there. Asked only where a superuser runs as the Odoo tables'
/// owner ([`Session::runs_as_owner`]), which is when such code could take the superuser's
/// role back; both queries answer nothing otherwise too.
pub async fn refuse_hazards(
    session: &Session,
    query: &str,
    relations: &[&str],
) -> Result<(), Failure> {
    let hazards: Vec<String> = session
        .query(query, &[(&relations, Type::TEXT_ARRAY)])
        .await?
        .iter()
        .map(|row| row.get("hazard"))
        .collect();
    if hazards.is_empty() {
        return Ok(());
    }
    Err(Failure::new(
        Exit::Denied,
        format!(
            "database \"{}\" has what would run its owner's code in a superuser's session: {} — odoo-access does not run that as a superuser; remove it, or connect as the database's owner (-U), whose own code then gains nothing",
            session.database(),
            hazards.join("; ")
        ),
    ))
}

/// Fills in the columns of [`COLUMNS`] that exist, and whether the role may SELECT each: all
/// of them when it may SELECT the whole relation, else as `has_column_privilege` answers.
/// A little over 80 lines: the two steps (the described columns, then the privileges of
/// those in relations the role may not read whole) share their bookkeeping (`partial`).
async fn read_columns(
    session: &Session,
    relations: &mut HashMap<String, Relation>,
    reads: Reads,
) -> Result<(), Failure> {
    let mut tables: Vec<&str> = COLUMNS
        .iter()
        .filter_map(|c| c.split_once('.').map(|(table, _)| table))
        .chain(VERSIONED.iter().copied())
        .filter(|table| relations.contains_key(*table) && reads.describes(table))
        .collect();
    tables.sort_unstable();
    tables.dedup();
    if tables.is_empty() {
        return Ok(());
    }
    let from: Vec<String> = tables.iter().map(|t| format!("public.\"{t}\"")).collect();
    let described = session
        .describe(&sql::RELATION_COLUMNS.replace("{relations}", &from.join(", ")))
        .await?;
    let table_of: HashMap<u32, &str> = tables
        .iter()
        .filter_map(|t| relations.get(*t).map(|r| (r.oid, *t)))
        .collect();
    // (table, column, relation oid, column number) where the relation is not readable whole.
    let mut partial = Vec::new();
    for column in described {
        let Some((table, oid)) = column
            .relation
            .and_then(|oid| table_of.get(&oid).map(|t| (*t, oid)))
        else {
            continue;
        };
        if !COLUMNS.contains(&format!("{table}.{}", column.name).as_str()) {
            continue;
        }
        let Some(relation) = relations.get_mut(table) else {
            continue;
        };
        relation
            .columns
            .insert(column.name.clone(), relation.readable);
        if let (false, Some(number)) = (relation.readable, column.number) {
            partial.push((table, column.name, oid, number));
        }
    }
    // The row version is no column of the description: asked by its number.
    for table in VERSIONED.iter().filter(|table| reads.describes(table)) {
        if let Some(relation) = relations.get_mut(*table) {
            relation.columns.insert("xmin".into(), relation.readable);
            if !relation.readable {
                partial.push((table, "xmin".to_string(), relation.oid, XMIN));
            }
        }
    }
    if partial.is_empty() {
        return Ok(());
    }
    let oids: Vec<u32> = partial.iter().map(|p| p.2).collect();
    let numbers: Vec<i16> = partial.iter().map(|p| p.3).collect();
    let granted: HashMap<(u32, i16), Option<bool>> = session
        .query(
            sql::COLUMN_PRIVILEGES,
            &[(&oids, Type::OID_ARRAY), (&numbers, Type::INT2_ARRAY)],
        )
        .await?
        .iter()
        .map(|row| {
            (
                (row.get("relation"), row.get("number")),
                row.get("readable"),
            )
        })
        .collect();
    for (table, column, oid, number) in partial {
        let readable = granted.get(&(oid, number)).copied().flatten();
        if let Some(relation) = relations.get_mut(table) {
            relation.columns.insert(column, readable.unwrap_or(false));
        }
    }
    Ok(())
}

/// Asking about something the probe does not look at would always answer "no": a bug.
fn probed(table: &str, column: Option<&str>) {
    debug_assert!(
        RELATIONS.contains(&table),
        "the probe does not look at {table}"
    );
    if let Some(column) = column {
        debug_assert!(
            COLUMNS.contains(&format!("{table}.{column}").as_str())
                || (column == "xmin" && VERSIONED.contains(&table)),
            "the probe does not look at {table}.{column}"
        );
    }
}

impl Schema {
    /// A column of a table the command said it reads ([`Reads`]) and the probe looks at.
    fn described(&self, table: &str, column: &str) {
        probed(table, Some(column));
        debug_assert!(
            self.reads.describes(table),
            "{table}.{column} is asked about, but this command's Reads leaves {table} out"
        );
    }

    pub fn has_relation(&self, name: &str) -> bool {
        probed(name, None);
        self.relations.contains_key(name)
    }

    /// The relation's oid, where it exists.
    pub fn relation_oid(&self, name: &str) -> Option<u32> {
        probed(name, None);
        self.relations.get(name).map(|r| r.oid)
    }

    /// Whether the role may SELECT from the whole relation.
    pub fn can_read_relation(&self, name: &str) -> bool {
        probed(name, None);
        self.relations.get(name).is_some_and(|r| r.readable)
    }

    pub fn has_column(&self, table: &str, column: &str) -> bool {
        self.described(table, column);
        self.relations
            .get(table)
            .is_some_and(|r| r.columns.contains_key(column))
    }

    /// Whether the role may SELECT this column (false when it does not exist).
    pub fn can_read(&self, table: &str, column: &str) -> bool {
        self.described(table, column);
        self.relations
            .get(table)
            .and_then(|r| r.columns.get(column))
            .is_some_and(|readable| *readable)
    }

    pub fn is_installed(&self, module: &str) -> bool {
        self.installed.contains(module)
    }

    /// The module is known to this database (installed or installable).
    pub fn is_available(&self, module: &str) -> bool {
        self.available.contains(module)
    }

    /// Whether the role may read the row versions (`xmin`) of every key and user table there
    /// is that the command reads: `revoke` needs them; listing keys does not.
    pub fn row_versions_readable(&self) -> bool {
        VERSIONED
            .iter()
            .filter(|table| self.relations.contains_key(**table) && self.reads.describes(table))
            .all(|table| self.can_read(table, "xmin"))
    }

    /// `query` (a key or users query of sql/) as this role and this database can run it: each
    /// column of [`OPTIONAL_COLUMNS`] the database lacks read as what it means there, and each
    /// row version read as NULL where the role may not read `xmin`. One text per query serves
    /// every version (sql/ writes each for the newest shape).
    pub fn adapt(&self, query: &'static str) -> std::borrow::Cow<'static, str> {
        use std::borrow::Cow;
        static VERSION: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let mut adapted = Cow::Borrowed(query);
        for (named, table, column, missing) in OPTIONAL_COLUMNS {
            if adapted.contains(named) && !self.has_column(table, column) {
                adapted = Cow::Owned(adapted.replace(named, missing));
            }
        }
        if !self.row_versions_readable() {
            let version = VERSION.get_or_init(|| {
                regex::Regex::new(r"\(\w+\.id::int8 << 32\) \| \w+\.xmin::text::int8")
                    .expect("a valid pattern")
            });
            adapted = Cow::Owned(version.replace_all(&adapted, "NULL::int8").into_owned());
            debug_assert!(
                !adapted.contains(".xmin"),
                "a row version is left in {adapted}"
            );
        }
        adapted
    }

    /// Whether `res_users_apikeys` has the shape of Odoo 14–19 (a `scope` column): Odoo's
    /// development branch replaces it by `scope_id`, and a key's status cannot be decided
    /// without its scope.
    pub fn key_scope_known(&self) -> bool {
        !self.has_relation("res_users_apikeys") || self.has_column("res_users_apikeys", "scope")
    }

    /// What to say once per database whose key table has a shape odoo-access does not know.
    pub fn key_shape_notice(&self, database: &str) -> Option<String> {
        (!self.key_scope_known()).then(|| format!(
            "database \"{database}\": res_users_apikeys has no scope column (a key table of a shape odoo-access does not know, as Odoo's development branch has): the scope of its keys is unknown, and so is their status wherever it depends on it"
        ))
    }

    /// 18.0+: API keys may expire (`res_users_apikeys.expiration_date`).
    pub fn api_keys_expire(&self) -> bool {
        self.has_column("res_users_apikeys", "expiration_date")
    }

    /// 15.0+: trusted browsers live in `auth_totp_device` (14.0 kept them among the API keys).
    pub fn has_totp_devices(&self) -> bool {
        self.has_relation("auth_totp_device")
    }

    /// 18.0+: web sessions with IP and browser in `res_device_log`.
    pub fn has_device_log(&self) -> bool {
        self.has_relation("res_device_log")
    }

    /// 18.0+: passkeys (`auth_passkey_key`, owner in `create_uid`).
    pub fn has_passkeys(&self) -> bool {
        self.has_relation("auth_passkey_key")
    }

    /// OCA `auth_api_key` (plain-text keys).
    pub fn has_oca_api_keys(&self) -> bool {
        self.has_relation("auth_api_key")
    }

    /// OCA `auth_brute_force` (`res_authentication_attempt`).
    pub fn has_brute_force_log(&self) -> bool {
        self.has_relation("res_authentication_attempt")
    }

    /// The module that enforces the email 2FA policy (`auth_totp.policy`):
    /// `auth_totp_mail_enforce` on 15–18, `auth_totp_mail` on 19 (docs/ODOO.md, "2FA"); 14
    /// has no policy.
    pub fn totp_policy_module(&self) -> Option<&'static str> {
        match self.version.major {
            ..=14 => None,
            15..=18 => Some("auth_totp_mail_enforce"),
            _ => Some("auth_totp_mail"),
        }
    }

    /// Whether a 2FA policy set in `auth_totp.policy` is enforced: its module is installed.
    pub fn totp_policy_module_installed(&self) -> bool {
        self.totp_policy_module()
            .is_some_and(|module| self.is_installed(module))
    }

    /// 19: the email 2FA policy also makes its users API-key-only over RPC (`auth_totp_mail`
    /// overrides `_rpc_api_keys_only`); on 15–18 it does not (docs/ODOO.md, "2FA").
    pub fn mail_policy_refuses_rpc_passwords(&self) -> bool {
        self.version.major >= 19 && self.is_installed("auth_totp_mail")
    }

    /// Up to 18 Odoo stores a user's implied groups along with the direct ones; 19 stores only
    /// the direct ones, so membership follows `res_groups_implied_rel` (docs/ODOO.md, "Groups").
    pub fn stores_implied_groups(&self) -> bool {
        self.version.major < 19
    }

    /// 14 and 15 also throttle XML-RPC logins after repeated failures from one IP; 16+ only
    /// web logins (docs/ODOO.md, "Login cooldown").
    pub fn cooldown_covers_rpc(&self) -> bool {
        self.version.major <= 15
    }

    /// 19's JSON-2 API (`/json/2`, keys only).
    pub fn has_json2(&self) -> bool {
        self.version.major >= 19
    }

    /// 15+: Odoo's key wizard makes keys for portal users where `portal.allow_api_keys` is
    /// set; 14 makes them for internal users only (docs/ODOO.md, "Key lifecycle"). The
    /// override lives in the portal module: without it installed, the parameter does nothing.
    pub fn portal_keys_by_parameter(&self) -> bool {
        self.version.major >= 15 && self.is_installed("portal")
    }

    /// Whether Odoo's wizard makes keys for portal users here: [`Self::portal_keys_by_parameter`]
    /// and the parameter on as Odoo reads it ([`Parameters::portal_keys_parameter_on`]).
    pub fn portal_keys_allowed(&self, params: &crate::odoo::parameters::Parameters) -> bool {
        self.portal_keys_by_parameter() && params.portal_keys_parameter_on()
    }

    /// 17 and 18: a worker serving several databases without a dbfilter checks a key it has
    /// cached before it reads the cache signal, so it accepts a revoked key once more; 19
    /// reads the signal first (docs/ODOO.md, "Caches").
    pub fn cached_keys_outlive_the_signal(&self) -> bool {
        (17..=18).contains(&self.version.major)
    }

    /// How to tell running Odoo servers to drop their caches, by what the catalog has.
    pub fn signalling(&self) -> Option<Signalling> {
        if self.has_relation("orm_signaling_default") {
            Some(Signalling::Table("orm_signaling_default"))
        } else if self.has_relation("base_cache_signaling_default") {
            Some(Signalling::Sequence("base_cache_signaling_default"))
        } else if self.has_relation("base_cache_signaling") {
            Some(Signalling::Sequence("base_cache_signaling"))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_to_their_series() {
        assert_eq!(OdooVersion::parse("18.0.1.3").unwrap().major, 18);
        assert_eq!(OdooVersion::parse("saas~17.1.1.3").unwrap().major, 17);
        assert_eq!(OdooVersion::parse("13.0.1.3").unwrap().major, 13);
        assert!(OdooVersion::parse("garbage").is_none());
    }
}
