//! `flags_threadpool_futures.py`: `executor.submit` and `futures.as_completed` made
//! visible, on the first 5 POP20 codes and 3 workers.

use std::fmt;
use std::thread;

use flags_common::simple::print;
use flags_common::{FetchError, Job};
use flags_seq::new_agent;

use crate::pool::submit_all;
use crate::threadpool::download_one;

/// The book's `max_workers=3`: fewer workers than codes, so some wait their turn.
pub const MAX_WORKERS: usize = 3;

/// What `submit` hands back for one code: the twin of the book's `Future` object, printed
/// as `<task 1>` where Python prints `<Future at 0x10069c8d0 state=running>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task(pub usize);

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<task {}>", self.0 + 1)
    }
}

/// The book's `download_many` of `flags_threadpool_futures.py`: submits the first 5 codes
/// to a pool of 3 workers, printing `Scheduled for BR: <task 1>` for each, then prints
/// `<task 1> result: 'BR'` for each as it completes, in completion order.
pub fn download_many(job: &Job) -> Result<usize, FetchError> {
    let agent = new_agent(job);
    let mut cc_list: Vec<String> = job.cc_list.iter().take(5).cloned().collect();
    cc_list.sort();
    thread::scope(|s| {
        let done = submit_all(s, MAX_WORKERS, job, &cc_list, |cc| {
            download_one(&agent, job, cc)
        });
        for (index, cc) in cc_list.iter().enumerate() {
            print(job, &format!("Scheduled for {cc}: {}\n", Task(index)));
        }
        let mut count = 0;
        for (index, _, result) in done {
            let res = result?;
            print(job, &format!("{} result: '{res}'\n", Task(index)));
            count += 1;
        }
        Ok(count)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_prints_like_a_python_future_counted_from_1() {
        assert_eq!(Task(0).to_string(), "<task 1>");
        assert_eq!(
            format!("Scheduled for BR: {}", Task(4)),
            "Scheduled for BR: <task 5>"
        );
    }
}
