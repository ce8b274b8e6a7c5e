//! `report`'s table format: findings grouped by check, as kube-bench and Lynis show theirs —
//! the severity and the check's name with a count, the objects compactly, then the why and
//! the fix once, where one row per finding would repeat them for every key. The database is a
//! heading only when there are several. CSV, JSON and JSONL keep one row per finding.

use super::page::{compact, Group, Page};
use super::{escape, report_skipped_on_stderr, Destination};
use crate::audit::{baseline::Change, checks, Reported, Severity};
use crate::error::Failure;
use std::io::Write;
use std::path::Path;

/// Writes the grouped report to `path` (stdout for `None` or `-`), coloured on a terminal.
pub fn write(path: Option<&Path>, page: &Page) -> Result<(), Failure> {
    let mut out = Destination::open(path)?;
    let terminal = out.is_terminal();
    let style = Style {
        colour: terminal && crate::console::colour_allowed(),
        width: match terminal {
            true => terminal_width(),
            false => 100,
        },
    };
    let text = render(page, &style);
    out.write_all(text.as_bytes()).map_err(Failure::io)?;
    out.commit().map_err(Failure::io)?;
    report_skipped_on_stderr(page.skipped);
    Ok(())
}

struct Style {
    colour: bool,
    width: usize,
}

impl Style {
    fn severity(&self, severity: Severity) -> String {
        let word = severity.as_str().to_uppercase();
        if !self.colour {
            return word;
        }
        let code = match severity {
            Severity::Critical => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
        };
        format!("\x1b[{code}m{word}\x1b[0m")
    }

    fn heading(&self, text: &str) -> String {
        match self.colour {
            true => format!("\x1b[1m{text}\x1b[0m"),
            false => text.to_string(),
        }
    }

    /// `text` wrapped to the width, each line indented by `indent`.
    fn wrap(&self, text: &str, indent: &str) -> String {
        let options = textwrap::Options::new(self.width.max(40))
            .initial_indent(indent)
            .subsequent_indent(indent);
        textwrap::fill(&escape::controls(text), options) + "\n"
    }
}

/// The terminal's width; COLUMNS, then 80, where it says none (a pty never sized).
fn terminal_width() -> usize {
    match terminal_size::terminal_size() {
        Some((terminal_size::Width(w), _)) if w > 0 => w.into(),
        _ => std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse().ok())
            .filter(|&w: &usize| w > 0)
            .unwrap_or(80),
    }
}

fn render(page: &Page, style: &Style) -> String {
    let mut text = style.wrap(&page.summary.line(), "");
    let groups = page.groups();
    let several = page.audited.iter().filter(|d| !d.is_empty()).count() > 1;
    let mut database: Option<&str> = None;
    for group in &groups {
        if database != Some(group.database) {
            database = Some(group.database);
            if several || group.database.is_empty() {
                let title = match group.database {
                    "" => "The server, the cluster and the run".to_string(),
                    name => format!("Database {name}"),
                };
                text += &format!("\n{}\n", style.heading(&escape::controls(&title)));
            }
        }
        text += &render_group(group, style);
    }
    if !page.resolved.is_empty() {
        text += &format!(
            "\n{}\n",
            style.heading(&format!(
                "Resolved since the baseline ({})",
                page.resolved.len()
            ))
        );
        for reported in page.resolved {
            let where_ = match reported.database.as_str() {
                "" => String::new(),
                name => format!(" in {name}"),
            };
            text += &style.wrap(
                &format!(
                    "{} {}: {}{where_}",
                    reported.finding.severity.as_str(),
                    reported.finding.id.as_str(),
                    compact(reported)
                ),
                "  ",
            );
        }
    }
    text
}

fn render_group(group: &Group, style: &Style) -> String {
    let id = group.items[0].finding.id;
    let check = checks::describe(id);
    let (waived, counted): (Vec<&Reported>, Vec<&Reported>) =
        group.items.iter().partition(|r| r.waived.is_some());
    // The count, and what of it is new or waived.
    let mut count = group.items.len().to_string();
    let new = counted
        .iter()
        .filter(|r| r.change == Some(Change::New))
        .count();
    if new > 0 {
        count += &format!(", {new} new");
    }
    if !waived.is_empty() {
        count += &format!(", {} waived", waived.len());
    }
    let mut text = format!(
        "\n{} {} ({count})\n",
        style.severity(group.severity),
        id.as_str(),
    );
    if !counted.is_empty() {
        let objects: Vec<String> = counted.iter().map(|r| marked(r)).collect();
        text += &style.wrap(&objects.join(", "), "  ");
    }
    // Waived objects, by the waiver's terms: the reason and the end stay in sight.
    let mut by_terms: Vec<(&crate::audit::waivers::Terms, Vec<String>)> = Vec::new();
    for reported in waived {
        let terms = reported.waived.as_ref().expect("partitioned on it");
        match by_terms.iter_mut().find(|(t, _)| *t == terms) {
            Some((_, objects)) => objects.push(compact(reported)),
            None => by_terms.push((terms, vec![compact(reported)])),
        }
    }
    for (terms, objects) in by_terms {
        text += &style.wrap(
            &format!(
                "waived until {} ({}: {}): {}",
                terms.expires,
                terms.owner,
                terms.reason,
                objects.join(", ")
            ),
            "  ",
        );
    }
    // One finding's own detail says more than the check's why; several share the why.
    match group.items.as_slice() {
        [one] => text += &style.wrap(&one.finding.detail, "  "),
        _ => text += &style.wrap(check.why, "  "),
    }
    text += &style.wrap(&format!("fix: {}", check.fix), "  ");
    text
}

/// [`compact`], marked `(new)` against a baseline.
fn marked(reported: &Reported) -> String {
    match reported.change {
        Some(Change::New) => format!("{} (new)", compact(reported)),
        _ => compact(reported),
    }
}
