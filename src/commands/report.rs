//! `odoo-access report`: findings for one database or the fleet, exit codes for monitoring.

use super::Fleet;
use crate::audit::config::FailOn;
use crate::audit::{self, Finding, Severity, Thresholds};
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::schema::Schema;
use crate::output::{Cell, Output, Queue, Row};
use std::path::PathBuf;

/// What `report` was asked, with its thresholds resolved (flag, config file, default).
pub struct Settings {
    pub thresholds: Thresholds,
    pub fail_on: FailOn,
    /// The config file the thresholds were read from, if any.
    pub config: Option<PathBuf>,
    pub fleet: Fleet,
}

impl Row for Finding {
    /// The database.
    type Context = str;
    const COLUMNS: &'static [&'static str] = &[
        "database",
        "severity",
        "finding",
        "object_type",
        "object",
        "detail",
    ];

    fn cells(&self, database: &str) -> Vec<Cell> {
        vec![
            Cell::text(database),
            Cell::text(self.severity.as_str()),
            Cell::text(self.id.as_str()),
            Cell::text(self.id.object_type().as_str()),
            Cell::text(&self.object),
            Cell::text(&self.detail),
        ]
    }
}

/// The envelope's `summary` member.
#[derive(serde::Serialize)]
struct Members {
    summary: Summary,
}

#[derive(serde::Serialize)]
struct Summary {
    databases: usize,
    skipped: usize,
    critical: usize,
    warning: usize,
    info: usize,
    fail_on: &'static str,
}

/// One audited database, waiting for its turn: its findings, their counts, its notices.
struct Audited {
    findings: Queue<Finding>,
    critical: usize,
    warning: usize,
    info: usize,
    notices: Vec<String>,
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    if let Some(path) = &settings.config {
        console.detail(&format!("thresholds from {}", path.display()));
    }
    let thresholds = &settings.thresholds;
    let spool = &settings.fleet.spool();
    let task = |session: Session, schema: Schema| async move {
        let audit = audit::audit(&session, &schema, thresholds).await?;
        let mut findings = spool.queue();
        for finding in &audit.findings {
            findings.push(session.database(), finding)?;
        }
        Ok(Audited {
            findings,
            critical: audit.count(Severity::Critical),
            warning: audit.count(Severity::Warning),
            info: audit.count(Severity::Info),
            notices: audit.notices,
        })
    };
    let mut document = output.deferred::<Finding>("report");
    let mut totals = (0, 0, 0);
    // A table shows a line per database above itself (it holds every row anyway).
    let mut lines = Vec::new();
    let table = output.format == crate::output::Format::Table;
    let ended = settings
        .fleet
        .each_odoo(connector, "report", console, task, |database, audited| {
            totals.0 += audited.critical;
            totals.1 += audited.warning;
            totals.2 += audited.info;
            if table {
                lines.push(format!(
                    "  {database}: {} critical, {} warning",
                    audited.critical, audited.warning
                ));
            }
            console.notices(&audited.notices);
            document.get()?.replay(audited.findings)
        })
        .await?;
    let summary = Summary {
        databases: ended.done,
        skipped: ended.skipped.iter().filter(|s| !s.not_odoo).count(),
        critical: totals.0,
        warning: totals.1,
        info: totals.2,
        fail_on: settings.fail_on.as_str(),
    };
    lines.insert(
        0,
        format!(
            "{} database(s) audited, {} skipped: {} critical, {} warning, {} info",
            summary.databases, summary.skipped, summary.critical, summary.warning, summary.info,
        ),
    );
    console.details(spool.note());
    document.get()?.summary(lines);
    // Monitoring-plugin order: CRITICAL, then UNKNOWN (skipped), then WARNING, then OK.
    let exit = if summary.critical > 0 {
        Exit::Critical
    } else if summary.skipped > 0 {
        Exit::Partial
    } else if summary.warning > 0 && settings.fail_on == FailOn::Warning {
        Exit::Negative
    } else {
        Exit::Ok
    };
    document.finish(&ended.skipped, &Members { summary })?;
    Ok(exit)
}
