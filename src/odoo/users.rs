//! Odoo users as an access audit sees them: kind, admin rights, 2FA, whether a password works
//! over RPC, logins and API keys (docs/ODOO.md: "Credentials", "2FA", "Groups").

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::clock::{naive_utc, server_now};
use crate::odoo::keys;
pub use crate::odoo::kind::Kind;
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::parameters::{self, Parameters};
use crate::odoo::schema::Schema;
use crate::sql;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use tokio_postgres::Row;

#[derive(Debug, Clone)]
pub struct User {
    pub id: i32,
    pub login: String,
    pub name: Option<String>,
    pub active: bool,
    pub kind: Kind,
    pub builtin: bool,
    /// Member of base.group_system (Settings), directly or through implied groups.
    pub admin: bool,
    /// Member of base.group_erp_manager ("Access Rights"): may edit anyone's groups, its own
    /// included, so may make itself admin. Settings admins are access managers too.
    pub access_manager: bool,
    /// TOTP enabled; `None` when the role may not read `totp_secret`.
    pub totp: Option<bool>,
    /// When the password was last changed: OCA password_security's `password_write_date`
    /// (`None` without the module, or before a first change).
    pub password_changed: Option<DateTime<Utc>>,
    /// Passkeys owned; `None` before 18 (no passkeys) or when unreadable.
    pub passkeys: Option<i64>,
    /// Whether Odoo would accept this user's password over RPC; `None` when unknown.
    pub rpc_password: Option<bool>,
    pub created: Option<DateTime<Utc>>,
    pub last_login: Option<DateTime<Utc>>,
    pub api_keys: i64,
    pub persistent_keys: i64,
    pub next_key_expiry: Option<DateTime<Utc>>,
}

/// The filters of `users`, validated.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub login: Option<LoginPattern>,
    pub kind: Option<Kind>,
    pub inactive: bool,
    pub no_totp: bool,
    pub admins: bool,
    /// No login for this long (or never).
    pub stale: Option<chrono::Duration>,
}

impl Filter {
    pub fn keeps(&self, user: &User, now: DateTime<Utc>) -> bool {
        self.login.as_ref().is_none_or(|p| p.matches(&user.login))
            && self.kind.is_none_or(|k| k == user.kind)
            && (!self.inactive || !user.active)
            && (!self.no_totp || user.totp != Some(true))
            && (!self.admins || user.admin)
            && self.stale.is_none_or(|age| {
                user.last_login
                    .is_none_or(|t| now.signed_duration_since(t) >= age)
            })
    }
}

/// What one database says beyond the users table itself, read before the users are streamed.
pub struct Context {
    totp_users: Option<HashSet<i32>>,
    /// `None` when the role can tell no password state.
    passwords: Option<PasswordStates>,
    passkeys: Option<HashMap<i32, i64>>,
    keys: HashMap<i32, KeyCounts>,
    rules: RpcPasswordRules,
    pub now: DateTime<Utc>,
    /// Said once per run: what could not be read.
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default)]
struct KeyCounts {
    api_keys: i64,
    persistent: i64,
    next_expiry: Option<DateTime<Utc>>,
}

