//! libpq's connection service file (`pg_service.conf`), written here because no maintained
//! crate reads it: INI-style groups, `[name]` then `key=value` lines, `#` comments. The service
//! named by `service=` (in `-d` or `--url`) or `PGSERVICE` is looked for in the user's file
//! (`PGSERVICEFILE`, else `~/.pg_service.conf`), and only where that has no such group in the
//! system's (`PGSYSCONFDIR/pg_service.conf`, else Debian's
//! `/etc/postgresql-common/pg_service.conf`), as libpq does.

use crate::error::Failure;
use std::path::{Path, PathBuf};

/// The connection settings a service file may hold (libpq knows more; odoo-access refuses
/// those rather than ignore what the admin asked for).
pub const KEYS: &[&str] = &[
    "host",
    "port",
    "dbname",
    "user",
    "password",
    "sslmode",
    "sslrootcert",
    "channel_binding",
    "target_session_attrs",
    "connect_timeout",
];

/// One service's settings and the file they come from.
#[derive(Debug)]
pub struct Service {
    pub file: PathBuf,
    pub settings: Vec<(String, String)>,
}

/// Finds service `name` in the first of `files` that defines it; a missing file is passed
/// over, an unreadable or malformed one is an error (exit 78), as is a service no file has.
pub fn find(name: &str, files: &[PathBuf]) -> Result<Service, Failure> {
    for file in files {
        let text = match crate::small_file::read(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(Failure::config(format!(
                "cannot read the service file {}: {e} — fix its permissions or set PGSERVICEFILE",
                file.display()
            )))
            }
        };
        if let Some(settings) = group(&text, name, file)? {
            return Ok(Service {
                file: file.clone(),
                settings,
            });
        }
    }
    let looked: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Err(Failure::config(format!(
        "definition of service \"{name}\" not found (looked in {}) — add a [{name}] section, or fix PGSERVICE / service=",
        looked.join(", ")
    )))
}

/// The settings of group `name`, `None` when the file has no such group.
fn group(text: &str, name: &str, file: &Path) -> Result<Option<Vec<(String, String)>>, Failure> {
    let mut current: Option<&str> = None;
    let mut found = None;
    for (number, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| {
            Failure::config(format!(
                "service file {} line {}: {why} — fix the file",
                file.display(),
                number + 1
            ))
        };
        if let Some(section) = line.strip_prefix('[') {
            let section = section
                .strip_suffix(']')
                .ok_or_else(|| bad("no closing ]"))?;
            if found.is_some() {
                break; // the group wanted is complete
            }
            current = Some(section.trim());
            if current == Some(name) {
                found = Some(Vec::new());
            }
            continue;
        }
        if current != Some(name) {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| bad("a line that is neither [service] nor key=value"))?;
        let key = key.trim();
        if !KEYS.contains(&key) {
            // The value is never quoted: it may be a password.
            return Err(bad(&format!(
                "'{key}' is not a setting odoo-access takes from a service file ({})",
                KEYS.join(", ")
            )));
        }
        if let Some(settings) = found.as_mut() {
            settings.push((key.to_string(), value.trim().to_string()));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn the_first_file_that_defines_the_service_wins() {
        let dir = tempfile::tempdir().unwrap();
        let user = file(
            dir.path(),
            "user.conf",
            "# mine\n[other]\nhost=nowhere\n\n[odoo]\nhost = db.internal\n\n# the pooler\nport=6432\n[last]\nhost=x\n",
        );
        let system = file(
            dir.path(),
            "system.conf",
            "[odoo]\nhost=system\n[only]\nuser=odoo\n",
        );
        let missing = dir.path().join("missing.conf");
        let odoo = find("odoo", &[missing.clone(), user.clone(), system.clone()]).unwrap();
        assert_eq!(odoo.file, user);
        assert_eq!(
            odoo.settings,
            [
                ("host".to_string(), "db.internal".to_string()),
                ("port".to_string(), "6432".to_string())
            ]
        );
        let only = find("only", &[user.clone(), system.clone()]).unwrap();
        assert_eq!(only.file, system);
        let err = find("nope", &[user, system]).unwrap_err();
        assert_eq!(err.exit, crate::error::Exit::Config);
        assert!(err
            .message
            .contains("definition of service \"nope\" not found"));
    }

    #[test]
    fn a_file_that_exists_but_cannot_be_read_is_an_error_not_skipped() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be: it exists, and reading it fails.
        let err = find("odoo", &[dir.path().to_path_buf()]).unwrap_err();
        assert_eq!(err.exit, crate::error::Exit::Config);
        assert!(
            err.message.contains("cannot read the service file"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_settings_and_broken_lines_are_refused_without_their_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path(), "s.conf", "[odoo]\nhost=h\npasword=Secret123\n");
        let err = find("odoo", &[path]).unwrap_err();
        assert!(err.message.contains("line 3") && err.message.contains("'pasword'"));
        assert!(!err.message.contains("Secret123"));
        let path = file(dir.path(), "t.conf", "[odoo\nhost=h\n");
        assert!(find("odoo", &[path])
            .unwrap_err()
            .message
            .contains("no closing ]"));
    }
}
