//! `report --waivers FILE`: accepted exceptions, each with a reason, an owner and an end. A
//! waived finding stays in every output, marked, but does not count for the exit code; a
//! waiver past its end stops applying and is a finding itself (`waiver-expired`), and one that
//! matched nothing where it was looked for is one too (`waiver-unused`), so the file cannot
//! rot into a list of forgotten excuses.
//!
//! ```toml
//! [[waiver]]
//! check = "admin-password-rpc"     # a finding's name (report --list-checks)
//! object = "user:2:admin"          # an object id, a glob over object ids, or fingerprint:…
//! database = "prod*"               # optional: a glob over database names
//! reason = "break-glass account, password in the safe"
//! owner = "it-security@example.com"
//! expires = 2027-03-31             # at most 366 days ahead
//! ```

use super::{checks, About, Finding, FindingId, Severity};
use crate::error::Failure;
use chrono::NaiveDate;
use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// How far ahead a waiver may end: an exception is looked at again at least once a year.
const LONGEST: i64 = 366;

/// The file's entries, as checked before any database work.
pub struct Waivers {
    path: PathBuf,
    entries: Vec<Waiver>,
    /// The day the run judges ends by (UTC).
    today: NaiveDate,
}

/// What a waived finding carries into every output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Terms {
    pub reason: String,
    pub owner: String,
    pub expires: NaiveDate,
}

struct Waiver {
    line: usize,
    check: FindingId,
    object: Object,
    database: Option<GlobMatcher>,
    terms: Terms,
    used: AtomicBool,
}

/// What a waiver's `object` matches.
enum Object {
    Fingerprint(String),
    /// An object id: itself, or the ids its glob matches.
    Id {
        text: String,
        glob: Option<GlobMatcher>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    waiver: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    check: Option<String>,
    object: Option<String>,
    database: Option<String>,
    reason: Option<String>,
    owner: Option<String>,
    expires: Option<toml::Value>,
}

impl Waivers {
    /// Reads and checks `path`; any problem is exit 78 naming the file and the line.
    pub fn load(path: &Path, today: NaiveDate) -> Result<Waivers, Failure> {
        let text = crate::small_file::read(path).map_err(|e| {
            Failure::config(format!(
                "waiver file {}: {e} — give a readable file with --waivers",
                path.display()
            ))
        })?;
        let bad = |at: usize, why: String| {
            Failure::config(format!(
                "waiver file {}, line {}: {why} — fix the waiver (report --list-checks lists the checks; docs/COMMANDS.md, \"Living with the audit\")",
                path.display(),
                line_of(&text, at)
            ))
        };
        let file: File = toml::from_str(&text).map_err(|e| {
            bad(
                e.span().map_or(0, |s| s.start),
                crate::error::one_line(e.message()),
            )
        })?;
        let mut entries = Vec::new();
        for spanned in file.waiver {
            let at = spanned.span().start;
            let entry = spanned.into_inner();
            let required = |value: Option<String>, key: &str| {
                value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                    bad(
                        at,
                        format!("`{key}` is missing or empty: every waiver says {key}"),
                    )
                })
            };
            let name = required(entry.check, "check")?;
            let check =
                checks::named(&name).ok_or_else(|| bad(at, format!("unknown check `{name}`")))?;
            let object = object(&required(entry.object, "object")?).map_err(|why| bad(at, why))?;
            let database = entry
                .database
                .map(|d| glob(&d).map_err(|why| bad(at, format!("database: {why}"))))
                .transpose()?;
            let reason = required(entry.reason, "reason")?;
            let owner = required(entry.owner, "owner")?;
            let expires = match entry.expires {
                None => return Err(bad(at, "`expires` is missing: every waiver ends".into())),
                Some(value) => date(&value).ok_or_else(|| {
                    bad(at, "`expires` is not a date: write it as 2027-03-31".into())
                })?,
            };
            if (expires - today).num_days() > LONGEST {
                return Err(bad(
                    at,
                    format!("`expires` {expires} is more than {LONGEST} days ahead: a waiver is looked at again at least once a year"),
                ));
            }
            entries.push(Waiver {
                line: line_of(&text, at),
                check,
                object,
                database,
                terms: Terms {
                    reason,
                    owner,
                    expires,
                },
                used: AtomicBool::new(false),
            });
        }
        Ok(Waivers {
            path: path.to_path_buf(),
            entries,
            today,
        })
    }

    /// The terms of the first waiver in force that covers `finding` of `database` (empty for
    /// the server's findings), and records that it was used.
    pub fn judge(&self, database: &str, finding: &Finding, fingerprint: &str) -> Option<&Terms> {
        let waiver = self.entries.iter().find(|w| {
            w.terms.expires > self.today
                && w.check == finding.id
                && w.database.as_ref().is_none_or(|g| g.is_match(database))
                && match &w.object {
                    Object::Fingerprint(f) => f == fingerprint,
                    Object::Id { text, glob } => {
                        *text == finding.object_id
                            || glob
                                .as_ref()
                                .is_some_and(|g| g.is_match(&finding.object_id))
                    }
                }
        })?;
        waiver.used.store(true, Ordering::Relaxed);
        Some(&waiver.terms)
    }

    /// After the run: a warning for each waiver past its end, and a note for each one in
    /// force that matched nothing although the run audited a database it covers.
    pub fn findings(&self, audited: &[String]) -> Vec<Finding> {
        let mut found = Vec::new();
        for waiver in &self.entries {
            let about = About {
                object: format!("{}:{}", self.path.display(), waiver.line),
                object_id: format!("waiver:{}:{}", self.path.display(), waiver.line),
            };
            let what = format!(
                "the waiver of {} (\"{}\", {})",
                waiver.check.as_str(),
                waiver.terms.reason,
                waiver.terms.owner
            );
            let covered = audited
                .iter()
                .any(|d| waiver.database.as_ref().is_none_or(|g| g.is_match(d)));
            let (severity, id, detail) = if waiver.terms.expires <= self.today {
                (Severity::Warning, FindingId::WaiverExpired, format!("{what} ended on {}: what it waived counts again — fix it, or renew the waiver with a new end", waiver.terms.expires))
            } else if covered && !waiver.used.load(Ordering::Relaxed) {
                (Severity::Info, FindingId::WaiverUnused, format!("{what} matched no finding of the databases it covers — delete it, or correct its check, object or database"))
            } else {
                continue;
            };
            found.push(Finding::new(severity, id, about, detail));
        }
        found
    }
}

