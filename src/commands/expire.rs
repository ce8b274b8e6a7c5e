//! `odoo-access expire`: gives keys an end (Odoo 18+) — the way to retire keys that never
//! expire without breaking the integrations that use them today. Only ever shortens: a key
//! whose end comes sooner already is left as it is. revoke's rails: a preview, `--yes`, one
//! transaction with a lock timeout, the row versions read in the preview, the audit log.

use super::keys::{matching, Matching};
use super::rails::{ask, commit_logged, interactive};
use super::{open_odoo, target_database};
use crate::audit_log::AuditLog;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::keys::{self, Filter, Key};
use crate::odoo::lifecycle;
use crate::odoo::schema::Reads;
use crate::output::{iso8601, Output};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::time::Duration;

/// What `expire` was asked.
pub struct Settings {
    pub filter: Filter,
    /// `--in`: the end, from now.
    pub within: Duration,
    pub yes: bool,
    pub lock_timeout: Duration,
    pub audit_log: Option<PathBuf>,
}

/// The envelope's members.
#[derive(serde::Serialize)]
struct Members {
    /// Keys given their end (0 in a preview).
    expired: usize,
    dry_run: bool,
    expires: String,
    /// Previewed keys that changed since the preview and were left alone.
    left_alone: Vec<i32>,
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let database = target_database(connector, "expire")?;
    let mut log = AuditLog::open_if_asked(settings.audit_log.as_deref())?;
    let (session, schema) = open_odoo(connector, &database, Reads::All).await?;
    if !schema.api_keys_expire() {
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("database \"{database}\" is Odoo {}, whose keys cannot expire (expiration dates came with 18.0); nothing was changed — revoke them instead: odoo-access revoke -d {database} …", schema.version.raw),
        ));
    }
    // Odoo's API keys only: trusted browsers expire on their own, OCA keys never do.
    let selection = keys::Selection {
        odoo: true,
        oca: false,
        devices: false,
    };
    let mut preview = matching(&session, &schema, &selection, &settings.filter).await?;
    let end = preview.context.now + crate::duration::span(settings.within);
    preview
        .keys
        .retain(|k| k.expires.is_none_or(|expires| expires > end));
    let members = |expired: usize, dry_run: bool, left_alone: Vec<i32>| Members {
        expired,
        dry_run,
        expires: iso8601(&end),
        left_alone,
    };
    if preview.keys.is_empty() {
        console.notice(&format!("database \"{database}\": no matching key lacks an end or ends after {}; nothing to change", iso8601(&end)));
        write(output, &preview, &members(0, !settings.yes, Vec::new()))?;
        return Ok(Exit::Ok);
    }
    if settings.yes || interactive() {
        crate::odoo::revoke::require_versions(
            &preview.keys,
            &database,
            &connector.settings().user,
        )?;
    }
    let verb = format!("End (at {})", iso8601(&end));
    let what = format!("database \"{database}\"");
    if !settings.yes && !ask(&verb, &what, std::slice::from_ref(&preview))? {
        write(output, &preview, &members(0, true, Vec::new()))?;
        console.notice(&format!(
            "nothing changed: this was a preview of {} key(s) — add --yes to give them their end",
            preview.keys.len()
        ));
        return Ok(Exit::Negative);
    }

    let session = session.into_write(settings.lock_timeout).await?;
    let left_alone = give_end(&session, &mut preview.keys, end).await?;
    let changed = [("expire", preview.keys.as_slice())];
    commit_logged(
        &session,
        &database,
        &changed,
        log.as_mut(),
        &connector.settings().user,
    )
    .await?;
    if !left_alone.is_empty() {
        console.notice(&format!(
            "{} previewed key(s) changed or disappeared since the preview and were left alone: ids {left_alone:?}",
            left_alone.len()
        ));
    }
    write(
        output,
        &preview,
        &members(preview.keys.len(), false, left_alone),
    )?;
    Ok(Exit::Ok)
}

/// Sets `end` on the previewed keys whose rows did not change since the preview (their row
/// versions) and keeps those in `keys`; returns the ids of the others, left alone.
async fn give_end(
    session: &Session,
    keys: &mut Vec<Key>,
    end: DateTime<Utc>,
) -> Result<Vec<i32>, Failure> {
    let ids: Vec<i32> = keys.iter().map(|k| k.id).collect();
    let versions: Vec<i64> = keys
        .iter()
        .filter_map(|k| k.version)
        .map(|v| v.key)
        .collect();
    let set = lifecycle::set_expiry(session, &ids, Some(&versions), end).await?;
    let mut left_alone = Vec::new();
    keys.retain(|k| {
        let kept = set.contains(&k.id);
        if !kept {
            left_alone.push(k.id);
        }
        kept
    });
    for key in keys.iter_mut() {
        key.expires = Some(end);
    }
    Ok(left_alone)
}

fn write(output: &Output, keys: &Matching, members: &Members) -> Result<(), Failure> {
    let mut document = output.open::<Key>("expire")?;
    for key in &keys.keys {
        document.row(&keys.context, key)?;
    }
    document.finish(&[], members)
}
