//! Recent logins from every source a database (and the server log) has, in one row shape.

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::clock::naive_utc;
use crate::odoo::schema::Schema;
use crate::odoo::server_log::LoginLog;
use crate::sql;
use chrono::{DateTime, Utc};
use std::time::Duration;
use tokio_postgres::types::Type;
use tokio_postgres::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    ResUsersLog,
    ResDeviceLog,
    AuthBruteForce,
    ServerLog,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::ResUsersLog => "res_users_log",
            Source::ResDeviceLog => "res_device_log",
            Source::AuthBruteForce => "auth_brute_force",
            Source::ServerLog => "server_log",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub source: Source,
    pub login: String,
    /// `None` where the source has no IP (res_users_log, XML-RPC lines logged `from n/a`).
    pub ip: Option<String>,
    pub successes: i64,
    /// `None` where the source cannot know (the database records no failed login).
    pub failures: Option<i64>,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
}

/// Reads every database source the schema has, for the last `since`.
pub async fn from_database(
    session: &Session,
    schema: &Schema,
    since: Duration,
) -> Result<Vec<Login>, Failure> {
    let seconds = since.as_secs_f64();
    let params: &[(&(dyn tokio_postgres::types::ToSql + Sync), Type)] = &[(&seconds, Type::FLOAT8)];
    let mut sources = vec![(Source::ResUsersLog, sql::LOGINS_USERS_LOG)];
    if schema.has_device_log() {
        // The audit role may not read session identifiers; its view has their md5.
        let query = if !schema.can_read("res_device_log", "session_identifier")
            && schema.can_read_relation("odoo_access.device_sessions")
        {
            sql::LOGINS_DEVICE_LOG_VIEW
        } else {
            sql::LOGINS_DEVICE_LOG
        };
        sources.push((Source::ResDeviceLog, query));
    }
    if schema.has_brute_force_log() {
        sources.push((Source::AuthBruteForce, sql::LOGINS_BRUTE_FORCE));
    }
    let mut logins = Vec::new();
    for (source, query) in sources {
        for row in session.query(query, params).await? {
            logins.push(login(source, &row));
        }
    }
    Ok(logins)
}

fn login(source: Source, row: &Row) -> Login {
    let has = |name: &str| row.columns().iter().any(|c| c.name() == name);
    Login {
        source,
        login: row.get("login"),
        ip: if has("ip") { row.get("ip") } else { None },
        successes: row.get("successes"),
        failures: if has("failures") {
            Some(row.get("failures"))
        } else {
            None
        },
        first_seen: naive_utc(row.get("first_seen")),
        last_seen: naive_utc(row.get("last_seen")),
    }
}

/// The server-log tallies as rows.
pub fn from_server_log(log: &LoginLog) -> Vec<Login> {
    log.by_login_ip
        .iter()
        .map(|((login, ip), tally)| Login {
            source: Source::ServerLog,
            login: login.clone(),
            ip: ip.clone(),
            successes: tally.successes,
            failures: Some(tally.failures),
            first_seen: Some(tally.first_seen),
            last_seen: Some(tally.last_seen),
        })
        .collect()
}
