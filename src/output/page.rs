//! A whole report as people read it — grouped at a terminal (src/output/report_table.rs) or
//! as one page for an auditor (src/output/html.rs): what both are made from.

use super::Skipped;
use crate::audit::{Reported, Severity};
use crate::commands::report::Summary;
use chrono::{DateTime, Utc};

pub struct Page<'a> {
    pub generated_at: DateTime<Utc>,
    /// The server(s) connected to, as `host:port`.
    pub server: String,
    /// The PostgreSQL role the audit ran as.
    pub role: String,
    pub summary: &'a Summary,
    /// The databases audited, in the order they were ("" for the server's config).
    pub audited: &'a [String],
    /// Every finding, database by database; the run's own (database "") last.
    pub findings: &'a [Reported],
    /// With `--baseline`: the baseline's findings gone since.
    pub resolved: &'a [Reported],
    pub skipped: &'a [Skipped],
    /// The ends of keys that end within the timeline's days, every database's.
    pub ending: &'a [DateTime<Utc>],
}

/// Findings that share a database and a check: shown together, the why and the fix once.
pub struct Group<'a> {
    pub database: &'a str,
    pub severity: Severity,
    pub items: Vec<&'a Reported>,
}

impl Page<'_> {
    /// The findings grouped by database (in the run's order) and check, worst first; a
    /// check whose findings differ in severity makes one group per severity.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut groups: Vec<Group> = Vec::new();
        let mut start = 0;
        while start < self.findings.len() {
            let database = self.findings[start].database.as_str();
            let end = start
                + self.findings[start..]
                    .iter()
                    .take_while(|f| f.database == database)
                    .count();
            let mut of_database: Vec<&Reported> = self.findings[start..end].iter().collect();
            of_database.sort_by_key(|f| (f.finding.severity, f.finding.id.as_str()));
            for reported in of_database {
                match groups.last_mut() {
                    Some(g)
                        if g.database == database
                            && g.severity == reported.finding.severity
                            && g.items[0].finding.id == reported.finding.id =>
                    {
                        g.items.push(reported)
                    }
                    _ => groups.push(Group {
                        database,
                        severity: reported.finding.severity,
                        items: vec![reported],
                    }),
                }
            }
            start = end;
        }
        groups
    }
}

/// An object as short as it is clear: `#2 admin` for a user, a key as `#4 name (owner)`, a
/// database or a file by its name.
pub fn compact(reported: &Reported) -> String {
    let finding = &reported.finding;
    match finding.object_id.split_once(':') {
        Some(("user", rest)) => match rest.split_once(':') {
            Some((id, login)) => format!("#{id} {login}"),
            None => finding.object.clone(),
        },
        _ => finding.object.clone(),
    }
}
