//! asyncio's `Future`: a value that another task sets later. In tokio: a `oneshot` channel.
//!
//! The `Sender` is the setting half (`fut.set_result`), the `Receiver` the awaiting half.
//! Where asyncio raises, the types answer instead: `result()` on a pending future raises
//! `InvalidStateError`, `try_recv()` returns `Err(Empty)`; a second `set_result` raises
//! `InvalidStateError`, a second `send` does not compile, because `send` consumes the sender.
//! A sender dropped without a value is the twin of a cancelled future.

use std::time::Duration;

use tokio::sync::oneshot::{self, error::RecvError, error::TryRecvError};
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

    Seen {
        too_early,
        value,
        abandoned,
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
    }
}
