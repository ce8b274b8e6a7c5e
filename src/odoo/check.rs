//! Why does an integration get "Access Denied"? The checklist of the Odoo API-key guides, run
//! against the database, giving the verdict real Odoo would give (docs/ODOO.md,
//! "Credentials" and "2FA", with the lab's truth tables).
//!
//! XML-RPC `authenticate`/`execute_kw` accept, for an active user, the user's password unless
//! the user is API-key-only (TOTP on, or 19's email-2FA policy), or one of the user's keys
//! with scope NULL or `rpc` that has not expired. The key is found by its clear `index` (its
//! first 8 characters) and compared byte for byte: whitespace and case matter. 19's JSON-2
//! takes keys only, as their owner, and ignores leading whitespace.

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::odoo::clock::{naive_utc, server_now};
use crate::odoo::credential::{key_index, matches};
use crate::odoo::keys;
use crate::odoo::kind::Kind;
use crate::odoo::parameters;
use crate::odoo::schema::Schema;
use crate::odoo::users;
use crate::output::iso8601;
use crate::secret::Secret;
use crate::sql;
use chrono::{DateTime, Utc};
use tokio_postgres::types::Type;
use zeroize::Zeroizing;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepResult {
    Pass,
    Fail,
    Warn,
    Skip,
}

impl StepResult {
    pub fn as_str(self) -> &'static str {
        match self {
            StepResult::Pass => "pass",
            StepResult::Fail => "fail",
            StepResult::Warn => "warn",
            StepResult::Skip => "skip",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Step {
    pub step: &'static str,
    pub result: StepResult,
    pub evidence: String,
    pub fix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// XML-RPC / JSON-RPC (`/xmlrpc/2`, `/jsonrpc`): login plus password or key.
    Xmlrpc,
    /// 19.0's JSON-2 API (`Authorization: Bearer <key>`): keys only.
    Json2,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Xmlrpc => "xmlrpc",
            Protocol::Json2 => "json2",
        }
    }
}

/// The steps so far and, at the end, the verdict.
#[derive(Debug, Default)]
pub struct Diagnosis {
    pub steps: Vec<Step>,
    /// `None` until decided: succeed when nothing failed.
    failure: Option<(String, Option<String>)>,
    success: Option<String>,
}

impl Diagnosis {
    pub fn add(
        &mut self,
        step: &'static str,
        result: StepResult,
        evidence: impl Into<String>,
        fix: Option<String>,
    ) {
        self.steps.push(Step {
            step,
            result,
            evidence: evidence.into(),
            fix,
        });
    }

    /// Records why the login would fail; the first reason given is the one that matters.
    pub fn refuse(&mut self, reason: impl Into<String>, fix: impl Into<String>) {
        if self.failure.is_none() {
            self.failure = Some((reason.into(), Some(fix.into())));
        }
    }

    pub fn succeeds(&self) -> bool {
        self.failure.is_none()
    }

    /// "XML-RPC authenticate would succeed / fail because …" and the one fix that matters.
    pub fn verdict(&self, protocol: Protocol) -> (String, Option<String>) {
        let api = match protocol {
            Protocol::Xmlrpc => "XML-RPC authenticate",
            Protocol::Json2 => "a JSON-2 call",
        };
        match &self.failure {
            Some((reason, fix)) => (format!("{api} would fail because {reason}"), fix.clone()),
            None => (
                format!(
                    "{api} would succeed: {}",
                    self.success
                        .as_deref()
                        .unwrap_or("nothing in the database refuses it")
                ),
                None,
            ),
        }
    }
}

/// A key row found by its index.
struct KeyRow {
    id: i32,
    owner_id: i32,
    owner_login: String,
    owner_active: bool,
    scope: Option<String>,
    hash: Zeroizing<String>,
    expires: Option<DateTime<Utc>>,
    expired: bool,
}

struct User {
    id: i32,
    login: String,
    active: bool,
    kind: Kind,
}

