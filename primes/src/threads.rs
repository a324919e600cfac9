//! `threads.py`: worker threads take numbers from a job queue and put results on a
//! result queue.
//!
//! The book's point is that this is *slower* than sequential code in CPython: the GIL
//! lets one thread run Python code at a time. Rust has no GIL, so these threads check
//! numbers truly in parallel, one per core, and scale like the book's processes.

use std::io::{self, Write};
use std::thread;
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender, unbounded};

use crate::{NUMBERS, PrimeResult, check};

// ANCHOR: threads
/// The book's `worker`: checks numbers until it takes the stop value, 0 (the poison
/// pill), then sends the sentinel [`PrimeResult::DONE`].
///
/// The queues are crossbeam channels: like the book's `SimpleQueue`, many threads may
/// take from the same queue (std's `mpsc` has one receiver only).
pub fn worker(jobs: Receiver<u64>, results: Sender<PrimeResult>) {
    // `while n := jobs.get()`: the loop ends on 0. (A Rust pool would rather close the
    // queue by dropping its senders; the pill keeps the book's protocol.)
    while let Ok(n @ 1..) = jobs.recv() {
        if results.send(check(n)).is_err() {
            return; // the report stopped listening: nobody wants the rest
        }
    }
    let _ = results.send(PrimeResult::DONE); // as above: a closed queue ends the worker
}

/// The book's `start_jobs`: queues every number, then starts the workers, with one stop
/// value per worker behind the numbers.
pub fn start_jobs(
    workers: usize,
    jobs: (Sender<u64>, &Receiver<u64>),
    results: Sender<PrimeResult>,
) -> io::Result<()> {
    let (to_jobs, jobs) = jobs;
    for n in NUMBERS {
        to_jobs
            .send(n)
            .expect("the queue's receiver is alive: we hold it");
    }
    for _ in 0..workers {
        let (jobs, results) = (jobs.clone(), results.clone());
        thread::Builder::new()
            .name("worker".into())
            .spawn(move || worker(jobs, results))?;
        to_jobs
            .send(0)
            .expect("the queue's receiver is alive: we hold it");
    }
    Ok(())
}

/// The book's `report`: prints results as they come, until every worker has sent its
/// sentinel; returns how many numbers were checked.
pub fn report(
    workers: usize,
    results: &Receiver<PrimeResult>,
    mut out: impl Write,
) -> io::Result<usize> {
    let mut checked = 0;
    let mut workers_done = 0;
    while workers_done < workers {
        // Every sender is a worker's (start_jobs took ours): a closed queue means a worker
        // vanished without its sentinel, which only a panic in `check` could do.
        let result = results.recv().expect("a worker thread panicked");
        if result.n == 0 {
            workers_done += 1;
        } else {
            checked += 1;
            writeln!(out, "{result}")?;
        }
    }
    Ok(checked)
}

/// The book's `main`, with the worker count already parsed.
pub fn main(workers: usize, mut out: impl Write) -> io::Result<()> {
    writeln!(
        out,
        "Checking {} numbers with {workers} threads:",
        NUMBERS.len()
    )?;
    let t0 = Instant::now();
    let (to_jobs, jobs) = unbounded();
    let (to_results, results) = unbounded();
    start_jobs(workers, (to_jobs, &jobs), to_results)?;
    let checked = report(workers, &results, &mut out)?;
    let elapsed = t0.elapsed().as_secs_f64();
    writeln!(out, "{checked} checks in {elapsed:.2}s")
}
// ANCHOR_END: threads

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_checks_until_the_pill_then_says_done() {
        let (to_jobs, jobs) = unbounded();
        let (to_results, results) = unbounded();
        for n in [7, 8, 0, 11] {
            to_jobs.send(n).unwrap();
        }
        worker(jobs.clone(), to_results);
        let got: Vec<(u64, bool)> = results.iter().map(|r| (r.n, r.prime)).collect();
        assert_eq!(got, [(7, true), (8, false), (0, false)]);
        assert_eq!(
            jobs.recv(),
            Ok(11),
            "the job behind the pill is left for others"
        );
    }

    #[test]
    fn report_waits_for_every_sentinel() {
        let (to_results, results) = unbounded();
        for n in [0, 5, 6, 0] {
            to_results.send(check(n)).unwrap();
        }
        let mut out = Vec::new();
        assert_eq!(report(2, &results, &mut out).unwrap(), 2);
        let lines = String::from_utf8(out).unwrap();
        assert_eq!(lines.lines().count(), 2, "{lines}");
    }
}
