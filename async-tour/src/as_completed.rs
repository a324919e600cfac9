//! asyncio's `as_completed`: results in the order they finish, not the order they started.
//!
//! `FuturesUnordered` is a `Stream` that yields each future's output as soon as it is ready;
//! `for fut in asyncio.as_completed(coros): await fut` becomes `while let Some(done) = next()`.
//! (With spawned tasks, `JoinSet::join_next` does the same.)

use std::time::Duration;

use futures::Stream;
use futures::stream::FuturesUnordered;
use tokio::time::sleep;

/// One finished (simulated) download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The country code.
    pub cc: &'static str,
    /// Its place in the submission order, from 1.
    pub submitted: usize,
    /// How long the "server" took for it.
    pub delay: Duration,
}

// ANCHOR: as_completed
/// A stand-in for `download_one`: takes `delay`, then reports which code it was.
pub async fn download_one(cc: &'static str, submitted: usize, delay: Duration) -> Done {
    sleep(delay).await;
    Done {
        cc,
        submitted,
        delay,
    }
}

/// All the downloads at once, yielded as they complete: asyncio's `as_completed(coros)`.
pub fn as_completed(jobs: &[(&'static str, Duration)]) -> impl Stream<Item = Done> + use<> {
    jobs.iter()
        .enumerate()
        .map(|(i, &(cc, delay))| download_one(cc, i + 1, delay))
        .collect::<FuturesUnordered<_>>()
}
// ANCHOR_END: as_completed

#[cfg(test)]
mod tests {
    use futures::StreamExt;
    use tokio::time::Instant;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn yields_in_completion_order() {
        let ms = Duration::from_millis;
        let jobs = [("BR", ms(300)), ("CN", ms(100)), ("IN", ms(200))];
        let start = Instant::now();
        let mut done = as_completed(&jobs);

        let mut order = Vec::new();
        while let Some(d) = done.next().await {
            // Each result arrives when its own delay is over: they ran concurrently.
            assert_eq!(start.elapsed(), d.delay);
            order.push((d.cc, d.submitted));
        }
        assert_eq!(order, [("CN", 2), ("IN", 3), ("BR", 1)]);
    }
}
