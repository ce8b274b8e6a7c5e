//! Where output goes: stdout, or a file replaced atomically (written to a temporary file in
//! the same directory, flushed, then renamed), so a cron job never leaves half a report.

use crate::error::Failure;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

pub enum Destination {
    Stdout(BufWriter<io::Stdout>),
    /// For people only: a preview shown before a question.
    Stderr(io::Stderr),
    File {
        temp: BufWriter<NamedTempFile>,
        path: PathBuf,
    },
}

impl Destination {
    pub fn open(path: Option<&Path>) -> Result<Destination, Failure> {
        match path {
            None => Ok(Destination::Stdout(BufWriter::new(io::stdout()))),
            Some(p) if p == Path::new("-") => Ok(Destination::Stdout(BufWriter::new(io::stdout()))),
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let temp = NamedTempFile::new_in(dir).map_err(|e| {
                    Failure::usage(format!(
                        "cannot write --output {}: {e} — choose a writable directory",
                        p.display()
                    ))
                })?;
                Ok(Destination::File {
                    temp: BufWriter::new(temp),
                    path: p.to_path_buf(),
                })
            }
        }
    }

    pub fn is_terminal(&self) -> bool {
        use std::io::IsTerminal;
        match self {
            Destination::Stdout(_) => io::stdout().is_terminal(),
            Destination::Stderr(_) => io::stderr().is_terminal(),
            Destination::File { .. } => false,
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Destination::Stdout(mut out) => out.flush(),
            Destination::Stderr(mut out) => out.flush(),
            Destination::File { temp, path } => {
                let temp = temp.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                temp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Destination::Stdout(out) => out.write(buf),
            Destination::Stderr(out) => out.write(buf),
            Destination::File { temp, .. } => temp.write(buf),
        }
    }

    /// Straight to the buffer's own `write_all`: serde_json writes a row in many small pieces.
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Destination::Stdout(out) => out.write_all(buf),
            Destination::Stderr(out) => out.write_all(buf),
            Destination::File { temp, .. } => temp.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::Stdout(out) => out.flush(),
            Destination::Stderr(out) => out.flush(),
            Destination::File { temp, .. } => temp.flush(),
        }
    }
}
