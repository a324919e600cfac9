//! `flags.py`: the simplest downloader, the baseline the other strategies are measured
//! against. It fetches the 20 POP20 flags in sorted order, one after another, and prints
//! each code as its flag is saved.

use flags_common::simple::print;
use flags_common::{FetchError, Job, save_flag};

use crate::{get_flag, new_agent};

/// Downloads and saves every flag of `job.cc_list`, in sorted order, and returns how many
/// were saved: the book's `download_many` of `flags.py`. The first failure ends the run,
/// as the book's uncaught exception does.
pub fn download_many(job: &Job) -> Result<usize, FetchError> {
    let agent = new_agent(job);
    let mut cc_list = job.cc_list.clone();
    cc_list.sort();
    for cc in &cc_list {
        let image = get_flag(&agent, job, cc)?;
        save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
        // The book's `print(cc, end=' ', flush=True)`: without the flush, the codes would
        // only appear at the end, all at once, and the reader would see no progress.
        print(job, &format!("{cc} "));
    }
    Ok(cc_list.len())
}
