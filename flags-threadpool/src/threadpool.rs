//! `flags_threadpool.py`: the 20 POP20 flags with `executor.map`. Each worker prints its
//! code as it finishes (completion order), while `map` hands the results back to the main
//! thread in submission order.

use std::collections::BTreeMap;
use std::thread;

use flags_common::simple::print;
use flags_common::{FetchError, Job, save_flag};
use flags_seq::{get_flag, new_agent};
use ureq::Agent;

use crate::pool::submit_all;

// ANCHOR: download_many
/// Downloads and saves the flag of `cc`, prints the code and a space at once, and returns
/// the code: the book's `download_one` of `flags_threadpool.py`, run on a worker thread,
/// so the codes come out in the order the downloads finish.
pub fn download_one(agent: &Agent, job: &Job, cc: &str) -> Result<String, FetchError> {
    let image = get_flag(agent, job, cc)?;
    save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
    print(job, &format!("{cc} "));
    Ok(cc.to_string())
}

/// `ThreadPoolExecutor()`'s default size in Python: `min(32, os.cpu_count() + 4)`.
pub fn default_max_workers() -> usize {
    let cpus = thread::available_parallelism().map_or(1, usize::from);
    (cpus + 4).min(32)
}

/// The book's `download_many` of `flags_threadpool.py`:
/// `executor.map(download_one, sorted(cc_list))`, then counts the results.
///
/// Returns the codes as `map` yields them: in submission (sorted) order, whatever order
/// the workers printed them in. The first error, in that order, ends the run.
pub fn download_many_in_order(job: &Job) -> Result<Vec<String>, FetchError> {
    let agent = new_agent(job);
    let mut cc_list = job.cc_list.clone();
    cc_list.sort();
    thread::scope(|s| {
        let done = submit_all(s, default_max_workers(), job, &cc_list, |cc| {
            download_one(&agent, job, cc)
        });
        // The `map` part: a result that completes early waits here until every result
        // submitted before it has been yielded.
        let mut early = BTreeMap::new();
        let mut yielded = Vec::with_capacity(cc_list.len());
        for (index, _, result) in done {
            early.insert(index, result);
            while let Some(result) = early.remove(&yielded.len()) {
                yielded.push(result?);
            }
        }
        Ok(yielded)
    })
}

/// The book's `download_many`: `len(list(executor.map(...)))`.
pub fn download_many(job: &Job) -> Result<usize, FetchError> {
    download_many_in_order(job).map(|codes| codes.len())
}
// ANCHOR_END: download_many

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pool_is_pythons() {
        let cpus = thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(default_max_workers(), (cpus + 4).min(32));
        assert!((5..=32).contains(&default_max_workers()));
    }
}
