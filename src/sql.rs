//! Every query odoo-access runs, embedded from `sql/` so an admin can read exactly what runs.

/// The cluster's databases with owner and CONNECT privilege.
pub const DATABASES: &str = include_str!("../sql/databases.sql");
/// The size of the connected database.
pub const DATABASE_SIZE: &str = include_str!("../sql/database_size.sql");
/// Relations and columns of interest, from pg_class/pg_attribute.
pub const PROBE: &str = include_str!("../sql/probe.sql");
/// Odoo's version and the modules that matter for access.
pub const MODULES: &str = include_str!("../sql/modules.sql");
/// Users, keys, expiry and 2FA policy of one Odoo database, for `dbs`.
pub const DATABASE_SUMMARY: &str = include_str!("../sql/database_summary.sql");
/// Users with identity, kind, admin, built-in and last login (all versions).
pub const USERS: &str = include_str!("../sql/users.sql");
/// Users with TOTP enabled (needs SELECT on res_users.totp_secret).
pub const USERS_TOTP: &str = include_str!("../sql/users_totp.sql");
/// Passkeys per user (18+).
pub const USERS_PASSKEYS: &str = include_str!("../sql/users_passkeys.sql");
/// API keys per user where keys never expire (14–17).
pub const USERS_KEYS: &str = include_str!("../sql/users_keys.sql");
/// API keys per user with expiry (18+).
pub const USERS_KEYS_EXPIRING: &str = include_str!("../sql/users_keys_expiring.sql");
/// Allow-listed ir_config_parameter rows.
pub const PARAMETERS: &str = include_str!("../sql/parameters.sql");
/// The server's clock in UTC.
pub const NOW: &str = include_str!("../sql/now.sql");
/// Successful logins per login from res_users_log.
pub const LOGINS_USERS_LOG: &str = include_str!("../sql/logins_users_log.sql");
/// Web sessions per login and IP from res_device_log (18+).
pub const LOGINS_DEVICE_LOG: &str = include_str!("../sql/logins_device_log.sql");
/// Attempts per login and IP from OCA auth_brute_force.
pub const LOGINS_BRUTE_FORCE: &str = include_str!("../sql/logins_brute_force.sql");
