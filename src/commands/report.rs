//! `odoo-access report`: findings for one database or the fleet, exit codes for monitoring.

use super::Fleet;
use crate::audit::config::FailOn;
use crate::audit::Counts;
use crate::audit::{self, Finding, Severity, Thresholds};
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::databases;
use crate::odoo::schema::{Reads, Schema};
use crate::output::prometheus::{self, Family};
use crate::output::{Cell, Format, Output, Queue, Row, Skipped, Spool};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What `report` was asked, with its thresholds resolved (flag, config file, default).
pub struct Settings {
    pub thresholds: Thresholds,
    pub fail_on: FailOn,
    /// The config file the thresholds were read from, if any.
    pub config: Option<PathBuf>,
    /// `--weak-passwords`, with its `--budget` for the whole run.
    pub weak_passwords: Option<std::time::Duration>,
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

    fn cells<'a>(&'a self, database: &'a str) -> Vec<Cell<'a>> {
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

impl Summary {
    /// The table's first line.
    fn line(&self) -> String {
        format!(
            "{} database(s) audited, {} skipped: {} critical, {} warning, {} info",
            self.databases, self.skipped, self.critical, self.warning, self.info,
        )
    }
}

/// One audited database, waiting for its turn: its findings, their counts, its notices.
struct Audited {
    findings: Queue<Finding>,
    critical: usize,
    warning: usize,
    info: usize,
    notices: Vec<String>,
    /// For metrics: findings by severity and identifier, and what the database holds.
    by_finding: BTreeMap<(&'static str, &'static str), usize>,
    counts: Counts,
    /// Other databases of this one's owner: what the server's dbfilter must narrow.
    others: i32,
}

/// What every database's audit is given: the same for each of the fleet's.
struct PerDatabase<'a> {
    thresholds: &'a Thresholds,
    spool: &'a Spool,
    /// `--weak-passwords`: when the tries must end.
    deadline: Option<std::time::Instant>,
    /// The tries' own progress bar (one database; a fleet shows its databases' bar instead).
    shown: bool,
    /// An Odoo config without a dbfilter was read: count the owner's other databases.
    server_needs_others: bool,
    /// Prometheus output keeps counts only, not the findings.
    metrics: bool,
}

impl PerDatabase<'_> {
    async fn audit(&self, session: Session, schema: Schema) -> Result<Audited, Failure> {
        let mut audit = audit::audit(&session, &schema, self.thresholds).await?;
        if let Some(deadline) = self.deadline {
            let verdicts = weak_passwords(&session, &schema, deadline, self.shown).await?;
            audit::weak_password_findings(&mut audit, session.database(), &verdicts);
        }
        let others = match self.server_needs_others {
            true => databases::others(&session).await?,
            false => 0,
        };
        let mut findings = self.spool.queue();
        if !self.metrics {
            for finding in &audit.findings {
                findings.push(session.database(), finding)?;
            }
        }
        let by_finding = by_finding(&audit.findings);
        Ok(Audited {
            findings,
            critical: audit.count(Severity::Critical),
            warning: audit.count(Severity::Warning),
            info: audit.count(Severity::Info),
            notices: audit.notices,
            by_finding,
            counts: audit.counts,
            others,
        })
    }
}

/// Findings counted by severity, over the databases and the server.
#[derive(Default)]
struct Totals {
    critical: usize,
    warning: usize,
    info: usize,
}

impl Totals {
    fn add_audited(&mut self, audited: &Audited) {
        self.critical += audited.critical;
        self.warning += audited.warning;
        self.info += audited.info;
    }

    /// The envelope's summary: skipped counts the databases that could not be audited, not
    /// those that are no Odoo.
    fn summary(&self, done: usize, skipped: &[Skipped], fail_on: FailOn) -> Summary {
        Summary {
            databases: done,
            skipped: skipped.iter().filter(|s| !s.not_odoo).count(),
            critical: self.critical,
            warning: self.warning,
            info: self.info,
            fail_on: fail_on.as_str(),
        }
    }

