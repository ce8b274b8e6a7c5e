//! Findings: what an access audit of one Odoo database reports, each with a severity, an
//! identifier, the object it is about, and one line of explanation.

pub mod baseline;
pub mod checks;
pub mod cluster;
pub mod config;
pub mod server;
pub mod waivers;

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::hazards::{self, Hazard};
use crate::odoo::keys::{self, Key, Selection, Source, Status};
use crate::odoo::parameters::{self, Parameters};
use crate::odoo::password_policy;
use crate::odoo::roles::{self, ClearTable, RoleAccess};
use crate::odoo::schema::Schema;
use crate::odoo::users::{self, BriefRows, Context, EndedRole, Kind, User};
use crate::odoo::{clock, databases, weak_passwords};
use crate::output::iso8601;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectType {
    Database,
    User,
    Key,
    /// The Odoo server's config file.
    Server,
    /// An entry of `report --waivers`.
    Waiver,
    /// A PostgreSQL role.
    Role,
    /// The PostgreSQL cluster: its authentication rules and settings.
    Cluster,
    /// A table of the database.
    Table,
}

impl ObjectType {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Database => "database",
            ObjectType::User => "user",
            ObjectType::Key => "key",
            ObjectType::Server => "server",
            ObjectType::Waiver => "waiver",
            ObjectType::Role => "role",
            ObjectType::Cluster => "cluster",
            ObjectType::Table => "table",
        }
    }
}

/// The stable identifiers of findings, for filtering and alerting (docs/COMMANDS.md, "odoo-access report").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingId {
    DormantKey,
    PortalKey,
    PlaintextKey,
    PersistentKey,
    OldKey,
    ExpiringKey,
    ExpiredKeyPresent,
    AdminPasswordRpc,
    AccessManagerPasswordRpc,
    WeakPassword,
    OldPassword,
    StaleUserWithKeys,
    PlaintextPassword,
    DatabaseExpired,
    CodeOnCredentialTables,
    PortalKeysParameterMisleads,
    TwoFactorNotEnforced,
    Totals,
    WeakPasswordsNotAllTried,
    MasterPasswordWeak,
    MasterPasswordInClear,
    DatabaseManagerListed,
    NoDbfilter,
    ConfigReadable,
    SqlLogged,
    WaiverExpired,
    WaiverUnused,
    OdooRoleSuperuser,
    OdooRoleCreaterole,
    OdooRoleBypassrls,
    OdooRoleReplication,
    RoleReadsCredentials,
    RoleWritesAccess,
    Md5Password,
    HbaTrustRemote,
    HbaPasswordClear,
    SslOffRemote,
    NotChecked,
    CredentialInClear,
    AdminPasskey,
    RoleExpiredStillGranted,
}

