//! `concurrent.futures.ThreadPoolExecutor` on std threads: a fixed set of workers that
//! take jobs from one queue. [`ThreadPoolExecutor::submit`] hands back a [`Future`];
//! [`ThreadPoolExecutor::map`] yields results in submission order, and
//! [`ThreadPoolExecutor::as_completed`] in completion order.
//!
//! Python needs a `ProcessPoolExecutor` for CPU-bound work because of the GIL. Rust has
//! no GIL: these threads run on every core at once, so one executor serves both the
//! sleeping `loiter` and the CPU-bound `arcfour` and `sha`.

use std::collections::VecDeque;
use std::fmt;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

/// A job waiting in the queue.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A pool of `max_workers` threads, the twin of `ThreadPoolExecutor(max_workers)`.
///
/// Dropping it is the end of the book's `with` block (`executor.shutdown(wait=True)`):
/// the queue closes, the workers run the jobs still queued, and the drop returns once
/// they have all ended.
#[derive(Debug)]
pub struct ThreadPoolExecutor {
    queue: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPoolExecutor {
    /// Starts `max_workers` threads, idle until jobs arrive.
    pub fn new(max_workers: NonZeroUsize) -> ThreadPoolExecutor {
        let (queue, jobs) = mpsc::channel::<Job>();
        // One queue, many consumers: std's `Receiver` is not shared, so a `Mutex` guards
        // it. It is held only while taking a job, never while running one.
        let jobs = Arc::new(Mutex::new(jobs));
        let workers = (0..max_workers.get())
            .map(|i| {
                let jobs = Arc::clone(&jobs);
                thread::Builder::new()
                    .name(format!("worker-{i}"))
                    .spawn(move || work(&jobs))
                    // Like `std::thread::spawn`: an OS that cannot start a thread is fatal.
                    .expect("the OS starts a thread")
            })
            .collect();
        ThreadPoolExecutor {
            queue: Some(queue),
            workers,
        }
    }

    /// How many threads the pool has: the book's `executor._max_workers`.
    pub fn max_workers(&self) -> usize {
        self.workers.len()
    }

    /// Queues `f` and returns at once with a [`Future`] for its result:
    /// `executor.submit(f)`.
    pub fn submit<T, F>(&self, f: F) -> Future<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (result, future) = mpsc::sync_channel(1);
        self.execute(move || {
            // Nobody waits for a dropped `Future`: its result is thrown away.
            let _ = result.send(f());
        });
        Future(future)
    }

    /// Submits `f(item)` for every item at once, and returns an iterator that yields the
    /// results in the order of `items`: `executor.map(f, items)`.
    ///
    /// The jobs run at once, as workers come free, but each `next` waits for *its* job:
    /// a quick result queued behind a slow one waits for the slow one.
    pub fn map<A, T, F>(&self, f: F, items: impl IntoIterator<Item = A>) -> Map<T>
    where
        A: Send + 'static,
        T: Send + 'static,
        F: Fn(A) -> T + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let futures = items
            .into_iter()
            .map(|item| {
                let f = Arc::clone(&f);
                self.submit(move || f(item))
            })
            .collect();
        Map { futures }
    }

    /// Submits `f(item)` for every item at once, and returns an iterator that yields
    /// each result as soon as it is ready: the book's
    /// `futures.as_completed([executor.submit(f, item) for item in items])`.
    ///
    /// A channel does the work of `as_completed`: every job sends its result on it, and
    /// the results arrive in the order the jobs finish.
    pub fn as_completed<A, T, F>(&self, f: F, items: impl IntoIterator<Item = A>) -> AsCompleted<T>
    where
        A: Send + 'static,
        T: Send + 'static,
        F: Fn(A) -> T + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let (done, results) = mpsc::channel();
        let mut pending = 0;
        for item in items {
            let (f, done) = (Arc::clone(&f), done.clone());
            self.execute(move || {
                let _ = done.send(f(item)); // a dropped iterator wants no more results
            });
            pending += 1;
        }
        AsCompleted { results, pending }
    }

    fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.queue
            .as_ref()
            .expect("the queue is open until the executor drops")
            .send(Box::new(job))
            // The workers hold the queue's other end until it closes: it cannot be gone.
            .expect("the workers outlive the queue");
    }
}

/// A worker: takes the next job, runs it, until the queue is closed and empty.
fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The guard is a temporary of this statement: the lock is free again before the
        // job runs. (`while let Ok(job) = jobs.lock()...` would hold it during the job.)
        let job = jobs.lock().expect("no job runs under the lock").recv();
        let Ok(job) = job else { break };
        // A job that panics loses its result (its `Future` reports that), not the worker.
        let _ = panic::catch_unwind(AssertUnwindSafe(job));
    }
}

impl Drop for ThreadPoolExecutor {
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            // A job's panic was caught in `work`: a worker itself does not panic.
            let _ = worker.join();
        }
    }
}

/// The result of a submitted job, to come: `concurrent.futures.Future`.
#[derive(Debug)]
pub struct Future<T>(Receiver<T>);

impl<T> Future<T> {
    /// Waits for the job to finish and returns its result: `future.result()`.
    ///
    /// # Panics
    ///
    /// If the job panicked, as Python's `result()` re-raises the job's exception.
    pub fn result(self) -> T {
        self.0
            .recv()
            .expect("the job panicked, so it has no result")
    }
}

