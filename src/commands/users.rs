//! `odoo-access users`: one flat row per user, in the spirit of a credential report.

use super::{open_odoo, rows_for, write_rows, Rows, Target};
use crate::cli::UsersArgs;
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::users::{self, Kind, User};
use crate::output::{Absent, Cell, Output};
use chrono::{DateTime, Utc};

const COLUMNS: &[&str] = &[
    "database",
    "id",
    "login",
    "name",
    "active",
    "kind",
    "builtin",
    "admin",
    "totp",
    "passkeys",
    "rpc_password",
    "created",
    "last_login",
    "api_keys",
    "persistent_keys",
    "next_key_expiry",
];

/// The filters of `users`, validated.
struct Filter {
    login: Option<LoginPattern>,
    kind: Option<Kind>,
    inactive: bool,
    no_totp: bool,
    admins: bool,
    stale: Option<chrono::Duration>,
}

impl Filter {
    fn new(args: &UsersArgs) -> Result<Filter, Failure> {
        Ok(Filter {
            login: args.login.as_deref().map(LoginPattern::new).transpose()?,
            kind: match (args.internal, args.portal) {
                (true, _) => Some(Kind::Internal),
                (_, true) => Some(Kind::Portal),
                _ => None,
            },
            inactive: args.inactive,
            no_totp: args.no_totp,
            admins: args.admins,
            stale: args
                .stale
                .map(|d| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)),
        })
    }

    fn keeps(&self, user: &User, now: DateTime<Utc>) -> bool {
        self.login.as_ref().is_none_or(|p| p.matches(&user.login))
            && self.kind.is_none_or(|k| k == user.kind)
            && (!self.inactive || !user.active)
            && (!self.no_totp || user.totp != Some(true))
            && (!self.admins || user.admin)
            && self.stale.is_none_or(|age| {
                user.last_login
                    .is_none_or(|t| now.signed_duration_since(t) >= age)
            })
    }
}

pub async fn run(
    connector: &Connector,
    args: &UsersArgs,
    target: Target,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let filter = &Filter::new(args)?;
    let database = match target {
        Target::One(database) => database,
        fleet => {
            let (results, skipped) = rows_for(
                connector,
                fleet,
                &args.fleet.filter,
                console,
                |session, schema| async move {
                    let context = users::context(&session, &schema).await?;
                    let database = session.database().to_string();
                    let mut rows = Vec::new();
                    users::each(&session, &schema, &context, |user| {
                        if filter.keeps(&user, context.now) {
                            rows.push(cells(&database, &user, schema.has_passkeys()));
                        }
                        Ok(())
                    })
                    .await?;
                    Ok(Rows {
                        rows,
                        notices: context.notices,
                    })
                },
            )
            .await?;
            return write_rows(
                output,
                "users",
                COLUMNS,
                results,
                skipped,
                console,
                serde_json::Map::new(),
            );
        }
    };
    // One database: rows are streamed, so a million users never sit in memory.
    let (session, schema) = open_odoo(connector, &database).await?;
    let context = users::context(&session, &schema).await?;
    for notice in &context.notices {
        console.notice(notice);
    }
    let passkeys_exist = schema.has_passkeys();
    let mut sink = output.open("users", COLUMNS)?;
    users::each(&session, &schema, &context, |user| {
        if filter.keeps(&user, context.now) {
            sink.row(&cells(&database, &user, passkeys_exist))
        } else {
            Ok(())
        }
    })
    .await?;
    sink.finish(&[], serde_json::Map::new())?;
    Ok(Exit::Ok)
}

fn cells(database: &str, user: &User, passkeys_exist: bool) -> Vec<Cell> {
    let keys_absent = if user.api_keys == 0 {
        Absent::NotApplicable
    } else {
        Absent::Never
    };
    vec![
        Cell::text(database),
        Cell::Int(i64::from(user.id)),
        Cell::text(&user.login),
        Cell::or(user.name.clone(), Absent::NotApplicable),
        Cell::Bool(user.active),
        Cell::text(user.kind.as_str()),
        Cell::Bool(user.builtin),
        Cell::Bool(user.admin),
        Cell::or(user.totp, Absent::Unknown),
        Cell::or(
            user.passkeys,
            if passkeys_exist {
                Absent::Unknown
            } else {
                Absent::NotApplicable
            },
        ),
        Cell::or(user.rpc_password, Absent::Unknown),
        Cell::or(user.created, Absent::Unknown),
        Cell::or(user.last_login, Absent::Never),
        Cell::Int(user.api_keys),
        Cell::Int(user.persistent_keys),
        Cell::or(user.next_key_expiry, keys_absent),
    ]
}