impl FindingId {
    /// Every finding, in the order docs/COMMANDS.md lists them.
    pub const ALL: &'static [FindingId] = &[
        FindingId::DormantKey,
        FindingId::PortalKey,
        FindingId::PortalKeysParameterMisleads,
        FindingId::AdminPasswordRpc,
        FindingId::AccessManagerPasswordRpc,
        FindingId::OldPassword,
        FindingId::WeakPassword,
        FindingId::PlaintextPassword,
        FindingId::PlaintextKey,
        FindingId::DatabaseExpired,
        FindingId::CodeOnCredentialTables,
        FindingId::PersistentKey,
        FindingId::OldKey,
        FindingId::ExpiringKey,
        FindingId::ExpiredKeyPresent,
        FindingId::StaleUserWithKeys,
        FindingId::RoleExpiredStillGranted,
        FindingId::TwoFactorNotEnforced,
        FindingId::Totals,
        FindingId::WeakPasswordsNotAllTried,
        FindingId::MasterPasswordWeak,
        FindingId::MasterPasswordInClear,
        FindingId::DatabaseManagerListed,
        FindingId::NoDbfilter,
        FindingId::ConfigReadable,
        FindingId::SqlLogged,
        FindingId::AdminPasskey,
        FindingId::CredentialInClear,
        FindingId::RoleReadsCredentials,
        FindingId::RoleWritesAccess,
        FindingId::OdooRoleSuperuser,
        FindingId::OdooRoleCreaterole,
        FindingId::OdooRoleBypassrls,
        FindingId::OdooRoleReplication,
        FindingId::Md5Password,
        FindingId::HbaTrustRemote,
        FindingId::HbaPasswordClear,
        FindingId::SslOffRemote,
        FindingId::NotChecked,
        FindingId::WaiverExpired,
        FindingId::WaiverUnused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingId::DormantKey => "dormant-key",
            FindingId::PortalKey => "portal-key",
            FindingId::PlaintextKey => "plaintext-key",
            FindingId::PersistentKey => "persistent-key",
            FindingId::OldKey => "old-key",
            FindingId::ExpiringKey => "expiring-key",
            FindingId::ExpiredKeyPresent => "expired-key-present",
            FindingId::AdminPasswordRpc => "admin-password-rpc",
            FindingId::AccessManagerPasswordRpc => "access-manager-password-rpc",
            FindingId::WeakPassword => "weak-password",
            FindingId::OldPassword => "old-password",
            FindingId::WeakPasswordsNotAllTried => "weak-passwords-not-all-tried",
            FindingId::StaleUserWithKeys => "stale-user-with-keys",
            FindingId::PlaintextPassword => "plaintext-password",
            FindingId::DatabaseExpired => "database-expired",
            FindingId::CodeOnCredentialTables => "code-on-credential-tables",
            FindingId::PortalKeysParameterMisleads => "portal-keys-parameter-misleads",
            FindingId::TwoFactorNotEnforced => "2fa-not-enforced",
            FindingId::Totals => "totals",
            FindingId::MasterPasswordWeak => "master-password-weak",
            FindingId::MasterPasswordInClear => "master-password-in-clear",
            FindingId::DatabaseManagerListed => "database-manager-listed",
            FindingId::NoDbfilter => "no-dbfilter",
            FindingId::ConfigReadable => "config-readable",
            FindingId::SqlLogged => "sql-logged",
            FindingId::WaiverExpired => "waiver-expired",
            FindingId::WaiverUnused => "waiver-unused",
            FindingId::OdooRoleSuperuser => "odoo-role-superuser",
            FindingId::OdooRoleCreaterole => "odoo-role-createrole",
            FindingId::OdooRoleBypassrls => "odoo-role-bypassrls",
            FindingId::OdooRoleReplication => "odoo-role-replication",
            FindingId::RoleReadsCredentials => "role-reads-credentials",
            FindingId::RoleWritesAccess => "role-writes-access",
            FindingId::Md5Password => "md5-password",
            FindingId::HbaTrustRemote => "hba-trust-remote",
            FindingId::HbaPasswordClear => "hba-password-clear",
            FindingId::SslOffRemote => "ssl-off-remote",
            FindingId::NotChecked => "not-checked",
            FindingId::CredentialInClear => "credential-in-clear",
            FindingId::AdminPasskey => "admin-passkey",
            FindingId::RoleExpiredStillGranted => "role-expired-still-granted",
        }
    }

    /// What a finding of this kind is about.
    pub fn object_type(self) -> ObjectType {
        match self {
            FindingId::DormantKey
            | FindingId::PortalKey
            | FindingId::PlaintextKey
            | FindingId::PersistentKey
            | FindingId::OldKey
            | FindingId::ExpiringKey
            | FindingId::ExpiredKeyPresent => ObjectType::Key,
            FindingId::AdminPasswordRpc
            | FindingId::AccessManagerPasswordRpc
            | FindingId::WeakPassword
            | FindingId::OldPassword
            | FindingId::StaleUserWithKeys
            | FindingId::PlaintextPassword
            | FindingId::RoleExpiredStillGranted => ObjectType::User,
            FindingId::DatabaseExpired
            | FindingId::CodeOnCredentialTables
            | FindingId::PortalKeysParameterMisleads
            | FindingId::TwoFactorNotEnforced
            | FindingId::Totals
            | FindingId::WeakPasswordsNotAllTried => ObjectType::Database,
            FindingId::MasterPasswordWeak
            | FindingId::MasterPasswordInClear
            | FindingId::DatabaseManagerListed
            | FindingId::NoDbfilter
            | FindingId::ConfigReadable
            | FindingId::SqlLogged
            | FindingId::AdminPasskey => ObjectType::Server,
            FindingId::OdooRoleSuperuser
            | FindingId::OdooRoleCreaterole
            | FindingId::OdooRoleBypassrls
            | FindingId::OdooRoleReplication
            | FindingId::RoleReadsCredentials
            | FindingId::RoleWritesAccess
            | FindingId::Md5Password => ObjectType::Role,
            FindingId::HbaTrustRemote
            | FindingId::HbaPasswordClear
            | FindingId::SslOffRemote
            | FindingId::NotChecked => ObjectType::Cluster,
            FindingId::CredentialInClear => ObjectType::Table,
            FindingId::WaiverExpired | FindingId::WaiverUnused => ObjectType::Waiver,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub id: FindingId,
    /// For people: the login, `#id name (owner)` of a key, or the database name.
    pub object: String,
    /// For machines, stable from run to run: `user:<id>:<login>`, `key:<source>:<id>`,
    /// `database:<name>`, `server:<config path>`, `waiver:<file>:<line>` ([`About`]).
    pub object_id: String,
    pub detail: String,
}

impl Finding {
    pub fn new(severity: Severity, id: FindingId, about: About, detail: String) -> Finding {
        Finding {
            severity,
            id,
            object: about.object,
            object_id: about.object_id,
            detail,
        }
    }

    /// The same problem's identity in every run: made of the finding's name, the database and
    /// the object id only — never of ages, counts, dates or the detail's text, which change
    /// while the problem stays. 16 hex digits of SHA-256 (64 bits: no two findings of a
    /// fleet meet by chance).
    pub fn fingerprint(&self, database: &str) -> String {
        let mut hasher = openssl::sha::Sha256::new();
        for part in [self.id.as_str(), database, &self.object_id] {
            hasher.update(part.as_bytes());
            // A separator no name holds: ("ab", "c") and ("a", "bc") differ.
            hasher.update(&[0]);
        }
        hasher.finish()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A finding as a run reports it: its database (empty for the server's and the waivers'),
/// its identity, and what the waivers and the baseline say of it.
#[derive(Debug, Clone)]
pub struct Reported {
    pub database: String,
    pub finding: Finding,
    pub fingerprint: String,
    /// `None` without `--baseline`.
    pub change: Option<baseline::Change>,
    pub waived: Option<waivers::Terms>,
}

impl Reported {
    /// Whether it counts for the exit code: waived findings do not.
    pub fn counts(&self) -> bool {
        self.waived.is_none()
    }
}

/// What a finding is about: the words people read and the id machines match.
pub struct About {
    pub object: String,
    pub object_id: String,
}

impl About {
    pub fn user(id: i32, login: &str) -> About {
        About {
            object: login.to_string(),
            object_id: format!("user:{id}:{login}"),
        }
    }

    pub fn key(key: &Key) -> About {
        About {
            object: format!("#{} {} ({})", key.id, key.name, key.owner_login),
            object_id: format!("key:{}:{}", key.source.as_str(), key.id),
        }
    }

    pub fn database(name: &str) -> About {
        About {
            object: name.to_string(),
            object_id: format!("database:{name}"),
        }
    }

    pub fn role(name: &str) -> About {
        About {
            object: name.to_string(),
            object_id: format!("role:{name}"),
        }
    }

    /// Something of the cluster, named by what it is (`hba:host all all 0.0.0.0/0 trust`,
    /// `setting:ssl`, `check:md5-password`): a rule keeps its identity when lines move.
    pub fn cluster(what: &str, object: String) -> About {
        About {
            object,
            object_id: format!("cluster:{what}"),
        }
    }

    pub fn table(name: &str) -> About {
        About {
            object: name.to_string(),
            object_id: format!("table:{name}"),
        }
    }

    pub fn server(config: &str) -> About {
        About {
            object: config.to_string(),
            object_id: format!("server:{config}"),
        }
    }
}

/// The limits that turn a fact into a warning.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// A key older than this is a warning.
    pub max_age: Duration,
    /// A key expiring within this is a warning.
    pub warn_within: Duration,
    /// An internal user with usable keys and no login for this long is a warning.
    pub stale: Duration,
    /// A password not changed for this long is a warning, where OCA password_security
    /// records changes; `None` (the default): the module's own expiry, where it is on.
    pub max_password_age: Option<Duration>,
}

/// The defaults that `report --help` and docs/COMMANDS.md state: 90 days, 14 days, 90 days.
impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            max_age: Duration::days(90),
            warn_within: Duration::days(14),
            stale: Duration::days(90),
            max_password_age: None,
        }
    }
}