/// When Odoo refuses a password over RPC (`_rpc_api_keys_only`, docs/ODOO.md "2FA").
#[derive(Debug, Clone, Copy)]
pub struct RpcPasswordRules {
    /// `auth_totp` installed: TOTP users are API-key-only.
    pub totp_module: bool,
    /// 19.0 with `auth_totp_mail`: the email-2FA policy makes its users API-key-only too
    /// (on 15–18 it does not).
    pub mail_policy: Option<MailPolicy>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailPolicy {
    EmployeeRequired,
    AllRequired,
}

impl RpcPasswordRules {
    pub fn decide(&self, active: bool, kind: Kind, totp: Option<bool>) -> Option<bool> {
        if !active {
            return Some(false);
        }
        match self.mail_policy {
            Some(MailPolicy::AllRequired) => return Some(false),
            Some(MailPolicy::EmployeeRequired) if kind == Kind::Internal => return Some(false),
            _ => {}
        }
        if !self.totp_module {
            return Some(true);
        }
        totp.map(|on| !on)
    }
}

/// Where "is TOTP on" can be read from.
enum TotpSource {
    NoColumn,
    Query(&'static str),
    Unreadable,
}

fn totp_source(schema: &Schema) -> TotpSource {
    if !schema.has_column("res_users", "totp_secret") {
        TotpSource::NoColumn
    } else if schema.can_read("res_users", "totp_secret") {
        TotpSource::Query(sql::USERS_TOTP)
    } else if schema.can_read_relation("odoo_access.totp_enabled") {
        TotpSource::Query(sql::USERS_TOTP_VIEW)
    } else {
        TotpSource::Unreadable
    }
}

/// The users whose password is not an ordinary passlib hash (sql/users_password_state.sql).
#[derive(Debug, Default, Clone)]
pub struct PasswordStates {
    /// No password set: Odoo refuses every password of theirs.
    pub none: HashSet<i32>,
    /// A password stored in clear.
    pub plaintext: HashSet<i32>,
}

/// The password states; `None` (and a notice) when the role can read neither the column nor
/// the audit role's view.
pub async fn password_states(
    session: &Session,
    schema: &Schema,
) -> Result<(Option<PasswordStates>, Option<String>), Failure> {
    let query = if schema.can_read("res_users", "password") {
        sql::USERS_PASSWORD_STATE
    } else if schema.can_read_relation("odoo_access.password_state") {
        sql::USERS_PASSWORD_STATE_VIEW
    } else {
        return Ok((
            None,
            Some(format!(
                "database \"{}\": this role may read neither res_users.password nor the view of sql/roles/audit-role.sql (run it again), so users without a password and plaintext passwords cannot be told",
                session.database()
            )),
        ));
    };
    // Streamed into the sets: a database of a million portal users without a password would
    // otherwise hold a million rows at once.
    let mut states = PasswordStates::default();
    session
        .for_each_row(&with_tests(schema, query), &[], |row| {
            let uid: i32 = row.get("uid");
            match row.get::<_, &str>("state") {
                "none" => states.none.insert(uid),
                _ => states.plaintext.insert(uid),
            };
            Ok(())
        })
        .await?;
    Ok((Some(states), None))
}

/// Users with TOTP on; `None` (and a notice) when the role can read neither the column nor the
/// audit role's view.
pub async fn totp_users(
    session: &Session,
    schema: &Schema,
) -> Result<(Option<HashSet<i32>>, Option<String>), Failure> {
    Ok(match totp_source(schema) {
        TotpSource::NoColumn => (Some(HashSet::new()), None), // nobody can have TOTP on
        TotpSource::Query(query) => {
            // Streamed into the set: a million rows are never held at once.
            let mut users = HashSet::new();
            session
                .for_each_row(&with_tests(schema, query), &[], |row| {
                    users.insert(row.get("uid"));
                    Ok(())
                })
                .await?;
            (Some(users), None)
        }
        TotpSource::Unreadable => (
            None,
            Some(format!(
                "database \"{}\": this role may not read res_users.totp_secret (nor the view of sql/roles/audit-role.sql), so totp and rpc_password are unknown",
                session.database()
            )),
        ),
    })
}

/// When this database makes Odoo refuse passwords over RPC (and a notice when the 2FA policy
/// cannot be read).
pub async fn rpc_rules(
    session: &Session,
    schema: &Schema,
) -> Result<(RpcPasswordRules, Option<String>), Failure> {
    let params = parameters::read(session, schema, &["auth_totp.policy"], &[]).await?;
    Ok(RpcPasswordRules::from_parameters(
        schema,
        &params,
        session.database(),
    ))
}

impl RpcPasswordRules {
    /// From parameters already read (they must include `auth_totp.policy`).
    pub fn from_parameters(
        schema: &Schema,
        params: &Parameters,
        database: &str,
    ) -> (RpcPasswordRules, Option<String>) {
        let notice = params.unreadable.then(|| {
            format!(
                "database \"{database}\": this role may read no ir_config_parameter (not even the view of sql/roles/audit-role.sql), so the 2FA policy is unknown"
            )
        });
        let mail_policy = if schema.mail_policy_refuses_rpc_passwords() {
            match params.get("auth_totp.policy") {
                Some("employee_required") => Some(MailPolicy::EmployeeRequired),
                Some("all_required") => Some(MailPolicy::AllRequired),
                _ => None,
            }
        } else {
            None
        };
        let rules = RpcPasswordRules {
            totp_module: schema.is_installed("auth_totp"),
            mail_policy,
        };
        (rules, notice)
    }
}

/// Reads the per-user facts that live outside `res_users` (TOTP, passkeys, keys, policy). The
/// queries are independent and go out together: tokio-postgres pipelines them on the one
/// connection, so this costs about one round trip, not five.
pub async fn context(session: &Session, schema: &Schema) -> Result<Context, Failure> {
    let passkeys = async {
        if schema.has_passkeys() && schema.can_read("auth_passkey_key", "create_uid") {
            let rows = session.query(sql::USERS_PASSKEYS, &[]).await?;
            Ok(Some(
                rows.iter()
                    .map(|r| (r.get("uid"), r.get("passkeys")))
                    .collect(),
            ))
        } else {
            Ok(None)
        }
    };
    let keys_sql = schema.adapt(sql::USERS_KEYS);
    let keys = async {
        let mut keys = HashMap::new();
        session
            .for_each_row(&keys_sql, &[], |r| {
                let counts = KeyCounts {
                    api_keys: r.get("api_keys"),
                    persistent: r.get("persistent_keys"),
                    next_expiry: naive_utc(r.get("next_key_expiry")),
                };
                keys.insert(r.get("uid"), counts);
                Ok(())
            })
            .await?;
        Ok(keys)
    };
    let (
        (totp_users, totp_notice),
        (passwords, passwords_notice),
        passkeys,
        keys,
        (rules, rules_notice),
        now,
    ) = tokio::try_join!(
        totp_users(session, schema),
        password_states(session, schema),
        passkeys,
        keys,
        rpc_rules(session, schema),
        server_now(session),
    )?;
    let notices = totp_notice
        .into_iter()
        .chain(passwords_notice)
        .chain(rules_notice)
        .collect();
    Ok(Context {
        totp_users,
        passwords,
        passkeys,
        keys,
        rules,
        now,
        notices,
    })
}

impl Context {
    /// Only what decides `totp` and `rpc_password`, from facts the caller read itself (TOTP
    /// users, password states, parameters with `auth_totp.policy`, the server's clock): for
    /// `report`, which shows no per-user keys or passkeys and reads its parameters anyway.
    pub fn for_rules(
        (totp_users, totp_notice): (Option<HashSet<i32>>, Option<String>),
        (passwords, passwords_notice): (Option<PasswordStates>, Option<String>),
        params: &Parameters,
        schema: &Schema,
        now: DateTime<Utc>,
        database: &str,
    ) -> Context {
        let (rules, rules_notice) = RpcPasswordRules::from_parameters(schema, params, database);
        Context {
            totp_users,
            passwords,
            passkeys: None,
            keys: HashMap::new(),
            rules,
            now,
            notices: totp_notice
                .into_iter()
                .chain(passwords_notice)
                .chain(rules_notice)
                .collect(),
        }
    }
}

/// The users listing for this database: up to 18 Odoo stores the implied groups with the
/// direct ones, 19 stores only the direct ones and implied groups must be followed (docs/ODOO.md, "Groups").
fn listing(schema: &Schema, brief: bool) -> &'static str {
    match (schema.stores_implied_groups(), brief) {
        (true, false) => sql::USERS,
        (false, false) => sql::USERS_IMPLIED,
        (true, true) => sql::USERS_BRIEF,
        (false, true) => sql::USERS_BRIEF_IMPLIED,
    }
}

/// Streams every user of the database, in id order, to `each`.
pub async fn each<F>(
    session: &Session,
    schema: &Schema,
    context: &Context,
    mut each: F,
) -> Result<(), Failure>
where
    F: FnMut(User) -> Result<(), Failure>,
{
    session
        .for_each_row(&schema.adapt(listing(schema, false)), &[], |row| {
            each(context.user(&row))
        })
        .await
}

/// Every user of the database in id order, for a report: without name, built-in flag and
/// creation time (`None`, false, `None`). Read at once, so that the query can go out with the
/// ones its [`Context`] is built from; [`Context::users`] reads the rows. Sorted here, not by
/// the server (users_brief.sql says why).
async fn brief(session: &Session, schema: &Schema) -> Result<BriefRows, Failure> {
    let query = with_tests(schema, &schema.adapt(listing(schema, true)));
    let mut rows = session.query(&query, &[]).await?;
    rows.sort_by_cached_key(|row| row.get::<_, i32>(ID));
    Ok(BriefRows(rows))
}

/// What a report knows of the users: their rows ([`brief`]), who has TOTP on and whose
/// password is no hash, each with its notice as [`totp_users`] and [`password_states`] give
/// them. Where the role may read `totp_secret` and `password`, the rows tell those
/// themselves (users_brief.sql); else their own queries go out with the listing.
pub async fn for_report(session: &Session, schema: &Schema) -> Result<ReportUsers, Failure> {
    let totp = async {
        if schema.can_read("res_users", "totp_secret") {
            Ok(None)
        } else {
            totp_users(session, schema).await.map(Some)
        }
    };
    let passwords = async {
        if schema.can_read("res_users", "password") {
            Ok(None)
        } else {
            password_states(session, schema).await.map(Some)
        }
    };
    let (rows, totp, passwords) = tokio::try_join!(brief(session, schema), totp, passwords)?;
    let totp = totp.unwrap_or_else(|| (Some(rows.totp_users()), None));
    let passwords = passwords.unwrap_or_else(|| (Some(rows.password_states()), None));
    Ok(ReportUsers {
        rows,
        totp,
        passwords,
    })
}

/// What [`for_report`] reads.
pub struct ReportUsers {
    pub rows: BriefRows,
    pub totp: (Option<HashSet<i32>>, Option<String>),
    pub passwords: (Option<PasswordStates>, Option<String>),
}

/// `query` with the tests it names in braces: sql/totp_on.sql and sql/password_state.sql
/// where the role may read the column tested, NULL where it may not (the caller then reads the
/// audit role's view, or says it cannot tell). One text of each test serves every query.
fn with_tests(schema: &Schema, query: &str) -> String {
    let test = |table_column: (&str, &str), test: &'static str, null: &'static str| {
        if schema.can_read(table_column.0, table_column.1) {
            test.trim_end()
        } else {
            null
        }
    };
    query
        .replace(
            "{totp_on}",
            test(("res_users", "totp_secret"), sql::TOTP_ON, "NULL::bool"),
        )
        .replace(
            "{password_state}",
            test(("res_users", "password"), sql::PASSWORD_STATE, "NULL::text"),
        )
}

/// The rows of [`brief`].
pub struct BriefRows(Vec<Row>);

impl BriefRows {
    /// The users whose row says TOTP is on (users_brief.sql's `totp`).
    fn totp_users(&self) -> HashSet<i32> {
        self.0
            .iter()
            .filter(|row| {
                debug_assert_eq!(row.columns()[TOTP].name(), "totp");
                row.get::<_, Option<bool>>(TOTP) == Some(true)
            })
            .map(|row| row.get(ID))
            .collect()
    }

