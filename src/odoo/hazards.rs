//! What PostgreSQL runs when the tables that hold credentials are written
//! (sql/write_hazards.sql): the second layer of the write path behind
//! [`crate::connect::Session`]'s write authority, and a `report` finding.

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::sql;
use tokio_postgres::types::{ToSql, Type};

/// One piece of code a write of the tables would run, and whose it is.
#[derive(Debug, Clone)]
pub struct Hazard {
    /// What it is and what it runs, with its owner ("trigger t on public.x (runs f()), owned by r").
    pub what: String,
    /// Whether its owner is a superuser (whose code is no one's to fear).
    pub superuser: bool,
    /// Whether its owner is this session's login role.
    pub login_role: bool,
}

/// Everything that would run code when `tables` (schema-qualified) are written: a trigger,
/// rule, policy or relation of another kind whoever owns it, and any other mechanism whose
/// code a non-superuser owns.
pub async fn on(session: &Session, tables: &[&str]) -> Result<Vec<Hazard>, Failure> {
    let params: [(&(dyn ToSql + Sync), Type); 1] = [(&tables, Type::TEXT_ARRAY)];
    let any: bool = session
        .query_one(sql::WRITE_HAZARDS_GATE, &params)
        .await?
        .get("any");
    if !any {
        return Ok(Vec::new());
    }
    let rows = session.query(sql::WRITE_HAZARDS, &params).await?;
    Ok(rows
        .iter()
        .map(|row| Hazard {
            what: row.get("hazard"),
            superuser: row.get("superuser"),
            login_role: row.get("login_role"),
        })
        .collect())
}

/// Before a write of `tables`: refuses (exit 77) code of a role that is neither a superuser
/// nor the login role. Behind the write authority of the session, a role's code here could
/// not gain rights anyway; what this adds is that a write never runs what a third role
/// planted on the tables that hold credentials (Odoo creates none), unless the tables' owner
/// itself writes.
pub async fn refuse_foreign_code(session: &Session, tables: &[&str]) -> Result<(), Failure> {
    // Every piece of code is a planter's (sql/write_authority.sql): where each planter is the
    // login role or a superuser, there is nothing to refuse.
    if tables.is_empty() || !session.foreign_code_possible() {
        return Ok(());
    }
    let foreign: Vec<String> = on(session, tables)
        .await?
        .into_iter()
        .filter(|h| !h.superuser && !h.login_role)
        .map(|h| h.what)
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(Failure::new(
        Exit::Denied,
        format!(
            "database \"{}\" has code of another role on what this write sets off: {}; nothing was changed — remove it, or run the write as the role that owns it (-U), whose own code then gains nothing",
            session.database(),
            foreign.join("; ")
        ),
    ))
}
