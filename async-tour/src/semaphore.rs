//! asyncio's `Semaphore`: at most four jobs use the resource at a time.
//!
//! `acquire().await` hands back a permit; the permit gives itself back when dropped, once:
//! the twin of `async with semaphore:`. A permit cannot be released twice.
//!
//! But the count itself can be raised: `add_permits(n)` is tokio's bare `release()`, and
//! like a plain asyncio `Semaphore`'s it goes past the start value without a word. asyncio's
//! `BoundedSemaphore` raises `ValueError` there; tokio has none, so [`BoundedSemaphore`]
//! is one, in a few lines.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::task::JoinSet;
use tokio::time::sleep;

use crate::Transcript;

/// How many jobs may use the resource at once.
pub const LIMIT: usize = 4;

/// One job: waits for a permit, uses the resource for `work`, and leaves. Returns how many
/// jobs were inside, itself included, when it got in.
pub async fn use_resource(
    job: usize,
    resource: Arc<Semaphore>,
    work: Duration,
    log: Transcript,
) -> usize {
    // `acquire` fails only on a closed semaphore, and nobody closes this one.
    let _permit = resource.acquire().await.expect("semaphore closed");
    let inside = LIMIT - resource.available_permits();
    log.say(format!("job {job:>2} in  ({inside}/{LIMIT} inside)"));
    sleep(work).await;
    log.say(format!("job {job:>2} out"));
    inside
} // `_permit` is dropped here: the next waiting job gets in.

/// Runs `jobs` jobs against a resource limited to `LIMIT`; returns the most ever inside.
pub async fn run(jobs: usize, log: &Transcript) -> usize {
    let resource = Arc::new(Semaphore::new(LIMIT)); // asyncio: `asyncio.Semaphore(4)`
    let mut set = JoinSet::new();
    for job in 1..=jobs {
        set.spawn(use_resource(
            job,
            Arc::clone(&resource),
            Duration::from_secs(1),
            log.clone(),
        ));
    }
    let mut most = 0;
    while let Some(inside) = set.join_next().await {
        most = most.max(inside.expect("a job panicked"));
    }
    most
}

/// asyncio's `BoundedSemaphore`: a semaphore whose `release()` refuses to raise the count
/// above the start value.
#[derive(Debug)]
pub struct BoundedSemaphore {
    permits: Semaphore,
    bound: usize,
    // Releases take turns, so that the check and the raise are one step. (An `acquire`
    // between them only lowers the count: it cannot make the raise go over.)
    releasing: Mutex<()>,
}

/// The twin of `ValueError: BoundedSemaphore released too many times`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("BoundedSemaphore released too many times")]
pub struct ReleasedTooManyTimes;

impl BoundedSemaphore {
    /// `asyncio.BoundedSemaphore(bound)`.
    pub fn new(bound: usize) -> Self {
        Self {
            permits: Semaphore::new(bound),
            bound,
            releasing: Mutex::new(()),
        }
    }

    /// `async with sem:`: a permit that goes back by itself when dropped.
    pub async fn acquire(&self) -> SemaphorePermit<'_> {
        // `acquire` fails only on a closed semaphore, and this one is never closed.
        self.permits.acquire().await.expect("never closed")
    }

    /// `await sem.acquire()` on its own: takes a permit that only [`Self::release`] gives
    /// back.
    pub async fn acquire_until_release(&self) {
        self.acquire().await.forget();
    }

    /// `sem.release()`: gives a permit back, or refuses if that would make more than the
    /// start value.
    pub fn release(&self) -> Result<(), ReleasedTooManyTimes> {
        // Poisoning needs a panic under the lock: nothing below panics.
        let _turn = self.releasing.lock().expect("never poisoned");
        if self.permits.available_permits() >= self.bound {
            return Err(ReleasedTooManyTimes);
        }
        self.permits.add_permits(1);
        Ok(())
    }

    /// How many permits are free now: `sem._value` in asyncio.
    pub fn available_permits(&self) -> usize {
        self.permits.available_permits()
    }
}

/// The over-release, with a plain semaphore and with a bounded one. Returns the plain
/// one's count after one release too many, and what the bounded one's extra release said.
pub async fn over_release(log: &Transcript) -> (usize, Result<(), ReleasedTooManyTimes>) {
    let plain = Semaphore::new(1); // asyncio: `asyncio.Semaphore(1)`
    plain.add_permits(1); // `sem.release()` with nothing acquired
    let count = plain.available_permits();
    log.say(format!(
        "Semaphore(1), released once too often: {count} permits free"
    ));

    let bounded = BoundedSemaphore::new(1);
    bounded.acquire_until_release().await;
    log.say(format!(
        "BoundedSemaphore(1), acquired: {} free",
        bounded.available_permits()
    ));
    log.say(format!("release(): {:?}", bounded.release()));
    let extra = bounded.release();
    match extra {
        Ok(()) => log.say("release() again: Ok"),
        Err(err) => log.say(format!("release() again: Err({err})")),
    }
    (count, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn add_permits_goes_past_the_start_a_bounded_semaphore_does_not() {
        let log = Transcript::quiet();
        let (plain, bounded) = over_release(&log).await;
        assert_eq!(plain, 2, "tokio's Semaphore can be over-released");
        assert_eq!(bounded, Err(ReleasedTooManyTimes));
        let sem = BoundedSemaphore::new(2);
        assert_eq!(sem.release(), Err(ReleasedTooManyTimes));
        {
            let _permit = sem.acquire().await;
            assert_eq!(sem.available_permits(), 1);
        }
        assert_eq!(sem.available_permits(), 2, "the permit went back on drop");
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_four_inside() {
        let log = Transcript::quiet();
        assert_eq!(run(10, &log).await, LIMIT);

        // Ten jobs of one second, four at a time: waves at 0 s, 1 s and 2 s, done at 3 s.
        let entered: Vec<_> = log
            .lines()
            .into_iter()
            .filter(|l| l.text.contains(" in "))
            .map(|l| l.at.as_secs())
            .collect();
        assert_eq!(entered, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
        assert_eq!(log.elapsed(), Duration::from_secs(3));
    }
}
