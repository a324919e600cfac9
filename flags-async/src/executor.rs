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
use tokio::task::JoinSet;

use crate::client::{http_client, no_client, runtime};

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
/// or Ctrl-C (`job.stop`), whichever comes first.
pub async fn supervisor(job: &Job) -> Counter {
    let client = match http_client(job) {
        Ok(client) => client,
        Err(err) => return no_client(job, &err),
    };
    let semaphore = Arc::new(Semaphore::new(job.concur_req));
    // One copy of the job that every task shares, rather than a copy of its code list each.
    let shared_job = Arc::new(job.clone());
    let mut to_do = JoinSet::new();
    for cc in &job.cc_list {
        // A task must own what it uses: clones of the client (a handle to one shared
        // pool) and of the `Arc`s of the job and the semaphore.
        let (client, job, semaphore, cc) = (
            client.clone(),
            shared_job.clone(),
            semaphore.clone(),
            cc.clone(),
        );
        to_do.spawn(async move {
            let result = download_one(&client, &job, &cc, &semaphore).await;
            (cc, result) // The code comes from the task, never parsed back out of a URL.
        });
    }

    loop {
        let joined = tokio::select! {
            // Count every download that has finished before looking at Ctrl-C.
            biased;
            joined = to_do.join_next() => joined,
            // Ctrl-C: stop here. Dropping `to_do` aborts the downloads still in flight.
            () = job.stop.cancelled() => None,
        };
        let Some(joined) = joined else { break };
        let (cc, result) = joined.expect("a download task does not panic");
        job.count(&cc, result);
    }
    job.counter()
}

/// Runs [`supervisor`] to completion: the book's `asyncio.run(supervisor(...))`.
pub fn download_many(job: &Job) -> Counter {
    runtime().block_on(supervisor(job))
}