    /// The password states the rows tell (users_brief.sql's `password_state`).
    fn password_states(&self) -> PasswordStates {
        let mut states = PasswordStates::default();
        for row in &self.0 {
            debug_assert_eq!(row.columns()[PASSWORD_STATE].name(), "password_state");
            match row.get::<_, Option<&str>>(PASSWORD_STATE) {
                Some("none") => states.none.insert(row.get(ID)),
                Some(_) => states.plaintext.insert(row.get(ID)),
                None => false,
            };
        }
        states
    }

    /// User `id` as the owner of a key read without it ([`keys::ownerless`]), without its row
    /// version (a report revokes nothing). The rows are in id order ([`brief`] sorts them), so this
    /// is a binary search: only the keys' owners are decoded, not every user into a map.
    pub fn owner(&self, id: i32) -> Option<keys::Owner> {
        let at = self
            .0
            .binary_search_by_key(&id, |row| row.get::<_, i32>(ID))
            .ok()?;
        let row = &self.0[at];
        debug_assert_shape(row);
        Some(keys::Owner {
            login: row.get(LOGIN),
            active: row.get(ACTIVE),
            kind: Kind::from_column(row.get(KIND)),
            version: None,
        })
    }
}

/// The columns users.sql and users_brief.sql start with, in this order. Rows are read by
/// position (checked in debug builds, so by every test): no name search per field of each of
/// a million users.
const ROW_SHAPE: [&str; 11] = [
    "id",
    "login",
    "name",
    "active",
    "kind",
    "builtin",
    "admin",
    "access_manager",
    "created",
    "last_login",
    "password_changed",
];
const ID: usize = 0;
const LOGIN: usize = 1;
const NAME: usize = 2;
const ACTIVE: usize = 3;
const KIND: usize = 4;
const BUILTIN: usize = 5;
const ADMIN: usize = 6;
const ACCESS_MANAGER: usize = 7;
const CREATED: usize = 8;
const LAST_LOGIN: usize = 9;
const PASSWORD_CHANGED: usize = 10;
/// users_brief.sql only: TOTP on (sql/totp_on.sql), and the password state.
const TOTP: usize = 11;
const PASSWORD_STATE: usize = 12;

fn debug_assert_shape(row: &Row) {
    debug_assert!(
        row.columns()
            .iter()
            .map(|c| c.name())
            .take(ROW_SHAPE.len())
            .eq(ROW_SHAPE),
        "a users query returns its columns out of order"
    );
}

impl Context {
    /// Whether Odoo accepts this user's password over RPC: never without a password
    /// (docs/ODOO.md, "Credentials"); otherwise Odoo's 2FA rules. Where the role cannot tell whether a password
    /// is set, only a refusal is certain.
    fn rpc_password(&self, id: i32, active: bool, kind: Kind, totp: Option<bool>) -> Option<bool> {
        let decided = self.rules.decide(active, kind, totp);
        match self.passwords.as_ref().map(|p| p.none.contains(&id)) {
            Some(true) => Some(false),
            Some(false) => decided,
            None => decided.filter(|accepted| !accepted),
        }
    }

