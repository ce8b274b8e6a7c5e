//! Who still calls Odoo's XML-RPC and JSON-RPC, from the werkzeug request lines of Odoo's
//! server log — the integrations to move to JSON-2 before Odoo 20 removes `/xmlrpc` and
//! `/jsonrpc` (19 logs "scheduled for removal in Odoo 20" for each call). A request line:
//!
//! ```text
//! 2026-11-30 09:10:11,120 9001 INFO prod werkzeug: 192.0.2.7 - - [30/Nov/2026 09:10:11] "POST /xmlrpc/2/object#res.partner.search_count HTTP/1.1" 200 - 3 0.002 0.010
//! ```
//!
//! The line's fifth field is the database (`None` or `?` when the request named none);
//! `/xmlrpc/2/object` carries the model and method after a `#`; JSON-2 names them in its path
//! (`/json/2/<model>/<method>`); `/jsonrpc` names neither (they are in the body). Plain and
//! gzip files are streamed line by line; other lines are passed over.

use crate::odoo::server_log::{cut_short, open_log};
use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::path::Path;

/// One kind of call: where from, to which endpoint, which model and method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    /// `None`: the line names no database.
    pub database: Option<String>,
    pub address: String,
    /// `xml-rpc`, `json-rpc` or `json-2`.
    pub endpoint: &'static str,
    /// `common`, `object`, `db` for XML-RPC; empty elsewhere.
    pub service: String,
    pub model: Option<String>,
    pub method: Option<String>,
}

/// How often, and when first and last, in the log's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub calls: i64,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct RpcUsage {
    pub calls: BTreeMap<Call, Seen>,
    /// Request lines of an RPC endpoint that could not be understood.
    pub unparsed: u64,
    /// Lines longer than [`LONGEST_LINE`], read only that far (no request line is so long).
    pub cut: u64,
    /// gzip files that end inside their compressed data, with the bytes of log read from each.
    pub truncated: Vec<(std::path::PathBuf, u64)>,
}

/// The most of one line that is kept: a werkzeug request line is a few hundred bytes, and a
/// log that holds one line of gigabytes (or /dev/zero) must not be held whole.
const LONGEST_LINE: usize = 64 << 10;

impl RpcUsage {
    /// Reads a plain or gzip-compressed file ([`open_log`]); one cut short counts as far as
    /// it goes ([`RpcUsage::truncated`]).
    pub fn read_file(&mut self, path: &Path, since: DateTime<Utc>) -> io::Result<()> {
        let (input, gzip) = open_log(path)?;
        let mut bytes = 0;
        match self.read(input, since, &mut bytes) {
            Err(e) if cut_short(gzip, &e) => {
                self.truncated.push((path.to_path_buf(), bytes));
                Ok(())
            }
            other => other,
        }
    }

    /// Reads `input` line by line; `bytes` counts what was read.
    pub fn read<R: BufRead>(
        &mut self,
        mut input: R,
        since: DateTime<Utc>,
        bytes: &mut u64,
    ) -> io::Result<()> {
        let mut line = Vec::new();
        loop {
            let Some(cut) = read_line(&mut input, &mut line, bytes)? else {
                return Ok(());
            };
            self.cut += u64::from(cut);
            let text = String::from_utf8_lossy(&line);
            if !text.contains(" werkzeug: ")
                || !["\"POST /xmlrpc", "\"POST /jsonrpc", "\"POST /json/2/"]
                    .iter()
                    .any(|endpoint| text.contains(endpoint))
            {
                continue;
            }
            let Some((at, call)) = parse(&text) else {
                self.unparsed += 1;
                continue;
            };
            let Some(at) = Local.from_local_datetime(&at).earliest() else {
                self.unparsed += 1;
                continue;
            };
            let at = at.with_timezone(&Utc);
            if at < since {
                continue;
            }
            let seen = self.calls.entry(call).or_insert(Seen {
                calls: 0,
                first: at,
                last: at,
            });
            seen.calls += 1;
            seen.first = seen.first.min(at);
            seen.last = seen.last.max(at);
        }
    }
}

/// The next line of `input` (its end included) into `line`, at most [`LONGEST_LINE`] bytes of
/// it; the rest of a longer line is read past. `None` at the end; else whether it was cut.
fn read_line<R: BufRead>(
    input: &mut R,
    line: &mut Vec<u8>,
    bytes: &mut u64,
) -> io::Result<Option<bool>> {
    line.clear();
    let mut cut = false;
    let mut any = false;
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(any.then_some(cut));
        }
        any = true;
        let (take, ends) = match memchr::memchr(b'\n', buffer) {
            Some(i) => (i + 1, true),
            None => (buffer.len(), false),
        };
        let room = LONGEST_LINE.saturating_sub(line.len());
        cut |= take > room;
        line.extend_from_slice(&buffer[..take.min(room)]);
        input.consume(take);
        *bytes += take as u64;
        if ends {
            return Ok(Some(cut));
        }
    }
}

