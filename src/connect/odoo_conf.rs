//! Odoo's own configuration file (`odoo.conf`, `~/.odoorc`), read the way Odoo reads it.
//!
//! Odoo uses Python's `RawConfigParser`: `#`/`;` start a comment only at the beginning of a
//! line (a `#` inside a value is part of it, e.g. in `db_password`), `=` and `:` both separate
//! key and value (the first one wins), indented lines continue a value, keys are
//! case-insensitive, and the strings `False`/`false` mean "unset". An empty value is unset too
//! (Odoo's `connection_info_for` skips falsy values). The `configparser` crate does the parsing
//! with inline comments off and multi-line values on; only Odoo's own conventions are here.

use crate::error::Failure;
use crate::secret::Secret;
use configparser::ini::Ini;
use std::path::{Path, PathBuf};

/// The `[options]` of an Odoo config file that matter for reaching its database.
#[derive(Debug, Default, Clone)]
pub struct OdooConf {
    pub path: PathBuf,
    /// `db_host`; `None` when unset or `False` (Odoo then uses the local socket).
    pub db_host: Option<String>,
    pub db_port: Option<u16>,
    pub db_user: Option<String>,
    pub db_password: Option<Secret>,
    pub db_sslmode: Option<String>,
    /// `db_name`: one database, or a comma-separated list since Odoo 17.
    pub db_name: Option<String>,
    pub dbfilter: Option<String>,
    /// `list_db`; Odoo's default is true.
    pub list_db: Option<bool>,
    /// What `admin_passwd` (the master password) is like; its value is not kept.
    pub master_password: MasterPassword,
    /// `log_level = debug_sql`: every query is logged with its parameters.
    pub logs_sql: bool,
    /// OCA `auth_admin_passkey`'s `auth_admin_passkey_password`: one password that logs in
    /// as any user; its value is not kept.
    pub admin_passkey: AdminPasskey,
    /// `auth_admin_passkey_ignore_totp`: that password also skips the TOTP step.
    pub admin_passkey_skips_totp: bool,
    /// The file's permission bits, where it was read from disk.
    pub mode: Option<u32>,
}

/// The master password that guards creating, copying, dumping and dropping databases, as the
/// config holds it. Odoo's default, when it is not set, is `admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MasterPassword {
    /// Not set: Odoo uses `admin`.
    #[default]
    Unset,
    /// Set to `admin`.
    Admin,
    /// A passlib hash, as Odoo writes it when the password is changed in its database manager.
    Hashed,
    /// Any other value: the password itself, in clear.
    Clear,
}

/// OCA `auth_admin_passkey`'s password, as the config holds it: the module compares a login's
/// password with it, or, with `auth_admin_passkey_password_sha512_encrypted = True`, the
/// password's unsalted SHA-512 hex digest (OCA/server-auth `auth_admin_passkey/models/
/// res_users.py`, `_check_credentials`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AdminPasskey {
    #[default]
    Unset,
    Hashed,
    Clear,
}

impl OdooConf {
    /// Whether the file holds a secret: a database password, a master password or an admin
    /// passkey.
    pub fn holds_secrets(&self) -> bool {
        self.db_password.is_some()
            || self.admin_passkey != AdminPasskey::Unset
            || matches!(
                self.master_password,
                MasterPassword::Hashed | MasterPassword::Clear
            )
    }
}

