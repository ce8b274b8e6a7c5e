//! CSV: a header row with the JSON field names, then one line per row (streamed).

use super::{escape, member_lines, report_skipped_on_stderr, Cell, Destination, Sink, Skipped};
use crate::error::Failure;
use std::io;

pub struct CsvSink {
    writer: csv::Writer<Destination>,
    columns: usize,
}

impl CsvSink {
    pub fn new(destination: Destination, columns: &[&str]) -> Result<Self, Failure> {
        let mut writer = csv::Writer::from_writer(destination);
        writer
            .write_record(columns)
            .map_err(|e| Failure::io(e.into()))?;
        Ok(CsvSink {
            writer,
            columns: columns.len(),
        })
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

    /// The envelope's members (`check`'s verdict and reason, `revoke`'s counts, `report`'s
    /// summary) follow the rows as rows of their own, name first ([`member_lines`]).
    fn finish(
        mut self: Box<Self>,
        skipped: &[Skipped],
        members: serde_json::Map<String, serde_json::Value>,
    ) -> io::Result<()> {
        for (name, value) in member_lines(&members) {
            let text = match &value {
                Cell::Text(t) => escape::csv_text(t).into_owned(),
                other => other.plain().into_owned(),
            };
            let mut record = vec![name, text];
            record.resize(self.columns.max(2), String::new());
            self.writer
                .write_record(&record)
                .map_err(io::Error::other)?;
        }
        let destination = self.writer.into_inner().map_err(|e| e.into_error())?;
        destination.commit()?;
        report_skipped_on_stderr(skipped);
        Ok(())
    }
}
