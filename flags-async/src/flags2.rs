//! `flags2_asyncio.py`: flags2 with asyncio, a `Semaphore` bounding the requests in
//! flight and the results reported as they complete.
//!
//! Every download is spawned at once as a task; the semaphore lets only `concur_req`
//! of them talk to the server at a time. The supervisor takes results as they complete
//! (the book's `asyncio.as_completed`), counts them, and stops at Ctrl-C.

use std::sync::Arc;

use bytes::Bytes;
use flags_common::{Counter, DownloadStatus, FetchError, Job, check_flag, save_flag};
use reqwest::Client;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::client::{http_client, http_get, no_client, runtime};

/// Default low, not to hammer a remote site (and get 503 Service Unavailable for it).
pub const DEFAULT_CONCUR_REQ: usize = 5;
/// The most `--max-req` may ask for.
pub const MAX_CONCUR_REQ: usize = 1000;

/// Downloads the flag of `cc`: a whole GIF, or why there is none.
pub async fn get_flag(client: &Client, job: &Job, cc: &str) -> Result<Bytes, FetchError> {
    let (headers, body) = http_get(client, &job.flag_url(cc), job.timeout).await?;
    check_flag(&headers, &body)?; // the checks of every client: a 200 is not yet a flag
    Ok(body)
}

/// Downloads and saves one flag. Only the request holds a permit of `semaphore`.
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
    // Warning: this write blocks the one runtime thread, and every download with it,
    // while it lasts. The book already hands it to `asyncio.to_thread` here; we keep
    // it on the runtime so that flags2_asyncio_executor shows the move on its own.
    save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
    job.say(cc, "OK");
    Ok(DownloadStatus::Ok)
}

/// Spawns a task per code and counts the results as they complete, until the last one
/// or Ctrl-C (`job.stop`), whichever comes first.
pub async fn supervisor(job: &Job) -> Counter {
    let download = |client: Client, job: Arc<Job>, cc: String, semaphore: Arc<Semaphore>| async move {
        download_one(&client, &job, &cc, &semaphore).await
    };
    supervise(job, download, Job::count).await
}

/// [`supervisor`] with another `download_one` (flags3's, the executor's, the 1st
/// edition's) or another way to count a result (the 1st edition's `*** Error for BR`
/// line). Each task gets its own handles to what it uses: `download_one` takes them owned.
pub async fn supervise<D, F, C>(job: &Job, download_one: D, count: C) -> Counter
where
    D: Fn(Client, Arc<Job>, String, Arc<Semaphore>) -> F,
    F: Future<Output = Result<DownloadStatus, FetchError>> + Send + 'static,
    C: Fn(&Job, &str, Result<DownloadStatus, FetchError>) -> DownloadStatus,
{
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
        let download = download_one(
            client.clone(),
            shared_job.clone(),
            cc.clone(),
            semaphore.clone(),
        );
        let cc = cc.clone(); // The code comes from the task, never parsed back out of a URL.
        to_do.spawn(async move { (cc, download.await) });
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
        count(job, &cc, result);
    }
    job.counter()
}

/// Runs [`supervisor`] to completion: the book's `asyncio.run(supervisor(...))`.
pub fn download_many(job: &Job) -> Counter {
    runtime().block_on(supervisor(job))
}