fn object(text: &str) -> Result<Object, String> {
    if let Some(fingerprint) = text.strip_prefix("fingerprint:") {
        return match fingerprint.len() == 16 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            true => Ok(Object::Fingerprint(fingerprint.to_ascii_lowercase())),
            false => Err(format!(
                "object `{text}`: a fingerprint is 16 hex digits, as report prints it"
            )),
        };
    }
    // An exact id may hold a character a glob reads as syntax (a login with `[`): it still
    // matches itself.
    Ok(Object::Id {
        text: text.to_string(),
        glob: glob(text).ok(),
    })
}

fn glob(pattern: &str) -> Result<GlobMatcher, String> {
    Glob::new(pattern)
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("`{pattern}` is not a glob: {}", e.kind()))
}

/// A TOML date (`2027-03-31`) or the same as a string.
fn date(value: &toml::Value) -> Option<NaiveDate> {
    match value {
        toml::Value::Datetime(dt) if dt.time.is_none() => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        toml::Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// The line (from 1) of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn load(text: &str) -> Result<Waivers, Failure> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("waivers.toml");
        std::fs::write(&path, text).unwrap();
        Waivers::load(&path, today())
    }

    fn finding(id: FindingId, object_id: &str) -> Finding {
        Finding {
            severity: Severity::Critical,
            id,
            object: "x".into(),
            object_id: object_id.into(),
            detail: "y".into(),
        }
    }

    const ADMIN: &str = "[[waiver]]\ncheck = \"admin-password-rpc\"\nobject = \"user:*:admin\"\ndatabase = \"prod*\"\nreason = \"break-glass\"\nowner = \"sec\"\nexpires = 2027-03-31\n";

    #[test]
    fn a_waiver_covers_its_check_objects_and_databases_only() {
        let w = load(ADMIN).unwrap();
        let admin = finding(FindingId::AdminPasswordRpc, "user:2:admin");
        let terms = w.judge("prod1", &admin, "0123456789abcdef").unwrap();
        assert_eq!(terms.expires.to_string(), "2027-03-31");
        assert!(w.judge("test", &admin, "0").is_none(), "another database");
        assert!(w
            .judge(
                "prod1",
                &finding(FindingId::AdminPasswordRpc, "user:3:bob"),
                "0"
            )
            .is_none());
        assert!(w
            .judge(
                "prod1",
                &finding(FindingId::OldPassword, "user:2:admin"),
                "0"
            )
            .is_none());
        assert!(w.findings(&["prod1".into()]).is_empty(), "used: no note");
    }

    #[test]
    fn a_fingerprint_matches_that_finding_only() {
        let w = load("[[waiver]]\ncheck = \"persistent-key\"\nobject = \"fingerprint:00112233AABBCCDD\"\nreason = \"r\"\nowner = \"o\"\nexpires = \"2027-01-01\"\n").unwrap();
        let key = finding(FindingId::PersistentKey, "key:odoo:4");
        assert!(w.judge("db", &key, "00112233aabbccdd").is_some());
        assert!(w.judge("db", &key, "00112233aabbccde").is_none());
    }

    #[test]
    fn an_ended_waiver_applies_no_more_and_says_so_and_an_unused_one_is_noted() {
        let ended = ADMIN.replace("2027-03-31", "2026-12-07");
        let w = load(&ended).unwrap();
        let admin = finding(FindingId::AdminPasswordRpc, "user:2:admin");
        assert!(w.judge("prod1", &admin, "0").is_none(), "ends on its date");
        let said = w.findings(&["prod1".into()]);
        assert_eq!(
            (said[0].id, said[0].severity),
            (FindingId::WaiverExpired, Severity::Warning)
        );
        assert!(
            said[0].object_id.ends_with("waivers.toml:1"),
            "{}",
            said[0].object_id
        );
        let w = load(ADMIN).unwrap();
        assert!(
            w.findings(&["test".into()]).is_empty(),
            "no database it covers was audited"
        );
        let said = w.findings(&["test".into(), "prod2".into()]);
        assert_eq!(
            (said[0].id, said[0].severity),
            (FindingId::WaiverUnused, Severity::Info)
        );
    }

    #[test]
    fn bad_files_are_config_errors_naming_the_line() {
        for (text, line, why) in [
            (
                ADMIN.replace("admin-password-rpc", "admin-pass"),
                1,
                "unknown check",
            ),
            (
                ADMIN.replace("reason = \"break-glass\"\n", ""),
                1,
                "`reason`",
            ),
            (
                ADMIN.replace("owner = \"sec\"\n", "owner = \" \"\n"),
                1,
                "`owner`",
            ),
            (
                ADMIN.replace("expires = 2027-03-31\n", ""),
                1,
                "`expires` is missing",
            ),
            (
                ADMIN.replace("2027-03-31", "2028-01-01"),
                1,
                "more than 366 days",
            ),
            (ADMIN.replace("2027-03-31", "\"soon\""), 1, "not a date"),
            (
                format!("{ADMIN}\n[[waiver]]\ncheck = \"old-key\"\n"),
                9,
                "`object`",
            ),
            (format!("{ADMIN}colour = 1\n"), 8, "colour"),
            ("[[waiver]\n".to_string(), 1, ""),
            (
                ADMIN.replace("user:*:admin", "fingerprint:abc"),
                1,
                "16 hex digits",
            ),
        ] {
            let err = load(&text)
                .err()
                .unwrap_or_else(|| panic!("accepted: {text}"));
            assert_eq!(err.exit, Exit::Config, "{text}");
            assert!(
                err.message.contains(&format!("line {line}:")),
                "{}",
                err.message
            );
            assert!(err.message.contains(why), "{}", err.message);
        }
        assert_eq!(load("").unwrap().entries.len(), 0);
    }
}