    /// The users with a password stored in clear; `None` when the role cannot tell.
    pub fn plaintext_passwords(&self) -> Option<&HashSet<i32>> {
        self.passwords.as_ref().map(|p| &p.plaintext)
    }

    pub fn users<'a>(&'a self, rows: &'a BriefRows) -> impl Iterator<Item = User> + 'a {
        rows.0.iter().map(|row| self.user(row))
    }

    fn user(&self, row: &Row) -> User {
        debug_assert_shape(row);
        let id: i32 = row.get(ID);
        let active: bool = row.get(ACTIVE);
        let kind = Kind::from_column(row.get(KIND));
        let totp = self.totp_users.as_ref().map(|set| set.contains(&id));
        let keys = self.keys.get(&id).copied().unwrap_or_default();
        User {
            id,
            login: row.get(LOGIN),
            name: row.get(NAME),
            active,
            kind,
            builtin: row.get(BUILTIN),
            admin: row.get(ADMIN),
            access_manager: row.get(ACCESS_MANAGER),
            totp,
            passkeys: self
                .passkeys
                .as_ref()
                .map(|m| m.get(&id).copied().unwrap_or(0)),
            rpc_password: self.rpc_password(id, active, kind, totp),
            created: naive_utc(row.get(CREATED)),
            last_login: naive_utc(row.get(LAST_LOGIN)),
            password_changed: naive_utc(row.get(PASSWORD_CHANGED)),
            api_keys: keys.api_keys,
            persistent_keys: keys.persistent,
            next_key_expiry: keys.next_expiry,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpc_password_follows_odoo_rules() {
        let plain = RpcPasswordRules {
            totp_module: true,
            mail_policy: None,
        };
        assert_eq!(plain.decide(true, Kind::Internal, Some(false)), Some(true));
        assert_eq!(plain.decide(true, Kind::Internal, Some(true)), Some(false));
        assert_eq!(
            plain.decide(false, Kind::Internal, Some(false)),
            Some(false)
        );
        assert_eq!(plain.decide(true, Kind::Portal, None), None);
        let no_totp_module = RpcPasswordRules {
            totp_module: false,
            mail_policy: None,
        };
        assert_eq!(
            no_totp_module.decide(true, Kind::Internal, Some(true)),
            Some(true)
        );
        let employees = RpcPasswordRules {
            totp_module: true,
            mail_policy: Some(MailPolicy::EmployeeRequired),
        };
        assert_eq!(
            employees.decide(true, Kind::Internal, Some(false)),
            Some(false)
        );
        assert_eq!(
            employees.decide(true, Kind::Portal, Some(false)),
            Some(true)
        );
        let everyone = RpcPasswordRules {
            totp_module: true,
            mail_policy: Some(MailPolicy::AllRequired),
        };
        assert_eq!(
            everyone.decide(true, Kind::Portal, Some(false)),
            Some(false)
        );
    }
}

/// An OCA `base_user_role` role whose lines for an active user have all ended, while the user
/// still holds the role's group: the role sync (a write of the user, or its cron) has
/// not run since (sql/role_lines_expired.sql).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedRole {
    pub user_id: i32,
    pub login: String,
    pub line_id: i32,
    /// The `res_groups` row the role is built on.
    pub group_id: i32,
    pub ended: chrono::NaiveDate,
}

/// The [`EndedRole`]s of the database: none without `base_user_role`'s tables. `None` where
/// the role may not read them (an audit role made before they were installed).
pub async fn ended_roles(
    session: &Session,
    schema: &Schema,
) -> Result<Option<Vec<EndedRole>>, Failure> {
    if !schema.has_relation("res_users_role_line") || !schema.has_relation("res_users_role") {
        return Ok(Some(Vec::new()));
    }
    if !schema.can_read("res_users_role_line", "date_to")
        || !schema.can_read("res_users_role", "group_id")
    {
        return Ok(None);
    }
    let rows = session.query(sql::ROLE_LINES_EXPIRED, &[]).await?;
    Ok(Some(
        rows.iter()
            .map(|row| EndedRole {
                user_id: row.get("user_id"),
                login: row.get("login"),
                line_id: row.get("line_id"),
                group_id: row.get("group_id"),
                ended: row.get("date_to"),
            })
            .collect(),
    ))
}
