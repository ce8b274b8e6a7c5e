//! Running one task over many databases with bounded concurrency.
//!
//! Each database needs its own connection (a pool is bound to one database name), so this
//! opens plain connections, at most `jobs` at a time, and returns the results in the order
//! the databases were given — a stable order whatever the completion order.

use crate::error::Failure;
use futures_util::stream::{self, StreamExt};
use std::future::Future;

pub async fn each<T, F, Fut>(
    databases: Vec<String>,
    jobs: usize,
    task: F,
) -> Vec<(String, Result<T, Failure>)>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    stream::iter(databases)
        .map(|database| {
            let work = task(database.clone());
            async move { (database, work.await) }
        })
        .buffered(jobs.max(1))
        .collect()
        .await
}
