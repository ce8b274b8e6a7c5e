//! Exit codes of the command-line contract and the one-line failures that carry them.
//!
//! [`Failure`] is the one error type: every error that reaches `main` becomes exactly one line on stderr ("cause — fix") and one
//! of these codes, so cron jobs and monitoring can tell a bad flag from a dead server.

use std::fmt;

/// Process exit codes (docs/COMMAND-LINE.md, "The command-line contract"). `report` follows the monitoring-plugin convention for 0–3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    /// A negative answer: `check` would fail, `report` has warnings, `revoke` only previewed.
    Negative = 1,
    Critical = 2,
    /// Fleet mode skipped some databases; the others were printed.
    Partial = 3,
    Usage = 64,
    /// Database missing, not an Odoo database, or an Odoo older than 14.
    NoDatabase = 66,
    Unreachable = 69,
    /// An I/O error on our side: disk full, stdout closed, `--output` not writable.
    Io = 74,
    /// Statement or lock timeout; nothing was changed.
    Timeout = 75,
    /// Authentication failed or permission denied.
    Denied = 77,
    Config = 78,
    /// SIGINT (128 + 2): the queries in flight were cancelled on the server.
    Interrupted = 130,
    /// SIGTERM (128 + 15).
    Terminated = 143,
}

impl Exit {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// An error whose exit code is known and whose message already names the cause and the fix.
#[derive(Clone, Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
    /// The server (or a pooler in front of it) had no connection slot free: worth trying
    /// again with fewer connections at once (see `fleet`).
    busy: bool,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
            busy: false,
        }
    }

    /// "Too many connections" (SQLSTATE 53300, or PgBouncer's max_client_conn): exit 69
    /// where it ends a run, back-pressure where a fleet can wait.
    pub fn busy(message: impl Into<String>) -> Self {
        Failure {
            busy: true,
            ..Self::new(Exit::Unreachable, message)
        }
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    /// Writing the output failed. Its message names the destination already
    /// (src/output/destination.rs). A reader that closed the pipe early (`| head`) is no
    /// error: exit 0, and nothing is said.
    pub fn io(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Self::new(Exit::Ok, String::new());
        }
        Self::new(
            Exit::Io,
            format!("{e} — check the free space and permissions of the destination"),
        )
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(Exit::Config, message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Writing the output failed (`?` on the renderer's writes).
impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::io(e)
    }
}

/// Folds a message onto one line: a multi-line error would break log parsers and cron mail.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fold_onto_one_line() {
        assert_eq!(
            one_line("took too long\n — raise it"),
            "took too long — raise it"
        );
    }

    #[test]
    fn a_closed_pipe_is_no_error() {
        let closed = Failure::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(closed.exit, Exit::Ok);
        let full = Failure::from(std::io::Error::other("disk full"));
        assert_eq!(full.exit, Exit::Io);
    }
}
