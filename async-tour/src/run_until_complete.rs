//! asyncio's `loop.run_until_complete()` and `loop.close()`: a runtime built and closed by hand.
//!
//! `#[tokio::main]` writes this for us; spelling it out shows what "closed" means. Shutting a
//! tokio runtime down takes it by value, so "run on a closed loop" (asyncio's
//! `RuntimeError: Event loop is closed`) does not compile. Tasks still pending at shutdown
//! are dropped, and a leftover `Handle` can still spawn, but such a task is cancelled at once.

use std::io::{self, Write};
use std::time::Duration;

use tokio::runtime::Builder;
use tokio::sync::oneshot;

/// What happened around the runtime's life, for the example to print and the tests to check.
#[derive(Debug, PartialEq, Eq)]
pub struct Closed {
    /// What `block_on` returned.
    pub answer: u64,
    /// Whether the task left pending at shutdown was dropped (cancelled), not run to the end.
    pub pending_task_dropped: bool,
    /// Whether a task spawned through a leftover handle, after shutdown, was cancelled.
    pub late_task_cancelled: bool,
}

/// The coroutine we run to completion.
pub async fn slow_answer(delay: Duration) -> u64 {
    tokio::time::sleep(delay).await;
    42
}

/// Builds a runtime, runs one future to completion on it, closes it, and shows what is left.
pub fn run_until_complete(delay: Duration, out: &mut impl Write) -> io::Result<Closed> {
    // asyncio: `loop = asyncio.new_event_loop()`
    let runtime = Builder::new_current_thread().enable_all().build()?;
    writeln!(
        out,
        "runtime built: nothing runs until something blocks on it"
    )?;

    // A task that will still be pending at shutdown; it holds `_alive` until it is dropped.
    let (alive, mut dropped) = oneshot::channel::<()>();
    runtime.spawn(async move {
        let _alive = alive; // Moved in: dropped when the task is dropped.
        tokio::time::sleep(Duration::from_secs(3600)).await;
    });

    // asyncio: `loop.run_until_complete(slow_answer())`
    let answer = runtime.block_on(slow_answer(delay));
    writeln!(out, "block_on(slow_answer()) returned {answer}")?;

    let handle = runtime.handle().clone();
    // asyncio: `loop.close()`. Takes `runtime` by value: `runtime.block_on(..)` below this
    // line is a compile error, not a RuntimeError.
    runtime.shutdown_timeout(Duration::from_secs(1));
    // The pending task was dropped with its `_alive` sender: the channel reports "closed".
    let pending_task_dropped = dropped.try_recv() == Err(oneshot::error::TryRecvError::Closed);
    writeln!(
        out,
        "runtime closed; pending task dropped: {pending_task_dropped}"
    )?;

    // A leftover handle still compiles, but the runtime refuses the work: cancelled, never run.
    let late = handle.spawn(async { 7 });
    // Any executor can wait on a JoinHandle; this one is already finished.
    let late_task_cancelled =
        matches!(futures::executor::block_on(late), Err(e) if e.is_cancelled());
    writeln!(
        out,
        "spawn after close; task cancelled: {late_task_cancelled}"
    )?;

    Ok(Closed {
        answer,
        pending_task_dropped,
        late_task_cancelled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_to_completion_then_refuses_work() {
        let mut out = Vec::new();
        let closed = run_until_complete(Duration::from_millis(10), &mut out).unwrap();
        assert_eq!(
            closed,
            Closed {
                answer: 42,
                pending_task_dropped: true,
                late_task_cancelled: true,
            }
        );
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("returned 42"), "{out}");
    }
}
