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
