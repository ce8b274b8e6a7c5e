//! `ir_config_parameter`, read only through an allow-list: the table also holds secrets
//! (`database.secret` signs sessions; enterprise codes; mail server passwords in some addons).

use crate::connect::ReadSession;
use crate::error::Failure;
use crate::sql;
use std::collections::HashMap;
use tokio_postgres::types::Type;

/// The only keys odoo-access ever reads.
pub const ALLOWED: &[&str] = &[
    "auth_totp.policy",
    "portal.allow_api_keys",
    "database.expiration_date",
    "database.expiration_reason",
    "base.login_cooldown_after",
    "base.login_cooldown_duration",
];

/// Reads the allow-listed `keys` that are set.
pub async fn read(
    session: &ReadSession,
    keys: &[&str],
) -> Result<HashMap<String, String>, Failure> {
    assert!(
        keys.iter().all(|k| ALLOWED.contains(k)),
        "parameter outside the allow-list"
    );
    let keys: Vec<&str> = keys.to_vec();
    let rows = session
        .query(sql::PARAMETERS, &[(&keys, Type::TEXT_ARRAY)])
        .await?;
    Ok(rows
        .iter()
        .map(|row| (row.get("key"), row.get("value")))
        .collect())
}
