//! JSON lines (`report --format jsonl`): one finding per line, each with the JSON row's fields
//! and the run's `generated_at`, for log shippers and SIEMs — no envelope. Skipped databases
//! go to stderr, as for table and CSV.

use super::{iso8601, report_skipped_on_stderr, Cell, Destination, Sink, Skipped};
use std::io::{self, Write};

pub struct JsonlSink {
    out: Destination,
    columns: &'static [&'static str],
    generated_at: String,
    line: Vec<u8>,
}

impl JsonlSink {
    pub fn new(out: Destination, columns: &'static [&'static str]) -> Self {
        JsonlSink {
            out,
            columns,
            generated_at: iso8601(&chrono::Utc::now()),
            line: Vec::new(),
        }
    }
}

impl Sink for JsonlSink {
    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        use serde::ser::{SerializeMap, Serializer};
        self.line.clear();
        let mut serializer = serde_json::Serializer::new(&mut self.line);
        let mut map = serializer.serialize_map(Some(cells.len() + 1))?;
        for (name, cell) in self.columns.iter().zip(cells) {
            map.serialize_entry(name, cell)?;
        }
        map.serialize_entry("generated_at", &self.generated_at)?;
        map.end()?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }

    fn finish(
        self: Box<Self>,
        skipped: &[Skipped],
        _members: serde_json::Map<String, serde_json::Value>,
    ) -> io::Result<()> {
        self.out.commit()?;
        report_skipped_on_stderr(skipped);
        Ok(())
    }
}