    fn add_findings(&mut self, findings: &[Finding]) {
        for finding in findings {
            match finding.severity {
                Severity::Critical => self.critical += 1,
                Severity::Warning => self.warning += 1,
                Severity::Info => self.info += 1,
            }
        }
    }
}

/// Findings counted by severity and finding, for metrics.
fn by_finding(findings: &[Finding]) -> BTreeMap<(&'static str, &'static str), usize> {
    let mut counted = BTreeMap::new();
    for finding in findings {
        *counted
            .entry((finding.severity.as_str(), finding.id.as_str()))
            .or_default() += 1;
    }
    counted
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
    let started = std::time::Instant::now();
    let spool = &settings.fleet.spool();
    let metrics = output.format == Format::Prometheus;
    let mut measured: Vec<(String, Audited)> = Vec::new();
    let conf = connector.settings().odoo_conf.as_ref();
    let each = &PerDatabase {
        thresholds: &settings.thresholds,
        spool,
        deadline: settings.weak_passwords.map(|budget| started + budget),
        shown: console.shows_progress() && settings.fleet.selection.is_none(),
        server_needs_others: conf.is_some_and(|c| c.dbfilter.is_none()),
        metrics,
    };
    let (mut other_databases, mut totals) = (false, Totals::default());
    let mut document = output.deferred::<Finding>("report");
    // A table shows a line per database above itself (it holds every row anyway).
    let (mut lines, table) = (Vec::new(), output.format == Format::Table);
    let ended = settings
        .fleet
        .each_odoo(
            connector,
            "report",
            Reads::Report,
            console,
            |session, schema| each.audit(session, schema),
            |database, audited| {
                other_databases |= audited.others > 0;
                totals.add_audited(&audited);
                if table {
                    lines.push(format!(
                        "  {database}: {} critical, {} warning",
                        audited.critical, audited.warning
                    ));
                }
                console.notices(&audited.notices);
                if metrics {
                    measured.push((database.to_string(), audited));
                    return Ok(());
                }
                document.get()?.replay(audited.findings)
            },
        )
        .await?;
    // The server's own config, when one was read: its findings follow the databases'.
    let server = conf.map_or_else(Vec::new, |conf| {
        audit::server::findings(conf, other_databases || ended.done > 1)
    });
    let measured_server = by_finding(&server);
    totals.add_findings(&server);
    if !metrics {
        for finding in &server {
            document.get()?.row("", finding)?;
        }
    }
    let summary = totals.summary(ended.done, &ended.skipped, settings.fail_on);
    let exit = exit_code(&summary, settings.fail_on);
    console.details(spool.note());
    if metrics {
        let families = families(
            &measured,
            &measured_server,
            &ended.skipped,
            started.elapsed(),
        );
        prometheus::write(output.path.as_deref(), &families)?;
        return Ok(exit);
    }
    lines.insert(0, summary.line());
    document.get()?.summary(lines);
    document.finish(&ended.skipped, &Members { summary })?;
    Ok(exit)
}

/// Tries the database's passwords on every core until `deadline`, off the async runtime.
async fn weak_passwords(
    session: &Session,
    schema: &Schema,
    deadline: std::time::Instant,
    shown: bool,
) -> Result<Vec<(String, crate::odoo::weak_passwords::Verdict)>, Failure> {
    use crate::odoo::weak_passwords as weak;
    let users = weak::users(session, schema).await?;
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let bar = match shown {
        true => {
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
        }
        false => indicatif::ProgressBar::hidden(),
    };
    let tried = tokio::task::spawn_blocking(move || {
        let verdicts = weak::scan(&users, deadline, threads, &bar);
        bar.finish_and_clear();
        users.into_iter().map(|u| u.login).zip(verdicts).collect()
    });
    tried
        .await
        .map_err(|e| Failure::new(Exit::Io, format!("the password tries stopped: {e}")))
}

