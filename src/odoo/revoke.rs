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
use crate::odoo::keys::{Key, Source};
use crate::odoo::schema::{Schema, Signalling};
use crate::sql;
use chrono::NaiveDateTime;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use tokio_postgres::types::{ToSql, Type};

/// A preview written by `revoke --plan`, deleted by `revoke --apply`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Plan {
    pub schema_version: u32,
    pub database: String,
    pub generated_at: DateTime<Utc>,
    pub keys: Vec<Key>,
}

pub struct Outcome {
    /// The keys deleted, as they were just before.
    pub deleted: Vec<Key>,
    /// Previewed ids left alone because they changed (or vanished) since the preview.
    pub left_alone: Vec<i32>,
}

/// In the write session: deletes the previewed keys that are still exactly as previewed
/// (one statement per table, see sql/revoke_delete*.sql). Does not commit.
///
/// The filter that chose the keys is not evaluated again: every field a status depends on is
/// compared, and the time-based filters only move one way (a key only gets older; one that
/// expired meanwhile fails the `expired` comparison), so an unchanged key still matches.
pub async fn delete(
    session: &Session,
    schema: &Schema,
    preview: &[Key],
) -> Result<Outcome, Failure> {
    let mut outcome = Outcome {
        deleted: Vec::new(),
        left_alone: Vec::new(),
    };
    for source in [Source::Odoo, Source::Oca] {
        let keys: Vec<&Key> = preview.iter().filter(|k| k.source == source).collect();
        if keys.is_empty() {
            continue;
        }
        let utc = |t: &Option<DateTime<Utc>>| t.map(|t| t.naive_utc());
        let ids: Vec<i32> = keys.iter().map(|k| k.id).collect();
        let owners: Vec<i32> = keys.iter().map(|k| k.owner_id).collect();
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        let scopes: Vec<Option<&str>> = keys.iter().map(|k| k.scope.as_deref()).collect();
        let created: Vec<Option<NaiveDateTime>> = keys.iter().map(|k| utc(&k.created)).collect();
        let owner_active: Vec<bool> = keys.iter().map(|k| k.owner_active).collect();
        let owner_internal: Vec<bool> = keys.iter().map(|k| k.owner_kind == "internal").collect();
        let expires: Vec<Option<NaiveDateTime>> = keys.iter().map(|k| utc(&k.expires)).collect();
        let expired: Vec<bool> = keys.iter().map(|k| k.expired).collect();
        let key_active: Vec<bool> = keys.iter().map(|k| k.key_active).collect();
        let mut params: Vec<(&(dyn ToSql + Sync), Type)> = vec![
            (&ids, Type::INT4_ARRAY),
            (&owners, Type::INT4_ARRAY),
            (&names, Type::TEXT_ARRAY),
            (&scopes, Type::TEXT_ARRAY),
            (&created, Type::TIMESTAMP_ARRAY),
            (&owner_active, Type::BOOL_ARRAY),
            (&owner_internal, Type::BOOL_ARRAY),
        ];
        let query = match source {
            Source::Odoo if schema.api_keys_expire() => {
                params.push((&expires, Type::TIMESTAMP_ARRAY));
                params.push((&expired, Type::BOOL_ARRAY));
                sql::REVOKE_DELETE_EXPIRING
            }
            Source::Odoo => sql::REVOKE_DELETE,
            Source::Oca if schema.oca_api_keys() == Some(true) => {
                params.push((&key_active, Type::BOOL_ARRAY));
                sql::REVOKE_DELETE_OCA_ACTIVE
            }
            Source::Oca => sql::REVOKE_DELETE_OCA,
        };
        let gone: HashSet<i32> = session
            .query(query, &params)
            .await?
            .iter()
            .map(|row| row.get(0))
            .collect();
        for key in keys {
            if gone.contains(&key.id) {
                outcome.deleted.push(key.clone());
            } else {
                outcome.left_alone.push(key.id);
            }
        }
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
