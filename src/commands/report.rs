//! `odoo-access report`: findings for one database or the fleet, exit codes for monitoring.

use super::Fleet;
use crate::audit::baseline::{Baseline, Change};
use crate::audit::config::FailOn;
use crate::audit::waivers::Waivers;
use crate::audit::{self, checks, Counts, Finding, Reported, Severity, Thresholds};
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::schema::{Reads, Schema};
use crate::odoo::{databases, roles};
use crate::output::page::Page;
use crate::output::prometheus::{self, Family};
use crate::output::{html, report_table, row_object};
use crate::output::{Absent, Cell, Format, Output, Queue, Row, Skipped, Spool};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// What `report` was asked, with its thresholds resolved (flag, config file, default) and
/// its waiver and baseline files read.
pub struct Settings {
    pub thresholds: Thresholds,
    pub fail_on: FailOn,
    /// `--fail-on-new`: the exit code counts only new findings at or above it.
    pub fail_on_new: Option<FailOn>,
    pub waivers: Option<Waivers>,
    pub baseline: Option<Baseline>,
    /// `--list-checks`: describe the checks, read no database.
    pub list_checks: bool,
    /// The config file the thresholds were read from, if any.
    pub config: Option<PathBuf>,
    /// `--weak-passwords`, with its `--budget` for the whole run.
    pub weak_passwords: Option<std::time::Duration>,
    pub fleet: Fleet,
}

impl Row for Reported {
    type Context = ();
    /// The first six as before fingerprints existed: a CSV read by position still reads.
    const COLUMNS: &'static [&'static str] = &[
        "database",
        "severity",
        "finding",
        "object_type",
        "object",
        "detail",
        "object_id",
        "fingerprint",
        "change",
        "waived",
    ];

    fn cells<'a>(&'a self, _: &'a ()) -> Vec<Cell<'a>> {
        let finding = &self.finding;
        vec![
            Cell::text(&self.database),
            Cell::text(finding.severity.as_str()),
            Cell::text(finding.id.as_str()),
            Cell::text(finding.id.object_type().as_str()),
            Cell::text(&finding.object),
            Cell::text(&finding.detail),
            Cell::text(&finding.object_id),
            Cell::text(&self.fingerprint),
            Cell::or(self.change.map(|c| c.as_str()), Absent::NotApplicable),
            match &self.waived {
                Some(terms) => Cell::Json(serde_json::to_value(terms).unwrap_or_default()),
                None => Cell::Absent(Absent::NotApplicable),
            },
        ]
    }
}

/// The envelope's members after the findings.
#[derive(serde::Serialize)]
struct Members {
    summary: Summary,
    /// The databases audited ("" for the server's config, where one was read): what a later
    /// run's `--baseline` may call resolved.
    audited: Vec<String>,
    /// With `--baseline`: the baseline's findings gone since.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: Option<Vec<serde_json::Value>>,
}

#[derive(serde::Serialize)]
pub struct Summary {
    pub databases: usize,
    pub skipped: usize,
    /// Findings by severity that count: waived ones are not in these.
    pub critical: usize,
    pub warning: usize,
    pub info: usize,
    pub waived: usize,
    /// With `--baseline`: findings not in it, and the baseline's findings gone since.
    pub new: Option<usize>,
    pub resolved: Option<usize>,
    pub fail_on: &'static str,
    pub fail_on_new: Option<&'static str>,
}

impl Summary {
    /// The first line people read.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} database(s) audited, {} skipped: {} critical, {} warning, {} info",
            self.databases, self.skipped, self.critical, self.warning, self.info,
        );
        if self.waived > 0 {
            line += &format!(", {} waived", self.waived);
        }
        if let (Some(new), Some(resolved)) = (self.new, self.resolved) {
            line += &format!("; {new} new, {resolved} resolved since the baseline");
        }
        line
    }
}

/// Findings counted: by severity where they count, waived, and new by severity.
#[derive(Default, Clone, Copy)]
struct Tally {
    critical: usize,
    warning: usize,
    info: usize,
    waived: usize,
    new_critical: usize,
    new_warning: usize,
    new: usize,
}

