//! asyncio's `gather`: every result, in the order the awaitables were given.
//!
//! `join_all` (and `join!` for a fixed set) keep the input order whatever the finishing order.
//! For errors there are two spellings: `try_join_all` returns the first error and *drops*
//! the rest (they are cancelled, unlike plain `gather`, which lets them run on), and
//! `join_all` over `Result`s collects every outcome, like `gather(..., return_exceptions=True)`.

use std::time::Duration;

use futures::future::{join_all, try_join_all};
use thiserror::Error;
use tokio::time::sleep;

use crate::Transcript;

/// Why a (simulated) download failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FlagError {
    #[error("{0}: no such country")]
    NotFound(&'static str),
}

/// A stand-in for `get_flag`: takes `delay`; codes starting with X are user-assigned in
/// ISO 3166 and belong to no country, so they fail.
pub async fn get_flag(
    cc: &'static str,
    delay: Duration,
    log: Transcript,
) -> Result<String, FlagError> {
    sleep(delay).await;
    log.say(format!("{cc} done"));
    if cc.starts_with('X') {
        Err(FlagError::NotFound(cc))
    } else {
        Ok(format!("{cc}.gif"))
    }
}

/// `await asyncio.gather(*coros, return_exceptions=True)`: every outcome, in input order.
pub async fn gather(
    jobs: &[(&'static str, Duration)],
    log: &Transcript,
) -> Vec<Result<String, FlagError>> {
    join_all(
        jobs.iter()
            .map(|&(cc, delay)| get_flag(cc, delay, log.clone())),
    )
    .await
}

/// `await asyncio.gather(*coros)`: all results in input order, or the first error; the
/// downloads still running are dropped, which cancels them.
pub async fn gather_fail_fast(
    jobs: &[(&'static str, Duration)],
    log: &Transcript,
) -> Result<Vec<String>, FlagError> {
    try_join_all(
        jobs.iter()
            .map(|&(cc, delay)| get_flag(cc, delay, log.clone())),
    )
    .await
}

/// A fixed handful of futures, possibly of different types: `join!` gives back a tuple.
pub async fn gather_two(log: &Transcript) -> (Result<String, FlagError>, usize) {
    let count_codes = async {
        sleep(Duration::from_millis(100)).await;
        194 // Countries in the book's data set.
    };
    tokio::join!(
        get_flag("BR", Duration::from_millis(200), log.clone()),
        count_codes
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jobs() -> [(&'static str, Duration); 4] {
        let ms = Duration::from_millis;
        [
            ("BR", ms(300)),
            ("XA", ms(100)),
            ("IN", ms(200)),
            ("XB", ms(250)),
        ]
    }

    #[tokio::test(start_paused = true)]
    async fn gather_collects_every_outcome_in_input_order() {
        let log = Transcript::quiet();
        let results = gather(&jobs(), &log).await;
        assert_eq!(
            results,
            [
                Ok("BR.gif".to_string()),
                Err(FlagError::NotFound("XA")),
                Ok("IN.gif".to_string()),
                Err(FlagError::NotFound("XB")),
            ]
        );
        // Finished in completion order, returned in input order, after the slowest one.
        assert_eq!(log.texts(), ["XA done", "IN done", "XB done", "BR done"]);
        assert_eq!(log.elapsed(), Duration::from_millis(300));
    }

    #[tokio::test(start_paused = true)]
    async fn fail_fast_returns_the_first_error_and_cancels_the_rest() {
        let log = Transcript::quiet();
        let result = gather_fail_fast(&jobs(), &log).await;
        assert_eq!(result, Err(FlagError::NotFound("XA")));
        assert_eq!(log.elapsed(), Duration::from_millis(100));

        // The others were dropped, not left running: nothing else ever finishes.
        sleep(Duration::from_secs(1)).await;
        assert_eq!(log.texts(), ["XA done"]);
    }

    #[tokio::test(start_paused = true)]
    async fn fail_fast_succeeds_when_all_succeed() {
        let log = Transcript::quiet();
        let ms = Duration::from_millis;
        let result = gather_fail_fast(&[("BR", ms(20)), ("IN", ms(10))], &log).await;
        assert_eq!(result, Ok(vec!["BR.gif".to_string(), "IN.gif".to_string()]));
    }

    #[tokio::test(start_paused = true)]
    async fn join_returns_a_tuple() {
        let log = Transcript::quiet();
        assert_eq!(gather_two(&log).await, (Ok("BR.gif".to_string()), 194));
        assert_eq!(log.elapsed(), Duration::from_millis(200));
    }
}
