//! `ir_config_parameter`, read only through allow-lists: the table also holds secrets
//! (`database.secret` signs sessions; enterprise codes; passwords of some addons).

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::password_policy;
use crate::odoo::schema::Schema;
use crate::sql;
use std::collections::HashMap;
use tokio_postgres::types::Type;

/// The only keys whose values odoo-access reads, with OCA password_security's policy
/// ([`password_policy::PARAMETERS`]).
pub const ALLOWED: &[&str] = &[
    "auth_totp.policy",
    "portal.allow_api_keys",
    "database.expiration_date",
    "database.expiration_reason",
    "base.login_cooldown_after",
    "base.login_cooldown_duration",
];

/// Keys odoo-access only tests for presence: their value is never read.
pub const PRESENCE_ONLY: &[&str] = &["database.enterprise_code"];

/// What was read: values of allow-listed keys, and which presence-only keys are set.
#[derive(Debug, Default)]
pub struct Parameters {
    values: HashMap<String, String>,
    present: Vec<String>,
    /// The role could read neither the table nor the audit view.
    pub unreadable: bool,
}

impl Parameters {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    pub fn is_set(&self, key: &str) -> bool {
        self.present.iter().any(|k| k == key)
    }

    /// `portal.allow_api_keys` as Odoo reads it: `if get_param('portal.allow_api_keys'):`
    /// (addons/portal/models/res_users_apikeys_description.py, 15–19) is Python's truth of
    /// the stored text, so any value but an empty one is on — `False` included (a live 19
    /// made a portal key so). Odoo's settings screen deletes the parameter to turn it off.
    /// [`crate::odoo::schema::Schema::portal_keys_allowed`] adds the version and the module.
    pub fn portal_keys_parameter_on(&self) -> bool {
        self.get("portal.allow_api_keys")
            .is_some_and(|v| !v.is_empty())
    }

    /// The parameter holds a text that reads as "off" to a person (`False`, `0`, `no`, `off`)
    /// but is on to Odoo: someone typed it in System Parameters believing it turns portal
    /// keys off.
    pub fn portal_keys_parameter_misleads(&self) -> bool {
        self.get("portal.allow_api_keys").is_some_and(|v| {
            ["false", "0", "no", "off", "none"].contains(&v.trim().to_ascii_lowercase().as_str())
        })
    }
}

/// Reads `keys` (values) and `presence` (set or not), from the table when the role may read
/// it, else from the audit role's view, else nothing (`unreadable`).
pub async fn read(
    session: &Session,
    schema: &Schema,
    keys: &[&str],
    presence: &[&str],
) -> Result<Parameters, Failure> {
    assert!(
        keys.iter()
            .all(|k| ALLOWED.contains(k) || password_policy::PARAMETERS.contains(k))
            && presence.iter().all(|k| PRESENCE_ONLY.contains(k)),
        "parameter outside the allow-lists"
    );
    let query = if schema.can_read_relation("ir_config_parameter") {
        sql::PARAMETERS
    } else if schema.can_read_relation("odoo_access.ir_config_parameter") {
        sql::PARAMETERS_VIEW
    } else {
        return Ok(Parameters {
            unreadable: true,
            ..Parameters::default()
        });
    };
    let keys: Vec<&str> = keys.to_vec();
    let presence: Vec<&str> = presence.to_vec();
    let rows = session
        .query(
            query,
            &[(&keys, Type::TEXT_ARRAY), (&presence, Type::TEXT_ARRAY)],
        )
        .await?;
    let mut parameters = Parameters::default();
    for row in rows {
        let key: String = row.get("key");
        match row.get::<_, Option<String>>("value") {
            Some(value) if !presence.contains(&key.as_str()) => {
                parameters.values.insert(key, value);
            }
            _ => parameters.present.push(key),
        }
    }
    Ok(parameters)
}