impl Tally {
    fn add(&mut self, reported: &Reported) {
        if !reported.counts() {
            self.waived += 1;
            return;
        }
        let new = reported.change == Some(Change::New);
        self.new += usize::from(new);
        match reported.finding.severity {
            Severity::Critical => {
                self.critical += 1;
                self.new_critical += usize::from(new);
            }
            Severity::Warning => {
                self.warning += 1;
                self.new_warning += usize::from(new);
            }
            Severity::Info => self.info += 1,
        }
    }

    fn merge(&mut self, other: Tally) {
        self.critical += other.critical;
        self.warning += other.warning;
        self.info += other.info;
        self.waived += other.waived;
        self.new_critical += other.new_critical;
        self.new_warning += other.new_warning;
        self.new += other.new;
    }
}

/// Where a database's judged findings wait: in the spool for the streamed formats, in memory
/// for the table and the page (which hold every row anyway), nowhere for metrics.
enum Kept {
    Queued(Queue<Reported>),
    Held(Vec<Reported>),
    Counted,
}

/// One audited database, waiting for its turn: its findings, their counts, its notices.
struct Audited {
    kept: Kept,
    tally: Tally,
    notices: Vec<String>,
    /// For metrics: findings by severity, identifier and waived.
    by_finding: ByFinding,
    counts: Counts,
    /// With `--baseline`: the fingerprints found, to tell what was resolved.
    fingerprints: Vec<String>,
    /// Other databases of this one's owner: what the server's dbfilter must narrow.
    others: i32,
}

type ByFinding = BTreeMap<(&'static str, &'static str, bool), usize>;

/// What every database's audit is given: the same for each of the fleet's.
struct PerDatabase<'a> {
    thresholds: &'a Thresholds,
    judge: Judge<'a>,
    spool: &'a Spool,
    /// `--weak-passwords`: when the tries must end.
    deadline: Option<std::time::Instant>,
    /// The tries' own progress bar (one database; a fleet shows its databases' bar instead).
    shown: bool,
    /// An Odoo config without a dbfilter was read: count the owner's other databases.
    server_needs_others: bool,
    format: Format,
    cluster: ClusterRead,
}

/// The cluster beneath the databases, read once per run, in the session of the first
/// database whose audit claims it (alongside that database's own statements: no connection
/// of its own). A failed read gives the claim back to the next database.
#[derive(Default)]
struct ClusterRead {
    claimed: std::sync::atomic::AtomicBool,
    read: std::sync::Mutex<Option<roles::Cluster>>,
}

impl ClusterRead {
    async fn read_once(&self, session: &Session) {
        use std::sync::atomic::Ordering;
        if self.claimed.swap(true, Ordering::AcqRel) {
            return;
        }
        match roles::cluster(session).await {
            Ok(cluster) => {
                if let Ok(mut read) = self.read.lock() {
                    *read = Some(cluster);
                }
            }
            Err(_) => self.claimed.store(false, Ordering::Release),
        }
    }
}

/// What a run says of each finding: its fingerprint, its waiver, its change.
#[derive(Clone, Copy)]
struct Judge<'a> {
    waivers: Option<&'a Waivers>,
    baseline: Option<&'a Baseline>,
}

impl Judge<'_> {
    fn judge(&self, database: &str, finding: Finding) -> Reported {
        let fingerprint = finding.fingerprint(database);
        Reported {
            database: database.to_string(),
            waived: self
                .waivers
                .and_then(|w| w.judge(database, &finding, &fingerprint))
                .cloned(),
            change: self.baseline.map(|b| b.change(&fingerprint)),
            fingerprint,
            finding,
        }
    }
}

impl PerDatabase<'_> {
    async fn audit(&self, session: Session, schema: Schema) -> Result<Audited, Failure> {
        let (audit, ()) = tokio::join!(
            audit::audit(&session, &schema, self.thresholds),
            self.cluster.read_once(&session)
        );
        let mut audit = audit?;
        if let Some(deadline) = self.deadline {
            let verdicts = weak_passwords(&session, &schema, deadline, self.shown).await?;
            audit::weak_password_findings(&mut audit, session.database(), &verdicts);
        }
        let others = match self.server_needs_others {
            true => databases::others(&session).await?,
            false => 0,
        };
        let mut kept = match self.format {
            Format::Prometheus => Kept::Counted,
            Format::Table | Format::Html => Kept::Held(Vec::new()),
            Format::Csv | Format::Json | Format::Jsonl => Kept::Queued(self.spool.queue()),
        };
        let (mut tally, mut by_finding, mut fingerprints) =
            (Tally::default(), ByFinding::new(), Vec::new());
        for finding in audit.findings {
            let reported = self.judge.judge(session.database(), finding);
            tally.add(&reported);
            count_finding(&mut by_finding, &reported);
            if self.judge.baseline.is_some() {
                fingerprints.push(reported.fingerprint.clone());
            }
            match &mut kept {
                Kept::Queued(queue) => queue.push(&(), &reported)?,
                Kept::Held(rows) => rows.push(reported),
                Kept::Counted => {}
            }
        }
        Ok(Audited {
            kept,
            tally,
            notices: audit.notices,
            by_finding,
            counts: audit.counts,
            fingerprints,
            others,
        })
    }
}

