//! The 1st edition's `flags2_asyncio.py` and `flags2_await.py` (ch. 17): the 2nd edition's
//! `flags2_asyncio.py` ([`crate::flags2`]) as it first was, a `Semaphore` and
//! `as_completed`, with the 1st edition's own `download_one` and `downloader_coro`.
//!
//! The two 1st-edition listings are one program, written with `yield from` and with
//! `await`; Rust has only `.await`. They share `get_flag`, the client and the counting with
//! [`crate::flags2`]; what differs is what `-v` prints: `XX not found` (the 2nd edition
//! adds the URL) and `*** Error for BR: HTTP error 418 - I'm a Teapot` (the 2nd edition
//! says `BR error: ...`).

use std::sync::Arc;

use flags_common::{Counter, DownloadStatus, FetchError, Job, save_flag};
use reqwest::Client;
use tokio::sync::Semaphore;

use crate::client::runtime;
use crate::flags2::{get_flag, supervise};

pub use crate::flags2::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ};

/// The book's `download_one`: downloads and saves one flag, only the request holding a
/// permit of `semaphore`. A 404 is not an error: it is said `XX not found` and counted.
pub async fn download_one(
    client: &Client,
    job: &Job,
    cc: &str,
    semaphore: &Semaphore,
) -> Result<DownloadStatus, FetchError> {
    let fetched = {
        let _permit = semaphore.acquire().await.expect("never closed");
        get_flag(client, job, cc).await
    };
    let image = match fetched {
        Ok(image) => image,
        Err(FetchError::NotFound { .. }) => {
            job.say(cc, "not found"); // the 1st edition names no URL
            return Ok(DownloadStatus::NotFound);
        }
        // The book wraps it in `FetchError(cc)`: here the task hands back its code with it.
        Err(err) => return Err(err),
    };
    // Warning: this write blocks the runtime's one thread while it lasts, as the book's
    // `save_flag` blocks the event loop.
    save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
    job.say(cc, "OK");
    Ok(DownloadStatus::Ok)
}

/// The book's `downloader_coro`: a task per code, results counted as they complete (the
/// book's `as_completed`), an error said `*** Error for BR: ...`; until the last result or
/// Ctrl-C (`job.stop`), whichever comes first.
pub async fn downloader_coro(job: &Job) -> Counter {
    // An error goes into the run's tally through a quiet copy of the job: the tally, and
    // what the run met (a refused connection, for the hint at the end), are shared by
    // every copy; only the 2nd edition's `BR error: ...` line is left out.
    let mut quiet = job.clone();
    quiet.verbose = false;
    let download = |client: Client, job: Arc<Job>, cc: String, semaphore: Arc<Semaphore>| async move {
        download_one(&client, &job, &cc, &semaphore).await
    };
    let count = |job: &Job, cc: &str, result| count_1e(job, &quiet, cc, result);
    supervise(job, download, count).await
}

/// Counts one result; with `-v`, says an error the 1st edition's way first:
/// `*** Error for BR: HTTP error 418 - I'm a Teapot`. `quiet` is a copy of `job` with
/// `verbose` off.
fn count_1e(
    job: &Job,
    quiet: &Job,
    cc: &str,
    result: Result<DownloadStatus, FetchError>,
) -> DownloadStatus {
    match result {
        Ok(status) => job.count(cc, Ok(status)),
        Err(err) => {
            // `say` prints its two parts with a space between: `***` and the rest.
            job.say("***", &format!("Error for {cc}: {err}"));
            quiet.count(cc, Err(err))
        }
    }
}

/// The book's `download_many`: runs `downloader_coro` to completion on one thread.
pub fn download_many(job: &Job) -> Counter {
    runtime().block_on(downloader_coro(job))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn an_error_is_counted_once_and_a_refusal_remembered() {
        let job = Job::new(["BR", "CN"], "http://127.0.0.1:9/flags", Path::new("d"));
        let mut quiet = job.clone();
        quiet.verbose = false;
        let status = count_1e(&job, &quiet, "BR", Err(FetchError::from_status("u", 418)));
        assert_eq!(status, DownloadStatus::Error);
        assert_eq!(job.counter().error, 1);
        assert_eq!(
            count_1e(&job, &quiet, "CN", Ok(DownloadStatus::Ok)),
            DownloadStatus::Ok
        );
        assert_eq!(job.counter().ok, 1);
        assert!(!job.met_refused());

        // Refused: counted, and remembered for the hint, though said the 1st edition's way.
        let refused = FetchError::Refused {
            source: "connection refused".into(),
        };
        assert_eq!(
            count_1e(&job, &quiet, "ID", Err(refused)),
            DownloadStatus::Error
        );
        assert_eq!(job.counter().error, 2);
        assert!(job.met_refused());
    }
}
