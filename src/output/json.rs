//! JSON: one envelope per run, `{"schema_version": 1, "command", "generated_at", "rows": [...],
//! "skipped": [...]}` plus command-specific members. Rows are streamed, one per line.

use super::{iso8601, Cell, Destination, Sink, Skipped};
use crate::error::Failure;
use std::io::{self, Write};

pub struct JsonSink {
    out: Destination,
    columns: &'static [&'static str],
    rows_written: usize,
    /// A row is made here first and written whole: serde_json writes in many small pieces,
    /// each a call through the destination (a tenth of a fleet report's client time).
    line: Vec<u8>,
}

impl JsonSink {
    pub fn new(
        mut out: Destination,
        command: &str,
        rows_key: &str,
        columns: &'static [&'static str],
    ) -> Result<Self, Failure> {
        let head = format!(
            "{{\"schema_version\":1,\"command\":{},\"generated_at\":{},{}:[",
            serde_json::Value::from(command),
            serde_json::Value::from(iso8601(&chrono::Utc::now())),
            serde_json::Value::from(rows_key),
        );
        out.write_all(head.as_bytes()).map_err(Failure::io)?;
        Ok(JsonSink {
            out,
            columns,
            rows_written: 0,
            line: Vec::new(),
        })
    }
}

impl Sink for JsonSink {
    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        let row = OrderedRow {
            columns: self.columns,
            cells,
        };
        self.line.clear();
        if self.rows_written > 0 {
            self.line.push(b',');
        }
        self.line.push(b'\n');
        serde_json::to_writer(&mut self.line, &row)?;
        self.out.write_all(&self.line)?;
        self.rows_written += 1;
        Ok(())
    }

    fn finish(
        mut self: Box<Self>,
        skipped: &[Skipped],
        members: serde_json::Map<String, serde_json::Value>,
    ) -> io::Result<()> {
        let not_odoo: Vec<&str> = skipped
            .iter()
            .filter(|s| s.not_odoo)
            .map(|s| s.database.as_str())
            .collect();
        let mut extra = members;
        if !not_odoo.is_empty() {
            extra.insert("not_odoo".into(), not_odoo.into());
        }
        let skipped: Vec<serde_json::Value> = skipped
            .iter()
            .filter(|s| !s.not_odoo)
            .map(|s| serde_json::json!({"database": s.database, "reason": s.reason}))
            .collect();
        write!(
            self.out,
            "\n],\"skipped\":{}",
            serde_json::Value::from(skipped)
        )?;
        for (key, value) in extra {
            write!(self.out, ",{}:{}", serde_json::Value::from(key), value)?;
        }
        self.out.write_all(b"}\n")?;
        self.out.commit()
    }
}

/// A row whose keys keep the column order of the table and CSV (serde_json's map sorts them).
struct OrderedRow<'a> {
    columns: &'a [&'a str],
    cells: &'a [Cell<'a>],
}

impl serde::Serialize for OrderedRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.cells.len()))?;
        for (name, cell) in self.columns.iter().zip(self.cells) {
            map.serialize_entry(name, cell)?;
        }
        map.end()
    }
}