/// What the audit of one database found, and what it could not see.
#[derive(Debug, Default)]
pub struct Audit {
    pub findings: Vec<Finding>,
    pub notices: Vec<String>,
    pub counts: Counts,
}

/// What the database holds, counted for metrics (`report --format prometheus`): a few
/// numbers per database whatever its size.
#[derive(Debug, Default)]
pub struct Counts {
    /// The Odoo version, as the database says it.
    pub version: String,
    /// Active users by kind, Settings admin or not, and TOTP (`on`, `off`, `unknown`).
    pub users: BTreeMap<(&'static str, bool, &'static str), i64>,
    /// Keys by status.
    pub keys: BTreeMap<&'static str, i64>,
    /// The first end of a key that has not ended yet.
    pub earliest_expiry: Option<DateTime<Utc>>,
    /// The ends of the keys that end within [`TIMELINE_DAYS`], for the page's timeline.
    pub ending: Vec<DateTime<Utc>>,
}

/// How far ahead the report's key-expiry timeline looks.
pub const TIMELINE_DAYS: i64 = 90;

impl Audit {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    fn add(&mut self, severity: Severity, id: FindingId, about: About, detail: String) {
        self.findings
            .push(Finding::new(severity, id, about, detail));
    }
}

/// What one database holds that the findings are made from.
struct Facts {
    database: String,
    params: Parameters,
    keys: Vec<Key>,
    users: BriefRows,
    context: Context,
    now: DateTime<Utc>,
    /// What writing the tables that hold credentials would run.
    hazards: Vec<Hazard>,
    /// The login roles that may read credentials or write who gets in.
    roles: Vec<RoleAccess>,
    /// The OCA tables that keep credentials in clear.
    clear: Vec<ClearTable>,
    /// OCA base_user_role roles ended but still granted; `None`: unreadable.
    ended_roles: Option<Vec<EndedRole>>,
    /// OCA password_security's policy, whose expiry `old-password` uses.
    password_policy: password_policy::Policy,
}

