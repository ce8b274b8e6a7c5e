//! Findings about the PostgreSQL cluster beneath the audited databases (docs/COMMANDS.md,
//! "Beneath Odoo"): who owns them, what pg_hba.conf lets in, stored MD5 passwords, TLS. They
//! belong to the run, not to one database, like the server's config findings; a check the
//! role may not make is said (`not-checked`), never passed over.

use super::{About, Finding, FindingId, Severity};
use crate::odoo::roles::{Cluster, HbaRule, Owner};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// The findings of `cluster` under the `audited` databases.
pub fn findings(cluster: &Cluster, audited: &[String]) -> Vec<Finding> {
    let mut found = Vec::new();
    owner_findings(cluster, audited, &mut found);
    match &cluster.md5_roles {
        Some(roles) => found.extend(roles.iter().map(|role| {
            Finding::new(
                Severity::Warning,
                FindingId::Md5Password,
                About::role(role),
                "the role's stored password is an MD5 hash: whoever has the hash logs in with it over the md5 method, and PostgreSQL 18 deprecates it — set password_encryption = scram-sha-256, then the role's password again".into(),
            )
        })),
        None => found.push(not_checked(
            "md5-password",
            "md5-password needs SELECT on pg_authid, which only a superuser has (no grant of it is safe: it holds every role's password hash) — run report as a superuser to make it",
        )),
    }
    match &cluster.hba {
        Some(rules) => found.extend(rules.iter().filter_map(hba_finding)),
        None => found.push(not_checked(
            "hba",
            "hba-trust-remote and hba-password-clear need SELECT on pg_hba_file_rules and EXECUTE on pg_hba_file_rules() — sql/roles/audit-role.sql grants both when a superuser runs it",
        )),
    }
    if cluster.ssl != "on" && reaches_beyond_host(&cluster.listen_addresses) {
        found.push(Finding::new(
            Severity::Warning,
            FindingId::SslOffRemote,
            About::cluster("setting:ssl", "ssl".into()),
            format!(
                "ssl is off while listen_addresses ({}) reaches beyond this host: passwords and data cross the network in clear — ssl = on with a certificate, and hostssl rules",
                cluster.listen_addresses
            ),
        ));
    }
    found.sort_by_key(|f| (f.severity, f.id.as_str()));
    found
}

/// One finding per owner role and attribute, naming its audited databases.
fn owner_findings(cluster: &Cluster, audited: &[String], found: &mut Vec<Finding>) {
    // Each owner role, with the audited databases it owns.
    let mut by_owner: BTreeMap<&str, (&Owner, Vec<&str>)> = BTreeMap::new();
    let owners = cluster
        .owners
        .iter()
        .filter(|o| audited.contains(&o.database));
    for owner in owners {
        by_owner
            .entry(&owner.owner)
            .or_insert_with(|| (owner, Vec::new()))
            .1
            .push(&owner.database);
    }
    for (name, (owner, databases)) in by_owner {
        let listed = databases.join(", ");
        let mut add = |id, severity, what: &str| {
            found.push(Finding::new(
                severity,
                id,
                About::role(name),
                format!("owns {listed}: {what}"),
            ))
        };
        if owner.superuser {
            // A superuser has every other attribute's power: one finding says it all.
            add(FindingId::OdooRoleSuperuser, Severity::Critical, "it is a superuser, so a flaw in any Odoo module becomes a shell on the database host (COPY ... TO PROGRAM) — give the databases to a role without SUPERUSER");
            continue;
        }
        if owner.createrole {
            add(FindingId::OdooRoleCreaterole, Severity::Warning, "it may create roles, so a flaw in a module can make new logins — ALTER ROLE ... NOCREATEROLE");
        }
        if owner.bypassrls {
            add(
                FindingId::OdooRoleBypassrls,
                Severity::Warning,
                "it bypasses row-level security — ALTER ROLE ... NOBYPASSRLS",
            );
        }
        if owner.replication {
            add(FindingId::OdooRoleReplication, Severity::Warning, "it may stream the whole cluster, every database's password hashes included — ALTER ROLE ... NOREPLICATION");
        }
    }
}

fn not_checked(what: &str, detail: &str) -> Finding {
    Finding::new(
        Severity::Info,
        FindingId::NotChecked,
        About::cluster(&format!("check:{what}"), what.to_string()),
        detail.to_string(),
    )
}