fn count_finding(counted: &mut ByFinding, reported: &Reported) {
    let finding = &reported.finding;
    *counted
        .entry((
            finding.severity.as_str(),
            finding.id.as_str(),
            !reported.counts(),
        ))
        .or_default() += 1;
}

/// `report --list-checks`: every check, read from no database.
pub fn list_checks(output: &Output) -> Result<Exit, Failure> {
    let mut document = output.open::<checks::Check>("report")?;
    for check in checks::all() {
        document.row(&(), &check)?;
    }
    document.finish(&[], &crate::output::NoMembers {})?;
    Ok(Exit::Ok)
}

/// What the run gathered, database by database, for the summary and the end of the document.
#[derive(Default)]
struct Gathered {
    tally: Tally,
    audited: Vec<String>,
    fingerprints: HashSet<String>,
    /// The table's and the page's rows; the metrics' counts.
    held: Vec<Reported>,
    ending: Vec<chrono::DateTime<chrono::Utc>>,
    measured: Vec<(String, Audited)>,
    other_databases: bool,
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
    let format = output.format;
    let conf = connector.settings().odoo_conf.as_ref();
    let judge = Judge {
        waivers: settings.waivers.as_ref(),
        baseline: settings.baseline.as_ref(),
    };
    let each = &PerDatabase {
        thresholds: &settings.thresholds,
        judge,
        spool,
        deadline: settings.weak_passwords.map(|budget| started + budget),
        shown: console.shows_progress() && settings.fleet.selection.is_none(),
        server_needs_others: conf.is_some_and(|c| c.dbfilter.is_none()),
        format,
        cluster: ClusterRead::default(),
    };
    let mut gathered = Gathered::default();
    let mut document = output.deferred::<Reported>("report");
    let ended = settings
        .fleet
        .each_odoo(
            connector,
            "report",
            Reads::Report,
            console,
            |session, schema| each.audit(session, schema),
            |database, mut audited| {
                gathered.other_databases |= audited.others > 0;
                gathered.tally.merge(audited.tally);
                gathered.audited.push(database.to_string());
                gathered
                    .fingerprints
                    .extend(std::mem::take(&mut audited.fingerprints));
                console.notices(&audited.notices);
                match std::mem::replace(&mut audited.kept, Kept::Counted) {
                    Kept::Queued(queue) => document.get()?.replay(queue)?,
                    Kept::Held(rows) => {
                        gathered.held.extend(rows);
                        gathered.ending.append(&mut audited.counts.ending);
                    }
                    Kept::Counted => gathered.measured.push((database.to_string(), audited)),
                }
                Ok(())
            },
        )
        .await?;
    // The run's own findings follow the databases': the server's config, when one was read,
    // then the waivers.
    let mut run_level = conf.map_or_else(Vec::new, |conf| {
        audit::server::findings(conf, gathered.other_databases || ended.done > 1)
    });
    // The cluster beneath the audited databases, read in one of them.
    let cluster = each
        .cluster
        .read
        .lock()
        .map(|mut c| c.take())
        .unwrap_or_default();
    if let Some(cluster) = &cluster {
        run_level.extend(audit::cluster::findings(cluster, &gathered.audited));
    }
    if conf.is_some() || cluster.is_some() {
        gathered.audited.push(String::new());
    }
    if let Some(waivers) = &settings.waivers {
        run_level.extend(waivers.findings(&gathered.audited));
    }
    let mut measured_server = ByFinding::new();
    let mut late = Vec::new();
    for finding in run_level {
        let reported = judge.judge("", finding);
        gathered.tally.add(&reported);
        gathered.fingerprints.insert(reported.fingerprint.clone());
        count_finding(&mut measured_server, &reported);
        late.push(reported);
    }
    let audited_set: HashSet<String> = gathered.audited.iter().cloned().collect();
    let resolved = judge
        .baseline
        .map(|b| b.resolved(&gathered.fingerprints, &audited_set));
    let tally = gathered.tally;
    let summary = Summary {
        databases: ended.done,
        skipped: ended.skipped.iter().filter(|s| !s.not_odoo).count(),
        critical: tally.critical,
        warning: tally.warning,
        info: tally.info,
        waived: tally.waived,
        new: resolved.as_ref().map(|_| tally.new),
        resolved: resolved.as_ref().map(Vec::len),
        fail_on: settings.fail_on.as_str(),
        fail_on_new: settings.fail_on_new.map(FailOn::as_str),
    };
    let exit = exit_code(
        &tally,
        summary.skipped,
        settings.fail_on,
        settings.fail_on_new,
    );
    console.details(spool.note());
    match format {
        Format::Prometheus => {
            let families = families(
                &gathered.measured,
                &measured_server,
                &ended.skipped,
                started.elapsed(),
            );
            prometheus::write(output.path.as_deref(), &families)?;
        }
        Format::Table | Format::Html => {
            gathered.held.extend(late);
            let page = Page {
                generated_at: chrono::Utc::now(),
                server: connector.settings().server_list(),
                role: connector.settings().user.clone(),
                summary: &summary,
                audited: &gathered.audited,
                findings: &gathered.held,
                resolved: resolved.as_deref().unwrap_or_default(),
                skipped: &ended.skipped,
                ending: &gathered.ending,
            };
            match format {
                Format::Html => html::write(output.path.as_deref(), &page)?,
                _ => report_table::write(output.path.as_deref(), &page)?,
            }
        }
        Format::Json => {
            for reported in &late {
                document.get()?.row(&(), reported)?;
            }
            let members = Members {
                resolved: resolved
                    .as_ref()
                    .map(|rows| rows.iter().map(|r| row_object(&(), r)).collect()),
                summary,
                audited: gathered.audited,
            };
            document.finish(&ended.skipped, &members)?;
        }
        Format::Csv | Format::Jsonl => {
            for reported in late.iter().chain(resolved.iter().flatten()) {
                document.get()?.row(&(), reported)?;
            }
            let members = Members {
                resolved: None,
                summary,
                audited: gathered.audited,
            };
            document.finish(&ended.skipped, &members)?;
        }
    }
    Ok(exit)
}