/// Runs every step from the database's expiry on. `credential: None` (`--no-credential`) runs
/// only the steps that need no secret.
pub async fn diagnose(
    d: &mut Diagnosis,
    session: &Session,
    schema: &Schema,
    login: &str,
    credential: Option<&Secret>,
    protocol: Protocol,
    routing: Option<String>,
) -> Result<(), Failure> {
    let now = server_now(session).await?;

    database_expiry(d, session, schema, now).await?;
    let user = match find_user(d, session, login, protocol).await? {
        Some(user) => Some(user),
        // JSON-2 has no login: the key alone decides, and runs as its owner.
        None if protocol == Protocol::Json2 => match credential {
            Some(secret) => json2_key_owner(d, session, schema, secret).await?,
            None => {
                d.refuse(
                    "JSON-2 ignores the login and --no-credential gives no key: nothing decides",
                    "give the key on stdin to see whose key it is",
                );
                None
            }
        },
        None => None,
    };
    let Some(user) = user else {
        skipped_steps(d, schema, routing);
        return Ok(());
    };

    let password_accepted = two_factor(d, session, schema, &user).await?;
    match credential {
        None => d.add(
            "credential",
            StepResult::Skip,
            "not given (--no-credential): the password and keys were not checked",
            None,
        ),
        Some(secret) => {
            require_hash_columns(session, schema)?;
            check_credential(
                d,
                session,
                schema,
                &user,
                secret.expose(),
                password_accepted == Some(false),
                protocol,
            )
            .await?;
        }
    }
    if !user.active {
        d.refuse(
            format!(
                "user '{}' is archived (Odoo refuses archived users' passwords and keys)",
                user.login
            ),
            "reactivate the user in Settings → Users, or use another user's key",
        );
    }
    skipped_steps(d, schema, routing);
    Ok(())
}

/// The `two_factor` step; returns whether Odoo accepts the user's password over RPC
/// (`None` where the role cannot tell).
async fn two_factor(
    d: &mut Diagnosis,
    session: &Session,
    schema: &Schema,
    user: &User,
) -> Result<Option<bool>, Failure> {
    let ((totp_users, totp_notice), (rules, rules_notice)) = tokio::try_join!(
        users::totp_users(session, schema),
        users::rpc_rules(session, schema)
    )?;
    let totp = totp_users.map(|set| set.contains(&user.id));
    let notices: Vec<String> = totp_notice.into_iter().chain(rules_notice).collect();
    let password_accepted = rules.decide(true, user.kind, totp);
    match (password_accepted, totp) {
        (Some(true), _) => d.add("two_factor", StepResult::Pass, "no 2FA rule makes this user API-key-only: a password works over RPC", None),
        (Some(false), Some(true)) => d.add(
            "two_factor",
            StepResult::Warn,
            "TOTP is on: Odoo refuses this user's password over RPC; only an API key works",
            Some("use an API key (Preferences → Account Security → New API Key)".into()),
        ),
        (Some(false), _) => d.add(
            "two_factor",
            StepResult::Warn,
            "the email-2FA policy (auth_totp.policy) applies to this user: on 19 Odoo then refuses the password over RPC",
            Some("use an API key".into()),
        ),
        (None, _) => d.add("two_factor", StepResult::Skip, notices.join("; "), None),
    }

    Ok(password_accepted)
}

async fn database_expiry(
    d: &mut Diagnosis,
    session: &Session,
    schema: &Schema,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let params = parameters::read(session, schema, &["database.expiration_date"], &[]).await?;
    let expiry = params
        .get("database.expiration_date")
        .and_then(crate::odoo::databases::parse_odoo_datetime);
    match expiry {
        Some(t) if t < now => d.add(
            "database_expiry",
            StepResult::Warn,
            format!(
                "database.expiration_date {} is past: users see Odoo's \"database expired\" screen",
                iso8601(&t)
            ),
            Some("renew the subscription (or extend the trial) with Odoo".into()),
        ),
        Some(t) => d.add(
            "database_expiry",
            StepResult::Pass,
            format!("the database expires on {}", iso8601(&t)),
            None,
        ),
        None if params.unreadable => d.add(
            "database_expiry",
            StepResult::Skip,
            "this role may not read ir_config_parameter",
            None,
        ),
        None => d.add(
            "database_expiry",
            StepResult::Pass,
            "no expiration date",
            None,
        ),
    }
    Ok(())
}

