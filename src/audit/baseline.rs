//! `report --baseline FILE`: an earlier `report --format json`, to tell what is new tonight
//! and what was fixed since. Findings are matched by fingerprint; a finding of the baseline
//! that is gone is resolved only where its database was audited in both runs — a database
//! skipped tonight is not "resolved".

use super::{checks, Finding, Reported, Severity};
use crate::error::Failure;
use serde::Deserialize;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

/// A report of 300 databases is a few MiB; far above it, the file is not a report.
const LIMIT: u64 = 256 << 20;

/// Where a finding stands against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Unchanged,
    /// In the baseline, gone now.
    Resolved,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Unchanged => "unchanged",
            Change::Resolved => "resolved",
        }
    }
}

pub struct Baseline {
    fingerprints: HashSet<String>,
    findings: Vec<Reported>,
    /// The databases that run audited ("" for the server's config, where it read one).
    audited: HashSet<String>,
}

#[derive(Deserialize)]
struct Document {
    schema_version: Option<i64>,
    command: Option<String>,
    findings: Option<Vec<Row>>,
    /// Written since fingerprints exist; older reports name their databases in findings.
    audited: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Row {
    database: String,
    severity: String,
    finding: String,
    object: String,
    object_id: Option<String>,
    fingerprint: Option<String>,
    detail: String,
}

impl Baseline {
    /// Reads an earlier report; anything else is exit 78 naming the file and the fix.
    pub fn load(path: &Path) -> Result<Baseline, Failure> {
        let bad = |why: String| {
            Failure::config(format!(
                "baseline {}: {why} — give the JSON of an earlier `odoo-access report --format json` with --baseline",
                path.display()
            ))
        };
        // A FIFO or a device would block or never end: only a regular file is read.
        let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
        if !meta.is_file() {
            return Err(bad("not a regular file".into()));
        }
        // Read whole, then parsed: serde_json parses a slice several times faster than a
        // reader, and a report of 300 databases is about 10 MiB.
        let mut bytes = Vec::with_capacity(meta.len().min(LIMIT) as usize);
        std::fs::File::open(path)
            .and_then(|file| file.take(LIMIT).read_to_end(&mut bytes))
            .map_err(|e| bad(e.to_string()))?;
        let doc: Document = serde_json::from_slice(&bytes)
            .map_err(|e| bad(format!("not a report's JSON ({e})")))?;
        if doc.schema_version != Some(1) {
            return Err(bad(format!(
                "schema_version {} is not the 1 this odoo-access reads",
                doc.schema_version
                    .map_or("(none)".to_string(), |v| v.to_string())
            )));
        }
        if doc.command.as_deref() != Some("report") {
            return Err(bad("not a report".into()));
        }
        let rows = doc
            .findings
            .ok_or_else(|| bad("it holds no findings".into()))?;
        let mut findings = Vec::with_capacity(rows.len());
        for row in rows {
            let (Some(object_id), Some(fingerprint)) = (row.object_id, row.fingerprint) else {
                return Err(bad("its findings have no fingerprints (made by an older odoo-access): make a new baseline".into()));
            };
            let id = checks::named(&row.finding)
                .ok_or_else(|| bad(format!("unknown check `{}`", row.finding)))?;
            let severity = match row.severity.as_str() {
                "critical" => Severity::Critical,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                other => return Err(bad(format!("unknown severity `{other}`"))),
            };
            findings.push(Reported {
                database: row.database,
                finding: Finding {
                    severity,
                    id,
                    object: row.object,
                    object_id,
                    detail: row.detail,
                },
                fingerprint,
                change: Some(Change::Resolved),
                waived: None,
            });
        }
        let audited = match doc.audited {
            Some(names) => names.into_iter().collect(),
            None => findings.iter().map(|f| f.database.clone()).collect(),
        };
        Ok(Baseline {
            fingerprints: findings.iter().map(|f| f.fingerprint.clone()).collect(),
            findings,
            audited,
        })
    }

    pub fn change(&self, fingerprint: &str) -> Change {
        match self.fingerprints.contains(fingerprint) {
            true => Change::Unchanged,
            false => Change::New,
        }
    }

    /// The baseline's findings not `seen` tonight, of databases audited in both runs.
    pub fn resolved(&self, seen: &HashSet<String>, audited: &HashSet<String>) -> Vec<Reported> {
        let both: HashSet<&String> = self.audited.intersection(audited).collect();
        self.findings
            .iter()
            .filter(|f| both.contains(&f.database) && !seen.contains(&f.fingerprint))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    fn load(text: &str) -> Result<Baseline, Failure> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("last.json");
        std::fs::write(&path, text).unwrap();
        Baseline::load(&path)
    }

    #[test]
    fn what_is_not_a_report_of_this_schema_is_a_config_error() {
        for (text, why) in [
            ("{", "not a report's JSON"),
            (
                r#"{"schema_version":2,"command":"report","findings":[]}"#,
                "schema_version 2",
            ),
            (
                r#"{"schema_version":1,"command":"keys","rows":[]}"#,
                "not a report",
            ),
            (
                r#"{"schema_version":1,"command":"report","findings":[{"database":"a","severity":"info","finding":"totals","object":"a","detail":""}]}"#,
                "no fingerprints",
            ),
        ] {
            let err = load(text).err().unwrap();
            assert_eq!(err.exit, Exit::Config);
            assert!(err.message.contains(why), "{}", err.message);
        }
        let dir = tempfile::tempdir().unwrap();
        assert!(Baseline::load(dir.path()).is_err(), "a directory");
    }

    #[test]
    fn resolved_only_where_both_runs_audited_the_database() {
        let b = load(r##"{"schema_version":1,"command":"report","audited":["a","b"],"findings":[
            {"database":"a","severity":"warning","finding":"old-key","object":"#1","object_id":"key:odoo:1","fingerprint":"1111111111111111","detail":""},
            {"database":"b","severity":"warning","finding":"old-key","object":"#2","object_id":"key:odoo:2","fingerprint":"2222222222222222","detail":""}]}"##).unwrap();
        assert_eq!(b.change("1111111111111111"), Change::Unchanged);
        assert_eq!(b.change("3333333333333333"), Change::New);
        let now: HashSet<String> = ["a".to_string()].into();
        let gone = b.resolved(&HashSet::new(), &now);
        assert_eq!(gone.len(), 1, "b was not audited tonight");
        assert_eq!(gone[0].finding.object_id, "key:odoo:1");
    }
}