/// The tables that hold credentials or decide who is an admin — code that runs when they are
/// written sees passwords, keys and group changes — and 19's signal table, which the write
/// commands also write (`code-on-credential-tables`).
const CREDENTIAL_TABLES: &[&str] = &[
    "public.res_users",
    "public.res_users_apikeys",
    "public.res_groups_users_rel",
    "public.auth_totp_device",
    "public.auth_api_key",
    "public.ir_config_parameter",
    "public.orm_signaling_default",
];

/// Reads the facts. Independent queries go out together (pipelined on the one connection): a
/// new backend's start-up dominates a fleet audit, so round trips count. Odoo's keys come
/// without owners, which the users query supplies; OCA's rare table keeps its join.
async fn facts(session: &Session, schema: &Schema) -> Result<Facts, Failure> {
    let database = session.database().to_string();
    let oca = Selection {
        odoo: false,
        oca: true,
        devices: false,
    };
    // Its own parameters, and password_security's policy on 17+.
    let wanted = password_policy::with_policy(&[
        "portal.allow_api_keys",
        "database.expiration_date",
        "auth_totp.policy",
    ]);
    let (params, odoo_keys, oca_keys, now, users, hazards, roles, clear, ended_roles) = tokio::try_join!(
        parameters::read(session, schema, &wanted, &[]),
        keys::ownerless(session, schema),
        keys::list(session, schema, &oca),
        clock::server_now(session),
        users::for_report(session, schema),
        hazards::on(session, CREDENTIAL_TABLES),
        roles::access(session, schema),
        roles::clear_credentials(session, schema),
        users::ended_roles(session, schema),
    )?;
    // Up to 16 the policy is a query of its own, after the parameters (17+ reads them).
    let password_policy = password_policy::read(session, schema, &params).await?;
    let mut keys = odoo_keys.with_owners(|id| users.rows.owner(id));
    keys.extend(oca_keys);
    let context = Context::for_rules(users.totp, users.passwords, &params, schema, now, &database);
    let users = users.rows;
    Ok(Facts {
        database,
        params,
        keys,
        users,
        context,
        now,
        hazards,
        roles,
        clear,
        ended_roles,
        password_policy,
    })
}

