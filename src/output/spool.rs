//! Rows that must wait for their turn: a fleet run writes each database's rows once it and
//! every database before it are done, so the rows of databases that finish early wait here.
//!
//! All waiting rows share one budget of memory (the window). Past it, the rows of the
//! database that pushed it over are moved to one temporary file, shared by the whole run and
//! removed by the operating system when the run ends (`tempfile::tempfile`, unlinked at
//! once), and read back in order when their database's turn comes. So what a run holds in
//! memory does not grow with the number of databases, nor with the size of a slow one.
//!
//! Rows wait as their cells, in a compact encoding written here (six kinds of values: no
//! serialisation crate is needed for that, and the cells are what every format writes).

use super::{Absent, Cell, Document, Row};
use crate::error::{Exit, Failure};
use chrono::{DateTime, Utc};
use std::fs::File;
use std::marker::PhantomData;
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex, MutexGuard};

/// What a fleet run holds in memory for rows waiting their turn, unless told otherwise
/// (`ODOO_ACCESS_FLEET_WINDOW`, a test setting).
pub const DEFAULT_WINDOW: usize = 1 << 20;

/// The run's shared budget and spill file. Cheap to clone: clones share both.
#[derive(Clone)]
pub struct Spool {
    shared: Arc<Mutex<Shared>>,
}

struct Shared {
    /// Bytes of waiting rows in memory, all databases together.
    held: usize,
    window: usize,
    file: Option<File>,
    /// Where the next spilled chunk goes in `file`.
    end: u64,
}

impl Spool {
    pub fn new(window: usize) -> Spool {
        Spool {
            shared: Arc::new(Mutex::new(Shared {
                held: 0,
                window,
                file: None,
                end: 0,
            })),
        }
    }

    /// For `-v`: how much waited in the spill file, if anything did.
    pub fn note(&self) -> Option<String> {
        let shared = self.lock();
        (shared.end > 0).then(|| {
            format!(
                "{} bytes of rows waited for their turn in a temporary file (more than the {}-byte window in memory)",
                shared.end, shared.window
            )
        })
    }