impl OdooConf {
    /// Reads and interprets `path`; every problem is a configuration failure (exit 78) that
    /// names the file and never echoes a value (it may be a password).
    pub fn load(path: &Path) -> Result<OdooConf, Failure> {
        let text = crate::small_file::read(path).map_err(|e| {
            Failure::config(format!(
                "cannot read Odoo config file {}: {e} — check the path given to --odoo-conf (or ODOO_RC) and its permissions",
                path.display()
            ))
        })?;
        let mut conf = Self::parse(path, &text)?;
        use std::os::unix::fs::PermissionsExt;
        conf.mode = std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777);
        Ok(conf)
    }

    pub fn parse(path: &Path, text: &str) -> Result<OdooConf, Failure> {
        let bad = |why: String| {
            Failure::config(format!(
                "Odoo config file {} is malformed: {why} — fix the file (Odoo itself would refuse it) or pass another with --odoo-conf",
                path.display()
            ))
        };
        let mut defaults = Ini::new().defaults();
        defaults.enable_inline_comments = false;
        defaults.multiline = true;
        defaults.delimiters = vec!['=', ':'];
        defaults.comment_symbols = vec!['#', ';'];
        let mut ini = Ini::new_from_defaults(defaults);
        // Messages name a line by its number only: a line may be part of a password.
        if let Some(why) = refused_by_odoo(text) {
            return Err(bad(why));
        }
        let map = ini
            .read(text.to_string())
            .map_err(|_| bad("it cannot be read as an INI file".into()))?;
        let options = map
            .get("options")
            .ok_or_else(|| bad("it has no [options] section".into()))?;
        let get = |key: &str| -> Option<String> {
            options
                .get(key)
                .cloned()
                .flatten()
                .filter(|v| !v.is_empty() && v != "False" && v != "false")
        };
        let db_port = match get("db_port") {
            None => None,
            Some(port) => Some(
                port.parse::<u16>()
                    .map_err(|_| bad("db_port is not a port number".into()))?,
            ),
        };
        let list_db = match get("list_db") {
            None if options.contains_key("list_db") => Some(false),
            None => None,
            Some(v) if v == "True" || v == "true" => Some(true),
            Some(_) => return Err(bad("list_db is neither True nor False".into())),
        };
        Ok(OdooConf {
            path: path.to_path_buf(),
            db_host: get("db_host"),
            db_port,
            db_user: get("db_user"),
            db_password: get("db_password").map(Secret::new),
            db_sslmode: get("db_sslmode"),
            db_name: get("db_name"),
            dbfilter: get("dbfilter"),
            list_db,
            master_password: match get("admin_passwd").as_deref() {
                None => MasterPassword::Unset,
                Some("admin") => MasterPassword::Admin,
                Some(v) if v.starts_with("$pbkdf2-sha512$") => MasterPassword::Hashed,
                Some(_) => MasterPassword::Clear,
            },
            logs_sql: get("log_level").as_deref() == Some("debug_sql"),
            // Odoo's config reads True/true as a boolean, and the module takes any truth.
            admin_passkey: match (
                get("auth_admin_passkey_password"),
                get("auth_admin_passkey_password_sha512_encrypted"),
            ) {
                (None, _) => AdminPasskey::Unset,
                (Some(_), Some(_)) => AdminPasskey::Hashed,
                (Some(_), None) => AdminPasskey::Clear,
            },
            admin_passkey_skips_totp: get("auth_admin_passkey_ignore_totp").is_some(),
            mode: None,
        })
    }
}

