//! The databases of a cluster and what each Odoo database holds at a glance.

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::schema::Schema;
use crate::odoo::{parameters, password_policy};
use crate::sql;
use chrono::{DateTime, NaiveDateTime, Utc};
use regex::Regex;

/// A database as the cluster lists it.
#[derive(Debug, Clone)]
pub struct ClusterDatabase {
    pub name: String,
    pub owner: String,
    /// The role has CONNECT on it (pg_hba.conf may still refuse).
    pub can_connect: bool,
}

pub async fn list(session: &Session) -> Result<Vec<ClusterDatabase>, Failure> {
    let rows = session.query(sql::DATABASES, &[]).await?;
    Ok(rows
        .iter()
        // NULL: the database was dropped while the catalog was being read.
        .filter_map(|row| {
            Some(ClusterDatabase {
                can_connect: row.get::<_, Option<bool>>("can_connect")?,
                name: row.get("database"),
                owner: row.get("owner"),
            })
        })
        .collect())
}

/// The size of the database `session` is connected to.
pub async fn size(session: &Session) -> Result<i64, Failure> {
    Ok(session
        .query_one(sql::DATABASE_SIZE, &[])
        .await?
        .get("size_bytes"))
}

/// Counts and settings of one Odoo database.
#[derive(Debug, Clone)]
pub struct Summary {
    pub internal_users: i64,
    pub portal_users: i64,
    pub api_keys: i64,
    /// `database.expiration_date` (UTC), when set and readable as a date.
    pub expiration_date: Option<DateTime<Utc>>,
    /// The parameter is set but is not a date.
    pub expiration_unparsable: bool,
    /// Decided by the server's clock; `None` without an expiration date.
    pub expired: Option<bool>,
    /// `auth_totp.policy` when set (`employee_required`, `all_required`).
    pub totp_policy: Option<String>,
    /// Whether the module that enforces that policy is installed.
    pub totp_policy_enforced: bool,
    pub enterprise_code: bool,
    /// The role could read no parameter (neither the table nor the audit view).
    pub parameters_unreadable: bool,
    /// OCA password_security's policy.
    pub password_policy: password_policy::Policy,
}

pub async fn summary(session: &Session, schema: &Schema) -> Result<Summary, Failure> {
    let row = session
        .query_one(&schema.adapt(sql::DATABASE_SUMMARY), &[])
        .await?;
    let now = row.get::<_, NaiveDateTime>("now_utc").and_utc();
    let keys = password_policy::with_policy(&["database.expiration_date", "auth_totp.policy"]);
    let params = parameters::read(session, schema, &keys, &["database.enterprise_code"]).await?;
    let password_policy = password_policy::read(session, schema, &params).await?;
    let raw_expiry = params.get("database.expiration_date");
    let expiration_date = raw_expiry.and_then(parse_odoo_datetime);
    let totp_policy = params.get("auth_totp.policy").map(str::to_string);
    Ok(Summary {
        internal_users: row.get("internal_users"),
        portal_users: row.get("portal_users"),
        api_keys: row.get("api_keys"),
        expiration_date,
        expiration_unparsable: raw_expiry.is_some() && expiration_date.is_none(),
        expired: expiration_date.map(|t| t < now),
        totp_policy_enforced: totp_policy.is_some() && schema.totp_policy_module_installed(),
        totp_policy,
        enterprise_code: params.is_set("database.enterprise_code"),
        parameters_unreadable: params.unreadable,
        password_policy,
    })
}

/// Odoo writes datetimes as `YYYY-MM-DD HH:MM:SS` (naive UTC); a bare date is accepted too.
pub fn parse_odoo_datetime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .map(|t| t.and_utc())
}

/// Odoo's `dbfilter`: a regular expression matched at the start of the database name, where
/// `%h` stands for the HTTP host (port and a leading `www.` removed) and `%d` for its first
/// label, exactly as `odoo.http.db_filter` does.
#[derive(Debug, Clone)]
pub struct DbFilter {
    regex: Regex,
    /// As given, for messages.
    pattern: String,
}

impl DbFilter {
    pub fn new(pattern: &str, web_host: Option<&str>) -> Result<DbFilter, Failure> {
        let needs_host = pattern.contains("%h") || pattern.contains("%d");
        let expanded = match web_host {
            None if needs_host => {
                return Err(Failure::usage(format!(
                    "--dbfilter '{pattern}' uses %h/%d, which stand for the web host — give it with --web-host (e.g. --web-host erp.example.com)"
                )))
            }
            None => pattern.to_string(),
            Some(host) => {
                let host = host.split(':').next().unwrap_or(host);
                let host = host.strip_prefix("www.").unwrap_or(host);
                let domain = host.split('.').next().unwrap_or(host);
                pattern
                    .replace("%h", &regex::escape(host))
                    .replace("%d", &regex::escape(domain))
            }
        };
        // Python's re.match anchors at the start only.
        let regex = Regex::new(&format!("^(?:{expanded})")).map_err(|e| {
            Failure::usage(format!(
                "--dbfilter '{pattern}' is not a valid regular expression: {}",
                crate::error::one_line(&e.to_string())
            ))
        })?;
        Ok(DbFilter {
            regex,
            pattern: pattern.to_string(),
        })
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    pub fn matches(&self, database: &str) -> bool {
        self.regex.is_match(database)
    }
}

/// How many other databases this one's owner has (templates aside): the databases an Odoo
/// server connected as that role can serve, unless a dbfilter narrows them.
pub async fn others(session: &Session) -> Result<i32, Failure> {
    Ok(session
        .query_one(crate::sql::SIBLING_DATABASES, &[])
        .await?
        .get("others"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dbfilter_matches_at_the_start_like_python_re_match() {
        let f = DbFilter::new("prod", None).unwrap();
        assert!(f.matches("prod") && f.matches("production"));
        assert!(!f.matches("preprod"));
    }

    #[test]
    fn dbfilter_expands_host_and_domain() {
        let f = DbFilter::new("^%d$", Some("www.acme.example.com:8069")).unwrap();
        assert!(f.matches("acme") && !f.matches("acme2"));
        let f = DbFilter::new("%h", Some("erp.acme.com")).unwrap();
        assert!(f.matches("erp.acme.com") && !f.matches("erpxacmexcom"));
    }

    #[test]
    fn odoo_datetimes_parse() {
        assert!(parse_odoo_datetime("2026-12-01 10:00:00").is_some());
        assert!(parse_odoo_datetime("2026-12-01").is_some());
        assert!(parse_odoo_datetime("next tuesday").is_none());
    }

    #[test]
    fn dbfilter_needs_a_host_for_placeholders_and_a_valid_regex() {
        assert!(DbFilter::new("^%d$", None).is_err());
        assert!(DbFilter::new("(", None).is_err());
    }
}
