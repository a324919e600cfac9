//! asyncio's `Semaphore`: at most four jobs use the resource at a time.
//!
//! `acquire().await` hands back a permit; the permit gives itself back when dropped, once.
//! There is no `release()` to call one time too many, so the over-release that a plain
//! asyncio `Semaphore` silently allows (and `BoundedSemaphore` raises `ValueError` for)
//! cannot be written.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
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

#[cfg(test)]
mod tests {
    use super::*;

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
