//! `odoo-access logins --rpc-usage`: the integrations still calling XML-RPC and JSON-RPC (and
//! those already on JSON-2), counted from Odoo's server log alone — no database is read.

use super::logins::{cut_short_notice, unreadable_log};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::databases::DbFilter;
use crate::odoo::rpc_usage::{Call, RpcUsage, Seen};
use crate::output::{Absent, Cell, NoMembers, Output, Row};
use std::path::PathBuf;
use std::time::Duration;

/// What `logins --rpc-usage` was asked.
pub struct Settings {
    pub since: Duration,
    /// Checked readable already.
    pub odoo_log: Vec<PathBuf>,
    /// `-d`: that database's calls only; `--dbfilter`: those it matches; else every call.
    pub database: Option<String>,
    pub filter: Option<DbFilter>,
}

impl Row for (Call, Seen) {
    type Context = ();
    const COLUMNS: &'static [&'static str] = &[
        "database",
        "address",
        "endpoint",
        "service",
        "model",
        "method",
        "calls",
        "first_seen",
        "last_seen",
    ];

    fn cells<'a>(&'a self, _: &'a ()) -> Vec<Cell<'a>> {
        let (call, seen) = self;
        let na = || Absent::NotApplicable;
        vec![
            Cell::or(call.database.clone(), Absent::Unknown),
            Cell::text(&call.address),
            Cell::text(call.endpoint),
            Cell::or(Some(call.service.clone()).filter(|s| !s.is_empty()), na()),
            Cell::or(call.model.clone(), na()),
            Cell::or(call.method.clone(), na()),
            Cell::Int(seen.calls),
            Cell::Time(seen.first),
            Cell::Time(seen.last),
        ]
    }
}

pub fn run(settings: &Settings, output: &Output, console: &Console) -> Result<Exit, Failure> {
    let since = chrono::Utc::now() - crate::duration::span(settings.since);
    let mut usage = RpcUsage::default();
    for path in &settings.odoo_log {
        usage
            .read_file(path, since)
            .map_err(|e| unreadable_log(path, &e))?;
    }
    for (path, bytes) in &usage.truncated {
        console.notice(&cut_short_notice(path, *bytes));
    }
    if usage.cut > 0 {
        console.notice(&format!(
            "server log: {} line(s) longer than 64 KiB were read only that far (no request line is so long)",
            usage.cut
        ));
    }
    if usage.unparsed > 0 {
        console.notice(&format!(
            "server log: {} RPC request line(s) could not be understood and were not counted",
            usage.unparsed
        ));
    }
    let wanted = |call: &Call| match (&settings.database, &settings.filter, &call.database) {
        (Some(only), _, Some(db)) => db == only,
        (None, Some(filter), Some(db)) => filter.matches(db),
        (None, None, _) => true,
        // A line without a database belongs to no selection.
        (_, _, None) => false,
    };
    let mut document = output.open::<(Call, Seen)>("logins")?;
    for (call, seen) in usage.calls.into_iter().filter(|(c, _)| wanted(c)) {
        document.row(&(), &(call, seen))?;
    }
    document.finish(&[], &NoMembers {})?;
    Ok(match usage.truncated.is_empty() {
        true => Exit::Ok,
        false => Exit::Partial,
    })
}
