//! odoo-access: audit and repair who can get into Odoo, from its PostgreSQL database.
//!
//! Data flows one way: [`connect`] (settings, TLS, read-only sessions) → [`odoo`] (schema
//! probe and one module per Odoo concept, all SQL in `sql/`) → [`output`] (table, CSV, JSON).
//! [`commands`] wires them per subcommand; [`cli`] only defines the flags.

pub mod audit;
pub mod cli;
pub mod commands;
pub mod connect;
pub mod console;
pub mod duration;
pub mod error;
pub mod fleet;
pub mod interrupt;
pub mod odoo;
pub mod output;
pub mod revocation_log;
pub mod secret;
pub mod small_file;
mod sql;