/// Audits one database. Findings come out in a stable order: by severity, then identifier;
/// within one finding, objects stay in the order they were added, keys and users by id (#8
/// before #30 before #100; sorting their names as text would not).
pub async fn audit(
    session: &Session,
    schema: &Schema,
    thresholds: &Thresholds,
) -> Result<Audit, Failure> {
    let facts = facts(session, schema).await?;
    let mut audit = Audit {
        notices: facts.context.notices.clone(),
        ..Audit::default()
    };
    audit
        .notices
        .extend(schema.key_shape_notice(&facts.database));
    let usable_keys = key_findings(&mut audit, &facts, schema, thresholds);
    // Decoded once for the findings and the counts.
    let users: Vec<User> = facts.context.users(&facts.users).collect();
    let active = user_findings(&mut audit, &facts, &users, &usable_keys, thresholds);
    database_findings(&mut audit, &facts, schema);
    role_findings(&mut audit, &facts);
    ended_role_findings(&mut audit, &facts);
    audit.add(
        Severity::Info,
        FindingId::Totals,
        About::database(&facts.database),
        format!(
            "Odoo {}: {} active internal and {} active portal users, {} API keys of which {} usable for RPC",
            schema.version.raw,
            active.internal,
            active.portal,
            facts.keys.len(),
            usable_keys.values().sum::<i64>()
        ),
    );
    audit.findings.sort_by_key(|f| (f.severity, f.id.as_str()));
    audit.counts = counts(&facts, &users, schema);
    Ok(audit)
}

/// `report --weak-passwords`: a critical finding per weak password (what it is the same as,
/// never what it is), and one note for the users the budget left partly untried.
pub fn weak_password_findings(
    audit: &mut Audit,
    database: &str,
    verdicts: &[(i32, String, weak_passwords::Verdict)],
) {
    use weak_passwords::Verdict;
    let mut untried = Vec::new();
    let mut costly = Vec::new();
    for (id, login, verdict) in verdicts {
        match verdict {
            Verdict::Weak(why) => audit.add(
                Severity::Critical,
                FindingId::WeakPassword,
                About::user(*id, login),
                format!("the password is {}: it is among the first an attacker tries, over the web and RPC — have the user change it (and enable 2FA)", why.as_str()),
            ),
            Verdict::NotFullyTried { tried, of } => untried.push(format!("{login} ({tried} of {of})")),
            Verdict::TooCostly { rounds } => costly.push(format!("{login} ({rounds} rounds)")),
            Verdict::Sound => {}
        }
    }
    if !costly.is_empty() {
        audit.add(
            Severity::Info,
            FindingId::WeakPasswordsNotAllTried,
            About::database(database),
            format!("not tried: the password hash of {} user(s) asks for more than {} PBKDF2 rounds, so that one try would outlast any budget: {} — Odoo makes 600,000; a hash of so many rounds was not made by Odoo, and it also slows every login of the user", costly.len(), crate::odoo::credential::MOST_ROUNDS, costly.join(", ")),
        );
    }
    if !untried.is_empty() {
        audit.add(
            Severity::Info,
            FindingId::WeakPasswordsNotAllTried,
            About::database(database),
            format!("--budget ran out before every candidate was tried for {} user(s): {} — give a larger --budget", untried.len(), untried.join(", ")),
        );
    }
    audit.findings.sort_by_key(|f| (f.severity, f.id.as_str()));
}

fn counts(facts: &Facts, users: &[User], schema: &Schema) -> Counts {
    let mut counts = Counts {
        version: schema.version.raw.clone(),
        ..Counts::default()
    };
    for user in users.iter().filter(|u| u.active) {
        let totp = match user.totp {
            Some(true) => "on",
            Some(false) => "off",
            None => "unknown",
        };
        *counts
            .users
            .entry((user.kind.as_str(), user.admin, totp))
            .or_default() += 1;
    }
    for key in &facts.keys {
        *counts.keys.entry(key.status().as_str()).or_default() += 1;
        if let Some(expires) = key.expires.filter(|e| *e > facts.now) {
            counts.earliest_expiry =
                Some(counts.earliest_expiry.map_or(expires, |e| e.min(expires)));
            if expires <= facts.now + Duration::days(TIMELINE_DAYS) {
                counts.ending.push(expires);
            }
        }
    }
    counts
}

