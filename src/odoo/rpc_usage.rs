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

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader};
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
}

impl RpcUsage {
    /// Reads a plain or gzip-compressed file (told apart by its first bytes).
    pub fn read_file(&mut self, path: &Path, since: DateTime<Utc>) -> io::Result<()> {
        let mut file = BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
        let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        if gzip {
            let input = BufReader::new(flate2::bufread::MultiGzDecoder::new(file));
            self.read(input, since)
        } else {
            self.read(file, since)
        }
    }

    pub fn read<R: BufRead>(&mut self, mut input: R, since: DateTime<Utc>) -> io::Result<()> {
        let mut line = Vec::new();
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
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
        usage.read(LOG.as_bytes(), since).unwrap();
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
}