/// Monitoring-plugin order: CRITICAL, then UNKNOWN (skipped), then WARNING, then OK.
fn exit_code(summary: &Summary, fail_on: FailOn) -> Exit {
    if summary.critical > 0 {
        Exit::Critical
    } else if summary.skipped > 0 {
        Exit::Partial
    } else if summary.warning > 0 && fail_on == FailOn::Warning {
        Exit::Negative
    } else {
        Exit::Ok
    }
}

/// The report as Prometheus gauges: a few series per database (no per-user or per-key label,
/// so the number of series grows with the databases, not with their users or keys).
/// Longer than 80 lines on purpose: each family is declared and then filled in the order
/// docs/COMMANDS.md lists the metrics, one short block each; split, a family's name and help would sit
/// apart from its samples.
fn families(
    audited: &[(String, Audited)],
    server: &BTreeMap<(&'static str, &'static str), usize>,
    skipped: &[Skipped],
    took: std::time::Duration,
) -> Vec<Family> {
    let mut build = Family::gauge(
        "odoo_access_build_info",
        "The odoo-access that wrote these metrics (always 1).",
    );
    build.sample(&[("version", env!("CARGO_PKG_VERSION"))], 1.0);
    let mut info = Family::gauge(
        "odoo_access_database_info",
        "An audited Odoo database and its version (always 1).",
    );
    let mut done = Family::gauge(
        "odoo_access_database_audited",
        "1 if the Odoo database was audited, 0 if it was skipped.",
    );
    let mut findings = Family::gauge(
        "odoo_access_findings",
        "Findings of the audit, by database, severity and finding.",
    );
    let mut users = Family::gauge(
        "odoo_access_users",
        "Active users, by database, kind, Settings admin and TOTP.",
    );
    let mut keys = Family::gauge("odoo_access_api_keys", "API keys, by database and status.");
    let mut expiry = Family::gauge(
        "odoo_access_api_key_earliest_expiry_timestamp_seconds",
        "When the first API key of the database that has not ended yet ends (Unix time).",
    );
    for (database, audited) in audited {
        let db = database.as_str();
        let counts = &audited.counts;
        info.sample(&[("database", db), ("odoo_version", &counts.version)], 1.0);
        done.sample(&[("database", db)], 1.0);
        for ((severity, finding), n) in &audited.by_finding {
            findings.sample(
                &[
                    ("database", db),
                    ("severity", severity),
                    ("finding", finding),
                ],
                *n as f64,
            );
        }
        for ((kind, admin, totp), n) in &counts.users {
            let admin = if *admin { "true" } else { "false" };
            users.sample(
                &[
                    ("database", db),
                    ("kind", kind),
                    ("admin", admin),
                    ("totp", totp),
                ],
                *n as f64,
            );
        }
        for (status, n) in &counts.keys {
            keys.sample(&[("database", db), ("status", status)], *n as f64);
        }
        if let Some(at) = counts.earliest_expiry {
            expiry.sample(&[("database", db)], at.timestamp() as f64);
        }
    }
    // The server's findings have no database.
    for ((severity, finding), n) in server {
        findings.sample(
            &[
                ("database", ""),
                ("severity", severity),
                ("finding", finding),
            ],
            *n as f64,
        );
    }
    for skip in skipped.iter().filter(|s| !s.not_odoo) {
        done.sample(&[("database", &skip.database)], 0.0);
    }
    let mut duration = Family::gauge("odoo_access_run_duration_seconds", "How long the run took.");
    duration.sample(&[], took.as_secs_f64());
    let mut success = Family::gauge("odoo_access_last_success_timestamp_seconds", "When this file was written by a run that audited (Unix time); a failed run writes nothing.");
    success.sample(&[], chrono::Utc::now().timestamp() as f64);
    vec![
        build, info, done, findings, users, keys, expiry, duration, success,
    ]
}