/// The findings about keys; returns how many RPC-usable keys each user has.
fn key_findings(
    audit: &mut Audit,
    facts: &Facts,
    schema: &Schema,
    thresholds: &Thresholds,
) -> HashMap<i32, i64> {
    let now = facts.now;
    let portal_keys_allowed = schema.portal_keys_allowed(&facts.params);
    let mut usable_keys: HashMap<i32, i64> = HashMap::new();
    for key in &facts.keys {
        if key.rpc_usable() == Some(true) {
            *usable_keys.entry(key.owner_id).or_default() += 1;
        }
        status_findings(audit, key, portal_keys_allowed);
        if key.source == Source::Oca {
            audit.add(
                Severity::Critical,
                FindingId::PlaintextKey,
                About::key(key),
                "OCA auth_api_key stores this key in plain text: anyone who can read the table can use it".into(),
            );
        }
        if key.status() == Status::Expired {
            if key.source == Source::Odoo && !key.trusted_device {
                let expired = key.expires.as_ref().map(iso8601).unwrap_or_default();
                audit.add(
                    Severity::Warning,
                    FindingId::ExpiredKeyPresent,
                    About::key(key),
                    format!("expired on {expired} but still in the table: an Odoo worker that accepted it before keeps accepting it until it restarts (Odoo's cache is not told of expiry) — odoo-access revoke --expired --yes"),
                );
            }
            continue;
        }
        if schema.api_keys_expire() && key.source == Source::Odoo && key.expires.is_none() {
            audit.add(
                Severity::Warning,
                FindingId::PersistentKey,
                About::key(key),
                "the key never expires".into(),
            );
        }
        if let Some(created) = key.created {
            if now.signed_duration_since(created) >= thresholds.max_age {
                audit.add(
                    Severity::Warning,
                    FindingId::OldKey,
                    About::key(key),
                    format!(
                        "created {} days ago ({}): rotate it",
                        now.signed_duration_since(created).num_days(),
                        iso8601(&created)
                    ),
                );
            }
        }
        if let Some(expires) = key.expires {
            if expires.signed_duration_since(now) <= thresholds.warn_within {
                audit.add(
                    Severity::Warning,
                    FindingId::ExpiringKey,
                    About::key(key),
                    format!(
                        "expires on {}: integrations using it will get Access Denied",
                        iso8601(&expires)
                    ),
                );
            }
        }
    }
    usable_keys
}

/// The findings a key's status makes: dormant (Odoo's keys) and portal keys.
fn status_findings(audit: &mut Audit, key: &Key, portal_keys_allowed: bool) {
    match key.status() {
            Status::Dormant if key.source == Source::Odoo => audit.add(
                Severity::Critical,
                FindingId::DormantKey,
                About::key(key),
                format!("key of archived user '{}': refused now, but it works again the moment the user is reactivated — revoke it", key.owner_login),
            ),
            Status::Portal if portal_keys_allowed => audit.add(
                Severity::Warning,
                FindingId::PortalKey,
                About::key(key),
                format!("key of portal user '{}': accepted for RPC (portal.allow_api_keys is set)", key.owner_login),
            ),
            Status::Portal => audit.add(
                Severity::Critical,
                FindingId::PortalKey,
                About::key(key),
                format!("key of portal user '{}': accepted for RPC although portal.allow_api_keys is not set — someone made it outside the wizard", key.owner_login),
            ),
            _ => {}
        }
}

/// Active users by kind, for the totals.
#[derive(Default)]
struct Active {
    internal: i64,
    portal: i64,
}

