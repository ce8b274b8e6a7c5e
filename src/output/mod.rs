//! The one renderer for every command: each command's typed [`Row`]s (columns and cells
//! declared together) and its typed envelope members go into a [`Document`], which writes a
//! table, CSV or the JSON envelope of the contract, to stdout or atomically to `--output FILE`.

mod csv;
mod destination;
pub mod escape;
pub mod html;
mod json;
mod jsonl;
pub mod page;
pub mod prometheus;
pub mod report_table;
mod spool;
mod table;

use crate::error::{Exit, Failure};
use chrono::{DateTime, SecondsFormat, Utc};
pub use destination::Destination;
pub use spool::{Queue, Spool, DEFAULT_WINDOW};
use std::borrow::Cow;
use std::io;
use std::marker::PhantomData;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// Prometheus' text exposition format: `report` only (src/output/prometheus.rs).
    Prometheus,
    /// JSON lines, one finding each: `report` only.
    Jsonl,
    /// One self-contained HTML page: `report` only (src/output/html.rs).
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Prometheus => "prometheus",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
        }
    }
}

/// Why a value is missing. JSON writes `null` for all three; table and CSV say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// No expiry, no login yet: `never`.
    Never,
    /// The field does not apply to this row (e.g. user counts of a non-Odoo database): `N/A`.
    NotApplicable,
    /// The role may not read it: `unknown`.
    Unknown,
    /// A key without a scope, accepted for every scope: `global`.
    Global,
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Borrowed where the row holds the text already: a listing of 50,000 keys makes no copy
    /// of each name, login and database name to print it.
    Text(Cow<'a, str>),
    Int(i64),
    Bool(bool),
    /// Written as UTC ISO-8601 with `Z`.
    Time(DateTime<Utc>),
    /// A size: a number in CSV/JSON, `12 MB` in a table.
    Bytes(i64),
    Absent(Absent),
    /// A structured value (a waiver's terms): itself in JSON, its compact JSON text elsewhere.
    Json(serde_json::Value),
}

impl<'a> Cell<'a> {
    pub fn text(value: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(value.into())
    }

    /// `value`, or `absent` when there is none.
    pub fn or<T: Into<Cell<'a>>>(value: Option<T>, absent: Absent) -> Cell<'a> {
        value.map(Into::into).unwrap_or(Cell::Absent(absent))
    }

    /// The text for CSV and tables (borrowed where the cell holds text already).
    fn plain(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Int(n) | Cell::Bytes(n) => Cow::Owned(n.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::Time(t) => Cow::Owned(iso8601(t)),
            Cell::Absent(Absent::Never) => Cow::Borrowed("never"),
            Cell::Absent(Absent::NotApplicable) => Cow::Borrowed("N/A"),
            Cell::Absent(Absent::Unknown) => Cow::Borrowed("unknown"),
            Cell::Absent(Absent::Global) => Cow::Borrowed("global"),
            Cell::Json(value) => Cow::Owned(value.to_string()),
        }
    }
}

/// A cell as a JSON value, written straight to the output (no intermediate `Value`).
impl serde::Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(s) => serializer.serialize_str(s),
            Cell::Int(n) | Cell::Bytes(n) => serializer.serialize_i64(*n),
            Cell::Bool(b) => serializer.serialize_bool(*b),
            Cell::Time(t) => serializer.serialize_str(&iso8601(t)),
            Cell::Absent(_) => serializer.serialize_none(),
            Cell::Json(value) => value.serialize(serializer),
        }
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(Cow::Owned(s))
    }
}
impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }
}
impl<'a> From<&'a String> for Cell<'a> {
    fn from(s: &'a String) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }
}
impl From<i64> for Cell<'_> {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl From<bool> for Cell<'_> {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}
impl From<DateTime<Utc>> for Cell<'_> {
    fn from(t: DateTime<Utc>) -> Self {
        Cell::Time(t)
    }
}

pub fn iso8601(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A database left out of a fleet run, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub database: String,
    pub reason: String,
    /// What the failure's exit code would have been for this database alone.
    pub exit: Exit,
    /// Not an Odoo 14+ database: a note, not a failure (`--all-dbs` means every Odoo
    /// database, so such a database makes no run partial).
    pub not_odoo: bool,
}

impl Skipped {
    /// An Odoo database that could not be worked on.
    pub fn failed(database: impl Into<String>, failure: Failure) -> Skipped {
        Skipped {
            database: database.into(),
            reason: failure.message,
            exit: failure.exit,
            not_odoo: false,
        }
    }

    /// A database left out because it is not an Odoo 14+ database.
    pub fn not_odoo(database: impl Into<String>, reason: impl Into<String>) -> Skipped {
        Skipped {
            not_odoo: true,
            ..Skipped::failed(database, Failure::new(Exit::NoDatabase, reason))
        }
    }