    /// An empty queue for the rows of one database.
    pub fn queue<R: Row>(&self) -> Queue<R> {
        Queue {
            spool: self.clone(),
            memory: Vec::new(),
            chunks: Vec::new(),
            rows: PhantomData,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One database's waiting rows: in memory, and in chunks of the spill file.
pub struct Queue<R: Row> {
    spool: Spool,
    memory: Vec<u8>,
    /// (offset, length) of each spilled chunk, in the order written.
    chunks: Vec<(u64, usize)>,
    rows: PhantomData<fn(&R)>,
}

impl<R: Row> Queue<R> {
    pub fn push(&mut self, context: &R::Context, row: &R) -> Result<(), Failure> {
        let Queue {
            spool,
            memory,
            chunks,
            ..
        } = self;
        let before = memory.len();
        encode_row(&row.cells(context), memory);
        let mut shared = spool.lock();
        shared.held += memory.len() - before;
        if shared.held > shared.window {
            spill(memory, chunks, &mut shared)?;
        }
        Ok(())
    }
}

/// Moves a queue's rows from memory to the end of the spill file.
fn spill(
    memory: &mut Vec<u8>,
    chunks: &mut Vec<(u64, usize)>,
    shared: &mut Shared,
) -> Result<(), Failure> {
    let at = shared.end;
    if shared.file.is_none() {
        shared.file = Some(tempfile::tempfile().map_err(unspillable)?);
    }
    let file = shared.file.as_ref().expect("just opened");
    file.write_all_at(memory, at).map_err(unspillable)?;
    shared.end += memory.len() as u64;
    shared.held -= memory.len();
    chunks.push((at, memory.len()));
    // A fresh buffer: the old one's capacity would stay in memory otherwise.
    *memory = Vec::new();
    Ok(())
}

impl<R: Row> Drop for Queue<R> {
    fn drop(&mut self) {
        self.spool.lock().held -= self.memory.len();
    }
}

impl<R: Row> Document<R> {
    /// Writes a queue's rows, in the order they were pushed, and empties it.
    pub fn replay(&mut self, mut queue: Queue<R>) -> Result<(), Failure> {
        let file = queue.spool.lock().file.as_ref().map(File::try_clone);
        if !queue.chunks.is_empty() {
            let file = file
                .expect("a queue with chunks has a file")
                .map_err(unspillable)?;
            let mut chunk = Vec::new();
            for &(at, length) in &queue.chunks {
                chunk.resize(length, 0);
                file.read_exact_at(&mut chunk, at).map_err(unspillable)?;
                self.replay_bytes(&chunk)?;
            }
        }
        let memory = std::mem::take(&mut queue.memory);
        queue.spool.lock().held -= memory.len();
        self.replay_bytes(&memory)
    }

    fn replay_bytes(&mut self, mut bytes: &[u8]) -> Result<(), Failure> {
        let mut cells = Vec::with_capacity(R::COLUMNS.len());
        while !bytes.is_empty() {
            cells.clear();
            bytes = decode_row(bytes, &mut cells);
            self.cells(&cells)?;
        }
        Ok(())
    }
}

fn unspillable(e: std::io::Error) -> Failure {
    Failure::new(
        Exit::Io,
        format!(
            "cannot keep waiting fleet rows in a temporary file in {}: {e} — free space there, or set TMPDIR to a roomier directory",
            std::env::temp_dir().display()
        ),
    )
}

const TEXT: u8 = 0;
const INT: u8 = 1;
const FALSE: u8 = 2;
const TRUE: u8 = 3;
const TIME: u8 = 4;
const BYTES: u8 = 5;
const NEVER: u8 = 6;
const NOT_APPLICABLE: u8 = 7;
const UNKNOWN: u8 = 8;
const GLOBAL: u8 = 9;
const JSON: u8 = 10;

/// A row as its cell count, then each cell as a tag and its value (little-endian).
fn encode_row(cells: &[Cell], out: &mut Vec<u8>) {
    out.extend_from_slice(&(cells.len() as u32).to_le_bytes());
    for cell in cells {
        match cell {
            Cell::Text(text) => {
                out.push(TEXT);
                out.extend_from_slice(&(text.len() as u32).to_le_bytes());
                out.extend_from_slice(text.as_bytes());
            }
            Cell::Int(n) => {
                out.push(INT);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Cell::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
            Cell::Time(t) => {
                out.push(TIME);
                out.extend_from_slice(&t.timestamp().to_le_bytes());
                out.extend_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
            }
            Cell::Bytes(n) => {
                out.push(BYTES);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Cell::Absent(Absent::Never) => out.push(NEVER),
            Cell::Absent(Absent::NotApplicable) => out.push(NOT_APPLICABLE),
            Cell::Absent(Absent::Unknown) => out.push(UNKNOWN),
            Cell::Absent(Absent::Global) => out.push(GLOBAL),
            Cell::Json(value) => {
                let text = value.to_string();
                out.push(JSON);
                out.extend_from_slice(&(text.len() as u32).to_le_bytes());
                out.extend_from_slice(text.as_bytes());
            }
        }
    }
}

/// Reads one row written by [`encode_row`] into `cells`; returns what follows it. The bytes
/// never left this process, so a malformed row is a bug, not an input error.
fn decode_row<'b>(bytes: &'b [u8], cells: &mut Vec<Cell>) -> &'b [u8] {
    fn take<const N: usize>(bytes: &mut &[u8]) -> [u8; N] {
        let (head, rest) = bytes.split_at(N);
        *bytes = rest;
        head.try_into().expect("N bytes")
    }
    let mut bytes = bytes;
    let count = u32::from_le_bytes(take::<4>(&mut bytes));
    for _ in 0..count {
        let [tag] = take::<1>(&mut bytes);
        cells.push(match tag {
            TEXT => {
                let length = u32::from_le_bytes(take::<4>(&mut bytes)) as usize;
                let (text, rest) = bytes.split_at(length);
                bytes = rest;
                Cell::text(String::from_utf8(text.to_vec()).expect("written from a String"))
            }
            INT => Cell::Int(i64::from_le_bytes(take::<8>(&mut bytes))),
            FALSE => Cell::Bool(false),
            TRUE => Cell::Bool(true),
            TIME => {
                let seconds = i64::from_le_bytes(take::<8>(&mut bytes));
                let nanos = u32::from_le_bytes(take::<4>(&mut bytes));
                let time: DateTime<Utc> =
                    DateTime::from_timestamp(seconds, nanos).expect("written from a DateTime");
                Cell::Time(time)
            }
            BYTES => Cell::Bytes(i64::from_le_bytes(take::<8>(&mut bytes))),
            NEVER => Cell::Absent(Absent::Never),
            NOT_APPLICABLE => Cell::Absent(Absent::NotApplicable),
            UNKNOWN => Cell::Absent(Absent::Unknown),
            GLOBAL => Cell::Absent(Absent::Global),
            JSON => {
                let length = u32::from_le_bytes(take::<4>(&mut bytes)) as usize;
                let (text, rest) = bytes.split_at(length);
                bytes = rest;
                Cell::Json(serde_json::from_slice(text).expect("written from a Value"))
            }
            other => unreachable!("cell tag {other} was never written"),
        });
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_cell_comes_back_as_it_went() {
        let time = DateTime::from_timestamp(1_764_590_400, 123_456_000).unwrap();
        let row = vec![
            Cell::text("zoë, \"quoted\"\n"),
            Cell::text(String::new()),
            Cell::Int(-42),
            Cell::Bool(true),
            Cell::Bool(false),
            Cell::Time(time),
            Cell::Bytes(8 << 20),
            Cell::Absent(Absent::Never),
            Cell::Absent(Absent::NotApplicable),
            Cell::Absent(Absent::Unknown),
            Cell::Absent(Absent::Global),
            Cell::Json(serde_json::json!({"reason": "r", "expires": "2027-01-01"})),
        ];
        let mut bytes = Vec::new();
        encode_row(&row, &mut bytes);
        encode_row(&row[..2], &mut bytes);
        let mut first = Vec::new();
        let rest = decode_row(&bytes, &mut first);
        assert_eq!(first, row);
        let mut second = Vec::new();
        assert!(decode_row(rest, &mut second).is_empty());
        assert_eq!(second, row[..2]);
    }
}
