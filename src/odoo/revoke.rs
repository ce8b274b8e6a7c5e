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
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tokio_postgres::types::Type;

/// A preview written by `revoke --plan`, deleted by `revoke --apply`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Plan {
    pub schema_version: u32,
    pub database: String,
    pub generated_at: DateTime<Utc>,
    pub keys: Vec<Key>,
}

#[derive(Default)]
pub struct Outcome {
    /// The keys deleted, as they were just before (source, then id order).
    pub deleted: Vec<Key>,
    /// Previewed ids left alone because they changed (or vanished) since the preview.
    pub left_alone: Vec<i32>,
}

/// In the write session: deletes the previewed keys that are still exactly as previewed, one
/// statement per table (sql/revoke_delete*.sql). Does not commit.
///
/// The DELETE goes by id and returns every deleted key as the listing reads it; a key that
/// differs from its preview in any field (owner, name, scope, dates, expiry, the owner's
/// active flag or kind) makes the statement roll back to its savepoint and run again without
/// it. Changes are rare, so the usual cost is one statement; comparing 50,000 rows on the
/// client costs far less than joining them against the preview on the server. The filter
/// that chose the keys need not be evaluated again: every field a status depends on is
/// compared, and the time-based filters only move one way (a key only gets older; one that
/// expired meanwhile fails the `expired` comparison), so an unchanged key still matches.
pub async fn delete(
    session: &Session,
    schema: &Schema,
    preview: &[Key],
) -> Result<Outcome, Failure> {
    let mut outcome = Outcome::default();
    for source in [Source::Odoo, Source::Oca] {
        let query = match source {
            Source::Odoo if schema.api_keys_expire() => sql::REVOKE_DELETE_EXPIRING,
            Source::Odoo => sql::REVOKE_DELETE,
            Source::Oca if schema.oca_api_keys() == Some(true) => sql::REVOKE_DELETE_OCA_ACTIVE,
            Source::Oca => sql::REVOKE_DELETE_OCA,
        };
        let mut planned: HashMap<i32, &Key> = preview
            .iter()
            .filter(|k| k.source == source)
            .map(|k| (k.id, k))
            .collect();
        while !planned.is_empty() {
            let ids: Vec<i32> = planned.keys().copied().collect();
            session.control("SAVEPOINT revoke").await?;
            let mut gone: Vec<Key> = session
                .query(query, &[(&ids, Type::INT4_ARRAY)])
                .await?
                .iter()
                .map(Key::from_row)
                .collect();
            let changed: Vec<i32> = gone
                .iter()
                .filter(|k| planned.get(&k.id).is_none_or(|p| *p != *k))
                .map(|k| k.id)
                .collect();
            if !changed.is_empty() {
                // Put them all back; the next round leaves the changed keys out.
                session.control("ROLLBACK TO SAVEPOINT revoke").await?;
                for id in changed {
                    planned.remove(&id);
                    outcome.left_alone.push(id);
                }
                continue;
            }
            session.control("RELEASE SAVEPOINT revoke").await?;
            for key in &gone {
                planned.remove(&key.id);
            }
            // What is still planned was deleted by someone else meanwhile.
            outcome.left_alone.extend(planned.keys());
            gone.sort_unstable_by_key(|k| k.id);
            outcome.deleted.append(&mut gone);
            break;
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
