//! Revoking API keys so that they stop working: delete exactly what was previewed, in one
//! transaction, then tell running Odoo servers to drop their credential cache.
//!
//! Odoo caches every successful (uid, key) check per worker; deleting the row (like Odoo's own
//! remove button) leaves the key working there until a restart. Odoo's own cache-invalidation
//! signal (a sequence on 14–18, a table on 19) makes every worker drop that cache on its next
//! request (REAL-ODOO.md). The signal is not transactional, so it is sent only after COMMIT:
//! sent before, a worker could re-verify the key from the row it still sees and cache it again.

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::odoo::keys::{self, Filter, Key, Selection, Source};
use crate::odoo::schema::{Schema, Signalling};
use crate::sql;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio_postgres::types::Type;

/// What a key was when it was previewed; a key is deleted only if it is still exactly that.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Planned {
    pub id: i32,
    pub source: String,
    pub owner_id: i32,
    pub owner_login: String,
    pub name: String,
    pub scope: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub expires: Option<DateTime<Utc>>,
    pub status: String,
}

impl From<&Key> for Planned {
    fn from(key: &Key) -> Planned {
        Planned {
            id: key.id,
            source: key.source.as_str().to_string(),
            owner_id: key.owner_id,
            owner_login: key.owner_login.clone(),
            name: key.name.clone(),
            scope: key.scope.clone(),
            created: key.created,
            expires: key.expires,
            status: key.status().as_str().to_string(),
        }
    }
}

/// A preview written by `revoke --plan`, deleted by `revoke --apply`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Plan {
    pub schema_version: u32,
    pub database: String,
    pub generated_at: DateTime<Utc>,
    pub keys: Vec<Planned>,
}

pub struct Outcome {
    /// The keys deleted, as they were just before.
    pub deleted: Vec<Key>,
    /// Previewed ids left alone because they changed (or vanished) since the preview.
    pub left_alone: Vec<i32>,
}

/// In the write session: locks the key tables, re-reads the previewed keys, deletes those
/// still identical to the preview and still matching `filter`. Does not commit.
pub async fn delete(
    session: &Session,
    schema: &Schema,
    planned: &[Planned],
    filter: &Filter,
    now: DateTime<Utc>,
) -> Result<Outcome, Failure> {
    let mut outcome = Outcome {
        deleted: Vec::new(),
        left_alone: Vec::new(),
    };
    for source in [Source::Odoo, Source::Oca] {
        let wanted: Vec<&Planned> = planned
            .iter()
            .filter(|p| p.source == source.as_str())
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let (lock, delete) = match source {
            Source::Odoo => (sql::REVOKE_LOCK_ODOO, sql::REVOKE_DELETE_ODOO),
            Source::Oca => (sql::REVOKE_LOCK_OCA, sql::REVOKE_DELETE_OCA),
        };
        session.query(lock, &[]).await?;
        let selection = Selection {
            odoo: source == Source::Odoo,
            oca: source == Source::Oca,
            devices: false,
            ids: Some(wanted.iter().map(|p| p.id).collect()),
        };
        let current = keys::list(session, schema, &selection).await?;
        let mut confirmed = Vec::new();
        for plan in &wanted {
            match current.iter().find(|k| k.id == plan.id) {
                Some(key) if Planned::from(key) == **plan && filter.keeps(key, now) => {
                    confirmed.push(key.clone())
                }
                _ => outcome.left_alone.push(plan.id),
            }
        }
        let ids: Vec<i32> = confirmed.iter().map(|k| k.id).collect();
        // Under the table lock the confirmed rows cannot change before this DELETE.
        session.query(delete, &[(&ids, Type::INT4_ARRAY)]).await?;
        outcome.deleted.extend(confirmed);
    }
    Ok(outcome)
}

/// After COMMIT: the signal that makes running Odoo workers drop cached credentials.
/// Returns what was done, for the output.
pub async fn signal(session: &Session, schema: &Schema) -> Result<String, Failure> {
    match schema.signalling() {
        Some(Signalling::Sequence(name)) => {
            session
                .query(sql::SIGNAL_SEQUENCE, &[(&name, Type::TEXT)])
                .await
                .map_err(|f| not_signalled(f, session.database()))?;
            Ok(format!("nextval('{name}')"))
        }
        Some(Signalling::Table(name)) => {
            session
                .query(sql::SIGNAL_TABLE, &[])
                .await
                .map_err(|f| not_signalled(f, session.database()))?;
            Ok(format!("INSERT INTO {name}"))
        }
        None => Err(Failure::new(
            Exit::NoDatabase,
            format!("the keys were deleted, but database \"{}\" has no cache-signalling sequence or table, so running Odoo workers may still accept them — restart Odoo", session.database()),
        )),
    }
}

fn not_signalled(failure: Failure, database: &str) -> Failure {
    Failure::new(
        failure.exit,
        format!("the keys were deleted (committed) in database \"{database}\", but running Odoo workers could not be told to forget them ({}) — restart Odoo, or have the database owner run sql/signal_sequence.sql or sql/signal_table.sql", failure.message),
    )
}