/// What [`ThreadPoolExecutor::map`] returns: the results to come, in submission order.
/// Python's is a generator, `<generator object result_iterator at 0x10c0a2b40>`.
#[derive(Debug)]
pub struct Map<T> {
    futures: VecDeque<Future<T>>,
}

impl<T> Iterator for Map<T> {
    type Item = T;

    /// Blocks until the next job in submission order is done.
    fn next(&mut self) -> Option<T> {
        self.futures.pop_front().map(Future::result)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.futures.len(), Some(self.futures.len()))
    }
}

impl<T> fmt::Display for Map<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<map iterator: {} results to come>", self.futures.len())
    }
}

/// What [`ThreadPoolExecutor::as_completed`] returns: the results, as they complete.
#[derive(Debug)]
pub struct AsCompleted<T> {
    results: Receiver<T>,
    pending: usize,
}

impl<T> Iterator for AsCompleted<T> {
    type Item = T;

    /// Blocks until the next job, whichever it is, is done.
    ///
    /// # Panics
    ///
    /// If a job panicked: its result will never come.
    fn next(&mut self) -> Option<T> {
        if self.pending == 0 {
            return None;
        }
        self.pending -= 1;
        Some(
            self.results
                .recv()
                .expect("a job panicked, so one result will never come"),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.pending, Some(self.pending))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Barrier, Condvar};

    fn workers(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).unwrap()
    }

    #[test]
    fn map_yields_in_submission_order_even_when_jobs_finish_out_of_order() {
        // Job n may finish only once job n + 1 has: they complete in the order 2, 1, 0.
        let executor = ThreadPoolExecutor::new(workers(3));
        let turn = Arc::new((Mutex::new(Vec::<usize>::new()), Condvar::new()));
        let t = Arc::clone(&turn);
        let results = executor.map(
            move |n: usize| {
                let (finished, changed) = &*t;
                let mut finished = finished.lock().unwrap();
                while finished.len() != 2 - n {
                    finished = changed.wait(finished).unwrap();
                }
                finished.push(n);
                changed.notify_all();
                n * 10
            },
            0..3,
        );
        assert_eq!(results.to_string(), "<map iterator: 3 results to come>");
        assert_eq!(results.collect::<Vec<_>>(), [0, 10, 20]);
        assert_eq!(*turn.0.lock().unwrap(), [2, 1, 0]);
    }

    #[test]
    fn as_completed_yields_in_completion_order() {
        // Job 0 waits until jobs 1 and 2 have been yielded, so it must come last.
        let executor = ThreadPoolExecutor::new(workers(3));
        let (yielded, wait) = mpsc::channel::<()>();
        let wait = Arc::new(Mutex::new(Some(wait)));
        let mut results = executor.as_completed(
            move |n: usize| {
                if n == 0 {
                    let wait = wait.lock().unwrap().take().unwrap();
                    wait.recv().unwrap();
                    wait.recv().unwrap();
                }
                n
            },
            0..3,
        );
        let first_two = [results.next().unwrap(), results.next().unwrap()];
        yielded.send(()).unwrap();
        yielded.send(()).unwrap();
        assert!(first_two == [1, 2] || first_two == [2, 1], "{first_two:?}");
        assert_eq!(results.next(), Some(0));
        assert_eq!(results.next(), None);
    }

    #[test]
    fn no_more_than_max_workers_jobs_run_at_once_and_all_run() {
        let executor = ThreadPoolExecutor::new(workers(2));
        assert_eq!(executor.max_workers(), 2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (r, m) = (Arc::clone(&running), Arc::clone(&most));
        let results: Vec<usize> = executor
            .map(
                move |n: usize| {
                    let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                    m.fetch_max(now, Ordering::SeqCst);
                    thread::yield_now();
                    r.fetch_sub(1, Ordering::SeqCst);
                    n
                },
                0..50,
            )
            .collect();
        assert_eq!(results, (0..50).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 2);
    }

    #[test]
    fn the_workers_run_at_the_same_time() {
        // Three jobs meet at a barrier of three: only three threads at once get past it.
        let executor = ThreadPoolExecutor::new(workers(3));
        let barrier = Arc::new(Barrier::new(3));
        let b = Arc::clone(&barrier);
        let sum: usize = executor
            .map(
                move |n: usize| {
                    b.wait();
                    n
                },
                1..=3,
            )
            .sum();
        assert_eq!(sum, 6);
    }

    #[test]
    fn dropping_the_executor_waits_for_the_queued_jobs() {
        let done = Arc::new(AtomicUsize::new(0));
        let executor = ThreadPoolExecutor::new(workers(2));
        for _ in 0..10 {
            let done = Arc::clone(&done);
            drop(executor.submit(move || done.fetch_add(1, Ordering::SeqCst)));
        }
        drop(executor);
        assert_eq!(done.load(Ordering::SeqCst), 10);
    }

    #[test]
    fn a_panicking_job_loses_its_result_not_its_worker() {
        let executor = ThreadPoolExecutor::new(workers(1));
        let bad = executor.submit(|| -> u8 { panic!("on purpose") });
        let caught = panic::catch_unwind(AssertUnwindSafe(|| bad.result()));
        assert!(caught.is_err(), "result() re-raises the job's panic");
        assert_eq!(executor.submit(|| 42).result(), 42, "the worker lives on");
    }
}
