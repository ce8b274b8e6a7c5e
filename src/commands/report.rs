//! `odoo-access report`: findings for one database or the fleet, exit codes for monitoring.

use super::{each_odoo, open_odoo, Target};
use crate::audit::config::{FailOn, ReportConfig};
use crate::audit::{self, Audit, Severity, Thresholds};
use crate::cli::ReportArgs;
use crate::connect::Connector;
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::output::{Cell, Output, Skipped};
use std::time::Duration;

const COLUMNS: &[&str] = &[
    "database",
    "severity",
    "finding",
    "object_type",
    "object",
    "detail",
];

pub async fn run(
    connector: &Connector,
    args: &ReportArgs,
    target: Target,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let config = ReportConfig::load(args.config.as_deref())?;
    if let Some(path) = &config.path {
        console.detail(&format!("thresholds from {}", path.display()));
    }
    let days = |d: Duration| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    let thresholds = Thresholds {
        max_age: days(
            args.max_age
                .or(config.max_age)
                .unwrap_or(Duration::from_secs(90 * 86_400)),
        ),
        warn_within: days(
            args.warn_within
                .or(config.warn_within)
                .unwrap_or(Duration::from_secs(14 * 86_400)),
        ),
        stale: days(
            args.stale
                .or(config.stale)
                .unwrap_or(Duration::from_secs(90 * 86_400)),
        ),
    };
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Critical);

    let (audited, skipped): (Vec<(String, Audit)>, Vec<Skipped>) = match target {
        Target::One(database) => {
            let (session, schema) = open_odoo(connector, &database).await?;
            let result = audit::audit(&session, &schema, &thresholds).await?;
            (vec![(database, result)], Vec::new())
        }
        Target::Fleet(selection) => {
            let thresholds = &thresholds;
            each_odoo(
                connector,
                &selection,
                &args.fleet.filter,
                console,
                |session, schema| async move { audit::audit(&session, &schema, thresholds).await },
            )
            .await?
        }
    };

    let count = |severity| {
        audited
            .iter()
            .map(|(_, a)| a.count(severity))
            .sum::<usize>()
    };
    let (critical, warning, info) = (
        count(Severity::Critical),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let failed = skipped.iter().filter(|s| !s.not_odoo).count();
    let mut lines = vec![format!(
        "{} database(s) audited, {failed} skipped: {critical} critical, {warning} warning, {info} info",
        audited.len(),
    )];
    for (database, audit) in &audited {
        lines.push(format!(
            "  {database}: {} critical, {} warning",
            audit.count(Severity::Critical),
            audit.count(Severity::Warning)
        ));
        for notice in &audit.notices {
            console.notice(notice);
        }
    }

    let mut sink = output.open_document("report", "findings", COLUMNS, lines)?;
    for (database, audit) in &audited {
        for f in &audit.findings {
            sink.row(&[
                Cell::text(database),
                Cell::text(f.severity.as_str()),
                Cell::text(f.id),
                Cell::text(f.object_type),
                Cell::text(&f.object),
                Cell::text(&f.detail),
            ])?;
        }
    }
    let mut extra = serde_json::Map::new();
    extra.insert(
        "summary".into(),
        serde_json::json!({
            "databases": audited.len(),
            "skipped": failed,
            "critical": critical,
            "warning": warning,
            "info": info,
            "fail_on": match fail_on { FailOn::Warning => "warning", FailOn::Critical => "critical" },
        }),
    );
    sink.finish(&skipped, extra)?;

    // Monitoring-plugin order: CRITICAL, then UNKNOWN (skipped), then WARNING, then OK.
    Ok(if critical > 0 {
        Exit::Critical
    } else if failed > 0 {
        Exit::Partial
    } else if warning > 0 && fail_on == FailOn::Warning {
        Exit::Negative
    } else {
        Exit::Ok
    })
}
