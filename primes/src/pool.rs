//! `proc_pool.py` (ch. 20): `ProcessPoolExecutor.map` checks the numbers, biggest first,
//! on a pool of worker processes; results come back in the order of the numbers.
//!
//! The same [`Pool`] also runs on threads ([`Kind::Threads`]): in CPython, a thread pool
//! would run this CPU-bound work no faster than one thread (the GIL), so the book uses
//! processes. Rust threads run truly in parallel, and cost far less to start and feed.
//! [`map_rayon`] is the work-stealing pool doing the same.

use std::collections::BTreeMap;
use std::io::Write;
use std::thread::{self, JoinHandle};
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender, unbounded};
use rayon::prelude::*;

use crate::procs::{Answer, Error, WorkerProcess};
use crate::{NUMBERS, PrimeResult, check};

/// What the pool's workers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Worker processes: the book's `ProcessPoolExecutor`.
    Processes,
    /// Worker threads: `ThreadPoolExecutor`, which Rust makes worth it for CPU work.
    Threads,
}

/// A pool of workers that maps `check` over numbers: the book's executor.
///
/// Dropping it is the end of the book's `with executor:` block: jobs not started yet are
/// cancelled, and the workers finish the job in hand and end.
#[derive(Debug)]
pub struct Pool {
    max_workers: usize,
    jobs: Option<Sender<(usize, u64)>>,
    pending: Receiver<(usize, u64)>,
    results: Receiver<(usize, Answer)>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `max_workers` workers of the given kind.
    pub fn new(kind: Kind, max_workers: usize) -> Result<Self, Error> {
        let (to_jobs, jobs) = unbounded::<(usize, u64)>();
        // The pool keeps no sender of results: once every worker is gone, `map` ends.
        let (to_results, results) = unbounded();
        let mut workers = Vec::with_capacity(max_workers);
        for _ in 0..max_workers {
            let (jobs, to_results) = (jobs.clone(), to_results.clone());
            let worker = match kind {
                Kind::Threads => thread::Builder::new()
                    .name("pool-worker".into())
                    .spawn(move || work_on(jobs, to_results, |n| Ok(check(n)))),
                Kind::Processes => {
                    let mut process = WorkerProcess::start()?;
                    // One relay thread per worker process, as in `procs`.
                    thread::Builder::new()
                        .name(format!("relay-{}", process.pid()))
                        .spawn(move || {
                            work_on(jobs, to_results, |n| process.check(n));
                            let _ = process.close(); // the end of its jobs stops it
                        })
                }
            };
            workers.push(worker.map_err(Error::Start)?);
        }
        Ok(Self {
            max_workers,
            jobs: Some(to_jobs),
            pending: jobs,
            results,
            workers,
        })
    }

    /// How many workers the pool has (the book peeks at `executor._max_workers`).
    pub fn max_workers(&self) -> usize {
        self.max_workers
    }

    /// `executor.map(check, numbers)`: queues every number, and returns the results in
    /// the order of `numbers`, each as soon as it and those before it are in.
    pub fn map(&mut self, numbers: &[u64]) -> InOrder<'_> {
        let jobs = self
            .jobs
            .as_ref()
            .expect("the job queue is open until drop");
        for job in numbers.iter().copied().enumerate() {
            jobs.send(job)
                .expect("the pool holds a receiver of its jobs");
        }
        InOrder {
            results: &self.results,
            early: BTreeMap::new(),
            next: 0,
            len: numbers.len(),
        }
    }
}

/// A worker's loop: takes `(index, n)` jobs until the queue closes; stops at the first
/// failure, which is sent like a result.
fn work_on(
    jobs: Receiver<(usize, u64)>,
    results: Sender<(usize, Answer)>,
    mut check: impl FnMut(u64) -> Answer,
) {
    for (i, n) in jobs {
        let answer = check(n);
        let failed = answer.is_err();
        if results.send((i, answer)).is_err() || failed {
            break;
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        while self.pending.try_recv().is_ok() {} // cancel what no worker has taken yet
        self.jobs = None; // closes the queue: each worker ends after its current job
        for worker in self.workers.drain(..) {
            let _ = worker.join(); // a panicked worker has nothing left to clean up
        }
    }
}

/// The results of [`Pool::map`], in the order of the numbers: results that come early
/// wait in a map until their turn. Ends early only if every worker is gone.
#[derive(Debug)]
pub struct InOrder<'pool> {
    results: &'pool Receiver<(usize, Answer)>,
    early: BTreeMap<usize, Answer>,
    next: usize,
    len: usize,
}

