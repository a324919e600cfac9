//! `flags2_asyncio_executor.py`: flags2_asyncio with the blocking save moved off the
//! runtime, to tokio's pool of blocking threads (the book's `loop.run_in_executor`).
//!
//! Only `download_one` changes. And one bug of the book is fixed: its
//! `run_in_executor(...)` is never awaited, so a write that fails is lost and the flag
//! still counts as OK. Here the save is awaited, and a failed save counts as an error.

use std::sync::Arc;

use flags_common::{Counter, DownloadStatus, FetchError, Job, save_flag};
use reqwest::Client;
use tokio::sync::Semaphore;

use crate::client::runtime;

use crate::flags2::supervise;

pub use crate::flags2::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, get_flag};

// ANCHOR: download_one
/// Downloads one flag, and saves it on a blocking thread.
pub async fn download_one(
    client: &Client,
    job: &Job,
    cc: &str,
    semaphore: &Semaphore,
) -> Result<DownloadStatus, FetchError> {
    let fetched = {
        // With every permit taken, only this task waits; the others run on.
        let _permit = semaphore.acquire().await.expect("never closed");
        get_flag(client, job, cc).await
    }; // The permit is released here: saving does not count against the limit.
    let image = match fetched {
        Ok(image) => image,
        Err(FetchError::NotFound { url }) => {
            job.say(cc, &format!("not found: {url}"));
            return Ok(DownloadStatus::NotFound);
        }
        Err(err) => return Err(err),
    };
    // After Ctrl-C the supervisor drops this task; a write already handed to a blocking
    // thread would still finish, uncounted. So start none once stopped.
    if job.stop.is_cancelled() {
        return Err(FetchError::interrupted());
    }
    // New: the write runs on a blocking thread while this thread drives other downloads.
    // A blocking task cannot be cancelled mid-write; save_flag is atomic anyway.
    let (dest, filename) = (job.dest.clone(), format!("{cc}.gif"));
    tokio::task::spawn_blocking(move || save_flag(&image, &dest, &filename))
        .await // New: awaited, so a failed write is an error, not lost.
        .expect("save_flag does not panic")?;
    job.say(cc, "OK");
    Ok(DownloadStatus::Ok)
}
// ANCHOR_END: download_one

/// Spawns a task per code and counts the results as they complete, until the last one
/// or Ctrl-C (`job.stop`), whichever comes first: flags2's supervisor, with this
/// `download_one`.
pub async fn supervisor(job: &Job) -> Counter {
    let download = |client: Client, job: Arc<Job>, cc: String, semaphore: Arc<Semaphore>| async move {
        download_one(&client, &job, &cc, &semaphore).await
    };
    supervise(job, download, Job::count).await
}

/// Runs [`supervisor`] to completion: the book's `asyncio.run(supervisor(...))`.
pub fn download_many(job: &Job) -> Counter {
    runtime().block_on(supervisor(job))
}
