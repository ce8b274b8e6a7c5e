//! Tables for people (comfy-table): fitted to the terminal width on a terminal, unbounded in
//! files and pipes. Skipped databases go to stderr.

use super::{escape, report_skipped_on_stderr, Cell, Destination, Sink, Skipped};
use comfy_table::{presets, ContentArrangement, Table};
use std::io::{self, Write};

pub struct TableSink {
    out: Destination,
    table: Table,
    /// Lines for people, shown above the table (report's summary).
    summary: Vec<String>,
}

impl TableSink {
    pub fn new(out: Destination, columns: &[&str]) -> Self {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        if out.is_terminal() {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            // A terminal whose size was never set (a fresh pty, a serial console, some
            // container exec sessions) says 0 columns: fitting to that wraps every letter.
            // Unknown is COLUMNS, as a shell keeps it, else 80.
            if table.width().is_none_or(|w| w == 0) {
                table.set_width(fallback_width(std::env::var("COLUMNS").ok().as_deref()));
            }
        } else {
            table.force_no_tty();
        }
        table.set_header(columns.to_vec());
        TableSink {
            out,
            table,
            summary: Vec::new(),
        }
    }
}

/// The width of a terminal that does not say its own: `COLUMNS` where it is a width, else 80.
fn fallback_width(columns: Option<&str>) -> u16 {
    columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&w| w > 0)
        .unwrap_or(80)
}

impl Sink for TableSink {
    fn summary(&mut self, lines: Vec<String>) {
        self.summary = lines;
    }

    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.table.add_row(cells.iter().map(|c| match c {
            Cell::Bytes(n) => human_size(*n),
            other => escape::controls(&other.plain()).into_owned(),
        }));
        Ok(())
    }

    fn finish(
        mut self: Box<Self>,
        skipped: &[Skipped],
        members: serde_json::Map<String, serde_json::Value>,
    ) -> io::Result<()> {
        for line in &self.summary {
            writeln!(self.out, "{}", escape::controls(line))?;
        }
        writeln!(self.out, "{}", self.table)?;
        // Scalar members of the envelope (a verdict, a count) follow the table as lines.
        for (key, value) in &members {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(_) | serde_json::Value::Number(_) => value.to_string(),
                _ => continue,
            };
            writeln!(self.out, "{key}: {}", escape::controls(&text))?;
        }
        self.out.commit()?;
        report_skipped_on_stderr(skipped);
        Ok(())
    }
}

/// Sizes the way `pg_size_pretty` writes them (1024-based, `kB`, `MB`, ...), rounded.
fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 10_240.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{} {}", value.round() as i64, UNITS[unit])
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_pg_size_pretty() {
        assert_eq!(super::human_size(8_000), "8000 bytes");
        assert_eq!(super::human_size(8_000_000), "7813 kB");
        assert_eq!(super::human_size(80_000_000), "76 MB");
    }

    #[test]
    fn a_terminal_of_no_width_is_given_columns_or_80() {
        assert_eq!(super::fallback_width(None), 80);
        assert_eq!(super::fallback_width(Some("0")), 80);
        assert_eq!(super::fallback_width(Some("wide")), 80);
        assert_eq!(super::fallback_width(Some("132")), 132);
    }
}
