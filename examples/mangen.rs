//! Writes the man pages, generated from the command line's clap definitions:
//! `odoo-access.1` and `odoo-access-COMMAND.1` for each command.
//!
//!     cargo run --example mangen -- DIR        (default: target/man)

use clap::CommandFactory;

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/man".into());
    std::fs::create_dir_all(&dir)?;
    clap_mangen::generate_to(odoo_access::cli::Cli::command(), &dir)?;
    eprintln!("man pages written to {dir}");
    Ok(())
}