fn parse(line: &str) -> Option<(NaiveDateTime, Call)> {
    let at = NaiveDateTime::parse_from_str(line.get(..19)?, "%Y-%m-%d %H:%M:%S").ok()?;
    // "<date> <time>,<ms> <pid> <LEVEL> <db> werkzeug: <address> - - [...] "POST <path> ..."
    let database = line.split(' ').nth(4)?;
    let database = (!matches!(database, "None" | "?")).then(|| database.to_string());
    let after = &line[line.find(" werkzeug: ")? + " werkzeug: ".len()..];
    let address = after.split(' ').next()?.to_string();
    let request = &after[after.find("\"POST ")? + "\"POST ".len()..];
    let path = request.split([' ', '"']).next()?;
    let (endpoint, service, model, method) = if let Some(rest) = path.strip_prefix("/json/2/") {
        let (model, method) = rest.split_once('/')?;
        ("json-2", String::new(), Some(model), Some(method))
    } else if path.starts_with("/jsonrpc") {
        ("json-rpc", String::new(), None, None)
    } else {
        let rest = path.strip_prefix("/xmlrpc/")?;
        let rest = rest.strip_prefix("2/").unwrap_or(rest);
        let (service, target) = rest.split_once('#').unwrap_or((rest, ""));
        let (model, method) = match target.rsplit_once('.') {
            Some((model, method)) => (Some(model), Some(method)),
            None => (None, None),
        };
        ("xml-rpc", service.to_string(), model, method)
    };
    Some((
        at,
        Call {
            database,
            address,
            endpoint,
            service,
            model: model.map(str::to_string),
            method: method.map(str::to_string),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
2026-11-30 09:10:11,120 9001 INFO prod werkzeug: 192.0.2.7 - - [30/Nov/2026 09:10:11] \"POST /xmlrpc/2/object#res.partner.search_count HTTP/1.1\" 200 - 3 0.002 0.010
2026-11-30 09:10:11,121 9001 WARNING prod odoo.addons.rpc.controllers.xmlrpc: The /xmlrpc, /xmlrpc/2 and /jsonrpc endpoints are deprecated in Odoo 19 and scheduled for removal in Odoo 20.
2026-11-30 09:10:12,120 9001 INFO prod werkzeug: 192.0.2.7 - - [30/Nov/2026 09:10:12] \"POST /xmlrpc/2/object#res.partner.search_count HTTP/1.1\" 200 - 3 0.002 0.010
2026-11-30 09:10:13,120 9001 INFO ? werkzeug: 192.0.2.8 - - [30/Nov/2026 09:10:13] \"POST /xmlrpc/2/common HTTP/1.1\" 200 - 1 0.001 0.003
2026-11-30 09:10:14,120 9001 INFO prod werkzeug: 192.0.2.9 - - [30/Nov/2026 09:10:14] \"POST /jsonrpc HTTP/1.1\" 200 - 2 0.001 0.004
2026-11-30 09:10:15,120 9001 INFO prod werkzeug: 192.0.2.9 - - [30/Nov/2026 09:10:15] \"POST /json/2/sale.order/search_read HTTP/1.1\" 200 - 5 0.003 0.020
2026-11-30 09:10:16,120 9001 INFO prod werkzeug: 192.0.2.9 - - [30/Nov/2026 09:10:16] \"GET /web/login HTTP/1.1\" 200 - 9 0.01 0.1
";

    #[test]
    fn each_endpoint_is_counted_per_address_model_and_method() {
        let mut usage = RpcUsage::default();
        let since = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
        let mut bytes = 0;
        usage.read(LOG.as_bytes(), since, &mut bytes).unwrap();
        assert_eq!(bytes, LOG.len() as u64);
        let rows: Vec<String> = usage
            .calls
            .iter()
            .map(|(c, s)| {
                let db = c.database.as_deref().unwrap_or("-");
                let method = c.method.as_deref().unwrap_or("-");
                format!("{db} {} {} {method} {}", c.address, c.endpoint, s.calls)
            })
            .collect();
        assert_eq!(
            rows,
            [
                "- 192.0.2.8 xml-rpc - 1",
                "prod 192.0.2.7 xml-rpc search_count 2",
                "prod 192.0.2.9 json-2 search_read 1",
                "prod 192.0.2.9 json-rpc - 1",
            ]
        );
        assert_eq!(usage.unparsed, 0);
    }

    #[test]
    fn a_line_longer_than_any_request_is_held_only_so_far() {
        let mut log = LOG.lines().next().unwrap().to_string();
        log.push_str(&"x".repeat(3 * LONGEST_LINE));
        log.push('\n');
        log.push_str(LOG);
        let mut usage = RpcUsage::default();
        let since = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
        let mut line = Vec::new();
        let mut bytes = 0;
        let mut input = log.as_bytes();
        assert_eq!(
            read_line(&mut input, &mut line, &mut bytes).unwrap(),
            Some(true)
        );
        assert_eq!(line.len(), LONGEST_LINE);
        usage.read(log.as_bytes(), since, &mut bytes).unwrap();
        assert_eq!(usage.cut, 1);
        // The cut line is still counted as far as it was read, and the lines after it too.
        let calls: i64 = usage.calls.values().map(|s| s.calls).sum();
        assert_eq!(calls, 6);
    }

    #[test]
    fn a_gzip_file_cut_short_counts_as_far_as_it_goes() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for _ in 0..2000 {
            gz.write_all(LOG.as_bytes()).unwrap();
        }
        let whole = gz.finish().unwrap();
        let path = dir.path().join("odoo.log.1.gz");
        std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
        let mut usage = RpcUsage::default();
        let since = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
        usage.read_file(&path, since).unwrap();
        assert_eq!(usage.truncated.len(), 1);
        let (cut, bytes) = &usage.truncated[0];
        assert_eq!(cut, &path);
        assert!(*bytes > 0 && *bytes < 2000 * LOG.len() as u64, "{bytes}");
        let calls: i64 = usage.calls.values().map(|s| s.calls).sum();
        assert!(calls > 0 && calls < 2000 * 6, "{calls}");
    }
}
