//! asyncio's `Future`: a value that another task sets later. In tokio: a `oneshot` channel.
//!
//! The `Sender` is the setting half (`fut.set_result`), the `Receiver` the awaiting half.
//! Where asyncio raises, the types answer instead: `result()` on a pending future raises
//! `InvalidStateError`, `try_recv()` returns `Err(Empty)`; a second `set_result` raises
//! `InvalidStateError`, a second `send` does not compile, because `send` consumes the sender.
//! A sender dropped without a value is the twin of a cancelled future.
//!
//! A task is a future too: `done()` is `is_finished()` on its handle, and
//! `add_done_callback(cb)` is a task that awaits the handle and then calls `cb`
//! ([`add_done_callback`]).

use std::time::Duration;

use tokio::sync::oneshot::{self, error::RecvError, error::TryRecvError};
use tokio::task::{JoinError, JoinHandle};
use tokio::time::sleep;

use crate::Transcript;

/// What the tour saw, for the tests.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    /// `try_recv` before the value was set.
    pub too_early: Result<u32, TryRecvError>,
    /// The value, once awaited.
    pub value: Result<u32, RecvError>,
    /// Awaiting a future whose setter went away.
    pub abandoned: Result<u32, RecvError>,
    /// A task's `done()` right after it was created, and once its callback had run.
    pub done_before_and_after: (bool, bool),
}

/// `fut.add_done_callback(cb)`: calls `cb` with the task's outcome once it is done.
///
/// asyncio keeps a list of callbacks on each future and schedules them when it is set;
/// tokio has no such list, so the callback rides on a small task that awaits the handle.
/// The returned handle lets the caller wait for the callback itself.
pub fn add_done_callback<T, F>(task: JoinHandle<T>, cb: F) -> JoinHandle<()>
where
    T: Send + 'static,
    F: FnOnce(&Result<T, JoinError>) + Send + 'static,
{
    tokio::spawn(async move { cb(&task.await) })
}

/// The other task: `fut.set_result(value)` after `delay`.
pub async fn set_after(delay: Duration, value: u32, fut: oneshot::Sender<u32>, log: Transcript) {
    sleep(delay).await;
    log.say(format!("setter: set_result({value})"));
    // `send` fails only if the receiver is gone; then nobody wants the value.
    let _ = fut.send(value);
}

/// Creates a future, polls it too early, awaits it, then awaits one that is never set.
pub async fn tour(log: &Transcript) -> Seen {
    let (set, mut fut) = oneshot::channel(); // asyncio: `fut = loop.create_future()`
    tokio::spawn(set_after(Duration::from_secs(1), 42, set, log.clone()));

    let too_early = fut.try_recv(); // asyncio: `fut.result()` raises InvalidStateError here.
    log.say(format!("try_recv() before it is set: {too_early:?}"));

    let value = fut.await; // asyncio: `await fut`
    log.say(format!("awaited: {value:?}"));

    let (set, fut) = oneshot::channel::<u32>();
    drop(set); // The setter gives up without a value.
    let abandoned = fut.await;
    let why = abandoned.as_ref().map_err(ToString::to_string);
    log.say(format!(
        "awaited a future whose setter was dropped: {why:?}"
    ));

    // A task, watched: `done()` before and after, and a callback when it ends.
    let task = tokio::spawn(async {
        sleep(Duration::from_secs(1)).await;
        "slow result"
    });
    let peek = task.abort_handle(); // a handle that can still ask once `task` is given away
    let done_before = peek.is_finished(); // asyncio: `task.done()`
    log.say(format!("task.done() at once: {done_before}"));
    let cb_log = log.clone();
    let callback = add_done_callback(task, move |outcome| {
        cb_log.say(format!("callback: the task is done: {outcome:?}"));
    });
    // The callback's task has run, so the task it waited for is done.
    let _ = callback.await;
    let done_after = peek.is_finished();
    log.say(format!("task.done() after the callback: {done_after}"));

    Seen {
        too_early,
        value,
        abandoned,
        done_before_and_after: (done_before, done_after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn set_later_polled_early_then_awaited() {
        let log = Transcript::quiet();
        let seen = tour(&log).await;
        assert_eq!(seen.too_early, Err(TryRecvError::Empty));
        assert_eq!(seen.value, Ok(42));
        assert!(seen.abandoned.is_err());
        assert_eq!(log.when("awaited: Ok(42)"), Some(Duration::from_secs(1)));
        assert_eq!(seen.done_before_and_after, (false, true));
        assert_eq!(
            log.when("callback: the task is done: Ok(\"slow result\")"),
            Some(Duration::from_secs(2)),
            "a second after the task was created, at 1 s"
        );
    }
}
