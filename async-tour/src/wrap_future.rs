//! asyncio's `run_in_executor`, `to_thread` and `wrap_future`: blocking work on OS threads,
//! awaited from async code without blocking the runtime.
//!
//! `spawn_blocking` runs a closure on tokio's blocking-thread pool (the default executor of
//! `run_in_executor(None, ...)`, and `to_thread`). A plain `std::thread` can hand its result
//! to async code through a `oneshot`: that is `wrap_future` around a `concurrent.futures`
//! future. While either runs, the runtime stays free to drive other tasks.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::{self, JoinError};

use crate::Transcript;

/// Blocking work: a blocking pause (think: a file read, a C library call) and some arithmetic.
pub fn blocking_sum(n: u64, pause: Duration) -> u64 {
    std::thread::sleep(pause);
    (1..=n).sum()
}

/// `await asyncio.to_thread(f)`: runs `f` on the blocking pool. A panic in `f` comes back as
/// a `JoinError` instead of tearing down the runtime.
pub async fn to_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, JoinError> {
    task::spawn_blocking(f).await
}

/// `executor.submit(f)` on a thread of our own, wrapped for `await`: `asyncio.wrap_future`.
/// If `f` panics, the sender is dropped and awaiting the receiver gives `RecvError`.
pub fn submit<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> oneshot::Receiver<T> {
    let (tx, rx) = oneshot::channel();
    std::thread::spawn(move || {
        // Nobody waiting any more is not an error for the worker.
        let _ = tx.send(f());
    });
    rx
}

/// Runs two blocking jobs, one each way, while a ticker shows the runtime is still free.
pub async fn tour(
    pause: Duration,
    log: &Transcript,
) -> (
    Result<u64, JoinError>,
    Result<u64, oneshot::error::RecvError>,
) {
    let ticker_log = log.clone();
    let ticker = tokio::spawn(async move {
        let mut every = tokio::time::interval(pause / 4);
        loop {
            every.tick().await;
            ticker_log.say("tick: the runtime is free");
        }
    });

    log.say(format!(
        "two blocking jobs: {pause:?} on the blocking pool, {:?} on a thread",
        pause * 3 / 2
    ));
    let (pooled, threaded) = tokio::join!(
        to_thread(move || blocking_sum(1_000_000, pause)),
        submit(move || blocking_sum(2_000_000, pause + pause / 2)),
    );
    log.say(format!("to_thread (spawn_blocking): {pooled:?}"));
    log.say(format!("wrap_future (std thread + oneshot): {threaded:?}"));
    ticker.abort();
    (pooled, threaded)
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    #[tokio::test]
    async fn both_ways_return_the_value() {
        assert_eq!(
            to_thread(|| blocking_sum(100, Duration::ZERO))
                .await
                .unwrap(),
            5050
        );
        assert_eq!(
            submit(|| blocking_sum(10, Duration::ZERO)).await.unwrap(),
            55
        );
    }

    #[tokio::test]
    async fn a_panic_comes_back_as_an_error() {
        let pooled = to_thread(|| -> u64 { panic!("boom (expected by this test)") }).await;
        assert!(pooled.unwrap_err().is_panic());
        let threaded = submit(|| -> u64 { panic!("boom (expected by this test)") }).await;
        assert!(threaded.is_err());
    }

    /// The jobs wait until an async task on the (single-threaded) runtime lets them go. If
    /// they blocked the runtime, that task could never run and this test would time out.
    #[tokio::test]
    async fn the_runtime_stays_free_while_blocking_work_runs() {
        let (go_pool, wait_pool) = mpsc::channel::<()>();
        let (go_thread, wait_thread) = mpsc::channel::<()>();
        let pooled = to_thread(move || wait_pool.recv().is_ok());
        let threaded = submit(move || wait_thread.recv().is_ok());
        let release = async {
            task::yield_now().await;
            go_pool.send(()).unwrap();
            go_thread.send(()).unwrap();
        };
        let joined = tokio::time::timeout(Duration::from_secs(10), async {
            tokio::join!(pooled, threaded, release)
        });
        let (pooled, threaded, ()) = joined.await.expect("the runtime was blocked");
        assert!(pooled.unwrap());
        assert!(threaded.unwrap());
    }

    #[tokio::test]
    async fn tour_reports_both_sums() {
        let log = Transcript::quiet();
        let (pooled, threaded) = tour(Duration::from_millis(10), &log).await;
        assert_eq!(pooled.unwrap(), 500_000_500_000);
        assert_eq!(threaded.unwrap(), 2_000_001_000_000);
    }
}
