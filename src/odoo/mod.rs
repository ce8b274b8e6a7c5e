//! Odoo concepts, one per module, each reading what the schema probe says exists.

pub mod check;
pub mod clock;
pub mod credential;
pub mod databases;
pub mod hazards;
pub mod keys;
pub mod kind;
pub mod lifecycle;
pub mod lockout;
pub mod login_pattern;
pub mod logins;
pub mod parameters;
pub mod password_policy;
pub mod revoke;
pub mod roles;
pub mod rpc_usage;
pub mod schema;
pub mod server_log;
pub mod users;
pub mod weak_passwords;
