//! Sequential flag downloaders: the Rust twins of the book's `flags.py` and
//! `flags2_sequential.py`, on the blocking HTTP client [ureq].
//!
//! | binary | book file | the idea |
//! | --- | --- | --- |
//! | `flags` | `flags.py` | the baseline: one request after another |
//! | `flags2_sequential` | `flags2_sequential.py` | the same, with the flags2 command line, error handling and a report |
//!
//! The crate root holds the functions of `flags2_sequential.py`: [`get_flag`],
//! [`download_one`] and [`download_many`]. The thread pools of `flags-threadpool` import
//! `get_flag` and `download_one` from here, as the book's `flags2_threadpool.py` imports
//! them from `flags2_sequential.py`: only `download_many` changes between the strategies.
//! [`flags`] holds the simpler `flags.py`.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`.

mod client;
pub mod flags;

pub use client::{fetch_error, get_country, http_get, new_agent};

use flags_common::{Counter, DownloadStatus, FetchError, Job, check_flag, save_flag};
use ureq::Agent;

/// One request at a time: `-m` cannot raise it (the book's `DEFAULT_CONCUR_REQ = 1`).
pub const DEFAULT_CONCUR_REQ: usize = 1;
/// The book's `MAX_CONCUR_REQ = 1`.
pub const MAX_CONCUR_REQ: usize = 1;

/// Downloads the flag of `cc` and returns its bytes: the book's `get_flag(base_url, cc)`.
///
/// Only a whole GIF in a `200 OK` is a flag. 404 is [`FetchError::NotFound`], another
/// status an error (the book's `resp.raise_for_status()`, see [`FetchError::from_status`]);
/// a body cut short, over [`MAX_BODY_BYTES`](flags_common::MAX_BODY_BYTES), in an encoding nobody asked for, or that is
/// not a GIF is an error too ([`check_flag`]), never a flag.
pub fn get_flag(agent: &Agent, job: &Job, cc: &str) -> Result<Vec<u8>, FetchError> {
    let (headers, body) = http_get(agent, &job.flag_url(cc), job.timeout)?;
    check_flag(&headers, &body)?;
    Ok(body)
}

/// Downloads and saves the flag of `cc` as `{cc}.gif`: the book's `download_one`.
///
/// A 404 is not an error here but the status `NotFound`; any other failure is returned
/// for [`Job::count`] to count and report. With `-v` prints `BR OK` or
/// `ZZ not found: URL`.
pub fn download_one(agent: &Agent, job: &Job, cc: &str) -> Result<DownloadStatus, FetchError> {
    let image = match get_flag(agent, job, cc) {
        Ok(image) => image,
        Err(FetchError::NotFound { url }) => {
            job.say(cc, &format!("not found: {url}"));
            return Ok(DownloadStatus::NotFound);
        }
        Err(err) => return Err(err),
    };
    // After Ctrl-C the process is about to exit: start no new file, so none is left half
    // written. The flag is counted as an error: it was not saved.
    if job.stop.is_cancelled() {
        return Err(FetchError::interrupted());
    }
    save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
    job.say(cc, "OK");
    Ok(DownloadStatus::Ok)
}

/// Downloads every code of `job`, one after another: the book's `download_many`.
///
/// Each result is counted as soon as it arrives; after Ctrl-C no new code is started (the
/// book's `except KeyboardInterrupt: break`).
pub fn download_many(job: &Job) -> Counter {
    let agent = new_agent(job);
    // `job.cc_list` is already sorted: the book's `sorted(cc_list)`.
    for cc in &job.cc_list {
        if job.stop.is_cancelled() {
            break;
        }
        job.count(cc, download_one(&agent, job, cc));
    }
    job.counter()
}
