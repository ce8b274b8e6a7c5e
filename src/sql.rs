//! Every query odoo-access runs, embedded from `sql/` so an admin can read exactly what runs.
//!
//! The queries a fleet audit sends to every database (the setup, the schema's probe and
//! modules, parameters and the report's) name the types of their comparisons exactly. Odoo's
//! text columns are `varchar`, for which PostgreSQL has no `=`, `<>` or `LIKE` of its own, so
//! `name = 'base'` makes a new backend read every `=` of the catalog and weigh each against
//! the argument types before it settles on text's. `name::text = 'base'` is the operator the
//! server would choose, found at once; the plan is the same (an index on `name` still serves
//! it). The same holds of `oid` against `regclass`. In a fleet audit, where each database
//! gets a new backend, those searches cost about 4 % of the server's work (BENCHMARKS.md).

/// Part of every transaction's setup: a superuser runs as the Odoo tables' owner.
pub const SESSION_ROLE: &str = include_str!("../sql/session_role.sql");
/// What would run a database owner's code while a superuser reads it.
pub const READ_HAZARDS: &str = include_str!("../sql/read_hazards.sql");
/// The first statement of a write transaction: roles whose code would gain rights in it.
pub const WRITE_AUTHORITY: &str = include_str!("../sql/write_authority.sql");
/// Every mechanism that runs code when the tables named are written, and whose code it is.
pub const WRITE_HAZARDS: &str = include_str!("../sql/write_hazards.sql");
/// Whether the database has anything at all that WRITE_HAZARDS could find.
pub const WRITE_HAZARDS_GATE: &str = include_str!("../sql/write_hazards_gate.sql");
/// The cluster's databases with owner and CONNECT privilege.
pub const DATABASES: &str = include_str!("../sql/databases.sql");
/// The size of the connected database.
pub const DATABASE_SIZE: &str = include_str!("../sql/database_size.sql");
/// Relations of interest, from to_regclass and has_table_privilege.
pub const PROBE: &str = include_str!("../sql/probe.sql");
/// Relations' columns, from the description of a prepared `SELECT *` (`{relations}` is
/// replaced by quoted names).
pub const RELATION_COLUMNS: &str = include_str!("../sql/relation_columns.sql");
/// Column privileges by relation oid and column number.
pub const COLUMN_PRIVILEGES: &str = include_str!("../sql/column_privileges.sql");
/// Odoo's version and the modules that matter for access.
pub const MODULES: &str = include_str!("../sql/modules.sql");
/// Users, keys, expiry and 2FA policy of one Odoo database, for `dbs`.
pub const DATABASE_SUMMARY: &str = include_str!("../sql/database_summary.sql");
/// Users with identity, kind, admin, built-in and last login, Odoo 14–18 (implied groups are
/// stored).
pub const USERS: &str = concat!(
    include_str!("../sql/users_groups.sql"),
    include_str!("../sql/users_last_login.sql"),
    include_str!("../sql/users.sql")
);
/// The same on 19, which stores only the groups assigned directly.
pub const USERS_IMPLIED: &str = concat!(
    include_str!("../sql/users_groups_implied.sql"),
    include_str!("../sql/users_last_login.sql"),
    include_str!("../sql/users.sql")
);
/// [`USERS`] without name, built-in and creation, for reports.
pub const USERS_BRIEF: &str = concat!(
    include_str!("../sql/users_groups.sql"),
    include_str!("../sql/users_last_login.sql"),
    include_str!("../sql/users_brief.sql")
);
/// [`USERS_IMPLIED`] without name, built-in and creation, for reports.
pub const USERS_BRIEF_IMPLIED: &str = concat!(
    include_str!("../sql/users_groups_implied.sql"),
    include_str!("../sql/users_last_login.sql"),
    include_str!("../sql/users_brief.sql")
);
/// Whether TOTP is on for user `u`: a test that users_totp.sql and users_brief.sql make.
pub const TOTP_ON: &str = include_str!("../sql/totp_on.sql");
/// User `u`'s password state ('none', 'plaintext' or NULL): a test that
/// users_password_state.sql and users_brief.sql make.
pub const PASSWORD_STATE: &str = include_str!("../sql/password_state.sql");
/// Users with TOTP enabled (needs SELECT on res_users.totp_secret).
pub const USERS_TOTP: &str = include_str!("../sql/users_totp.sql");
/// Passkeys per user (18+).
pub const USERS_PASSKEYS: &str = include_str!("../sql/users_passkeys.sql");
/// API keys per user, with expiry.
pub const USERS_KEYS: &str = include_str!("../sql/users_keys.sql");
/// Allow-listed ir_config_parameter rows.
pub const PARAMETERS: &str = include_str!("../sql/parameters.sql");
/// The same through the audit role's view.
pub const PARAMETERS_VIEW: &str = include_str!("../sql/parameters_view.sql");
/// Users with TOTP enabled, through the audit role's view.
pub const USERS_TOTP_VIEW: &str = include_str!("../sql/users_totp_view.sql");
/// The server's clock in UTC.
pub const NOW: &str = include_str!("../sql/now.sql");
/// Successful logins per login from res_users_log.
pub const LOGINS_USERS_LOG: &str = include_str!("../sql/logins_users_log.sql");
/// Web sessions per login and IP from res_device_log (18+).
pub const LOGINS_DEVICE_LOG: &str = include_str!("../sql/logins_device_log.sql");
/// The same through the audit role's view (no session identifiers).
pub const LOGINS_DEVICE_LOG_VIEW: &str = include_str!("../sql/logins_device_log_view.sql");
/// Attempts per login and IP from OCA auth_brute_force.
pub const LOGINS_BRUTE_FORCE: &str = include_str!("../sql/logins_brute_force.sql");
/// API keys with owners and expiry.
pub const KEYS: &str = include_str!("../sql/keys.sql");
/// report: API keys without owners, with expiry.
pub const REPORT_KEYS: &str = include_str!("../sql/report_keys.sql");
/// 2FA trusted browsers in auth_totp_device (15+).
pub const DEVICES: &str = include_str!("../sql/devices.sql");
/// OCA auth_api_key keys.
pub const OCA_KEYS: &str = include_str!("../sql/oca_keys.sql");
/// mint and rotate: the would-be owner of a key, by login.
pub const MINT_OWNER: &str = include_str!("../sql/mint_owner.sql");
/// 18+: the longest key a non-admin owner may have.
pub const MINT_POLICY: &str = include_str!("../sql/mint_policy.sql");
/// mint: the new key's row.
pub const MINT_INSERT: &str = include_str!("../sql/mint_insert.sql");
/// expire, rotate, mint (18+): a key's expiration date.
pub const EXPIRE_SET: &str = include_str!("../sql/expire_set.sql");
/// Other databases of this one's owner (the 17/18 revocation window).
pub const SIBLING_DATABASES: &str = include_str!("../sql/sibling_databases.sql");
/// report --weak-passwords: active users' stored passwords (never printed).
pub const CHECK_WEAK_PASSWORDS: &str = include_str!("../sql/check_weak_passwords.sql");
/// target_session_attrs: whether a server is a standby, and read-only by default.
pub const SESSION_ATTRS: &str = include_str!("../sql/session_attrs.sql");
/// Whether the server is a standby.
pub const IN_RECOVERY: &str = include_str!("../sql/in_recovery.sql");
/// Delete previewed keys whose rows (and owners') and expiry are unchanged.
pub const REVOKE_DELETE: &str = include_str!("../sql/revoke_delete.sql");
/// Delete previewed OCA keys whose rows (and owners') are unchanged.
pub const REVOKE_DELETE_OCA: &str = include_str!("../sql/revoke_delete_oca.sql");
/// revoke --audit-log: the deleting transaction's id.
pub const CURRENT_XID: &str = include_str!("../sql/current_xid.sql");
/// Whether a transaction of an earlier revoke committed.
pub const XACT_STATUS: &str = include_str!("../sql/xact_status.sql");
/// Cache signal through a sequence (14–18).
pub const SIGNAL_SEQUENCE: &str = include_str!("../sql/signal_sequence.sql");
/// Cache signal through a table (19).
pub const SIGNAL_TABLE: &str = include_str!("../sql/signal_table.sql");
/// check: the user a login names.
pub const CHECK_LOGIN: &str = include_str!("../sql/check_login.sql");
/// check: logins close to one that does not exist.
pub const CHECK_LOGIN_CANDIDATES: &str = include_str!("../sql/check_login_candidates.sql");
/// check: one user's stored password (verified, never printed).
pub const CHECK_PASSWORD: &str = include_str!("../sql/check_password.sql");
/// check: key rows with a given index and expiry (verified, never printed).
pub const CHECK_KEYS: &str = include_str!("../sql/check_keys.sql");
/// Free connection slots of the server and the role.
pub const CONNECTION_SLOTS: &str = include_str!("../sql/connection_slots.sql");
/// Users without a password or with one stored in clear (tested, never returned).
pub const USERS_PASSWORD_STATE: &str = include_str!("../sql/users_password_state.sql");
/// The same through the audit role's view.
pub const USERS_PASSWORD_STATE_VIEW: &str = include_str!("../sql/users_password_state_view.sql");
/// lockout: every user, with its row version, password state, Settings admin and built-in.
pub const LOCKOUT_USERS: &str = include_str!("../sql/lockout_users.sql");
/// lockout's preview: passkeys per user (18+).
pub const LOCKOUT_PASSKEYS: &str = include_str!("../sql/lockout_passkeys.sql");
/// lockout's preview: web sessions seen per user (18+).
pub const LOCKOUT_SESSIONS: &str = include_str!("../sql/lockout_sessions.sql");
/// lockout: the users locked, each only as previewed.
pub const LOCKOUT_LOCK_USERS: &str = include_str!("../sql/lockout_lock_users.sql");
/// lockout: the users' rows of Odoo's key table (keys, and 14.0's trusted browsers).
pub const LOCKOUT_DELETE_KEYS: &str = include_str!("../sql/lockout_delete_keys.sql");
/// lockout: the users' OCA auth_api_key keys.
pub const LOCKOUT_DELETE_OCA_KEYS: &str = include_str!("../sql/lockout_delete_oca_keys.sql");
/// lockout: the users' 2FA trusted browsers (15+).
pub const LOCKOUT_DELETE_DEVICES: &str = include_str!("../sql/lockout_delete_devices.sql");
/// lockout: the users' passkeys (18+).
pub const LOCKOUT_DELETE_PASSKEYS: &str = include_str!("../sql/lockout_delete_passkeys.sql");
/// lockout: a new password nobody knows, and the user archived where asked.
pub const LOCKOUT_USERS_WRITE: &str = include_str!("../sql/lockout_users_write.sql");
/// lockout --everyone: the version of database.secret (never its value).
pub const LOCKOUT_SECRET_VERSION: &str = include_str!("../sql/lockout_secret_version.sql");
/// lockout --everyone: a new database.secret, only as previewed.
pub const LOCKOUT_SECRET_WRITE: &str = include_str!("../sql/lockout_secret_write.sql");
/// Whether ROLE_ACCESS could find anything (ACLs and memberships).
pub const ROLE_ACCESS_GATE: &str = include_str!("../sql/role_access_gate.sql");
/// The LOGIN roles that may read a credential or write who gets in (`report`).
pub const ROLE_ACCESS: &str = include_str!("../sql/role_access.sql");
/// The cluster settings `report` reads, and which catalogs it may see.
pub const CLUSTER_SETTINGS: &str = include_str!("../sql/cluster_settings.sql");
/// The owners of the audited databases and their attributes.
pub const CLUSTER_OWNERS: &str = include_str!("../sql/cluster_owners.sql");
/// The LOGIN roles with an MD5 password (needs pg_authid).
pub const CLUSTER_MD5_ROLES: &str = include_str!("../sql/cluster_md5_roles.sql");
/// pg_hba.conf's rules as loaded (needs pg_hba_file_rules).
pub const CLUSTER_HBA: &str = include_str!("../sql/cluster_hba.sql");
/// The rows of an OCA table that hold a credential in clear (a template: table, column).
pub const CREDENTIAL_ROWS: &str = include_str!("../sql/credential_rows.sql");
/// OCA base_user_role lines that ended but whose group the user still holds.
pub const ROLE_LINES_EXPIRED: &str = include_str!("../sql/role_lines_expired.sql");
/// OCA password_security's policy on 14–16, from the companies.
pub const PASSWORD_POLICY_COMPANY: &str = include_str!("../sql/password_policy_company.sql");