    /// The failure this skip stands for, for a command aimed at this one database.
    pub fn failure(&self) -> Failure {
        Failure::new(self.exit, self.reason.clone())
    }
}

/// One row as the JSON object its columns make (`report`'s `resolved` member).
pub fn row_object<R: Row>(context: &R::Context, row: &R) -> serde_json::Value {
    let cells = row.cells(context);
    let object = R::COLUMNS
        .iter()
        .zip(&cells)
        .map(|(name, cell)| {
            let value = serde_json::to_value(cell).unwrap_or(serde_json::Value::Null);
            (name.to_string(), value)
        })
        .collect();
    serde_json::Value::Object(object)
}

/// Whether some Odoo database could not be worked on: the run is partial (exit 3).
pub fn partial(skipped: &[Skipped]) -> bool {
    skipped.iter().any(|s| !s.not_odoo)
}

/// One command's rows: the columns and how a value becomes the cells under them, declared
/// together. `Context` is what every row of one database shares (its name, the server's clock).
pub trait Row {
    type Context: ?Sized;
    /// The JSON row keys and the CSV and table header, in order.
    const COLUMNS: &'static [&'static str];
    /// One cell per column, in the order of [`Row::COLUMNS`].
    fn cells<'a>(&'a self, context: &'a Self::Context) -> Vec<Cell<'a>>;
}

/// The envelope members a command adds after its rows (`check`'s verdict, `revoke`'s counts):
/// a `Serialize` struct whose fields become members. Commands without any use [`NoMembers`].
#[derive(serde::Serialize)]
pub struct NoMembers {}

/// Receives the cells of one run and writes them in one format.
trait Sink {
    fn row(&mut self, cells: &[Cell]) -> io::Result<()>;
    /// Lines for people above the rows: a table's only (CSV and JSON carry members).
    fn summary(&mut self, _lines: Vec<String>) {}
    /// Writes what comes after the rows and commits the destination. `members` are the
    /// command's envelope members.
    fn finish(
        self: Box<Self>,
        skipped: &[Skipped],
        members: serde_json::Map<String, serde_json::Value>,
    ) -> io::Result<()>;
}

/// The document of one run: rows of one type, then the skipped databases and the members.
pub struct Document<R: Row> {
    sink: Box<dyn Sink>,
    rows: PhantomData<fn(&R)>,
}

impl<R: Row> Document<R> {
    pub fn row(&mut self, context: &R::Context, row: &R) -> Result<(), Failure> {
        let cells = row.cells(context);
        // A short row would shift or lose cells in every format: a bug, caught by every test.
        debug_assert_eq!(
            cells.len(),
            R::COLUMNS.len(),
            "a row does not fit its columns"
        );
        self.cells(&cells)
    }

    fn cells(&mut self, cells: &[Cell]) -> Result<(), Failure> {
        self.sink.row(cells).map_err(Failure::io)
    }

    /// Lines a table shows above itself (`report`'s summary), known once the rows are.
    pub fn summary(&mut self, lines: Vec<String>) {
        self.sink.summary(lines);
    }

    /// Ends the document with the skipped databases and the command's `members`.
    pub fn finish<M: serde::Serialize>(
        self,
        skipped: &[Skipped],
        members: &M,
    ) -> Result<(), Failure> {
        let members = match serde_json::to_value(members) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        self.sink.finish(skipped, members).map_err(Failure::io)
    }
}

/// How and where a command's result is written.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    /// `None` or `-` means stdout.
    pub path: Option<PathBuf>,
}

impl Output {
    /// Starts the document of `command` (the JSON `command` member), with rows of type `R`.
    pub fn open<R: Row>(&self, command: &'static str) -> Result<Document<R>, Failure> {
        self.open_document(command, "rows")
    }

    /// [`Output::open`], deferred to the first row (see [`Deferred`]).
    pub fn deferred<R: Row>(&self, command: &'static str) -> Deferred<R> {
        Deferred {
            output: self.clone(),
            command,
            document: None,
        }
    }

    /// As `open`, with the JSON member holding the rows named `rows_key`.
    fn open_document<R: Row>(
        &self,
        command: &'static str,
        rows_key: &'static str,
    ) -> Result<Document<R>, Failure> {
        let destination = Destination::open(self.path.as_deref())?;
        let columns = R::COLUMNS;
        let sink: Box<dyn Sink> = match self.format {
            Format::Table => Box::new(table::TableSink::new(destination, columns)),
            Format::Csv => Box::new(csv::CsvSink::new(destination, columns)?),
            Format::Json => Box::new(json::JsonSink::new(
                destination,
                command,
                rows_key,
                columns,
            )?),
            Format::Jsonl => Box::new(jsonl::JsonlSink::new(destination, columns)),
            // Refused for every other command by src/resolve.rs; report writes its metrics
            // and its page itself.
            Format::Prometheus | Format::Html => {
                return Err(Failure::usage(format!(
                    "--format {} is for report's findings; this writes table, csv, json or jsonl",
                    self.format.as_str()
                )))
            }
        };
        Ok(Document {
            sink,
            rows: PhantomData,
        })
    }
}

