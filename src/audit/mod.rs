//! Findings: what an access audit of one Odoo database reports, each with a severity, an
//! identifier, the object it is about, and one line of explanation.

pub mod config;

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::keys::{self, Selection, Source, Status};
use crate::odoo::parameters;
use crate::odoo::schema::Schema;
use crate::odoo::users::{self, Kind};
use crate::odoo::{clock, databases};
use crate::output::iso8601;
use chrono::Duration;
use std::collections::HashMap;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// A stable identifier, e.g. `dormant-key`, for filtering and alerting.
    pub id: &'static str,
    /// database, user or key.
    pub object_type: &'static str,
    /// The login, `#id name` of a key, or the database name.
    pub object: String,
    pub detail: String,
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
}

/// What the audit of one database found, and what it could not see.
#[derive(Debug, Default)]
pub struct Audit {
    pub findings: Vec<Finding>,
    pub notices: Vec<String>,
}

impl Audit {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Audits one database. Findings come out in a stable order: by severity, then identifier,
/// then object.
pub async fn audit(
    session: &Session,
    schema: &Schema,
    thresholds: &Thresholds,
) -> Result<Audit, Failure> {
    let database = session.database().to_string();
    let mut findings = Vec::new();
    let mut add = |severity, id, object_type, object: String, detail: String| {
        findings.push(Finding {
            severity,
            id,
            object_type,
            object,
            detail,
        })
    };
    // Independent queries go out together (pipelined on the one connection): a new backend's
    // start-up dominates a fleet audit, so round trips count.
    // Odoo's keys come without owners, which the users query supplies; OCA's rare table keeps
    // its join.
    let oca = Selection {
        odoo: false,
        oca: true,
        devices: false,
    };
    let (params, odoo_keys, oca_keys, totp, passwords, now, user_rows) = tokio::try_join!(
        parameters::read(
            session,
            schema,
            &[
                "portal.allow_api_keys",
                "database.expiration_date",
                "auth_totp.policy"
            ],
            &[],
        ),
        keys::ownerless(session, schema),
        keys::list(session, schema, &oca),
        users::totp_users(session, schema),
        users::password_states(session, schema),
        clock::server_now(session),
        users::brief(session, schema),
    )?;
    let mut all_keys = odoo_keys.with_owners(|id| user_rows.owner(id));
    all_keys.extend(oca_keys);
    let context = users::Context::for_rules(totp, passwords, &params, schema, now, &database);
    let plaintext = context.plaintext_passwords();

    let portal_keys_allowed = params
        .get("portal.allow_api_keys")
        .is_some_and(|v| !v.is_empty() && v != "False" && v != "false");
    let mut usable_keys: HashMap<i32, i64> = HashMap::new();
    for key in &all_keys {
        let object = format!("#{} {} ({})", key.id, key.name, key.owner_login);
        if key.rpc_usable() == Some(true) {
            *usable_keys.entry(key.owner_id).or_default() += 1;
        }
        match key.status() {
            Status::Dormant if key.source == Source::Odoo => add(
                Severity::Critical,
                "dormant-key",
                "key",
                object.clone(),
                format!("key of archived user '{}': refused now, but it works again the moment the user is reactivated — revoke it", key.owner_login),
            ),
            Status::Portal if portal_keys_allowed => add(
                Severity::Warning,
                "portal-key",
                "key",
                object.clone(),
                format!("key of portal user '{}': accepted for RPC (portal.allow_api_keys is set)", key.owner_login),
            ),
            Status::Portal => add(
                Severity::Critical,
                "portal-key",
                "key",
                object.clone(),
                format!("key of portal user '{}': accepted for RPC although portal.allow_api_keys is not set — someone made it outside the wizard", key.owner_login),
            ),
            _ => {}
        }
        if key.source == Source::Oca {
            add(
                Severity::Critical,
                "plaintext-key",
                "key",
                object.clone(),
                "OCA auth_api_key stores this key in plain text: anyone who can read the table can use it".into(),
            );
        }
        if key.status() == Status::Expired {
            continue;
        }
        if schema.api_keys_expire() && key.source == Source::Odoo && key.expires.is_none() {
            add(
                Severity::Warning,
                "persistent-key",
                "key",
                object.clone(),
                "the key never expires".into(),
            );
        }
        if let Some(created) = key.created {
            if now.signed_duration_since(created) >= thresholds.max_age {
                add(
                    Severity::Warning,
                    "old-key",
                    "key",
                    object.clone(),
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
                add(
                    Severity::Warning,
                    "expiring-key",
                    "key",
                    object.clone(),
                    format!(
                        "expires on {}: integrations using it will get Access Denied",
                        iso8601(&expires)
                    ),
                );
            }
        }
    }

    // Users.
    let mut notices = context.notices.clone();
    notices.extend(schema.key_shape_notice(&database));
    let mut plaintext_logins = Vec::new();
    let mut counts = (0i64, 0i64); // active internal, active portal
    for user in context.users(&user_rows) {
        if plaintext.as_ref().is_some_and(|ids| ids.contains(&user.id)) {
            plaintext_logins.push(user.login.clone());
        }
        if user.active {
            match user.kind {
                Kind::Internal => counts.0 += 1,
                Kind::Portal => counts.1 += 1,
                Kind::Public => {}
            }
        }
        if user.admin && user.active && user.rpc_password == Some(true) {
            add(Severity::Critical, "admin-password-rpc", "user", user.login.clone(), "Settings admin without TOTP: the password alone opens XML-RPC with full rights — enable 2FA".to_string());
        }
        let usable = usable_keys.get(&user.id).copied().unwrap_or(0);
        if user.active && user.kind == Kind::Internal && usable > 0 {
            let stale = user
                .last_login
                .is_none_or(|t| now.signed_duration_since(t) >= thresholds.stale);
            if stale {
                let since = user.last_login.map_or("never logged in".to_string(), |t| {
                    format!("no login since {}", iso8601(&t))
                });
                add(Severity::Warning, "stale-user-with-keys", "user", user.login.clone(), format!("{since} but {usable} usable key(s); only authenticate is logged, not calls made with a key, so this is a hint, not proof of disuse"));
            }
        }
    }
    for login in plaintext_logins {
        add(
            Severity::Critical,
            "plaintext-password",
            "user",
            login,
            "the password is stored in clear in res_users.password (Odoo accepts it and hashes it only at its next start or password change)".into(),
        );
    }

    // The database.
    if let Some(expiry) = params
        .get("database.expiration_date")
        .and_then(databases::parse_odoo_datetime)
    {
        if expiry < now {
            add(
                Severity::Critical,
                "database-expired",
                "database",
                database.clone(),
                format!("database.expiration_date {} is past", iso8601(&expiry)),
            );
        }
    }
    if let Some(module) = schema
        .totp_policy_module()
        .filter(|m| schema.is_available(m))
    {
        let enforced =
            params.get("auth_totp.policy").is_some() && schema.totp_policy_module_installed();
        if !enforced && !params.unreadable {
            add(
                Severity::Warning,
                "2fa-not-enforced",
                "database",
                database.clone(),
                format!("no 2FA policy is enforced: set auth_totp.policy (Settings → Permissions → Enforce two-factor authentication) with {module} installed"),
            );
        }
    }
    add(
        Severity::Info,
        "totals",
        "database",
        database.clone(),
        format!(
            "Odoo {}: {} active internal and {} active portal users, {} API keys of which {} usable for RPC",
            schema.version.raw,
            counts.0,
            counts.1,
            all_keys.len(),
            usable_keys.values().sum::<i64>()
        ),
    );
    // Stable: within one finding, objects stay in the order they were added, keys and users
    // by id (#8 before #30 before #100; sorting their names as text would not).
    findings.sort_by_key(|f| (f.severity, f.id));
    Ok(Audit { findings, notices })
}
