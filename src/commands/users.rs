//! `odoo-access users`: one flat row per user, in the spirit of a credential report.

use super::{open_odoo, Fleet, Target};
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::schema::{Reads, Schema};
use crate::odoo::users::{self, Filter, User};
use crate::output::{Absent, Cell, NoMembers, Output, Row};

/// What `users` was asked.
pub struct Settings {
    pub filter: Filter,
    pub fleet: Fleet,
}

/// What every row of one database shares.
pub struct Context {
    database: String,
    /// The database has a passkey table: a missing count is unknown, not "no such thing".
    passkeys_exist: bool,
    /// OCA password_security records password changes here.
    password_dates_exist: bool,
}

impl Row for User {
    type Context = Context;
    const COLUMNS: &'static [&'static str] = &[
        "database",
        "id",
        "login",
        "name",
        "active",
        "kind",
        "builtin",
        "admin",
        "access_manager",
        "totp",
        "passkeys",
        "rpc_password",
        "created",
        "last_login",
        "password_changed",
        "api_keys",
        "persistent_keys",
        "next_key_expiry",
    ];

    fn cells<'a>(&'a self, context: &'a Context) -> Vec<Cell<'a>> {
        let keys_absent = if self.api_keys == 0 {
            Absent::NotApplicable
        } else {
            Absent::Never
        };
        vec![
            Cell::text(&context.database),
            Cell::Int(i64::from(self.id)),
            Cell::text(&self.login),
            Cell::or(self.name.as_deref(), Absent::NotApplicable),
            Cell::Bool(self.active),
            Cell::text(self.kind.as_str()),
            Cell::Bool(self.builtin),
            Cell::Bool(self.admin),
            Cell::Bool(self.access_manager),
            Cell::or(self.totp, Absent::Unknown),
            Cell::or(
                self.passkeys,
                if context.passkeys_exist {
                    Absent::Unknown
                } else {
                    Absent::NotApplicable
                },
            ),
            Cell::or(self.rpc_password, Absent::Unknown),
            Cell::or(self.created, Absent::Unknown),
            Cell::or(self.last_login, Absent::Never),
            Cell::or(
                self.password_changed,
                if context.password_dates_exist {
                    Absent::Unknown
                } else {
                    Absent::NotApplicable
                },
            ),
            Cell::Int(self.api_keys),
            Cell::Int(self.persistent_keys),
            Cell::or(self.next_key_expiry, keys_absent),
        ]
    }
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let filter = &settings.filter;
    let database = match settings.fleet.target(connector, "users")? {
        Target::One(database) => database,
        Target::Fleet(_) => {
            let spool = &settings.fleet.spool();
            let mut document = output.deferred::<User>("users");
            let task = |session: Session, schema: Schema| async move {
                let found = users::context(&session, &schema).await?;
                let context = Context {
                    database: session.database().to_string(),
                    passkeys_exist: schema.has_passkeys(),
                    password_dates_exist: schema.has_column("res_users", "password_write_date"),
                };
                let mut kept = spool.queue();
                users::each(&session, &schema, &found, |user| {
                    if filter.keeps(&user, found.now) {
                        kept.push(&context, &user)?;
                    }
                    Ok(())
                })
                .await?;
                Ok((kept, found.notices))
            };
            let ended = settings
                .fleet
                .each_odoo(
                    connector,
                    "users",
                    Reads::All,
                    console,
                    task,
                    |_, (kept, notices)| {
                        console.notices(&notices);
                        document.get()?.replay(kept)
                    },
                )
                .await?;
            console.details(spool.note());
            document.finish(&ended.skipped, &NoMembers {})?;
            return Ok(ended.exit());
        }
    };
    // One database: rows are streamed, so a million users never sit in memory.
    let (session, schema) = open_odoo(connector, &database, Reads::All).await?;
    let found = users::context(&session, &schema).await?;
    console.notices(&found.notices);
    let context = Context {
        database,
        passkeys_exist: schema.has_passkeys(),
        password_dates_exist: schema.has_column("res_users", "password_write_date"),
    };
    let mut document = output.open::<User>("users")?;
    users::each(&session, &schema, &found, |user| {
        if filter.keeps(&user, found.now) {
            document.row(&context, &user)
        } else {
            Ok(())
        }
    })
    .await?;
    document.finish(&[], &NoMembers {})?;
    Ok(Exit::Ok)
}