impl Iterator for InOrder<'_> {
    type Item = Answer;

    fn next(&mut self) -> Option<Answer> {
        if self.next == self.len {
            return None;
        }
        let answer = loop {
            if let Some(answer) = self.early.remove(&self.next) {
                break answer;
            }
            let (i, answer) = self.results.recv().ok()?;
            self.early.insert(i, answer);
        };
        self.next += 1;
        Some(answer)
    }
}

/// The book's order for the pool: biggest first, so that the longest checks start first
/// and no worker is left with a long one at the end.
pub fn numbers_biggest_first() -> Vec<u64> {
    let mut numbers = NUMBERS.to_vec();
    numbers.sort_unstable_by(|a, b| b.cmp(a));
    numbers
}

// ANCHOR: main
/// The book's `main` of `proc_pool.py`, on processes or threads; `workers` is the
/// book's optional argument (`None`: one per CPU).
pub fn main(kind: Kind, workers: Option<usize>, mut out: impl Write) -> Result<(), Error> {
    let mut executor = Pool::new(kind, workers.unwrap_or_else(crate::cli::cpu_count))?;
    let actual_workers = executor.max_workers();
    let what = match kind {
        Kind::Processes => "processes",
        Kind::Threads => "threads",
    };
    writeln!(
        out,
        "Checking {} numbers with {actual_workers} {what}:",
        NUMBERS.len()
    )?;
    let t0 = Instant::now();
    let numbers = numbers_biggest_first();
    let mut checked = 0;
    for result in executor.map(&numbers) {
        writeln!(out, "{}", result?)?;
        checked += 1;
    }
    if checked < numbers.len() {
        // A dead worker's error comes in its job's place, before any job left undone:
        // only a panicked worker thread can bring us here.
        return Err(Error::Stopped {
            checked,
            total: numbers.len(),
        });
    }
    drop(executor); // the end of `with executor:`
    let time = t0.elapsed().as_secs_f64();
    writeln!(out, "Total time: {time:.2}s")?;
    Ok(())
}
// ANCHOR_END: main

/// `map` on rayon's work-stealing pool: `collect` keeps the order, like `executor.map`,
/// but hands back every result at once, at the end.
pub fn map_rayon(
    workers: usize,
    numbers: &[u64],
) -> Result<Vec<PrimeResult>, rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()?;
    // One number per task (`with_max_len(1)`): the checks are few and unequal.
    Ok(pool.install(|| {
        numbers
            .par_iter()
            .with_max_len(1)
            .map(|&n| check(n))
            .collect()
    }))
}

/// `proc_pool.py`'s `main`, on rayon.
pub fn main_rayon(workers: Option<usize>, mut out: impl Write) -> anyhow::Result<()> {
    let workers = workers.unwrap_or_else(crate::cli::cpu_count);
    writeln!(
        out,
        "Checking {} numbers with {workers} rayon threads:",
        NUMBERS.len()
    )?;
    let t0 = Instant::now();
    for result in map_rayon(workers, &numbers_biggest_first())? {
        writeln!(out, "{result}")?;
    }
    let time = t0.elapsed().as_secs_f64();
    writeln!(out, "Total time: {time:.2}s")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_pool_maps_in_order() {
        let numbers = [11, 4, 9, 2, 1_000_000_007, 15];
        let mut pool = Pool::new(Kind::Threads, 3).unwrap();
        let got: Vec<(u64, bool)> = pool
            .map(&numbers)
            .map(|answer| answer.map(|r| (r.n, r.prime)).unwrap())
            .collect();
        assert_eq!(
            got,
            [
                (11, true),
                (4, false),
                (9, false),
                (2, true),
                (1_000_000_007, true),
                (15, false)
            ]
        );
    }

    #[test]
    fn results_that_come_early_wait_their_turn() {
        let (to_results, results) = unbounded();
        for i in [2, 0, 1] {
            to_results.send((i, Ok(check(i as u64 + 5)))).unwrap();
        }
        drop(to_results);
        let in_order = InOrder {
            results: &results,
            early: BTreeMap::new(),
            next: 0,
            len: 3,
        };
        let got: Vec<u64> = in_order.map(|answer| answer.unwrap().n).collect();
        assert_eq!(got, [5, 6, 7]);
    }

    #[test]
    fn rayon_maps_in_order() {
        let got: Vec<u64> = map_rayon(2, &[9, 7, 5])
            .unwrap()
            .iter()
            .map(|r| r.n)
            .collect();
        assert_eq!(got, [9, 7, 5]);
    }

    #[test]
    fn biggest_first() {
        let numbers = numbers_biggest_first();
        assert_eq!(numbers.first(), Some(&9_999_999_999_999_999));
        assert_eq!(numbers.last(), Some(&2));
        assert!(numbers.is_sorted_by(|a, b| a >= b));
    }
}