async fn find_user(
    d: &mut Diagnosis,
    session: &Session,
    login: &str,
    protocol: Protocol,
) -> Result<Option<User>, Failure> {
    let rows = session
        .query(sql::CHECK_LOGIN, &[(&login, Type::TEXT)])
        .await?;
    let Some(row) = rows.first() else {
        let candidates: Vec<String> = session
            .query(sql::CHECK_LOGIN_CANDIDATES, &[(&login, Type::TEXT)])
            .await?
            .iter()
            .map(|r| r.get("login"))
            .collect();
        let hint = if candidates.is_empty() {
            "check the login: Odoo matches it exactly".to_string()
        } else {
            format!(
                "did you mean {}? Odoo matches logins exactly, case included",
                quote_list(&candidates)
            )
        };
        match protocol {
            Protocol::Xmlrpc => {
                d.add(
                    "login",
                    StepResult::Fail,
                    format!("no user has the login '{login}'"),
                    Some(hint.clone()),
                );
                d.refuse(format!("no user has the login '{login}'"), hint);
            }
            Protocol::Json2 => d.add(
                "login",
                StepResult::Warn,
                format!("no user has the login '{login}': JSON-2 ignores the login, the key runs as its owner"),
                Some(hint),
            ),
        }
        return Ok(None);
    };
    let user = User {
        id: row.get("id"),
        login: row.get("login"),
        active: row.get("active"),
        kind: if row.get::<_, bool>("internal") {
            Kind::Internal
        } else {
            Kind::Portal
        },
    };
    d.add(
        "login",
        StepResult::Pass,
        format!("login '{}' is user #{}", user.login, user.id),
        None,
    );
    match (user.active, user.kind) {
        (false, _) => d.add(
            "user",
            StepResult::Fail,
            "the user is archived: Odoo refuses its password and its keys (they work again if it is reactivated)",
            Some("reactivate the user, or use another user's key".into()),
        ),
        (true, Kind::Internal) => d.add("user", StepResult::Pass, "active internal user", None),
        (true, _) => d.add(
            "user",
            StepResult::Warn,
            "active portal user: Odoo accepts its password and keys over RPC, with portal rights only",
            None,
        ),
    }
    Ok(Some(user))
}

/// Checking a credential reads the hashes it verifies (and never prints), and needs a key
/// table whose shape it knows: without a scope, a verdict could be wrong.
fn require_hash_columns(session: &Session, schema: &Schema) -> Result<(), Failure> {
    if let Some(notice) = schema.key_shape_notice(session.database()) {
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("{notice} — check gives no verdict it cannot stand by; list the keys with 'odoo-access keys'"),
        ));
    }
    if schema.can_read("res_users", "password") && schema.can_read("res_users_apikeys", "key") {
        return Ok(());
    }
    Err(Failure::new(
        Exit::Denied,
        format!("checking a credential needs SELECT on res_users.password and res_users_apikeys.key in database \"{}\", which this role (e.g. the audit role) does not have — run check as the database owner, or use --no-credential", session.database()),
    ))
}

/// JSON-2 with a login that names no user: the user the check goes on with is the owner of the
/// key the credential is (as JSON-2 runs it), or none, with the refusal, when it is no key of
/// this database. A password never opens JSON-2.
async fn json2_key_owner(
    d: &mut Diagnosis,
    session: &Session,
    schema: &Schema,
    secret: &Secret,
) -> Result<Option<User>, Failure> {
    require_hash_columns(session, schema)?;
    // JSON-2 forgives a leading space (docs/ODOO.md, "Credentials").
    let candidate = secret.expose().trim_start();
    match matching_key(
        keys_with_index(session, schema, candidate).await?,
        candidate,
    ) {
        Some(key) => find_user(d, session, &key.owner_login, Protocol::Json2).await,
        None => {
            d.add(
                "api_key",
                StepResult::Fail,
                "the credential is no API key of this database",
                None,
            );
            d.refuse(
                "the credential is no API key of this database (JSON-2 takes keys only)",
                "create a new API key (a deleted or lost key cannot be recovered)",
            );
            Ok(None)
        }
    }
}

