//! `flags3_threadpool.py` (1st ed. ch. 17): two requests per code on a pool of threads:
//! `metadata.json` for the country's name, then the flag, saved under that name.
//!
//! The twin of `flags3_asyncio` in `flags-async`: where that one chains two `await`s in a
//! task, a thread simply makes one blocking call after the other. Each thread makes one
//! request at a time, so `--max-req` threads bound the requests in flight.
//!
//! The book's version asks for the flag first, then the name; this one asks for the name
//! first, as `flags3_asyncio` does, so a code the server does not know costs one request.

use std::thread;

use flags_common::{Counter, DownloadStatus, FetchError, Job, safe_file_name, save_flag};
use flags_seq::{get_country, get_flag, new_agent};
use ureq::Agent;

use crate::pool::submit_all;

pub use crate::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ};

/// Downloads the country's name, then its flag, and saves the flag as `{name}.gif`: the
/// book's `download_one` of `flags3_threadpool.py`.
pub fn download_one(agent: &Agent, job: &Job, cc: &str) -> Result<DownloadStatus, FetchError> {
    // New: two blocking requests in a row, on this thread.
    let fetched =
        get_country(agent, job, cc).and_then(|country| Ok((country, get_flag(agent, job, cc)?)));
    let (country, image) = match fetched {
        Ok(fetched) => fetched,
        Err(FetchError::NotFound { url }) => {
            job.say(cc, &format!("not found: {url}"));
            return Ok(DownloadStatus::NotFound);
        }
        Err(err) => return Err(err),
    };
    // After Ctrl-C the process is about to exit: start no new file.
    if job.stop.is_cancelled() {
        return Err(FetchError::interrupted());
    }
    // New: named after the country, made safe for every file system, as flags3_asyncio
    // does: "Korea, South" becomes Korea_South.gif, and no name can escape the folder. Two
    // codes whose names clean up alike would overwrite each other: the second is an error.
    let filename = format!("{}.gif", safe_file_name(&country, cc));
    job.claim_file_name(cc, &filename)?;
    save_flag(&image, &job.dest, &filename)?;
    job.say(cc, "OK");
    Ok(DownloadStatus::Ok)
}

/// The book's `download_many` of `flags3_threadpool.py`: `job.concur_req` threads share
/// one HTTP agent; this thread counts each result as it completes (`as_completed`).
/// Only `download_one` differs from `flags2::download_many`.
pub fn download_many(job: &Job) -> Counter {
    let agent = new_agent(job);
    let mut counter = Counter::default();
    thread::scope(|s| {
        let done = submit_all(s, job.concur_req, job, &job.cc_list, |cc| {
            download_one(&agent, job, cc)
        });
        for (_, cc, result) in done {
            counter.add(job.count(cc, result));
        }
    });
    counter
}
