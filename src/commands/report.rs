//! `odoo-access report`: findings for one database or the fleet, exit codes for monitoring.

use super::Fleet;
use crate::audit::config::FailOn;
use crate::audit::{self, Finding, Severity, Thresholds};
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::output::{Cell, Output, Row};
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
    let outcome = settings
        .fleet
        .each_odoo(connector, "report", console, |session, schema| async move {
            audit::audit(&session, &schema, thresholds).await
        })
        .await?;
    let count = |severity| {
        outcome
            .done
            .iter()
            .map(|(_, a)| a.count(severity))
            .sum::<usize>()
    };
    let summary = Summary {
        databases: outcome.done.len(),
        skipped: outcome.skipped.iter().filter(|s| !s.not_odoo).count(),
        critical: count(Severity::Critical),
        warning: count(Severity::Warning),
        info: count(Severity::Info),
        fail_on: settings.fail_on.as_str(),
    };
    let mut lines = vec![format!(
        "{} database(s) audited, {} skipped: {} critical, {} warning, {} info",
        summary.databases, summary.skipped, summary.critical, summary.warning, summary.info,
    )];
    for (database, audit) in &outcome.done {
        lines.push(format!(
            "  {database}: {} critical, {} warning",
            audit.count(Severity::Critical),
            audit.count(Severity::Warning)
        ));
        console.notices(&audit.notices);
    }

    let mut document = output.open_document::<Finding>("report", "findings", lines)?;
    for (database, audit) in &outcome.done {
        for finding in &audit.findings {
            document.row(database.as_str(), finding)?;
        }
    }
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
    document.finish(&outcome.skipped, &Members { summary })?;
    Ok(exit)
}
