//! `odoo-access keys`: every API key with owner, scope, expiry and one status — never a hash.

use super::{rows_for, write_rows, Rows, Target};
use crate::cli::{KeyFilterArgs, KeySource, KeysArgs};
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::clock::server_now;
use crate::odoo::keys::{self, Filter, Key, Selection, Source, Status};
use crate::odoo::login_pattern::LoginPattern;
use crate::output::{Absent, Cell, Output};
use chrono::{DateTime, Utc};

pub const COLUMNS: &[&str] = &[
    "database",
    "id",
    "source",
    "owner_login",
    "owner_active",
    "owner_kind",
    "name",
    "scope",
    "created",
    "expires",
    "age_days",
    "status",
    "rpc_usable",
    "type",
    "plaintext",
];

/// Validates the shared key filters.
pub fn filter(args: &KeyFilterArgs, ids: &[i32]) -> Result<Filter, Failure> {
    let duration =
        |d: std::time::Duration| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    let mut statuses = args.status.clone();
    if args.expired && !statuses.contains(&Status::Expired) {
        statuses.push(Status::Expired);
    }
    Ok(Filter {
        login: args.login.as_deref().map(LoginPattern::new).transpose()?,
        statuses,
        expiring_within: args.expiring_within.map(duration),
        older_than: args.older_than.map(duration),
        persistent: args.persistent,
        scope: args
            .scope
            .as_ref()
            .map(|s| (s != "global").then(|| s.clone())),
        ids: (!ids.is_empty()).then(|| ids.to_vec()),
    })
}

pub fn selection(args: &KeyFilterArgs, devices: bool) -> Selection {
    Selection {
        odoo: args.source != Some(KeySource::Oca),
        oca: args.source != Some(KeySource::Odoo),
        devices,
    }
}

pub async fn run(
    connector: &Connector,
    args: &KeysArgs,
    target: Target,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let filter = &filter(&args.filter, &[])?;
    let (results, skipped) = rows_for(connector, target, &args.fleet.filter, console, |session, schema| async move {
        let now = server_now(&session).await?;
        let database = session.database().to_string();
        let mut keys = keys::list(&session, &schema, &selection(&args.filter, args.devices)).await?;
        keys.retain(|k| filter.keeps(k, now));
        let oca = keys.iter().filter(|k| k.source == Source::Oca).count();
        let mut rows = Rows::default();
        rows.notices.extend(schema.key_shape_notice(&database));
        if oca > 0 {
            rows.notices.push(format!(
                "database \"{database}\": {oca} OCA auth_api_key key(s) are stored in plain text — anyone who can read the table can use them (values not shown)"
            ));
        }
        rows.rows = keys.iter().map(|k| cells(&database, k, now)).collect();
        Ok(rows)
    })
    .await?;
    write_rows(
        output,
        "keys",
        COLUMNS,
        results,
        skipped,
        console,
        serde_json::Map::new(),
    )
}

pub fn cells(database: &str, key: &Key, now: DateTime<Utc>) -> Vec<Cell> {
    vec![
        Cell::text(database),
        Cell::Int(i64::from(key.id)),
        Cell::text(key.source.as_str()),
        Cell::text(&key.owner_login),
        Cell::Bool(key.owner_active),
        Cell::text(key.owner_kind.as_str()),
        Cell::text(&key.name),
        if key.scope_known {
            Cell::or(key.scope.clone(), Absent::Global)
        } else {
            Cell::Absent(Absent::Unknown)
        },
        Cell::or(key.created, Absent::Unknown),
        Cell::or(key.expires, Absent::Never),
        Cell::or(key.age_days(now), Absent::Unknown),
        Cell::text(key.status().as_str()),
        Cell::or(key.rpc_usable(), Absent::Unknown),
        Cell::text(if key.trusted_device {
            "trusted_device"
        } else {
            "api_key"
        }),
        Cell::Bool(key.source == Source::Oca),
    ]
}
