//! asyncio's debug mode (`PYTHONASYNCIODEBUG=1`, `slow_callback_duration`): report any task
//! that holds the thread too long in one step.
//!
//! A tokio task runs between two `.await`s inside one call to `poll`; if that call takes long,
//! the task is blocking the runtime. [`Watched`] wraps a future, times every `poll`, and
//! reports the slow ones with the task's name. (asyncio's other debug warning, "coroutine was
//! never awaited", is a compile-time `#[must_use]` warning in Rust. For real services,
//! tokio-console shows the same and more.)

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// asyncio's default `slow_callback_duration`: 100 ms.
pub const SLOW_POLL: Duration = Duration::from_millis(100);

/// One slow step of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlowPoll {
    pub name: &'static str,
    pub took: Duration,
}

/// The default report: a `tracing` warning, like asyncio's "Executing <Task ...> took 1.002 seconds".
pub fn log_slow_poll(slow: SlowPoll) {
    tracing::warn!(task = slow.name, took = ?slow.took, "slow poll: this task blocked the runtime");
}

/// A future that times each `poll` of the future inside it.
pub struct Watched<F, R> {
    name: &'static str,
    threshold: Duration,
    // Boxed so that `Watched` is `Unpin` and needs no pin projection (or `unsafe`); a
    // production version would use `pin-project-lite` and skip the allocation.
    inner: Pin<Box<F>>,
    report: R,
}

impl<F: Future, R: FnMut(SlowPoll)> Watched<F, R> {
    /// Watches `inner`, calling `report` for every poll that takes `threshold` or longer.
    pub fn new(name: &'static str, threshold: Duration, inner: F, report: R) -> Self {
        Self {
            name,
            threshold,
            inner: Box::pin(inner),
            report,
        }
    }
}

/// Watches `inner` with asyncio's defaults: 100 ms, reported through `tracing`.
pub fn watched<F: Future>(name: &'static str, inner: F) -> Watched<F, fn(SlowPoll)> {
    Watched::new(name, SLOW_POLL, inner, log_slow_poll)
}

impl<F: Future, R: FnMut(SlowPoll) + Unpin> Future for Watched<F, R> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // The wall clock on purpose: blocking takes real time, whatever tokio's clock says.
        let start = Instant::now();
        let poll = self.inner.as_mut().poll(cx);
        let took = start.elapsed();
        if took >= self.threshold {
            let name = self.name;
            (self.report)(SlowPoll { name, took });
        }
        poll
    }
}

/// A well-behaved task: it waits with an async sleep, so each poll returns at once.
pub async fn polite(pause: Duration) {
    tokio::time::sleep(pause).await;
}

/// The mistake asyncio's debug mode exists to catch: a blocking call inside a task.
pub async fn blocker(pause: Duration) {
    std::thread::sleep(pause); // Warning: blocks the runtime's thread for the whole pause!
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    #[tokio::test]
    async fn a_blocking_task_is_reported_by_name() {
        let (tx, reports) = mpsc::channel();
        let report = move |slow| tx.send(slow).unwrap();
        let threshold = Duration::from_millis(200);
        let pause = Duration::from_millis(300);

        tokio::join!(
            Watched::new("polite", threshold, polite(pause), report.clone()),
            Watched::new("blocker", threshold, blocker(pause), report),
        );

        let reports: Vec<SlowPoll> = reports.try_iter().collect();
        assert_eq!(reports.len(), 1, "{reports:?}");
        assert_eq!(reports[0].name, "blocker");
        assert!(reports[0].took >= threshold, "{reports:?}");
    }

    #[tokio::test]
    async fn the_output_is_passed_through() {
        assert_eq!(watched("answer", async { 42 }).await, 42);
    }
}