/// The findings about users: admins whose password opens RPC, stale users with usable keys,
/// passwords in clear.
fn user_findings(
    audit: &mut Audit,
    facts: &Facts,
    users: &[User],
    usable_keys: &HashMap<i32, i64>,
    thresholds: &Thresholds,
) -> Active {
    let plaintext = facts.context.plaintext_passwords();
    let mut plaintext_logins = Vec::new();
    let mut active = Active::default();
    for user in users {
        if plaintext.as_ref().is_some_and(|ids| ids.contains(&user.id)) {
            plaintext_logins.push(About::user(user.id, &user.login));
        }
        if user.active {
            match user.kind {
                Kind::Internal => active.internal += 1,
                Kind::Portal => active.portal += 1,
                Kind::Public => {}
            }
        }
        password_findings(
            audit,
            user,
            facts.now,
            password_age_limit(facts, thresholds),
        );
        let usable = usable_keys.get(&user.id).copied().unwrap_or(0);
        if user.active && user.kind == Kind::Internal && usable > 0 {
            let stale = user
                .last_login
                .is_none_or(|t| facts.now.signed_duration_since(t) >= thresholds.stale);
            if stale {
                let since = user.last_login.map_or("never logged in".to_string(), |t| {
                    format!("no login since {}", iso8601(&t))
                });
                audit.add(Severity::Warning, FindingId::StaleUserWithKeys, About::user(user.id, &user.login), format!("{since} but {usable} usable key(s); only authenticate is logged, not calls made with a key, so this is a hint, not proof of disuse"));
            }
        }
    }
    for about in plaintext_logins {
        audit.add(
            Severity::Critical,
            FindingId::PlaintextPassword,
            about,
            "the password is stored in clear in res_users.password (Odoo accepts it and hashes it only at its next start or password change)".into(),
        );
    }
    active
}

/// How old a password may be: `--max-password-age` where given, else OCA password_security's
/// expiry where it is on — the age at which the module itself makes the user change it.
fn password_age_limit(facts: &Facts, thresholds: &Thresholds) -> Option<(Duration, &'static str)> {
    thresholds
        .max_password_age
        .map(|limit| (limit, "--max-password-age"))
        .or_else(|| {
            facts
                .password_policy
                .expiry_days()
                .map(|days| (Duration::days(days), "password_security's expiry"))
        })
}

/// The findings about one user's password: an admin's or an access manager's that opens
/// RPC alone, and one not changed for longer than `age_limit` (and what set it).
fn password_findings(
    audit: &mut Audit,
    user: &User,
    now: DateTime<Utc>,
    age_limit: Option<(Duration, &str)>,
) {
    let rpc = user.active && user.rpc_password == Some(true);
    if user.admin && rpc {
        audit.add(Severity::Critical, FindingId::AdminPasswordRpc, About::user(user.id, &user.login), "Settings admin without TOTP: the password alone opens XML-RPC with full rights — enable 2FA".to_string());
    } else if user.access_manager && rpc {
        audit.add(Severity::Critical, FindingId::AccessManagerPasswordRpc, About::user(user.id, &user.login), "access manager (Access Rights) without TOTP: the password alone opens XML-RPC, and an access manager can give itself any group, Settings included — enable 2FA".to_string());
    }
    if let (Some((limit, source)), Some(at), true) = (age_limit, user.password_changed, user.active)
    {
        if now.signed_duration_since(at) >= limit {
            let days = now.signed_duration_since(at).num_days();
            audit.add(Severity::Warning, FindingId::OldPassword, About::user(user.id, &user.login), format!("the password was last changed {days} days ago ({}), longer ago than {source} — have the user change it", iso8601(&at)));
        }
    }
}

/// The doors beneath Odoo in this database: login roles that may read credentials or write
/// who gets in, and OCA tables that keep credentials in clear (with who may read them).
fn role_findings(audit: &mut Audit, facts: &Facts) {
    let through = |role: &RoleAccess| match role.through.is_empty() {
        true => String::new(),
        false => format!(" (through {})", role.through.join(", ")),
    };
    for role in &facts.roles {
        let doors = [
            (FindingId::RoleReadsCredentials, "may read", &role.reads, "it can become any user without logging in — REVOKE it"),
            (FindingId::RoleWritesAccess, "may insert or update", &role.writes, "it can make itself an admin or mint a key — REVOKE INSERT, UPDATE unless it is a role you made for that"),
        ];
        for (id, may, what, why) in doors {
            if !what.is_empty() {
                let detail = format!("{may} {}{}: {why}", what.join(", "), through(role));
                audit.add(Severity::Critical, id, About::role(&role.role), detail);
            }
        }
    }
    for table in &facts.clear {
        let column = format!("{}.{}", table.table, table.column);
        let readers: Vec<&str> = facts
            .roles
            .iter()
            .filter(|r| r.reads.contains(&column))
            .map(|r| r.role.as_str())
            .collect();
        let rows = match table.rows {
            Some(0) => continue,
            Some(n) => format!("{n} row(s)"),
            None => "rows not counted (the role may not read the column)".to_string(),
        };
        let readers = match readers.is_empty() {
            true => "no login role but superusers and the owner may read it".to_string(),
            false => format!("also readable by {}", readers.join(", ")),
        };
        audit.add(
            Severity::Critical,
            FindingId::CredentialInClear,
            About::table(table.table),
            format!(
                "{column} keeps {} in clear: {rows}; {readers} — restrict who reads the table, and prefer modules that store hashes",
                table.holds
            ),
        );
    }
}