/// What a rule of pg_hba.conf lets in that it should not.
fn hba_finding(rule: &HbaRule) -> Option<Finding> {
    if rule.kind == "local" || rule.kind == "hostssl" && rule.method != "trust" {
        return None;
    }
    let (id, severity, why) = match rule.method.as_str() {
        "trust" if !loopback_only(rule) => (
            FindingId::HbaTrustRemote,
            Severity::Critical,
            "trusts connections from beyond this host: whoever connects from there is any role the rule names, without a password — use scram-sha-256 (or cert)",
        ),
        "password" => (
            FindingId::HbaPasswordClear,
            Severity::Warning,
            "sends the password in clear unless the client happens to use TLS — use scram-sha-256",
        ),
        _ => return None,
    };
    let address = match (&rule.address, &rule.netmask) {
        (Some(address), Some(mask)) => format!("{address}/{}", prefix_length(mask).unwrap_or(0)),
        (Some(address), None) => address.clone(),
        (None, _) => String::new(),
    };
    let rule_text = format!(
        "{} {} {} {} {}",
        rule.kind, rule.database, rule.user, address, rule.method
    );
    Some(Finding::new(
        severity,
        id,
        About::cluster(
            &format!("hba:{rule_text}"),
            format!("pg_hba.conf line {}", rule.line),
        ),
        format!("line {} ({rule_text}) {why}", rule.line),
    ))
}

/// Whether a host rule matches only connections from this host: a loopback network
/// (127.0.0.0/8, ::1), `localhost`, or `samehost` (the server's own addresses).
fn loopback_only(rule: &HbaRule) -> bool {
    let Some(address) = rule.address.as_deref() else {
        return true;
    };
    if address == "samehost" || address == "localhost" {
        return true;
    }
    let Ok(ip) = address.parse::<IpAddr>() else {
        // `all`, `samenet`, or a host name other than localhost: wherever DNS says.
        return false;
    };
    let prefix = rule
        .netmask
        .as_deref()
        .and_then(prefix_length)
        .unwrap_or(if ip.is_ipv4() { 32 } else { 128 });
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() && prefix >= 8,
        IpAddr::V6(v6) => v6.is_loopback() && prefix == 128,
    }
}

/// The prefix length of a netmask as pg_hba_file_rules shows it (`255.255.255.0` → 24); None
/// for a mask that is not one run of ones.
fn prefix_length(mask: &str) -> Option<u32> {
    let bits: u128 = match mask.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => u128::from(u32::from(v4)) << 96,
        IpAddr::V6(v6) => u128::from(v6),
    };
    let ones = bits.leading_ones();
    (bits.checked_shl(ones).unwrap_or(0) == 0).then_some(if mask.contains(':') {
        ones
    } else {
        ones.min(32)
    })
}

