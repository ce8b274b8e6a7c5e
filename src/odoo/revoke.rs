//! Revoking API keys so that they stop working: delete exactly what was previewed, in one
//! transaction, then tell running Odoo servers to drop their credential cache.
//!
//! Odoo caches every successful (uid, key) check per worker; deleting the row (like Odoo's own
//! remove button) leaves the key working there until a restart. Odoo's own cache-invalidation
//! signal (a sequence on 14–18, a table on 19) makes every worker drop that cache on its next
//! request (docs/ODOO.md, "Caches"). The signal is not transactional, so it is sent only after COMMIT:
//! sent before, a worker could re-verify the key from the row it still sees and cache it again.

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::odoo::keys::{Key, Source};
use crate::odoo::schema::{Schema, Signalling};
use crate::sql;
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
    /// The keys deleted, as they were previewed (and still were): source, then id order.
    pub deleted: Vec<Key>,
    /// Previewed ids left alone because they changed (or vanished) since the preview.
    pub left_alone: Vec<i32>,
}

/// In the write session: deletes the previewed keys that are still exactly as previewed, one
/// statement per table (sql/revoke_delete.sql and sql/revoke_delete_oca.sql). Does not commit.
///
/// "Exactly as previewed" is decided by the server from row versions: neither the key's row
/// nor its owner's has been written since the preview, and (18+) the key has not expired
/// since. So every field a status depends on is as previewed, and the filter that chose the
/// key still holds without being evaluated again (the time-based filters only move one way:
/// a key only gets older). The statement returns ids only, so the keys reported are the
/// previewed ones.
pub async fn delete(
    session: &Session,
    schema: &Schema,
    preview: Vec<Key>,
) -> Result<Outcome, Failure> {
    let gone = delete_previewed(session, schema, &preview).await?;
    Ok(outcome(preview, &gone))
}

/// [`delete`]'s statements: the (source, id) of each key deleted. The previewed keys are only
/// borrowed, so that the caller may work on them meanwhile (the audit log's lines).
pub async fn delete_previewed(
    session: &Session,
    schema: &Schema,
    preview: &[Key],
) -> Result<HashSet<(Source, i32)>, Failure> {
    let tables: Vec<&str> = [Source::Odoo, Source::Oca]
        .into_iter()
        .filter(|source| preview.iter().any(|k| k.source == *source))
        .map(Source::table)
        .collect();
    crate::odoo::hazards::refuse_foreign_code(session, &tables).await?;
    let mut gone: HashSet<(Source, i32)> = HashSet::new();
    for source in [Source::Odoo, Source::Oca] {
        let keys = || preview.iter().filter(move |k| k.source == source);
        if keys().next().is_none() {
            continue;
        }
        // Every key has its versions ([`require_versions`]); one without could match nothing.
        let versions: Vec<i64> = keys().filter_map(|k| k.version).map(|v| v.key).collect();
        let mut owners: Vec<i64> = keys().filter_map(|k| k.version).map(|v| v.owner).collect();
        owners.sort_unstable();
        owners.dedup();
        let expired: Vec<i32> = keys().filter(|k| k.expired).map(|k| k.id).collect();
        let mut params: Vec<(&(dyn ToSql + Sync), Type)> =
            vec![(&versions, Type::INT8_ARRAY), (&owners, Type::INT8_ARRAY)];
        let query = match source {
            Source::Odoo => {
                params.push((&expired, Type::INT4_ARRAY));
                schema.adapt(sql::REVOKE_DELETE)
            }
            Source::Oca => schema.adapt(sql::REVOKE_DELETE_OCA),
        };
        session
            .for_each_row(&query, &params, |row| {
                gone.insert((source, row.get(0)));
                Ok(())
            })
            .await?;
    }
    Ok(gone)
}

/// The preview split into the keys deleted (`gone`) and those left alone; the preview
/// becomes the list of deleted keys in place (50,000 keys are not copied).
pub fn outcome(mut preview: Vec<Key>, gone: &HashSet<(Source, i32)>) -> Outcome {
    let mut left_alone = Vec::new();
    preview.retain(|k| {
        let deleted = gone.contains(&(k.source, k.id));
        if !deleted {
            left_alone.push(k.id);
        }
        deleted
    });
    Outcome {
        deleted: preview,
        left_alone,
    }
}

/// Revoking compares row versions (`xmin`), which a role may lack the right to read: such a
/// role may list keys, and is told here what to grant before anything is planned or deleted.
pub fn require_versions(keys: &[Key], database: &str, role: &str) -> Result<(), Failure> {
    if keys.iter().all(|k| k.version.is_some()) {
        return Ok(());
    }
    Err(Failure::new(
        Exit::Denied,
        format!("revoke compares the row versions of the keys and their owners, which role \"{role}\" may not read in database \"{database}\"; nothing was changed — GRANT SELECT (xmin) ON public.res_users, public.res_users_apikeys TO \"{role}\" (and on public.auth_api_key, public.auth_totp_device where they exist), or run sql/roles/audit-role.sql again"),
    ))
}

/// After COMMIT: the signal that makes running Odoo workers drop cached credentials.
/// Returns what was done, for the output.
pub async fn signal(session: &Session, schema: &Schema) -> Result<String, Failure> {
    let database = session.database();
    signal_alone(session, schema).await.map_err(|f| {
        Failure::new(
            f.exit,
            format!("the keys were deleted (committed) in database \"{database}\", but running Odoo workers could not be told to forget them ({}) — restart Odoo, or have the database owner run sql/signal_sequence.sql or sql/signal_table.sql", f.message),
        )
    })
}

/// Odoo's cache-invalidation signal, in a transaction of its own (`signal`, and after a
/// revoke): a sequence's nextval on 14–18, a row of orm_signaling_default on 19.
pub async fn signal_alone(session: &Session, schema: &Schema) -> Result<String, Failure> {
    match schema.signalling() {
        Some(Signalling::Sequence(name)) => {
            let qualified = format!("public.{name}");
            session
                .in_write_transaction(
                    session.query(sql::SIGNAL_SEQUENCE, &[(&qualified, Type::TEXT)]),
                )
                .await?;
            Ok(format!("nextval('{name}')"))
        }
        Some(Signalling::Table(name)) => {
            let table = format!("public.{name}");
            session
                .in_write_transaction(async {
                    crate::odoo::hazards::refuse_foreign_code(session, &[&table]).await?;
                    session.query(sql::SIGNAL_TABLE, &[]).await
                })
                .await?;
            Ok(format!("INSERT INTO {name}"))
        }
        None => Err(Failure::new(
            Exit::NoDatabase,
            format!("database \"{}\" has no cache-signalling sequence or table, so running Odoo workers cannot be told to forget keys — restart Odoo", session.database()),
        )),
    }
}

/// After a revoke: whether running workers may accept a revoked key once more
/// ([`Schema::cached_keys_outlive_the_signal`]) because the server sees other databases. `narrowed`:
/// an Odoo config was read whose dbfilter or single db_name narrows requests to one database.
pub async fn window_notice(
    session: &Session,
    schema: &Schema,
    narrowed: bool,
) -> Result<Option<String>, Failure> {
    if !schema.cached_keys_outlive_the_signal() || narrowed {
        return Ok(None);
    }
    let others = crate::odoo::databases::others(session).await?;
    Ok((others > 0).then(|| {
        format!(
            "Odoo {} sees several databases here ({} besides \"{}\"): unless its dbfilter narrows requests to one, each worker that had accepted a revoked key accepts it once more before it reads the signal — set dbfilter, or restart Odoo to end it at once",
            schema.version.series(),
            others,
            session.database()
        )
    }))
}
