//! `flags_asyncio.py`: the 20 flags, every download started at once and gathered.
//!
//! The sequential `flags.py` with one change: `download_one` is a future, and
//! `supervisor` starts them all together and waits for them all (`asyncio.gather`). The
//! codes print in the order the downloads finish, not in the sorted order they started.

use bytes::Bytes;
use flags_common::simple::print;
use flags_common::{FetchError, Job, check_flag, save_flag};
use futures::future::try_join_all;
use reqwest::Client;

use crate::client::{http_client, http_get, runtime};

/// Downloads the flag of `cc`.
pub async fn get_flag(client: &Client, job: &Job, cc: &str) -> Result<Bytes, FetchError> {
    let (headers, body) = http_get(client, &job.flag_url(cc), job.timeout).await?;
    check_flag(&headers, &body)?; // the checks of every client: a 200 is not yet a flag
    Ok(body)
}

/// Downloads and saves one flag, then prints its code on the same line as the others.
pub async fn download_one(client: &Client, job: &Job, cc: &str) -> Result<String, FetchError> {
    let image = get_flag(client, job, cc).await?;
    // Warning: this write blocks the one runtime thread while it lasts, as `save_flag`
    // blocks asyncio's loop in the book. flags2_asyncio_executor moves it off.
    save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
    // Flushed: without a newline, stdout would hold the codes until the end of the run.
    print(job, &format!("{cc} "));
    Ok(cc.to_string())
}

/// Starts a download per code, all at once, and waits for all of them.
///
/// The first error ends the run, as an exception out of `gather` does in the book; the
/// downloads still in flight are dropped, which cancels them.
pub async fn supervisor(job: &Job) -> Result<usize, FetchError> {
    let client = http_client(job)?;
    let mut cc_list = job.cc_list.clone();
    cc_list.sort();
    let to_do = cc_list.iter().map(|cc| download_one(&client, job, cc));
    let res = try_join_all(to_do).await?;
    Ok(res.len())
}

/// Runs [`supervisor`] to completion: the book's `asyncio.run(supervisor(cc_list))`.
pub fn download_many(job: &Job) -> Result<usize, FetchError> {
    runtime().block_on(supervisor(job))
}