/// What Python's strict `RawConfigParser` (Odoo's parser) would refuse, by line number: a
/// line that is neither blank, a comment, a section header, a continuation (indented) nor a
/// `key = value` / `key: value` line; a section given twice; a key given twice in a section
/// (keys compare in lower case, as Odoo's parser folds them). Keys and sections are named,
/// never a value.
fn refused_by_odoo(text: &str) -> Option<String> {
    let mut sections: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || line.starts_with([' ', '\t']) || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if let Some(header) = trimmed.strip_prefix('[') {
            let name = header.split(']').next().unwrap_or(header).to_string();
            if sections.contains(&name) {
                return Some(format!(
                    "line {number} opens section [{name}] a second time"
                ));
            }
            sections.push(name);
            keys.clear();
            continue;
        }
        let Some(at) = trimmed.find(['=', ':']) else {
            return Some(format!("line {number} has no '=' or ':'"));
        };
        let key = trimmed[..at].trim().to_lowercase();
        if keys.contains(&key) {
            return Some(format!(
                "line {number} sets '{key}' a second time in its section"
            ));
        }
        keys.push(key);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<OdooConf, Failure> {
        OdooConf::parse(Path::new("/etc/odoo/odoo.conf"), text)
    }

    #[test]
    fn hash_semicolon_and_equals_stay_in_the_password() {
        let conf = parse("[options]\ndb_password = p#ss;w=rd:x  \n").unwrap();
        assert_eq!(conf.db_password.unwrap().expose(), "p#ss;w=rd:x");
    }

    #[test]
    fn false_and_empty_values_are_unset() {
        let conf = parse(
            "[options]\ndb_host = False\ndb_port = false\ndb_user =\ndb_password = False\nlist_db = False\n",
        )
        .unwrap();
        assert!(conf.db_host.is_none() && conf.db_port.is_none() && conf.db_user.is_none());
        assert!(conf.db_password.is_none());
        assert_eq!(conf.list_db, Some(false));
    }

    #[test]
    fn list_db_is_read_as_odoo_reads_it() {
        assert_eq!(
            parse("[options]\nlist_db = True\n").unwrap().list_db,
            Some(true)
        );
        assert_eq!(
            parse("[options]\nlist_db = true\n").unwrap().list_db,
            Some(true)
        );
        assert_eq!(
            parse("[options]\nlist_db = False\n").unwrap().list_db,
            Some(false)
        );
        assert_eq!(
            parse("[options]\nlist_db =\n").unwrap().list_db,
            Some(false)
        );
        // Not set at all: Odoo's default (true), which the caller decides, not "false".
        assert_eq!(parse("[options]\ndb_user = odoo\n").unwrap().list_db, None);
    }

    #[test]
    fn the_admin_passkey_is_told_apart_in_clear_hashed_or_unset() {
        let conf = parse("[options]\nauth_admin_passkey_password = opensesame\n").unwrap();
        assert_eq!(conf.admin_passkey, AdminPasskey::Clear);
        assert!(conf.holds_secrets() && !conf.admin_passkey_skips_totp);
        let conf = parse("[options]\nauth_admin_passkey_password = 3f2a\nauth_admin_passkey_password_sha512_encrypted = True\nauth_admin_passkey_ignore_totp = True\n").unwrap();
        assert_eq!(conf.admin_passkey, AdminPasskey::Hashed);
        assert!(conf.admin_passkey_skips_totp);
        let conf = parse("[options]\nauth_admin_passkey_password = False\nauth_admin_passkey_ignore_totp = False\n").unwrap();
        assert_eq!(conf.admin_passkey, AdminPasskey::Unset);
        assert!(!conf.admin_passkey_skips_totp && !conf.holds_secrets());
        assert!(!format!("{conf:?}").contains("opensesame"));
    }

    #[test]
    fn comments_continuations_and_case() {
        let conf = parse(
            "; Odoo\n[options]\n# the addons\naddons_path = /opt/odoo/addons,\n    /opt/extra\nDB_HOST = db.internal\ndb_port: 5433\ndb_user = odoo\ndbfilter = ^%d$\n[other]\nx = 1\n",
        )
        .unwrap();
        assert_eq!(conf.db_host.as_deref(), Some("db.internal"));
        assert_eq!(conf.db_port, Some(5433));
        assert_eq!(conf.db_user.as_deref(), Some("odoo"));
        assert_eq!(conf.dbfilter.as_deref(), Some("^%d$"));
    }

    #[test]
    fn malformed_files_are_config_failures_that_hide_values() {
        for text in [
            "db_host = x\n",
            "[options]\ndb_port = fifty\n",
            "[options]\njust a line\n",
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.exit, crate::error::Exit::Config, "{text}");
        }
        let err = parse("[options]\ndb_password = s3cret\nlist_db = maybe\n").unwrap_err();
        assert!(!err.message.contains("s3cret"));
        // A password that went on a line of its own (a botched continuation) is not echoed.
        let err = parse("[options]\ndb_user = odoo\nTh1s-Is-The-Password\n").unwrap_err();
        assert!(!err.message.contains("Th1s-Is"), "{}", err.message);
        assert!(err.message.contains("line 3"), "{}", err.message);
        // Python's strict parser refuses what is given twice (Odoo would not start).
        let err = parse("[options]\ndb_user = odoo\nDB_USER = other\n").unwrap_err();
        assert!(
            err.message.contains("line 3") && err.message.contains("db_user"),
            "{}",
            err.message
        );
        let err = parse("[options]\ndb_user = odoo\n[options]\ndb_port = 5432\n").unwrap_err();
        assert!(err.message.contains("line 3"), "{}", err.message);
        // The same key in two sections is fine.
        assert!(parse("[options]\ndb_user = odoo\n[queue_job]\ndb_user = x\n").is_ok());
    }
}
