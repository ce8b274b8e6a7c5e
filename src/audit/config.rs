//! `report`'s thresholds from a TOML file (`--config FILE`, else `/etc/odoo-access.toml` when
//! it exists). Flags beat the file; the file beats the defaults.
//!
//! ```toml
//! max_age = "90d"      # a key older than this is a warning
//! warn_within = "14d"  # a key expiring within this is a warning
//! stale = "90d"        # an internal user with keys and no login for this long is a warning
//! fail_on = "warning"  # or "critical": the lowest severity that makes the exit code non-zero
//! waivers = "waivers.toml"  # report --waivers; a relative path is the config file's sibling
//! ```

use crate::error::Failure;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

const SYSTEM_CONFIG: &str = "/etc/odoo-access.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Warning,
    /// Monitoring's default: only critical findings make the exit code non-zero.
    #[default]
    Critical,
}

impl FailOn {
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Warning => "warning",
            FailOn::Critical => "critical",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    max_age: Option<String>,
    warn_within: Option<String>,
    stale: Option<String>,
    max_password_age: Option<String>,
    fail_on: Option<FailOn>,
    waivers: Option<PathBuf>,
}

/// The settings a config file gives; `None` where it says nothing.
#[derive(Debug, Default)]
pub struct ReportConfig {
    pub path: Option<PathBuf>,
    pub max_age: Option<Duration>,
    pub warn_within: Option<Duration>,
    pub stale: Option<Duration>,
    pub max_password_age: Option<Duration>,
    pub fail_on: Option<FailOn>,
    /// The waiver file, relative paths taken from the config file's directory.
    pub waivers: Option<PathBuf>,
}

impl ReportConfig {
    /// Reads `explicit`, or the system file if there is one. Any problem is exit 78.
    pub fn load(explicit: Option<&Path>) -> Result<ReportConfig, Failure> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None if Path::new(SYSTEM_CONFIG).is_file() => PathBuf::from(SYSTEM_CONFIG),
            None => return Ok(ReportConfig::default()),
        };
        let bad = |why: String| {
            Failure::config(format!(
                "config file {} is not usable: {why} — fix it (keys: max_age, warn_within, stale, max_password_age, fail_on, waivers) or pass another with --config",
                path.display()
            ))
        };
        let text = crate::small_file::read(&path).map_err(|e| bad(e.to_string()))?;
        let file: File =
            toml::from_str(&text).map_err(|e| bad(crate::error::one_line(e.message())))?;
        let duration = |key: &str, value: Option<String>| -> Result<Option<Duration>, Failure> {
            value
                .map(|v| crate::duration::parse(&v).map_err(|why| bad(format!("{key}: {why}"))))
                .transpose()
        };
        Ok(ReportConfig {
            max_age: duration("max_age", file.max_age)?,
            warn_within: duration("warn_within", file.warn_within)?,
            stale: duration("stale", file.stale)?,
            max_password_age: duration("max_password_age", file.max_password_age)?,
            fail_on: file.fail_on,
            waivers: file
                .waivers
                .map(|w| path.parent().unwrap_or(Path::new("")).join(w)),
            path: Some(path),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<ReportConfig, Failure> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odoo-access.toml");
        std::fs::write(&path, text).unwrap();
        ReportConfig::load(Some(&path))
    }

    #[test]
    fn thresholds_and_fail_on_are_read() {
        let c = load("max_age = \"30d\"\nfail_on = \"warning\"\n").unwrap();
        assert_eq!(c.max_age, Some(Duration::from_secs(30 * 86_400)));
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert!(c.stale.is_none());
        let c = load("waivers = \"w.toml\"\n").unwrap();
        let beside = c.path.unwrap().parent().unwrap().join("w.toml");
        assert_eq!(c.waivers, Some(beside));
    }

    /// Without --config the system file is read when it exists. Tried only where the test
    /// may create it and nobody has one: it holds the defaults, so that nothing else that
    /// runs meanwhile changes behaviour.
    #[test]
    fn the_system_file_is_read_when_it_exists() {
        let system = Path::new(SYSTEM_CONFIG);
        if system.exists() || std::fs::write(system, "fail_on = \"critical\"\n").is_err() {
            eprintln!("skipped: {SYSTEM_CONFIG} exists or cannot be created here");
            return;
        }
        let loaded = ReportConfig::load(None);
        std::fs::remove_file(system).unwrap();
        let loaded = loaded.unwrap();
        assert_eq!(loaded.path.as_deref(), Some(system));
        assert_eq!(loaded.fail_on, Some(FailOn::Critical));
        assert!(
            ReportConfig::load(None).unwrap().path.is_none(),
            "gone again"
        );
    }

    #[test]
    fn bad_files_are_config_errors() {
        for text in [
            "max_age = 30",
            "max_age = \"30\"",
            "colour = \"red\"",
            "fail_on = \"info\"",
            "[[[",
        ] {
            let err = load(text).unwrap_err();
            assert_eq!(err.exit, crate::error::Exit::Config, "{text}");
        }
        assert!(ReportConfig::load(Some(Path::new("/nonexistent.toml"))).is_err());
    }
}
