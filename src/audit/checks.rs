//! Every check `report` makes, described once: what `report --list-checks` prints, what a
//! waiver's `check` is matched against, and what the HTML report explains. A finding's name
//! (`finding`) is stable: monitoring rules, waivers and baselines hold it.

use super::FindingId;
use crate::output::{Cell, Row};

/// One check: its finding's name, severity, what it is about, why it matters and the fix.
pub struct Check {
    pub id: FindingId,
    /// `critical`, `warning`, `info`, or two where the facts decide (`critical or warning`).
    pub severity: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
}

impl Row for Check {
    type Context = ();
    const COLUMNS: &'static [&'static str] = &["finding", "severity", "object_type", "why", "fix"];

    fn cells<'a>(&'a self, _: &'a ()) -> Vec<Cell<'a>> {
        vec![
            Cell::text(self.id.as_str()),
            Cell::text(self.severity),
            Cell::text(self.id.object_type().as_str()),
            Cell::text(self.why),
            Cell::text(self.fix),
        ]
    }
}

/// Every check, in the order of docs/COMMANDS.md's table.
pub fn all() -> impl Iterator<Item = Check> {
    FindingId::ALL.iter().map(|&id| describe(id))
}

/// The check a finding name stands for (a waiver's `check`).
pub fn named(name: &str) -> Option<FindingId> {
    FindingId::ALL
        .iter()
        .copied()
        .find(|id| id.as_str() == name)
}

