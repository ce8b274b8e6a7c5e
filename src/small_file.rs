//! Configuration files (odoo.conf, ~/.pgpass, the report config) are read whole, but never
//! without a bound: a path pointed at a device, a log or a huge file must not take the
//! memory of a cron job. Real ones are a few KiB.

use std::io::Read;
use std::path::Path;

/// The largest configuration file read: far above any real one.
pub const LIMIT: u64 = 1 << 20;

/// The file's text, or an error that says it is larger than [`LIMIT`] or not UTF-8.
pub fn read(path: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(LIMIT + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > LIMIT {
        return Err(std::io::Error::other(format!(
            "it is larger than {} KiB, which no configuration file is",
            LIMIT / 1024
        )));
    }
    Ok(text)
}
