//! Messages for people on stderr (data goes to stdout): notices, `-v` details, the final error.
//! They quote databases and logs, so their control characters are escaped
//! ([`crate::output::escape`]).

use crate::output::escape::controls;
use std::io::IsTerminal;

/// Whether the environment allows colour on a terminal: not with `NO_COLOR` set
/// (no-color.org), nor on a dumb terminal.
pub fn colour_allowed() -> bool {
    !(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb"))
}

#[derive(Debug, Clone, Copy)]
pub struct Console {
    verbose: bool,
    quiet: bool,
    color: bool,
}

impl Console {
    /// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org) or TERM=dumb.
    pub fn new(verbose: bool, quiet: bool) -> Self {
        Console {
            verbose,
            quiet,
            color: std::io::stderr().is_terminal() && colour_allowed(),
        }
    }

    /// A progress bar is drawn on a terminal only, and not with `-q`.
    pub fn shows_progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// Something the user should know; silenced by `-q`.
    pub fn notice(&self, message: &str) {
        if !self.quiet {
            eprintln!("odoo-access: {}", controls(message));
        }
    }

    /// Each of `messages`, as [`Console::notice`].
    pub fn notices(&self, messages: &[String]) {
        for message in messages {
            self.notice(message);
        }
    }

    /// Detail shown with `-v`.
    pub fn detail(&self, message: &str) {
        if self.verbose && !self.quiet {
            eprintln!("odoo-access: {}", controls(message));
        }
    }

    /// [`Console::detail`] of a line that may not be there.
    pub fn details(&self, message: Option<String>) {
        if let Some(message) = message {
            self.detail(&message);
        }
    }

    /// The one line a failed run ends with; never silenced.
    pub fn error(&self, message: &str) {
        if self.color {
            eprintln!("\x1b[1;31merror:\x1b[0m {}", controls(message));
        } else {
            eprintln!("error: {}", controls(message));
        }
    }
}