/// Tries the database's passwords on every core until `deadline`, off the async runtime.
async fn weak_passwords(
    session: &Session,
    schema: &Schema,
    deadline: std::time::Instant,
    shown: bool,
) -> Result<Vec<(i32, String, crate::odoo::weak_passwords::Verdict)>, Failure> {
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
        users
            .into_iter()
            .zip(verdicts)
            .map(|(u, verdict)| (u.id, u.login, verdict))
            .collect()
    });
    tried
        .await
        .map_err(|e| Failure::new(Exit::Io, format!("the password tries stopped: {e}")))
}

/// Monitoring-plugin order: CRITICAL, then UNKNOWN (skipped), then WARNING, then OK. Waived
/// findings never count; with `--fail-on-new`, only new findings do.
fn exit_code(tally: &Tally, skipped: usize, fail_on: FailOn, fail_on_new: Option<FailOn>) -> Exit {
    let (critical, warning, fail_on) = match fail_on_new {
        Some(threshold) => (tally.new_critical, tally.new_warning, threshold),
        None => (tally.critical, tally.warning, fail_on),
    };
    if critical > 0 {
        Exit::Critical
    } else if skipped > 0 {
        Exit::Partial
    } else if warning > 0 && fail_on == FailOn::Warning {
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
    server: &ByFinding,
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
        for ((severity, finding, waived), n) in &audited.by_finding {
            findings.sample(
                &[
                    ("database", db),
                    ("severity", severity),
                    ("finding", finding),
                    ("waived", if *waived { "true" } else { "false" }),
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
    // The server's and the waivers' findings have no database.
    for ((severity, finding, waived), n) in server {
        findings.sample(
            &[
                ("database", ""),
                ("severity", severity),
                ("finding", finding),
                ("waived", if *waived { "true" } else { "false" }),
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
