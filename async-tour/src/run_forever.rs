//! asyncio's `loop.run_forever()`: jobs that reschedule themselves until Ctrl-C, then `close()`.
//!
//! In asyncio a callback keeps itself alive with `loop.call_later(1, callback)` and the loop
//! runs until `KeyboardInterrupt`. In tokio each job is a task with a loop in it; stopping is
//! dropping: `JoinSet::shutdown` aborts every task and waits until they are gone.
//!
//! `loop.stop()`, called from a callback, is a [`CancellationToken`] cancelled from a
//! task: [`run_forever`] returns once the future it was given completes, whatever that
//! future waits for (Ctrl-C, a token, both).

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{self, Instant};
use tokio_util::sync::CancellationToken;

use crate::Transcript;

/// One job that says its name every `period`, starting after `first`: the twin of a callback
/// that ends with `loop.call_later(period, itself)`. It never returns; it stops when dropped.
pub async fn every(name: &'static str, first: Duration, period: Duration, log: Transcript) {
    // `interval` keeps the beat without drift, unlike a `sleep(period)` after the work.
    let mut ticks = time::interval_at(Instant::now() + first, period);
    for n in 1_u64.. {
        ticks.tick().await;
        log.say(format!("{name} #{n}"));
    }
}

/// Runs two self-rescheduling jobs until `shutdown` completes (Ctrl-C in the example), then
/// stops them and waits for them to be gone. Returns how many tasks were stopped.
pub async fn run_forever(shutdown: impl Future<Output = ()>, log: Transcript) -> usize {
    let second = Duration::from_secs(1);
    let mut tasks = JoinSet::new();
    tasks.spawn(every("tick", Duration::ZERO, second, log.clone()));
    tasks.spawn(every("tock", second / 2, second, log.clone()));

    shutdown.await; // asyncio: `loop.run_forever()` returns after `KeyboardInterrupt`.
    log.say("shutdown requested: cancelling the tasks");
    let stopped = tasks.len();
    tasks.shutdown().await; // Cancellation is dropping: each task stops at its next `.await`.
    log.say(format!("{stopped} tasks stopped, runtime closing")); // asyncio: `loop.close()`
    stopped
}

/// `loop.call_later(after, loop.stop)`: a task that stops the loop after `after`. The
/// token is the loop's stop switch: [`run_forever`] is handed `stop.cancelled()`.
pub fn stop_after(after: Duration, stop: CancellationToken, log: Transcript) {
    tokio::spawn(async move {
        time::sleep(after).await;
        log.say("stop() called from a task");
        stop.cancel(); // asyncio: `loop.stop()`
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn jobs_reschedule_themselves_until_shutdown() {
        let log = Transcript::quiet();
        let stopped = run_forever(time::sleep(Duration::from_millis(2750)), log.clone()).await;
        assert_eq!(stopped, 2);

        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(log.when("tick #1"), ms(0));
        assert_eq!(log.when("tock #1"), ms(500));
        assert_eq!(log.when("tick #3"), ms(2000));
        assert_eq!(log.when("tock #3"), ms(2500));
        assert_eq!(
            log.texts().last().unwrap(),
            "2 tasks stopped, runtime closing"
        );

        // Stopped means stopped: nothing more is said, however long we wait.
        let before = log.lines().len();
        time::sleep(Duration::from_secs(10)).await;
        assert_eq!(log.lines().len(), before);
    }

    #[tokio::test(start_paused = true)]
    async fn stop_from_a_task_ends_the_run() {
        let log = Transcript::quiet();
        let stop = CancellationToken::new();
        stop_after(Duration::from_millis(1200), stop.clone(), log.clone());
        assert_eq!(run_forever(stop.cancelled(), log.clone()).await, 2);
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(log.when("stop() called from a task"), ms(1200));
        assert_eq!(
            log.when("shutdown requested: cancelling the tasks"),
            ms(1200)
        );
        assert_eq!(log.when("tick #3"), None, "stopped before 2 s");
    }
}
