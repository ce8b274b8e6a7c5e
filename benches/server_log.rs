//! Benchmark: reading Odoo server logs for login lines (`cargo bench --bench server_log`).
//!
//! Writes a 256 MiB log of realistic lines (werkzeug requests, other INFO lines, 1 % login
//! lines of several databases) to a temporary directory, then times `LoginLog::read_file` on
//! it, plain and gzip-compressed, and prints MB/s of uncompressed log per run.

use chrono::{TimeZone, Utc};
use odoo_access::odoo::server_log::LoginLog;
use std::io::{BufWriter, Write};
use std::time::Instant;

const TARGET_BYTES: usize = 256 << 20;
const RUNS: usize = 3;

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let plain = dir.path().join("odoo.log");
    let gz = dir.path().join("odoo.log.1.gz");
    let written = write_log(&plain);
    let mut encoder = flate2::write::GzEncoder::new(
        BufWriter::new(std::fs::File::create(&gz).unwrap()),
        flate2::Compression::default(),
    );
    std::io::copy(&mut std::fs::File::open(&plain).unwrap(), &mut encoder).unwrap();
    encoder.finish().unwrap().flush().unwrap();

    let since = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
    println!(
        "log: {:.0} MiB, {} runs each",
        written as f64 / (1 << 20) as f64,
        RUNS
    );
    for (label, path) in [("plain", &plain), ("gzip", &gz)] {
        let mut best = f64::MAX;
        let mut rows = 0;
        for _ in 0..RUNS {
            let mut log = LoginLog::default();
            let start = Instant::now();
            log.read_file(path, "prod", false, since).unwrap();
            best = best.min(start.elapsed().as_secs_f64());
            rows = log.by_login_ip.len();
            assert_eq!(log.bytes as usize, written);
        }
        println!(
            "{label:>5}: best {best:.3} s = {:.0} MB/s of log ({rows} login/ip pairs)",
            written as f64 / 1e6 / best
        );
    }
}

fn write_log(path: &std::path::Path) -> usize {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    let mut i = 0u64;
    while written < TARGET_BYTES {
        let line = match i % 100 {
            0 => format!(
                "2026-11-22 05:{:02}:{:02},992 8750 INFO prod odoo.addons.base.models.res_users: Login failed for db:prod login:user{}@example.com from 203.0.113.{}\n",
                i / 60 % 60, i % 60, i % 500, i % 200
            ),
            1 => format!(
                "2026-11-22 05:{:02}:{:02},992 8750 INFO prod odoo.addons.base.models.res_users: Login successful for db:prod login:user{}@example.com from n/a\n",
                i / 60 % 60, i % 60, i % 500
            ),
            2 => format!(
                "2026-11-22 05:{:02}:{:02},992 8750 INFO other odoo.addons.base.models.res_users: Login failed for db:other login:admin from 198.51.100.{}\n",
                i / 60 % 60, i % 60, i % 200
            ),
            3..=59 => format!(
                "2026-11-22 05:{:02}:{:02},{:03} 8750 INFO prod werkzeug: 198.51.100.{} - - [22/Nov/2026 05:22:55] \"POST /web/dataset/call_kw/res.partner/web_search_read HTTP/1.1\" 200 - 12 0.010 0.025\n",
                i / 60 % 60, i % 60, i % 1000, i % 250
            ),
            _ => format!(
                "2026-11-22 05:{:02}:{:02},{:03} 8750 INFO prod odoo.models.unlink: User #2 deleted mail.message records with IDs: [{}]\n",
                i / 60 % 60, i % 60, i % 1000, i
            ),
        };
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
        i += 1;
    }
    out.flush().unwrap();
    written
}
