//! odoo-access: audit and repair who can get into Odoo, from its PostgreSQL database.
//!
//! Data flows one way: [`cli`] (the flags, clap) → [`resolve`] (validated settings) →
//! [`commands`], which wire per subcommand [`connect`] (settings, TLS, read-only sessions),
//! [`fleet`] (many databases at once), [`odoo`] (schema probe and one module per Odoo concept,
//! all SQL in `sql/`), [`audit`] (findings) and [`output`] (typed rows as table, CSV, JSON).

pub mod audit;
pub mod audit_log;
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
pub mod resolve;
pub mod secret;
pub mod small_file;
mod sql;
