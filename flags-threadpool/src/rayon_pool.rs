//! The rayon variant of `flags2_threadpool.py` (not in the book): the same downloads on a
//! work-stealing pool of `--max-req` threads.
//!
//! Work stealing balances CPU work: an idle thread takes half of a busy thread's pending
//! items. For blocking I/O it changes nothing: each thread blocks in `download_one` while
//! the server answers, exactly like a std thread of `flags2`. The pool must still be as
//! large as the number of requests wanted in flight, so it gets `--max-req` threads, not
//! rayon's default of one per core (which would make 2 requests at a time on 2 cores).

use std::sync::mpsc;

use flags_common::{Counter, Job};
use flags_seq::{download_one, new_agent};
use rayon::ThreadPool;
use rayon::prelude::*;
use ureq::Agent;

/// `download_many` on a rayon pool of its own, sized like the std-thread version:
/// `ThreadPoolExecutor(max_workers)`.
///
/// The pool is scoped: its threads have ended when this function returns, as they have at
/// the end of the book's `with ThreadPoolExecutor(...)` block. (A plain rayon pool lets
/// them end in the background, into whatever runs next.)
pub fn download_many(job: &Job) -> Counter {
    let agent = new_agent(job);
    rayon::ThreadPoolBuilder::new()
        .num_threads(job.concur_req)
        .build_scoped(|thread| thread.run(), |pool| download_on(pool, &agent, job))
        // Failing to start threads is fatal, as it is for `std::thread::spawn`.
        .expect("the OS must start the pool's threads")
}

/// The downloads on `pool`: `par_iter` over the codes, each result sent back to this
/// thread, which counts it as soon as it arrives.
fn download_on(pool: &ThreadPool, agent: &Agent, job: &Job) -> Counter {
    let (done_tx, done_rx) = mpsc::channel();
    pool.in_place_scope(|s| {
        s.spawn(|_| {
            job.cc_list
                .par_iter()
                // One code per task: rayon otherwise hands each thread a run of codes,
                // and a slow download would hold up the codes queued behind it.
                .with_max_len(1)
                .for_each_with(done_tx, |done, cc| {
                    // Ctrl-C: skip the codes not started yet.
                    if !job.stop.is_cancelled() {
                        let _ = done.send((cc, download_one(agent, job, cc)));
                    }
                });
        });
        // `as_completed`, on this thread: the pool's threads only download.
        for (cc, result) in done_rx {
            job.count(cc, result);
        }
    });
    job.counter()
}
