//! The pool the std-thread versions share: the twin of `ThreadPoolExecutor`, with every
//! code submitted at once and the results read back as they complete (`as_completed`).

use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use flags_common::Job;

/// Starts `max_workers` threads in `scope` that run `task` on the codes of `cc_list`, and
/// returns the channel their results arrive on, in the order they complete:
/// `(index in cc_list, cc, result)`.
///
/// This is `executor.submit(task, cc)` for every code followed by
/// `futures.as_completed(...)`: a worker that is free takes the next code, so at most
/// `max_workers` downloads are in flight, and the caller sees each result as soon as it is
/// ready. Workers stop taking codes after Ctrl-C (`job.stop`), or once the caller drops
/// the receiver; the scope joins them all before it returns.
pub fn submit_all<'scope, R, F>(
    scope: &'scope Scope<'scope, '_>,
    max_workers: usize,
    job: &'scope Job,
    cc_list: &'scope [String],
    task: F,
) -> Receiver<(usize, &'scope str, R)>
where
    R: Send + 'scope,
    F: Fn(&str) -> R + Send + Sync + 'scope,
{
    // The executor's work queue: codes not started yet. A std `Mutex` is right here: it is
    // held just long enough to take the next code, never across a download.
    let to_do = Arc::new(Mutex::new(cc_list.iter().enumerate()));
    let task = Arc::new(task);
    let (done_tx, done_rx) = mpsc::channel();
    for _ in 0..max_workers.clamp(1, cc_list.len().max(1)) {
        let (to_do, task, done_tx) = (Arc::clone(&to_do), Arc::clone(&task), done_tx.clone());
        scope.spawn(move || {
            // Ctrl-C: take no new code; the download in hand ends or times out.
            while !job.stop.is_cancelled() {
                // Poisoning needs a panic while the lock is held: `next` does not panic.
                let next = to_do
                    .lock()
                    .expect("the queue lock is never poisoned")
                    .next();
                let Some((index, cc)) = next else { break };
                if done_tx.send((index, cc.as_str(), task(cc))).is_err() {
                    break; // nobody reads the results any more
                }
            }
        });
    }
    // The channel closes when the last worker ends: that ends the caller's loop.
    done_rx
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::thread;
    use std::time::Duration;

    fn codes(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("C{i}")).collect()
    }

    #[test]
    fn every_code_runs_once_on_at_most_max_workers_threads() {
        let cc_list = codes(12);
        let job = Job::new(&cc_list, "http://x/flags", Path::new("d"));
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut seen: Vec<(usize, String)> = thread::scope(|s| {
            let done = submit_all(s, 3, &job, &cc_list, |cc| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(5));
                running.fetch_sub(1, Ordering::SeqCst);
                cc.to_lowercase()
            });
            done.into_iter().map(|(i, _, r)| (i, r)).collect()
        });
        seen.sort();
        let expected: Vec<(usize, String)> = cc_list
            .iter()
            .map(|cc| cc.to_lowercase())
            .enumerate()
            .collect();
        assert_eq!(seen, expected);
        assert!(most.load(Ordering::SeqCst) <= 3);
    }

    #[test]
    fn results_arrive_in_completion_order() {
        let cc_list = codes(3);
        let job = Job::new(&cc_list, "http://x/flags", Path::new("d"));
        let order: Vec<usize> = thread::scope(|s| {
            let done = submit_all(s, 3, &job, &cc_list, |cc| {
                if cc == "C0" {
                    thread::sleep(Duration::from_millis(200));
                }
            });
            done.into_iter().map(|(i, _, ())| i).collect()
        });
        assert_eq!(order.last(), Some(&0), "the slow first code arrives last");
    }

    #[test]
    fn a_stopped_job_takes_no_code_and_a_dropped_receiver_stops_the_workers() {
        let cc_list = codes(100);
        let job = Job::new(&cc_list, "http://x/flags", Path::new("d"));
        let (started, dropped) = (AtomicUsize::new(0), AtomicBool::new(false));
        thread::scope(|s| {
            let done = submit_all(s, 2, &job, &cc_list, |_| {
                started.fetch_add(1, Ordering::SeqCst);
                // Finish only once nobody listens: the send fails, the worker stops.
                while !dropped.load(Ordering::SeqCst) {
                    thread::sleep(Duration::from_millis(1));
                }
            });
            drop(done);
            dropped.store(true, Ordering::SeqCst);
        });
        assert!(started.load(Ordering::SeqCst) <= 2, "one code each at most");

        job.stop.cancel();
        let count = thread::scope(|s| submit_all(s, 4, &job, &cc_list, |_| ()).iter().count());
        assert_eq!(count, 0);
    }
}
