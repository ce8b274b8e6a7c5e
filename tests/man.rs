//! The man pages (generated from the clap definitions, as `cargo run --example mangen`
//! writes them) render without a single warning, and every command's help ends with real
//! examples.

use clap::CommandFactory;
use odoo_access::cli::Cli;
use std::process::Command;

#[test]
fn every_man_page_renders_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    clap_mangen::generate_to(Cli::command(), dir.path()).unwrap();
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let commands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| format!("odoo-access-{}.1", c.get_name()))
        .chain(["odoo-access.1".to_string()])
        .collect();
    for page in &commands {
        assert!(pages.iter().any(|p| p.ends_with(page)), "no {page}");
    }
    for page in &pages {
        // -k: the text is UTF-8 (preconv, as man(1) runs it); -ww: every warning.
        let out = Command::new("groff")
            .args(["-k", "-ww", "-man", "-Tutf8"])
            .arg(page)
            .output()
            .expect("groff (Debian's groff-base, which man-db needs)");
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && warnings.is_empty(),
            "{}: {warnings}",
            page.display()
        );
        assert!(
            out.stdout.len() > 200,
            "{} renders to almost nothing",
            page.display()
        );
    }
}

#[test]
fn every_command_s_help_ends_with_two_to_four_examples() {
    for command in Cli::command().get_subcommands() {
        let name = command.get_name();
        if name == "help" {
            continue;
        }
        let help = command.clone().render_long_help().to_string();
        let examples = help
            .split("Examples:")
            .nth(1)
            .unwrap_or_else(|| panic!("{name}: no examples"));
        let count = examples
            .lines()
            .filter(|l| l.starts_with("  odoo-access "))
            .count();
        assert!((2..=4).contains(&count), "{name}: {count} examples");
    }
}