/// A document opened at its first row, or at its end: a fleet run that fails before any
/// database is done (no Odoo database, a dead server) leaves the output untouched.
pub struct Deferred<R: Row> {
    output: Output,
    command: &'static str,
    document: Option<Document<R>>,
}

impl<R: Row> Deferred<R> {
    pub fn get(&mut self) -> Result<&mut Document<R>, Failure> {
        if self.document.is_none() {
            self.document = Some(self.output.open_document(self.command, self.rows_key())?);
        }
        Ok(self.document.as_mut().expect("opened above"))
    }

    /// The JSON member holding the rows: `report` says `findings`.
    fn rows_key(&self) -> &'static str {
        if self.command == "report" {
            "findings"
        } else {
            "rows"
        }
    }

    pub fn finish<M: serde::Serialize>(
        mut self,
        skipped: &[Skipped],
        members: &M,
    ) -> Result<(), Failure> {
        self.get()?;
        let document = self.document.take().expect("opened above");
        document.finish(skipped, members)
    }
}

/// A table on stderr, for a person about to answer a question about it (`revoke`'s preview
/// before its `[y/N]`): the data on stdout stays one document.
pub fn table_on_stderr<R: Row>() -> Document<R> {
    Document {
        sink: Box::new(table::TableSink::new(
            Destination::Stderr(io::stderr()),
            R::COLUMNS,
        )),
        rows: PhantomData,
    }
}

/// The envelope's members as (name, value) lines for CSV: scalars as they are, objects member
/// by member (`summary.critical`), arrays one line per item (an object item as compact JSON
/// text); null members say nothing.
fn member_lines(members: &serde_json::Map<String, serde_json::Value>) -> Vec<(String, Cell<'_>)> {
    fn walk<'a>(name: String, value: &'a serde_json::Value, lines: &mut Vec<(String, Cell<'a>)>) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::String(s) => lines.push((name, Cell::text(s.as_str()))),
            Value::Bool(b) => lines.push((name, Cell::Bool(*b))),
            Value::Number(n) => lines.push((
                name,
                n.as_i64()
                    .map_or_else(|| Cell::text(n.to_string()), Cell::Int),
            )),
            Value::Object(map) => {
                for (key, inner) in map {
                    walk(format!("{name}.{key}"), inner, lines);
                }
            }
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::Object(_) => {
                            lines.push((name.clone(), Cell::text(item.to_string())))
                        }
                        other => walk(name.clone(), other, lines),
                    }
                }
            }
        }
    }
    let mut lines = Vec::new();
    for (name, value) in members {
        walk(name.clone(), value, &mut lines);
    }
    lines
}

/// Table and CSV carry no `skipped` member: those go to stderr, one line each.
fn report_skipped_on_stderr(skipped: &[Skipped]) {
    let not_odoo: Vec<&str> = skipped
        .iter()
        .filter(|s| s.not_odoo)
        .map(|s| s.database.as_str())
        .collect();
    if !not_odoo.is_empty() {
        eprintln!(
            "odoo-access: note: {} database(s) left out, not Odoo 14+ databases: {}",
            not_odoo.len(),
            escape::controls(&not_odoo.join(", "))
        );
    }
    for s in skipped.iter().filter(|s| !s.not_odoo) {
        eprintln!(
            "odoo-access: skipped database \"{}\": {}",
            escape::controls(&s.database),
            escape::controls(&s.reason)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn members_become_lines_with_nested_names() {
        let members = serde_json::json!({
            "deleted": 2,
            "fix": null,
            "summary": {"critical": 1, "fail_on": "warning"},
            "notes": ["a", "b"],
            "left_alone": [{"database": "x", "id": 7}],
        });
        let serde_json::Value::Object(members) = members else {
            unreachable!()
        };
        let lines = member_lines(&members);
        let text: Vec<String> = lines
            .iter()
            .map(|(k, v)| format!("{k}={}", v.plain()))
            .collect();
        assert_eq!(
            text,
            [
                "deleted=2",
                "summary.critical=1",
                "summary.fail_on=warning",
                "notes=a",
                "notes=b",
                "left_alone={\"database\":\"x\",\"id\":7}",
            ]
        );
    }

    #[test]
    fn absent_values_say_why_in_text_and_are_null_in_json() {
        let never = Cell::or(None::<i64>, Absent::Never);
        assert_eq!(never.plain(), "never");
        assert_eq!(Cell::Absent(Absent::NotApplicable).plain(), "N/A");
        assert_eq!(
            serde_json::to_value(&never).unwrap(),
            serde_json::Value::Null
        );
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 5, 20, 7).unwrap();
        assert_eq!(Cell::Time(t).plain(), "2026-11-22T05:20:07Z");
    }
}
