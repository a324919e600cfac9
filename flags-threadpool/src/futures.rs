//! `flags_threadpool_futures.py`: `executor.submit` and `futures.as_completed` made
//! visible, on the first 5 POP20 codes and 3 workers, each task shown with its state.

use std::fmt;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

use flags_common::simple::print;
use flags_common::{FetchError, Job};
use flags_seq::new_agent;

use crate::pool::submit_all;
use crate::threadpool::download_one;

/// The book's `max_workers=3`: fewer workers than codes, so some wait their turn.
pub const MAX_WORKERS: usize = 3;

/// What `submit` hands back for one code, counted from 1 when printed: the twin of the
/// book's `Future` object. [`Repr`] prints it with its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task(pub usize);

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<task {}>", self.0 + 1)
    }
}

/// What a task is doing, as a `Future` says it: `state=running`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Waiting in the queue for a free worker.
    Pending,
    /// On a worker.
    Running,
    /// Done: its result is ready.
    Finished,
}

/// A task with its state at the moment it is printed: `<task 1 state=running>`, the twin
/// of the book's `<Future at 0x100791518 state=running>` (an address means nothing to a
/// reader, a number tells the tasks apart). A finished task says what it returned:
/// `<task 1 state=finished returned String>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr(pub Task, pub State);

impl fmt::Display for Repr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Repr(Task(index), state) = *self;
        let state = match state {
            State::Pending => "pending",
            State::Running => "running",
            State::Finished => "finished returned String",
        };
        write!(f, "<task {} state={state}>", index + 1)
    }
}

/// The book's `download_many` of `flags_threadpool_futures.py`: submits the first 5 codes,
/// sorted, to a pool of 3 workers and prints `Scheduled for BR: <task 1 state=running>`
/// for each (the last ones still `pending`: no worker is free for them yet). Each worker
/// prints its code as its download ends (the book's `download_one`), and the main thread
/// prints `<task 1 state=finished returned String> result: 'BR'` as each task completes,
/// in completion order.
pub fn download_many(job: &Job) -> Result<usize, FetchError> {
    let agent = new_agent(job);
    let mut cc_list: Vec<String> = job.cc_list.iter().take(5).cloned().collect();
    cc_list.sort();
    // Each task's state: its worker moves it on, the `Scheduled for` lines read it.
    let states = Mutex::new(vec![State::Pending; cc_list.len()]);
    let moved_on = Condvar::new();
    let set_state = |cc: &str, state| {
        // Poisoning needs a panic under the lock: nothing below can panic.
        let mut states = states.lock().expect("the state lock is never poisoned");
        if let Some(index) = cc_list.iter().position(|c| c == cc) {
            states[index] = state;
        }
        moved_on.notify_all();
    };
    thread::scope(|s| {
        let done = submit_all(s, MAX_WORKERS, job, &cc_list, |cc| {
            set_state(cc, State::Running);
            let result = download_one(&agent, job, cc);
            set_state(cc, State::Finished);
            result
        });
        for (index, cc) in cc_list.iter().enumerate() {
            let states = states.lock().expect("the state lock is never poisoned");
            // Python's `submit` starts a worker thread for each of the first `max_workers`
            // tasks, and its `Future` is usually running by the time it prints. Our workers
            // start together: wait for a free one to take the task (5 s at most: a job
            // stopped by Ctrl-C takes no more), so the line shows what the pool does, not
            // how fast a thread is spawned.
            let wait_for_a_worker = index < MAX_WORKERS;
            let (states, _) = moved_on
                .wait_timeout_while(states, Duration::from_secs(5), |states| {
                    wait_for_a_worker && states[index] == State::Pending
                })
                .expect("the state lock is never poisoned");
            let line = format!("Scheduled for {cc}: {}\n", Repr(Task(index), states[index]));
            drop(states); // a worker may print its code while this line is written
            print(job, &line);
        }
        let mut count = 0;
        for (index, _, result) in done {
            let res = result?;
            let repr = Repr(Task(index), State::Finished);
            print(job, &format!("{repr} result: '{res}'\n"));
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
            format!("Scheduled for BR: {}", Repr(Task(0), State::Running)),
            "Scheduled for BR: <task 1 state=running>"
        );
        assert_eq!(
            Repr(Task(4), State::Pending).to_string(),
            "<task 5 state=pending>"
        );
        assert_eq!(
            format!("{} result: 'BR'", Repr(Task(0), State::Finished)),
            "<task 1 state=finished returned String> result: 'BR'"
        );
    }
}
