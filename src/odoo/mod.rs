//! Odoo concepts, one per module, each reading what the schema probe says exists.

pub mod databases;
pub mod schema;
