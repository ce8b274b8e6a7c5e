//! OCA `password_security`'s policy: when passwords expire, how many old ones are refused,
//! and what a new one must hold. Up to 16.0 it is on each company (`res_company.password_*`);
//! from 17.0 in `ir_config_parameter` (`password_security.*`, with Odoo's own
//! `auth_password_policy.minlength` for the length). Read from the module's settings model
//! (OCA/server-auth `password_security/models/res_config_settings.py`: company fields at
//! d65a4ea; a 17.0 copy found by content names the parameters).

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::parameters::Parameters;
use crate::odoo::schema::Schema;
use crate::sql;

/// The parameters 17+ keeps the policy in (on the allow-list of `parameters`).
pub const PARAMETERS: &[&str] = &[
    "password_security.expiration_days",
    "password_security.minimum_hours",
    "password_security.history",
    "password_security.lower",
    "password_security.upper",
    "password_security.numeric",
    "password_security.special",
    "auth_password_policy.minlength",
];

/// `keys` and [`PARAMETERS`]: what a command that shows the policy asks `parameters::read`.
pub fn with_policy(keys: &[&'static str]) -> Vec<&'static str> {
    keys.iter().chain(PARAMETERS).copied().collect()
}

/// The policy's numbers; 0 is off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub expiration_days: i64,
    pub minimum_hours: i64,
    /// Old passwords refused; negative: every one.
    pub history: i64,
    pub length: i64,
    pub lower: i64,
    pub upper: i64,
    pub numeric: i64,
    pub special: i64,
}

/// What a database says of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// `password_security` is not installed.
    None,
    /// Installed, but the role may not read where the policy is.
    Unreadable,
    Set(PasswordPolicy),
}

impl Policy {
    /// The age after which the module makes a user change the password.
    pub fn expiry_days(&self) -> Option<i64> {
        match self {
            Policy::Set(p) if p.expiration_days > 0 => Some(p.expiration_days),
            _ => None,
        }
    }
}

impl PasswordPolicy {
    /// From 17's parameters: each an integer in text; missing or unreadable is 0.
    fn from_parameters(params: &Parameters) -> PasswordPolicy {
        let get = |key: &str| {
            params
                .get(key)
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0)
        };
        PasswordPolicy {
            expiration_days: get("password_security.expiration_days"),
            minimum_hours: get("password_security.minimum_hours"),
            history: get("password_security.history"),
            length: get("auth_password_policy.minlength"),
            lower: get("password_security.lower"),
            upper: get("password_security.upper"),
            numeric: get("password_security.numeric"),
            special: get("password_security.special"),
        }
    }

    /// One line for `dbs`: only what is on (`off` when nothing is).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.expiration_days > 0 {
            parts.push(format!("expires after {} days", self.expiration_days));
        }
        match self.history {
            h if h < 0 => parts.push("no old password again".to_string()),
            0 => {}
            h => parts.push(format!("not one of the last {h}")),
        }
        let classes: Vec<String> = [
            (self.length, "characters"),
            (self.lower, "lowercase"),
            (self.upper, "uppercase"),
            (self.numeric, "digits"),
            (self.special, "special"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if !classes.is_empty() {
            parts.push(format!("at least {}", classes.join(", ")));
        }
        if self.minimum_hours > 0 {
            parts.push(format!("changed at most every {} h", self.minimum_hours));
        }
        match parts.is_empty() {
            true => "off".to_string(),
            false => parts.join("; "),
        }
    }
}

/// The policy of the database. `params` must hold [`PARAMETERS`] (17+ reads them there).
pub async fn read(
    session: &Session,
    schema: &Schema,
    params: &Parameters,
) -> Result<Policy, Failure> {
    if !schema.is_installed("password_security") {
        return Ok(Policy::None);
    }
    if schema.version.major >= 17 {
        return Ok(match params.unreadable {
            true => Policy::Unreadable,
            false => Policy::Set(PasswordPolicy::from_parameters(params)),
        });
    }
    if !schema.can_read("res_company", "password_expiration") {
        return Ok(Policy::Unreadable);
    }
    let row = session.query_one(sql::PASSWORD_POLICY_COMPANY, &[]).await?;
    let get = |column: &str| i64::from(row.get::<_, Option<i32>>(column).unwrap_or(0));
    Ok(Policy::Set(PasswordPolicy {
        expiration_days: get("expiration_days"),
        minimum_hours: get("minimum_hours"),
        history: get("history"),
        length: get("length"),
        lower: get("lower"),
        upper: get("upper"),
        numeric: get("numeric"),
        special: get("special"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_says_only_what_is_on() {
        assert_eq!(PasswordPolicy::default().describe(), "off");
        let policy = PasswordPolicy {
            expiration_days: 90,
            history: 5,
            length: 12,
            upper: 1,
            special: 2,
            minimum_hours: 24,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            policy.describe(),
            "expires after 90 days; not one of the last 5; at least 12 characters, 1 uppercase, 2 special; changed at most every 24 h"
        );
        let every = PasswordPolicy {
            history: -1,
            ..PasswordPolicy::default()
        };
        assert_eq!(every.describe(), "no old password again");
        assert_eq!(Policy::Set(policy).expiry_days(), Some(90));
        assert_eq!(Policy::Set(every).expiry_days(), None);
        assert_eq!(Policy::Unreadable.expiry_days(), None);
    }
}
