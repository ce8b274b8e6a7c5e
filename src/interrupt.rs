//! Ctrl-C and SIGTERM (a systemd stop, a cron job's timeout): the command stops, what it runs
//! on servers is cancelled there, and the exit code says which signal it was (130 / 143, as a
//! shell reports a process a signal ended).

use crate::error::Exit;
use std::future::Future;

/// Runs `work` until it ends or the process is sent SIGINT or SIGTERM; on a signal, `work`
/// is dropped (an uncommitted transaction is rolled back with its connection) after the
/// server has been asked to cancel every query in flight. Should the runtime's one thread be
/// held by a wait outside it (see [`watchdog`]), the process ends all the same.
pub async fn run_until_interrupted<T>(work: impl Future<Output = T>) -> Result<T, Exit> {
    watchdog();
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

/// How long a signal waits for the runtime to stop the work (the cancellation of queries in
/// flight takes three seconds at most) before the process ends without it.
const GRACE: std::time::Duration = std::time::Duration::from_secs(4);

/// The fallback for a wait that no future can interrupt: a blocking open(2) of a FIFO nobody
/// reads or writes, a read of a device that never ends. Such a wait holds the runtime's one
/// thread, so the signal is also noted in an atomic (by signal-hook, beside tokio's handler),
/// and a thread of its own ends the process with the signal's exit code if the runtime has
/// not done so within [`GRACE`]. Nothing uncommitted survives that: the server rolls back a
/// transaction whose connection goes.
fn watchdog() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let received = Arc::new(AtomicUsize::new(0));
    for signal in [SIGINT, SIGTERM] {
        if signal_hook::flag::register_usize(signal, Arc::clone(&received), signal as usize)
            .is_err()
        {
            return;
        }
    }
    let _ = std::thread::Builder::new()
        .name("interrupt".into())
        .spawn(move || {
            let signal = loop {
                match received.load(Ordering::Relaxed) {
                    0 => std::thread::sleep(std::time::Duration::from_millis(50)),
                    signal => break signal,
                }
            };
            std::thread::sleep(GRACE);
            let exit = match signal as i32 {
                SIGTERM => Exit::Terminated,
                _ => Exit::Interrupted,
            };
            eprintln!("error: interrupted while waiting outside the servers (a file, a pipe or a device); nothing uncommitted was kept");
            // SAFETY: _exit(2) ends the process at once; nothing is flushed that could block.
            unsafe { libc::_exit(exit.code()) }
        });
}
