//! The 1st edition's `flags2_asyncio.py` and `flags2_await.py` (ch. 17): the 2nd edition's
//! `flags2_asyncio.py` ([`crate::flags2`]) as it first was, a `Semaphore` and
//! `as_completed`, reporting an error as `*** Error for BR: ...`.
//!
//! The two 1st-edition listings are one program, written with `yield from` and with
//! `await`; Rust has only `.await`. What differs from [`crate::flags2`] is the error line.

use flags_common::{Counter, DownloadStatus, FetchError, Job};

use crate::client::runtime;
use crate::flags2::supervisor_counting;

pub use crate::flags2::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ};

/// Counts one result as [`Job::count`] does, but says an error the 1st edition's way:
/// `*** Error for BR: HTTP error 418 - I'm a Teapot` (with `-v`, as in the book).
pub fn count_1e(job: &Job, cc: &str, result: Result<DownloadStatus, FetchError>) -> DownloadStatus {
    match result {
        Err(err) if !matches!(err, FetchError::NotFound { .. }) => {
            // `say` prints its two parts with a space between: `***` and the rest.
            job.say("***", &format!("Error for {cc}: {err}"));
            job.count(cc, Ok(err.status()))
        }
        result => job.count(cc, result),
    }
}

/// The book's `download_many`: runs the supervisor to completion on one thread.
pub fn download_many(job: &Job) -> Counter {
    runtime().block_on(supervisor_counting(job, count_1e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn an_error_is_counted_as_one() {
        let job = Job::new(["BR"], "http://127.0.0.1:9/flags", Path::new("d"));
        let status = count_1e(&job, "BR", Err(FetchError::from_status("u", 418)));
        assert_eq!(status, DownloadStatus::Error);
        assert_eq!(job.counter().error, 1);
        assert_eq!(
            count_1e(&job, "CN", Ok(DownloadStatus::Ok)),
            DownloadStatus::Ok
        );
        assert_eq!(job.counter().ok, 1);
    }
}