/// Names whitespace at either end, the most common paste mistake.
fn whitespace(credential: &str) -> Option<String> {
    let name = |c: char| match c {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        '\r' => "a carriage return".to_string(),
        '\n' => "a line feed".to_string(),
        other => format!("U+{:04X}", other as u32),
    };
    let leading = credential.chars().next().filter(|c| c.is_whitespace());
    let trailing = credential.chars().last().filter(|c| c.is_whitespace());
    match (leading, trailing) {
        _ if credential.trim().is_empty() => Some("is only whitespace".to_string()),
        (Some(l), Some(t)) => Some(format!("starts with {} and ends with {}", name(l), name(t))),
        (Some(l), None) => Some(format!("starts with {}", name(l))),
        (None, Some(t)) => Some(format!("ends with {}", name(t))),
        (None, None) => None,
    }
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn keys_with_index(
    session: &Session,
    schema: &Schema,
    candidate: &str,
) -> Result<Vec<KeyRow>, Failure> {
    let index = key_index(candidate);
    Ok(session
        .query(&schema.adapt(sql::CHECK_KEYS), &[(&index, Type::TEXT)])
        .await?
        .iter()
        .map(|r| KeyRow {
            id: r.get("id"),
            owner_id: r.get("user_id"),
            owner_login: r.get("login"),
            owner_active: r.get("owner_active"),
            scope: r.get("scope"),
            hash: Zeroizing::new(r.get::<_, Option<String>>("key").unwrap_or_default()),
            expires: naive_utc(r.get("expires")),
            expired: r.get("expired"),
        })
        .collect())
}

/// The key row `candidate` is, among the rows with its index: one PBKDF2 per row.
fn matching_key(rows: Vec<KeyRow>, candidate: &str) -> Option<KeyRow> {
    rows.into_iter().find(|row| matches(&row.hash, candidate))
}

/// What the credential looks like: whitespace at its ends, and what Odoo compares.
struct Shape<'a> {
    /// Whitespace at either end, named.
    spaces: Option<String>,
    /// What the protocol compares: JSON-2 was seen accepting a key with a leading space
    /// (docs/ODOO.md, "Credentials"), not a trailing one.
    effective: &'a str,
    /// The whitespace that makes the protocol refuse the credential.
    blocking: Option<String>,
}

/// What the credential turned out to be.
struct Identified {
    key: Option<KeyRow>,
    password: bool,
}

/// Checks the credential against the user's password and every key with its index, then
/// gives the verdict real Odoo would give, in Odoo's order.
async fn check_credential(
    d: &mut Diagnosis,
    session: &Session,
    schema: &Schema,
    user: &User,
    raw: &str,
    api_keys_only: bool,
    protocol: Protocol,
) -> Result<(), Failure> {
    let Some(shape) = credential_format(d, raw, protocol) else {
        return Ok(());
    };
    let stored: String = session
        .query_one(sql::CHECK_PASSWORD, &[(&user.id, Type::INT4)])
        .await?
        .get("password");
    let stored = Zeroizing::new(stored);
    let found = identify(d, session, schema, user, &stored, shape.effective).await?;
    let near_miss = if found.key.is_none() && !found.password {
        near_miss(d, session, schema, &stored, raw, &shape).await?
    } else {
        None
    };
    if let Some(k) = &found.key {
        key_steps(d, schema, k, user, protocol);
    }
    let verdict = Verdict {
        user,
        api_keys_only,
        blocking: shape.blocking.as_deref(),
        near_miss,
    };
    match protocol {
        Protocol::Xmlrpc => verdict.xmlrpc(d, &found),
        Protocol::Json2 => verdict.json2(d, &found),
    }
    Ok(())
}

