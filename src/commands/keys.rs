//! `odoo-access keys`: every API key with owner, scope, expiry and one status — never a hash.

use super::Fleet;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::clock::server_now;
use crate::odoo::keys::{self, Filter, Key, Selection, Source};
use crate::odoo::schema::{Reads, Schema};
use crate::output::{Absent, Cell, NoMembers, Output, Row};
use chrono::{DateTime, Utc};

/// What `keys` was asked.
pub struct Settings {
    pub filter: Filter,
    pub selection: Selection,
    pub fleet: Fleet,
}

/// What every key row of one database shares (also `revoke`'s rows).
pub struct Context {
    pub database: String,
    /// The server's clock, which ages are counted by.
    pub now: DateTime<Utc>,
}

impl Row for Key {
    type Context = Context;
    const COLUMNS: &'static [&'static str] = &[
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

    fn cells<'a>(&'a self, context: &'a Context) -> Vec<Cell<'a>> {
        vec![
            Cell::text(&context.database),
            Cell::Int(i64::from(self.id)),
            Cell::text(self.source.as_str()),
            Cell::text(&self.owner_login),
            Cell::Bool(self.owner_active),
            Cell::text(self.owner_kind.as_str()),
            Cell::text(&self.name),
            if self.scope_known {
                Cell::or(self.scope.as_deref(), Absent::Global)
            } else {
                Cell::Absent(Absent::Unknown)
            },
            Cell::or(self.created, Absent::Unknown),
            Cell::or(self.expires, Absent::Never),
            Cell::or(self.age_days(context.now), Absent::Unknown),
            Cell::text(self.status().as_str()),
            Cell::or(self.rpc_usable(), Absent::Unknown),
            Cell::text(if self.trusted_device {
                "trusted_device"
            } else {
                "api_key"
            }),
            Cell::Bool(self.source == Source::Oca),
        ]
    }
}

/// The keys of one database that pass the filter, with what their rows share.
pub struct Matching {
    pub context: Context,
    pub keys: Vec<Key>,
}

/// Reads and filters one database's keys (`keys`, and `revoke`'s preview).
pub async fn matching(
    session: &Session,
    schema: &Schema,
    selection: &Selection,
    filter: &Filter,
) -> Result<Matching, Failure> {
    let now = server_now(session).await?;
    let mut keys = keys::list(session, schema, selection).await?;
    keys.retain(|k| filter.keeps(k, now));
    Ok(Matching {
        context: Context {
            database: session.database().to_string(),
            now,
        },
        keys,
    })
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let spool = &settings.fleet.spool();
    let task = |session: Session, schema: Schema| async move {
        let found = matching(&session, &schema, &settings.selection, &settings.filter).await?;
        let database = &found.context.database;
        let oca = found
            .keys
            .iter()
            .filter(|k| k.source == Source::Oca)
            .count();
        let mut notices: Vec<String> = schema.key_shape_notice(database).into_iter().collect();
        if oca > 0 {
            notices.push(format!(
                "database \"{database}\": {oca} OCA auth_api_key key(s) are stored in plain text — anyone who can read the table can use them (values not shown)"
            ));
        }
        let mut rows = spool.queue();
        for key in &found.keys {
            rows.push(&found.context, key)?;
        }
        Ok((rows, notices))
    };
    let mut document = output.deferred::<Key>("keys");
    let ended = settings
        .fleet
        .each_odoo(
            connector,
            "keys",
            Reads::All,
            console,
            task,
            |_, (rows, notices)| {
                console.notices(&notices);
                document.get()?.replay(rows)
            },
        )
        .await?;
    console.details(spool.note());
    document.finish(&ended.skipped, &NoMembers {})?;
    Ok(ended.exit())
}
