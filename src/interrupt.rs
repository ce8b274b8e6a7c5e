//! Ctrl-C and SIGTERM (a systemd stop, a cron job's timeout): the command stops, what it runs
//! on servers is cancelled there, and the exit code says which signal it was (130 / 143, as a
//! shell reports a process a signal ended).

use crate::error::Exit;
use std::future::Future;

/// Runs `work` until it ends or the process is sent SIGINT or SIGTERM; on a signal, `work`
/// is dropped (an uncommitted transaction is rolled back with its connection) after the
/// server has been asked to cancel every query in flight.
pub async fn run_until_interrupted<T>(work: impl Future<Output = T>) -> Result<T, Exit> {
    tokio::select! {
        biased;
        exit = signalled() => {
            crate::connect::cancel_in_flight().await;
            Err(exit)
        }
        done = work => Ok(done),
    }
}

/// The first of SIGINT and SIGTERM to arrive; never, where signals cannot be listened to.
async fn signalled() -> Exit {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = interrupt.recv() => Exit::Interrupted,
        _ = terminate.recv() => Exit::Terminated,
    }
}