/// The `credential_format` step; `None` when the credential is empty (nothing to check).
fn credential_format<'a>(d: &mut Diagnosis, raw: &'a str, protocol: Protocol) -> Option<Shape<'a>> {
    let spaces = whitespace(raw);
    let effective = match protocol {
        Protocol::Json2 => raw.trim_start(),
        Protocol::Xmlrpc => raw,
    };
    let blocking = match protocol {
        Protocol::Xmlrpc => spaces.clone(),
        Protocol::Json2 => whitespace(effective),
    };
    match (&blocking, raw.is_empty()) {
        (_, true) => {
            d.add(
                "credential_format",
                StepResult::Fail,
                "the credential is empty",
                Some("pass the password or key on stdin".into()),
            );
            d.refuse(
                "the credential is empty",
                "pass the password or key on stdin (echo adds a newline, which is removed)",
            );
            return None;
        }
        (Some(what), _) => d.add(
            "credential_format",
            StepResult::Fail,
            format!("the credential {what}: Odoo compares it byte for byte"),
            Some("remove the whitespace (often pasted along with the key)".into()),
        ),
        (None, _) if spaces.is_some() => d.add(
            "credential_format",
            StepResult::Warn,
            format!(
                "the credential {}: JSON-2 ignores leading whitespace, XML-RPC would not",
                spaces.as_deref().unwrap_or_default()
            ),
            None,
        ),
        (None, _) => {
            let looks_like_key = effective.len() == 40
                && effective
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            d.add(
                "credential_format",
                StepResult::Pass,
                if looks_like_key { "40 lower-case hex characters: shaped like an Odoo API key" } else { "not shaped like an API key (40 lower-case hex): treated as a password or a mistyped key" },
                None,
            );
        }
    }
    Some(Shape {
        spaces,
        effective,
        blocking,
    })
}

/// The `password` and `api_key` steps. Keys first: one 6,000-round hash per row with the
/// key's index; the password (up to 600,000 rounds) only when the credential is no key.
async fn identify(
    d: &mut Diagnosis,
    session: &Session,
    schema: &Schema,
    user: &User,
    stored: &str,
    effective: &str,
) -> Result<Identified, Failure> {
    let key = matching_key(
        keys_with_index(session, schema, effective).await?,
        effective,
    );
    let password = key.is_none() && !effective.is_empty() && matches(stored, effective);
    match (&key, password) {
        (Some(k), _) => {
            d.add(
                "password",
                StepResult::Skip,
                "not needed: the credential is an API key",
                None,
            );
            let whose = if k.owner_id == user.id {
                "the user's".to_string()
            } else {
                format!("{}'s", k.owner_login)
            };
            d.add(
                "api_key",
                StepResult::Pass,
                format!("matches API key #{} ({whose} key)", k.id),
                None,
            );
        }
        (None, true) => {
            let hashed = stored.starts_with("$pbkdf2");
            let scheme = if hashed {
                let rounds = stored.split('$').nth(2).unwrap_or("?");
                format!("pbkdf2-sha512, {rounds} rounds")
            } else {
                "stored in plain text in res_users.password".to_string()
            };
            d.add(
                "password",
                StepResult::Pass,
                format!("matches the user's password ({scheme})"),
                (!hashed).then(|| "restart Odoo so that it hashes the plain-text password".into()),
            );
            d.add(
                "api_key",
                StepResult::Skip,
                "not needed: the credential is the password",
                None,
            );
        }
        (None, false) => {
            d.add(
                "password",
                StepResult::Fail,
                "not the user's password",
                None,
            );
            d.add(
                "api_key",
                StepResult::Fail,
                "matches none of the user's API keys",
                None,
            );
        }
    }
    Ok(Identified { key, password })
}