/// OCA base_user_role lines that ended while their group still applies, one finding per user.
fn ended_role_findings(audit: &mut Audit, facts: &Facts) {
    let Some(ended) = &facts.ended_roles else {
        audit.notices.push(format!(
            "database \"{}\": base_user_role's tables are not readable by this role, so role-expired-still-granted is not checked — run sql/roles/audit-role.sql again",
            facts.database
        ));
        return;
    };
    // The query sorts by user: one run of lines per user.
    for lines in ended.chunk_by(|a, b| a.user_id == b.user_id) {
        let user = &lines[0];
        let listed: Vec<String> = lines
            .iter()
            .map(|e| {
                format!(
                    "line #{} (group #{}) ended {}",
                    e.line_id, e.group_id, e.ended
                )
            })
            .collect();
        audit.add(
            Severity::Warning,
            FindingId::RoleExpiredStillGranted,
            About::user(user.user_id, &user.login),
            format!(
                "base_user_role: {} — the user still holds the role's groups until the role sync runs (a write of the user, or its cron \"Update user roles\", every 3 hours as installed); run that cron now",
                listed.join("; ")
            ),
        );
    }
}

/// The findings about the database itself: expired, code on the credential tables, no 2FA
/// policy enforced.
fn database_findings(audit: &mut Audit, facts: &Facts, schema: &Schema) {
    let params = &facts.params;
    if !facts.hazards.is_empty() {
        // Code a non-superuser owns could capture every password and key written; a
        // superuser's is still nothing Odoo made.
        let severity = match facts.hazards.iter().any(|h| !h.superuser) {
            true => Severity::Critical,
            false => Severity::Warning,
        };
        let what: Vec<&str> = facts.hazards.iter().map(|h| h.what.as_str()).collect();
        audit.add(
            severity,
            FindingId::CodeOnCredentialTables,
            About::database(&facts.database),
            format!(
                "writing the tables that hold credentials runs code that Odoo does not create: {} — find who added it and remove it; until then write only as its owner",
                what.join("; ")
            ),
        );
    }
    if let Some(expiry) = params
        .get("database.expiration_date")
        .and_then(databases::parse_odoo_datetime)
    {
        if expiry < facts.now {
            audit.add(
                Severity::Critical,
                FindingId::DatabaseExpired,
                About::database(&facts.database),
                format!("database.expiration_date {} is past", iso8601(&expiry)),
            );
        }
    }
    if schema.portal_keys_by_parameter() && params.portal_keys_parameter_misleads() {
        audit.add(
            Severity::Warning,
            FindingId::PortalKeysParameterMisleads,
            About::database(&facts.database),
            format!(
                "portal.allow_api_keys is '{}', which Odoo reads as on (any text but an empty one is): portal users may create API keys — to turn it off, untick the portal API keys setting in Settings, which deletes the parameter",
                params.get("portal.allow_api_keys").unwrap_or_default()
            ),
        );
    }
    if let Some(module) = schema
        .totp_policy_module()
        .filter(|m| schema.is_available(m))
    {
        let enforced =
            params.get("auth_totp.policy").is_some() && schema.totp_policy_module_installed();
        if !enforced && !params.unreadable {
            audit.add(
                Severity::Warning,
                FindingId::TwoFactorNotEnforced,
                About::database(&facts.database),
                format!("no 2FA policy is enforced: set auth_totp.policy (Settings → Permissions → Enforce two-factor authentication) with {module} installed"),
            );
        }
    }
}