/// Why each finding matters and what ends it.
pub fn describe(id: FindingId) -> Check {
    use FindingId::*;
    let (severity, why, fix) = match id {
        DormantKey => ("critical", "a key of an archived user is refused now but works again the moment the user is reactivated, by anyone who kept it", "odoo-access revoke --status dormant"),
        PortalKey => ("critical or warning", "a portal user's key opens RPC with that user's rights; critical where portal keys are off as Odoo reads them (someone made it outside the wizard)", "revoke it, or allow portal keys on purpose (portal.allow_api_keys)"),
        PlaintextKey => ("critical", "OCA auth_api_key stores keys in clear: whoever reads the table can use them", "move the integration to an Odoo API key (odoo-access mint) and delete the OCA key"),
        PersistentKey => ("warning", "on 18+ a key can end; one that never does works until someone remembers to delete it", "odoo-access expire --in 90d, or rotate with --expires"),
        OldKey => ("warning", "a key older than --max-age has had long to leak (logs, scripts, laptops)", "odoo-access rotate"),
        ExpiringKey => ("warning", "the integration using it gets Access Denied when it ends", "odoo-access rotate before it ends"),
        ExpiredKeyPresent => ("warning", "an expired key still in the table: a worker that accepted it before keeps accepting it until it restarts", "odoo-access revoke --expired"),
        AdminPasswordRpc => ("critical", "a Settings admin without TOTP: the password alone opens XML-RPC with full rights", "enable 2FA for the user"),
        AccessManagerPasswordRpc => ("critical", "an access manager without TOTP: the password alone opens XML-RPC, and an access manager can give itself any group", "enable 2FA for the user"),
        WeakPassword => ("critical", "the password is among an attacker's first guesses (with --weak-passwords)", "have the user change it, and enable 2FA"),
        OldPassword => ("warning", "a password unchanged for longer than --max-password-age, or than OCA password_security's own expiry (where the module records changes)", "have the user change it"),
        StaleUserWithKeys => ("warning", "an internal user with usable keys and no login for --stale: keys nobody watches (a hint: key calls are not logged)", "find the integration's owner; revoke keys no longer used"),
        PlaintextPassword => ("critical", "a password stored in clear in res_users.password: whoever reads the table has it", "have Odoo hash it (restart Odoo, or change the password)"),
        DatabaseExpired => ("critical", "database.expiration_date is past: Odoo refuses logins to an expired database", "renew the subscription, or remove the parameter on a database that needs none"),
        CodeOnCredentialTables => ("critical or warning", "writing the tables that hold credentials runs code Odoo does not create: it sees every password and key written", "find who added it and remove it; until then write only as its owner"),
        PortalKeysParameterMisleads => ("warning", "portal.allow_api_keys holds a text such as 'False' that Odoo reads as on: portal users may make keys", "untick the portal API keys setting, which deletes the parameter"),
        TwoFactorNotEnforced => ("warning", "no 2FA policy: any user may keep a password that opens the web and RPC alone", "Settings → Permissions → Enforce two-factor authentication"),
        Totals => ("info", "the users and keys the database holds, for the record", "none: information"),
        WeakPasswordsNotAllTried => ("info", "some passwords were not tried (budget ran out, or a hash of absurd rounds)", "give a larger --budget; a hash Odoo did not make deserves a look"),
        MasterPasswordWeak => ("critical", "the master password is Odoo's default: whoever reaches the server can dump, drop or duplicate any database", "set a long random admin_passwd"),
        MasterPasswordInClear => ("warning", "admin_passwd is stored in clear: whoever reads the file has the master password", "change it in Odoo's database manager, which stores a hash"),
        DatabaseManagerListed => ("warning", "list_db is on: /web/database/manager lists every database and offers to dump and drop them", "list_db = False on a production server"),
        NoDbfilter => ("warning", "no dbfilter: any client may pick any of the role's databases, and 17/18 accept a revoked key once more per worker", "set dbfilter (e.g. ^%d$)"),
        ConfigReadable => ("critical", "the config file holds a password and other local users may read it", "chown it to the Odoo user and chmod 0600"),
        SqlLogged => ("warning", "log_level = debug_sql logs every query with its parameters, password and key hashes included", "use log_level = info"),
        AdminPasskey => ("critical or warning", "OCA auth_admin_passkey's password logs in as any user of every database the server serves; critical in clear, warning hashed", "uninstall auth_admin_passkey, or at least store the password hashed and the file 0600"),
        CredentialInClear => ("critical", "an OCA table keeps credentials in clear (API keys, JWT secrets, whole session ids): whoever reads it can use them", "restrict who may read the table (see role-reads-credentials); prefer modules that store hashes"),
        RoleReadsCredentials => ("critical", "a login role other than the owner may read password hashes, TOTP seeds, keys or database.secret: it can become any user without logging in", "REVOKE the grant (or the membership, e.g. pg_read_all_data) from the role"),
        RoleWritesAccess => ("critical", "a login role other than the owner may insert or update users, group memberships, API keys or parameters: it can make itself an admin", "REVOKE INSERT, UPDATE on the table from the role, or waive the shipped lifecycle role on purpose"),
        OdooRoleSuperuser => ("critical", "the Odoo database's owner is a superuser: any flaw in any module becomes a shell on the database host (COPY ... TO PROGRAM)", "give the database to a role without SUPERUSER (ALTER DATABASE ... OWNER TO, REASSIGN OWNED)"),
        OdooRoleCreaterole => ("warning", "the Odoo database's owner may create roles: a flaw in a module can make new logins", "ALTER ROLE ... NOCREATEROLE"),
        OdooRoleBypassrls => ("warning", "the Odoo database's owner bypasses row-level security everywhere it reads", "ALTER ROLE ... NOBYPASSRLS"),
        OdooRoleReplication => ("warning", "the Odoo database's owner may stream the whole cluster, every database's hashes included", "ALTER ROLE ... NOREPLICATION"),
        Md5Password => ("warning", "a stored MD5 password: the hash alone logs in over the md5 method, and PostgreSQL 18 deprecates it", "set password_encryption = scram-sha-256 and set the role's password again"),
        HbaTrustRemote => ("critical", "a pg_hba.conf rule trusts connections from beyond this host: anyone there logs in as any role it names, without a password", "use scram-sha-256 (or cert) for host rules; keep trust for local sockets at most"),
        HbaPasswordClear => ("warning", "a pg_hba.conf host rule with the password method: the password crosses the network in clear unless TLS is used", "use scram-sha-256"),
        SslOffRemote => ("warning", "ssl is off while the server listens beyond this host: passwords and data cross the network in clear", "ssl = on with a certificate, and hostssl rules"),
        NotChecked => ("info", "a check the role could not make, with the privilege it needs: unseen is not fine", "run report as a superuser, or grant what the finding names"),
        RoleExpiredStillGranted => ("warning", "an OCA base_user_role line has ended but its groups still apply until the role sync runs: the user keeps rights someone meant to end", "run base_user_role's cron (Update user roles) now, and check that it is active (every 3 hours as installed)"),
        WaiverExpired => ("warning", "a waiver's end has passed: the finding it waived counts again", "fix the finding, or renew the waiver with a new reason and end"),
        WaiverUnused => ("info", "a waiver matched nothing in databases it covers: the problem is gone or the waiver is wrong", "delete the waiver, or correct its check, object or database"),
    };
    Check {
        id,
        severity,
        why,
        fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::ObjectType;

    #[test]
    fn every_finding_is_described_once_and_found_by_its_name() {
        let names: Vec<&str> = all().map(|c| c.id.as_str()).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "a name twice: {names:?}");
        for check in all() {
            assert_eq!(named(check.id.as_str()), Some(check.id));
            assert!(!check.why.is_empty() && !check.fix.is_empty());
        }
        assert_eq!(named("no-such-check"), None);
        assert_eq!(
            describe(FindingId::WaiverExpired).id.object_type(),
            ObjectType::Waiver
        );
    }
}
