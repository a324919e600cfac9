//! `flags2_threadpool.py`: the flags2 downloader on a pool of `--max-req` std threads,
//! each result counted as it completes.

use std::thread;

use flags_common::{Counter, Job};
use flags_seq::{download_one, new_agent};

use crate::pool::submit_all;

/// The book's `download_many` of `flags2_threadpool.py`.
///
/// `job.concur_req` threads share one HTTP agent and take the codes in sorted order; this
/// thread counts each result as soon as it arrives (`as_completed`), so with `-v` the
/// lines come out in completion order. `download_one` is the sequential version's: only
/// this function changes.
pub fn download_many(job: &Job) -> Counter {
    let agent = new_agent(job);
    thread::scope(|s| {
        // `with ThreadPoolExecutor(max_workers=concur_req)`, and one `submit` per code.
        let done = submit_all(s, job.concur_req, job, &job.cc_list, |cc| {
            download_one(&agent, job, cc)
        });
        // `for future in as_completed(to_do_map)`: errors become statuses here.
        for (_, cc, result) in done {
            job.count(cc, result);
        }
    });
    job.counter()
}
