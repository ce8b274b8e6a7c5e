//! Where output goes: stdout, or `--output FILE`, written as a shell's `>` would be where that
//! is right and atomically where it matters.
//!
//! - A regular file (or a new one) is replaced atomically: written to a temporary file in the
//!   same directory, synced, then renamed, so a cron job never leaves half a report. The new
//!   file keeps the mode and owner of the one it replaces; a file that did not exist gets
//!   0666 less the umask, as `>` gives it (a monitoring agent must be able to read it).
//! - A symbolic link is followed: its target is replaced atomically, in the target's
//!   directory, and the link stays. Not in a directory that group or others may write,
//!   where another user could have made the link (the kernel's `protected_symlinks` rule).
//! - A character device or a FIFO (`/dev/stdout`, `/dev/full`, a named pipe) is written
//!   through, never replaced by a file.
//! - A directory is refused.
//!
//! Every write error names the destination ("standard output" or the path) and is an I/O
//! error (exit 74), not a server problem.

use crate::error::{Exit, Failure};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

pub enum Destination {
    Stdout(BufWriter<io::Stdout>),
    /// For people only: a preview shown before a question.
    Stderr(io::Stderr),
    /// A regular file, replaced when complete.
    File {
        temp: BufWriter<NamedTempFile>,
        path: PathBuf,
        /// What `--output` said (a link's target is `path`), for messages.
        given: PathBuf,
    },
    /// A character device or a FIFO, written through.
    Stream {
        file: BufWriter<File>,
        path: PathBuf,
    },
}

impl Destination {
    pub fn open(path: Option<&Path>) -> Result<Destination, Failure> {
        let Some(given) = path.filter(|p| *p != Path::new("-")) else {
            return Ok(Destination::Stdout(BufWriter::new(io::stdout())));
        };
        let cannot = |why: String| {
            Failure::new(
                Exit::Io,
                format!("cannot write --output {}: {why}", given.display()),
            )
        };
        let path = match std::fs::symlink_metadata(given) {
            Ok(link) if link.file_type().is_symlink() => {
                if directory_others_may_write(given) {
                    return Err(cannot(
                        "it is a symbolic link in a directory that others may write — give the real path".into(),
                    ));
                }
                std::fs::canonicalize(given)
                    .map_err(|e| cannot(format!("its link leads nowhere ({e})")))?
            }
            _ => given.to_path_buf(),
        };
        let existing = std::fs::metadata(&path).ok();
        if let Some(meta) = &existing {
            let kind = meta.file_type();
            if kind.is_dir() {
                return Err(cannot("it is a directory — give a file name".into()));
            }
            if kind.is_char_device() || kind.is_fifo() {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(&path)
                    .map_err(|e| cannot(e.to_string()))?;
                return Ok(Destination::Stream {
                    file: BufWriter::new(file),
                    path: given.to_path_buf(),
                });
            }
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = NamedTempFile::new_in(dir)
            .map_err(|e| cannot(format!("{e} — choose a writable directory")))?;
        let file = temp.as_file();
        match &existing {
            Some(meta) => {
                file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))
                    .map_err(|e| cannot(e.to_string()))?;
                // Only root may give a file away; anyone else's new file is theirs, as with
                // any program that replaces a file by renaming.
                let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
            }
            None => file
                .set_permissions(std::fs::Permissions::from_mode(0o666 & !umask()))
                .map_err(|e| cannot(e.to_string()))?,
        }
        Ok(Destination::File {
            temp: BufWriter::new(temp),
            path,
            given: given.to_path_buf(),
        })
    }

    pub fn is_terminal(&self) -> bool {
        use std::io::IsTerminal;
        match self {
            Destination::Stdout(_) => io::stdout().is_terminal(),
            Destination::Stderr(_) => io::stderr().is_terminal(),
            Destination::File { .. } | Destination::Stream { .. } => false,
        }
    }

    /// Flushes and, for a regular file, renames it into place.
    pub fn commit(self) -> io::Result<()> {
        let name = self.name();
        let done = match self {
            Destination::Stdout(mut out) => out.flush(),
            Destination::Stderr(mut out) => out.flush(),
            Destination::Stream { mut file, .. } => file.flush(),
            Destination::File { temp, path, .. } => (|| {
                let temp = temp.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                temp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            })(),
        };
        done.map_err(|e| named(e, &name))
    }

    /// The destination in a message: "standard output" or the path given.
    fn name(&self) -> String {
        match self {
            Destination::Stdout(_) => "standard output".into(),
            Destination::Stderr(_) => "standard error".into(),
            Destination::File { given, .. } => given.display().to_string(),
            Destination::Stream { path, .. } => path.display().to_string(),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Destination::Stdout(out) => out,
            Destination::Stderr(out) => out,
            Destination::File { temp, .. } => temp,
            Destination::Stream { file, .. } => file,
        }
    }
}

/// The error, its kind kept (a closed pipe stays a closed pipe), its text naming where.
fn named(e: io::Error, name: &str) -> io::Error {
    io::Error::new(e.kind(), format!("cannot write {name}: {e}"))
}

fn directory_others_may_write(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o022 != 0)
}

/// The process's umask (read by setting it and putting it back: there is no other way).
fn umask() -> u32 {
    // SAFETY: umask(2) cannot fail; the old mask is restored at once.
    unsafe {
        let mask = libc::umask(0o022);
        libc::umask(mask);
        mask as u32
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf).map_err(|e| named(e, &self.name()))
    }

    /// Straight to the buffer's own `write_all`: serde_json writes a row in many small pieces.
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()
            .write_all(buf)
            .map_err(|e| named(e, &self.name()))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush().map_err(|e| named(e, &self.name()))
    }
}
