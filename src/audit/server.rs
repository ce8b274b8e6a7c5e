//! Findings about the Odoo server around the databases, from its config file (the one found
//! or given to connect): what an attacker tries before any login. No value of the file is
//! ever put in a finding.
//!
//! What Odoo does with these settings (odoo/tools/config.py, odoo/service/db.py): the master
//! password (`admin_passwd`, default `admin`) is what the `db` service asks for to create,
//! duplicate, dump (back up: every password hash and document) and drop databases, over
//! XML-RPC as in the database manager — `list_db = False` only hides the manager and the
//! list, the dump and drop calls still take the password; `dbfilter` decides which
//! databases a request may pick; `log_level = debug_sql` logs every query with its
//! parameters.

use super::{About, Finding, FindingId, Severity};
use crate::connect::odoo_conf::{AdminPasskey, MasterPassword, OdooConf};

/// The findings of `conf`. `other_databases`: the server's role owns other databases than
/// the audited one(s), so a client may pick among them where no dbfilter narrows it.
pub fn findings(conf: &OdooConf, other_databases: bool) -> Vec<Finding> {
    let file = conf.path.display().to_string();
    let mut found = Vec::new();
    let mut add = |severity, id, detail: String| {
        found.push(Finding::new(severity, id, About::server(&file), detail))
    };
    match conf.master_password {
        MasterPassword::Unset | MasterPassword::Admin => add(
            Severity::Critical,
            FindingId::MasterPasswordWeak,
            "the master password is Odoo's default, 'admin' (admin_passwd is unset or admin): whoever reaches the server can dump (with every password hash), drop or duplicate any database over /web/database or XML-RPC's db service, list_db = False or not — set a long random admin_passwd".into(),
        ),
        MasterPassword::Clear => add(
            Severity::Warning,
            FindingId::MasterPasswordInClear,
            "admin_passwd is stored in clear: whoever reads the file has the master password — change it in Odoo's database manager, which stores a pbkdf2 hash instead".into(),
        ),
        MasterPassword::Hashed => {}
    }
    if conf.list_db != Some(false) {
        add(
            Severity::Warning,
            FindingId::DatabaseManagerListed,
            "list_db is on (Odoo's default): /web/database/manager lists every database and offers to dump, drop and create them — set list_db = False on a production server".into(),
        );
    }
    let single_db_name = conf
        .db_name
        .as_deref()
        .is_some_and(|names| !names.contains(','));
    if other_databases && conf.dbfilter.is_none() && !single_db_name {
        add(
            Severity::Warning,
            FindingId::NoDbfilter,
            "the server's role owns several databases and no dbfilter narrows them: any client may pick any of them, and on 17 and 18 a revoked key is accepted once more per worker — set dbfilter (e.g. ^%d$ with one host name per database)".into(),
        );
    }
    if conf.mode.is_some_and(|mode| mode & 0o044 != 0) && conf.holds_secrets() {
        add(
            Severity::Critical,
            FindingId::ConfigReadable,
            format!(
                "the file holds a password (db_password or admin_passwd) and is readable by {} (mode {:04o}) — chown it to the Odoo user and chmod 0600",
                if conf.mode.is_some_and(|m| m & 0o004 != 0) { "every local user" } else { "its group" },
                conf.mode.unwrap_or_default()
            ),
        );
    }
    let skips_totp = match conf.admin_passkey_skips_totp {
        true => ", and auth_admin_passkey_ignore_totp lets it skip the TOTP step",
        false => "",
    };
    match conf.admin_passkey {
        AdminPasskey::Clear => add(
            Severity::Critical,
            FindingId::AdminPasskey,
            format!("auth_admin_passkey_password is set in clear: with OCA auth_admin_passkey installed, that one password logs in as any user of any database{skips_totp} — uninstall the module, or at least store its SHA-512 (auth_admin_passkey_password_sha512_encrypted = True)"),
        ),
        AdminPasskey::Hashed => add(
            Severity::Warning,
            FindingId::AdminPasskey,
            format!("auth_admin_passkey_password is set (an unsalted SHA-512): with OCA auth_admin_passkey installed, one password logs in as any user of any database{skips_totp} — uninstall the module where nobody needs it"),
        ),
        AdminPasskey::Unset => {}
    }
    if conf.logs_sql {
        add(
            Severity::Warning,
            FindingId::SqlLogged,
            "log_level = debug_sql logs every query with its parameters: password and key hashes written by Odoo end up in the log — use info outside a debugging session".into(),
        );
    }
    found.sort_by_key(|f| (f.severity, f.id.as_str()));
    found
}
