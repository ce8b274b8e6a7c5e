//! CSV: a header row with the JSON field names, then one line per row (streamed).

use super::{escape, report_skipped_on_stderr, Cell, Destination, Sink, Skipped};
use crate::error::Failure;
use std::io;

pub struct CsvSink {
    writer: csv::Writer<Destination>,
}

impl CsvSink {
    pub fn new(destination: Destination, columns: &[&str]) -> Result<Self, Failure> {
        let mut writer = csv::Writer::from_writer(destination);
        writer
            .write_record(columns)
            .map_err(|e| Failure::io(e.into()))?;
        Ok(CsvSink { writer })
    }
}

impl Sink for CsvSink {
    fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        for cell in cells {
            // Only text can start a formula: a negative number stays a number.
            let text = match cell {
                Cell::Text(t) => escape::csv_text(t),
                other => other.plain(),
            };
            self.writer
                .write_field(text.as_bytes())
                .map_err(io::Error::other)?;
        }
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(io::Error::other)
    }

    fn finish(
        self: Box<Self>,
        skipped: &[Skipped],
        _extra: serde_json::Map<String, serde_json::Value>,
    ) -> io::Result<()> {
        let destination = self.writer.into_inner().map_err(|e| e.into_error())?;
        destination.commit()?;
        report_skipped_on_stderr(skipped);
        Ok(())
    }
}
