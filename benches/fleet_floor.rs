//! The work floor of a fleet report (used by benches/fleet.sh): one fresh connection per
//! database, at most JOBS at a time, each running shared/bench/report-floor.sql — one
//! statement touching every table a report reads. Prints the wall time.
//!
//!   cargo bench --bench fleet_floor -- FLOOR_SQL JOBS DATABASE...
//! (PGHOST, PGPORT and PGUSER say where; no TLS, like the runs it is compared with.)

use futures_util::stream::{self, StreamExt};
use std::time::Instant;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let sql = std::fs::read_to_string(args.next().expect("FLOOR_SQL")).expect("read FLOOR_SQL");
    let jobs: usize = args
        .next()
        .expect("JOBS")
        .parse()
        .expect("JOBS is a number");
    let databases: Vec<String> = args.collect();
    let env =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
    let (host, port, user) = (
        env("PGHOST", "127.0.0.1"),
        env("PGPORT", "5432"),
        env("PGUSER", "postgres"),
    );
    let started = Instant::now();
    let failures = stream::iter(databases.iter())
        .map(|database| {
            let (sql, host, port, user) = (&sql, &host, &port, &user);
            async move {
                let mut config = tokio_postgres::Config::new();
                config
                    .host(host)
                    .port(port.parse().unwrap_or(5432))
                    .user(user)
                    .dbname(database);
                let (client, connection) = config.connect(tokio_postgres::NoTls).await?;
                tokio::spawn(connection);
                client.simple_query(sql).await.map(|_| ())
            }
        })
        .buffer_unordered(jobs)
        .filter(|r| std::future::ready(r.is_err()))
        .count()
        .await;
    println!(
        "floor: {} databases, {jobs} at a time, {:.2} s ({failures} failed)",
        databases.len(),
        started.elapsed().as_secs_f64()
    );
}