/// When nothing matched: the credential with its whitespace removed, or in lower case, may be
/// the password or a key. Returns (what, fix) and adds the `near_miss` step.
async fn near_miss(
    d: &mut Diagnosis,
    session: &Session,
    schema: &Schema,
    stored: &str,
    raw: &str,
    shape: &Shape<'_>,
) -> Result<Option<(String, String)>, Failure> {
    let mut near_miss = None;
    let trimmed = raw.trim();
    if shape.spaces.is_some() && !trimmed.is_empty() && trimmed != shape.effective {
        if matches(stored, trimmed) {
            near_miss = Some((
                "the credential is the password with whitespace around it".to_string(),
                "remove the whitespace".to_string(),
            ));
        } else if let Some(k) =
            matching_key(keys_with_index(session, schema, trimmed).await?, trimmed)
        {
            near_miss = Some((
                format!(
                    "the credential is API key #{} with whitespace around it",
                    k.id
                ),
                "remove the whitespace".to_string(),
            ));
        }
    }
    // A copy of the credential: wiped when dropped, as the credential itself is.
    let lower = crate::secret::Secret::new(trimmed.to_lowercase());
    let lower = lower.expose();
    if near_miss.is_none() && lower != trimmed {
        if let Some(k) = matching_key(keys_with_index(session, schema, lower).await?, lower) {
            near_miss = Some((format!("the credential is API key #{} with upper-case letters: keys are lower-case hex and compared exactly", k.id), "use the key exactly as Odoo showed it (lower case)".to_string()));
        }
    }
    if let Some((what, fix)) = &near_miss {
        d.add(
            "near_miss",
            StepResult::Fail,
            what.clone(),
            Some(fix.clone()),
        );
    }
    Ok(near_miss)
}

/// The steps about the key the credential is: its scope, its expiry (18+), its owner.
fn key_steps(d: &mut Diagnosis, schema: &Schema, k: &KeyRow, user: &User, protocol: Protocol) {
    let rpc_scope = keys::rpc_accepts_scope(k.scope.as_deref());
    d.add(
        "key_scope",
        if rpc_scope {
            StepResult::Pass
        } else {
            StepResult::Fail
        },
        match &k.scope {
            None => "no scope (global): accepted for RPC".to_string(),
            Some(s) if rpc_scope => format!("scope '{s}': accepted for RPC"),
            Some(s) => {
                format!("scope '{s}': RPC accepts only keys without a scope or with scope 'rpc'")
            }
        },
        (!rpc_scope)
            .then(|| "create a key without a scope (Preferences → Account Security)".to_string()),
    );
    if schema.api_keys_expire() {
        d.add(
            "key_expiry",
            if k.expired {
                StepResult::Fail
            } else {
                StepResult::Pass
            },
            match (k.expires, k.expired) {
                (Some(t), true) => format!("expired on {}", iso8601(&t)),
                (Some(t), false) => format!("valid until {}", iso8601(&t)),
                (None, _) => "persistent (no expiration date)".to_string(),
            },
            k.expired
                .then(|| "create a new key (an expired key cannot be extended)".to_string()),
        );
    }
    if k.owner_id != user.id {
        d.add(
            "key_owner",
            if protocol == Protocol::Json2 {
                StepResult::Warn
            } else {
                StepResult::Fail
            },
            format!(
                "this key belongs to '{}', not '{}'",
                k.owner_login, user.login
            ),
            Some(format!(
                "log in as '{}', or use a key of '{}'",
                k.owner_login, user.login
            )),
        );
    }
}

/// What decides the verdict once the credential is identified.
struct Verdict<'a> {
    user: &'a User,
    api_keys_only: bool,
    blocking: Option<&'a str>,
    near_miss: Option<(String, String)>,
}

