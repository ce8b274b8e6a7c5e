//! Values from a database or from Odoo's log reach people's terminals and spreadsheets. A
//! database owner, or anyone who types a login into Odoo's login form (Odoo logs failed
//! logins verbatim), chooses those bytes; outside JSON they are made harmless here.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a terminal would act on `c` instead of showing it: C0 and C1 controls and DEL
/// (escape sequences, carriage returns that overwrite a line, new lines that forge rows) and
/// the bidirectional controls that reorder what is shown (CVE-2021-42574).
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each control character written as a visible escape (`\n`, `\x1b`, `\u{202e}`),
/// as Rust's `escape_debug` would; borrowed when there is none, which is nearly always.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A CSV cell a spreadsheet would not run as a formula (OWASP's "CSV injection"): a text
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
/// spreadsheets show as text. Then as [`controls`].
pub fn csv_text(text: &str) -> Cow<'_, str> {
    let escaped = controls(text);
    // The tab and carriage return are escaped by now: test the original's first character.
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{escaped}"))
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_become_visible_escapes() {
        let forged = "eve\x1b]0;PWNED\x07\x1b[2J\r\nfake-line";
        assert_eq!(
            controls(forged),
            "eve\\x1b]0;PWNED\\x07\\x1b[2J\\r\\nfake-line"
        );
        assert_eq!(
            controls("a\u{202e}b\u{9b}c\u{7f}"),
            "a\\u{202e}b\\x9bc\\x7f"
        );
        assert!(matches!(controls("Carol Doe — ok é"), Cow::Borrowed(_)));
    }

    #[test]
    fn formulas_are_not_formulas_in_csv() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_text(start).starts_with('\''), "{start:?}");
        }
        assert_eq!(csv_text("carol"), "carol");
    }
}