/// Whether `listen_addresses` opens the server beyond this host: `*`, `0.0.0.0`, `::` or any
/// address other than a loopback one (empty: Unix sockets only).
fn reaches_beyond_host(listen: &str) -> bool {
    listen
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .any(|a| a != "localhost" && !a.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(kind: &str, address: Option<&str>, netmask: Option<&str>, method: &str) -> HbaRule {
        HbaRule {
            line: 7,
            kind: kind.into(),
            database: "all".into(),
            user: "all".into(),
            address: address.map(Into::into),
            netmask: netmask.map(Into::into),
            method: method.into(),
        }
    }

    #[test]
    fn trust_beyond_loopback_is_critical_and_loopback_is_not() {
        let v4 = Some("255.255.255.255");
        let v6_host = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        let cases = [
            (rule("host", Some("127.0.0.1"), v4, "trust"), None),
            (
                rule("host", Some("127.0.0.0"), Some("255.0.0.0"), "trust"),
                None,
            ),
            (
                rule(
                    "host",
                    Some("::1"),
                    Some("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                    "trust",
                ),
                None,
            ),
            (rule("host", Some("samehost"), None, "trust"), None),
            (rule("local", None, None, "trust"), None),
            (
                rule("host", Some("10.0.0.0"), Some("255.0.0.0"), "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            (
                rule("host", Some("0.0.0.0"), Some("0.0.0.0"), "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            (
                rule("hostssl", Some("all"), None, "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            (
                rule("host", Some("samenet"), None, "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            (
                rule("host", Some("db.example.com"), None, "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            (
                rule("host", Some("::"), Some("::"), "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            // ::1 is loopback only as a single address; another address is not, whatever
            // its mask.
            (
                rule("host", Some("::1"), Some("ffff::"), "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            (
                rule("host", Some("2001:db8::1"), Some(v6_host), "trust"),
                Some(FindingId::HbaTrustRemote),
            ),
            (
                rule("host", Some("0.0.0.0"), Some("0.0.0.0"), "password"),
                Some(FindingId::HbaPasswordClear),
            ),
            (
                rule("hostnossl", Some("127.0.0.1"), v4, "password"),
                Some(FindingId::HbaPasswordClear),
            ),
            (
                rule("hostssl", Some("0.0.0.0"), Some("0.0.0.0"), "password"),
                None,
            ),
            (
                rule("host", Some("0.0.0.0"), Some("0.0.0.0"), "scram-sha-256"),
                None,
            ),
            (rule("local", None, None, "password"), None),
        ];
        for (rule, expected) in cases {
            assert_eq!(hba_finding(&rule).map(|f| f.id), expected, "{rule:?}");
        }
        let finding =
            hba_finding(&rule("host", Some("10.0.0.0"), Some("255.0.0.0"), "trust")).unwrap();
        assert_eq!(
            finding.object_id,
            "cluster:hba:host all all 10.0.0.0/8 trust"
        );
        assert_eq!(finding.object, "pg_hba.conf line 7");
    }

    #[test]
    fn netmasks_become_prefix_lengths() {
        assert_eq!(prefix_length("255.255.255.0"), Some(24));
        assert_eq!(prefix_length("0.0.0.0"), Some(0));
        assert_eq!(prefix_length("255.255.255.255"), Some(32));
        assert_eq!(prefix_length("ffff:ffff::"), Some(32));
        assert_eq!(prefix_length("255.0.255.0"), None);
        assert_eq!(prefix_length("nonsense"), None);
    }

    #[test]
    fn listening_beyond_the_host() {
        for local in [
            "",
            "localhost",
            "127.0.0.1",
            "localhost, ::1",
            "127.0.0.1,::1",
        ] {
            assert!(!reaches_beyond_host(local), "{local}");
        }
        for remote in [
            "*",
            "0.0.0.0",
            "::",
            "localhost,192.168.1.5",
            "db.example.com",
        ] {
            assert!(reaches_beyond_host(remote), "{remote}");
        }
    }

    #[test]
    fn owners_are_named_once_with_their_databases_and_unseen_checks_are_said() {
        let owner = |database: &str, name: &str, superuser: bool, createrole: bool| Owner {
            database: database.into(),
            owner: name.into(),
            superuser,
            createrole,
            bypassrls: superuser,
            replication: false,
        };
        let cluster = Cluster {
            owners: vec![
                owner("a", "postgres", true, true),
                owner("b", "postgres", true, true),
                owner("c", "odoo", false, true),
                owner("d", "plain", false, false),
            ],
            md5_roles: None,
            hba: None,
            ssl: "off".into(),
            listen_addresses: "*".into(),
        };
        let audited: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let found = findings(&cluster, &audited);
        let named: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|f| (f.id.as_str(), f.object_id.as_str(), f.detail.as_str()))
            .collect();
        assert_eq!(named[0].0, "odoo-role-superuser");
        assert_eq!(named[0].1, "role:postgres");
        assert!(named[0].2.starts_with("owns a, b: "), "{}", named[0].2);
        let ids: Vec<&str> = named.iter().map(|n| n.0).collect();
        assert_eq!(
            ids,
            [
                "odoo-role-superuser",
                "odoo-role-createrole",
                "ssl-off-remote",
                "not-checked",
                "not-checked"
            ]
        );
        assert!(!found.iter().any(|f| f.object_id == "role:plain"));
        let with_all = Cluster {
            md5_roles: Some(vec!["legacy".into()]),
            hba: Some(vec![]),
            ssl: "on".into(),
            ..cluster
        };
        let ids: Vec<&str> = findings(&with_all, &audited)
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "odoo-role-superuser",
                "md5-password",
                "odoo-role-createrole"
            ]
        );
        // Only the audited databases' owners are judged.
        let ids: Vec<&str> = findings(&with_all, &["d".to_string()])
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(ids, ["md5-password"]);
    }
}