impl Verdict<'_> {
    /// XML-RPC: whitespace, then a key of another user, the key's own verdict, 2FA for a
    /// password, and the near miss or "neither".
    fn xmlrpc(self, d: &mut Diagnosis, found: &Identified) {
        let login = &self.user.login;
        if let Some(what) = self.blocking {
            d.refuse(
                format!("the credential {what}"),
                "remove the whitespace around the password or key",
            );
        }
        match (&found.key, found.password) {
            (Some(k), _) if k.owner_id != self.user.id => d.refuse(
                format!("the credential is an API key of '{}', not of '{login}'", k.owner_login),
                format!("log in as '{}', or use a key of '{login}'", k.owner_login),
            ),
            (Some(k), _) => key_verdict(d, k, login),
            (None, true) if self.api_keys_only => d.refuse(
                format!("'{login}' must use an API key over RPC (2FA): Odoo refuses the password even though it is right"),
                format!("create an API key for '{login}' and use it instead of the password"),
            ),
            (None, true) => d.success = Some(format!("the password of '{login}' is accepted")),
            (None, false) => match self.near_miss {
                Some((what, fix)) => d.refuse(what, fix),
                None => d.refuse(
                    format!("the credential is neither the password of '{login}' nor one of its API keys"),
                    if self.api_keys_only {
                        format!("'{login}' needs an API key: create one, and copy it exactly (a deleted or lost key cannot be recovered)")
                    } else {
                        "check the password, or create a new API key (a deleted or lost key cannot be recovered)".to_string()
                    },
                ),
            },
        }
    }

    /// JSON-2: keys only, run as their owner.
    fn json2(self, d: &mut Diagnosis, found: &Identified) {
        if let Some(what) = self.blocking {
            d.refuse(format!("the key {what}"), "remove the trailing whitespace");
        }
        match (&found.key, found.password) {
            (Some(k), _) => key_verdict(d, k, &k.owner_login.clone()),
            (None, true) => d.refuse(
                "JSON-2 takes API keys only, and this is a password",
                "create an API key and send it as 'Authorization: Bearer <key>'",
            ),
            (None, false) => match self.near_miss {
                Some((what, fix)) => d.refuse(what, fix),
                None => d.refuse(
                    "the credential is no API key of this database",
                    "create a new API key (a deleted or lost key cannot be recovered)",
                ),
            },
        }
    }
}

/// A key that is what it claims to be: accepted unless its owner, scope or expiry refuse it.
fn key_verdict(d: &mut Diagnosis, key: &KeyRow, runs_as: &str) {
    if !key.owner_active {
        d.refuse(
            format!("the key's owner '{}' is archived", key.owner_login),
            "reactivate the user, or use another user's key",
        );
    } else if !keys::rpc_accepts_scope(key.scope.as_deref()) {
        d.refuse(
            format!(
                "API key #{} has scope '{}', which RPC refuses",
                key.id,
                key.scope.as_deref().unwrap_or_default()
            ),
            "create a key without a scope",
        );
    } else if key.expired {
        d.refuse(
            format!("API key #{} has expired", key.id),
            "create a new key",
        );
    } else {
        d.success = Some(format!(
            "API key #{} is accepted and runs as '{runs_as}'",
            key.id
        ));
    }
}

/// What the database cannot tell, said as such.
fn skipped_steps(d: &mut Diagnosis, schema: &Schema, routing: Option<String>) {
    let evidence = "which database a request reaches is decided by Odoo's dbfilter/db_name and the host name, not by the database";
    d.add(
        "routing",
        StepResult::Skip,
        match routing {
            Some(config) => format!("{evidence}; {config}"),
            None => evidence.to_string(),
        },
        Some(
            "make sure the client names this database and the server's dbfilter lets it through"
                .into(),
        ),
    );
    let cooldown = if schema.cooldown_covers_rpc() {
        "after 10 failures from one IP Odoo refuses logins from it for 60 s — on 14 and 15 XML-RPC too; the counter lives in the server's memory"
    } else {
        "after 10 failures from one IP Odoo refuses web logins from it for 60 s (XML-RPC is not blocked on 16+); the counter lives in the server's memory"
    };
    d.add("cooldown", StepResult::Skip, cooldown, None);
    d.add("proxy", StepResult::Skip, "a reverse proxy, WAF or wrong URL in front of Odoo can refuse the request before Odoo sees it", None);
    d.add(
        "plan",
        StepResult::Skip,
        "an Odoo.com/Odoo.sh plan or subscription limit is not visible in the database",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_named() {
        assert_eq!(whitespace("abc ").as_deref(), Some("ends with a space"));
        assert_eq!(whitespace("\tabc").as_deref(), Some("starts with a tab"));
        assert_eq!(
            whitespace(" abc\r").as_deref(),
            Some("starts with a space and ends with a carriage return")
        );
        assert_eq!(whitespace("abc"), None);
        assert_eq!(whitespace("a b"), None);
    }
}
