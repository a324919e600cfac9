//! `arcfour_futures.py` (1st ed. ch. 17): 12 RC4 round trips of 149 KB to 384 KB on an
//! executor, each size printed as its job completes.

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::time::Instant;

use crate::arcfour::{LOOPS, arcfour};
use crate::cli::status;
use crate::executor::ThreadPoolExecutor;
use crate::random_bytes;

/// The book's `JOBS = 12`.
pub const JOBS: usize = 12;
/// The book's `SIZE = 2**18` bytes (256 KB): the average size of a job.
pub const SIZE: usize = 1 << 18;
/// The book's key.
pub const KEY: &[u8] = b"'Twas brillig, and the slithy toves\nDid gyre";

/// Encrypts `size` random bytes and decrypts them back, checks the round trip, and
/// returns `size`: the book's `arcfour_test(size, key)`. The bytes come from `seed`, so
/// a run can be repeated exactly.
///
/// # Panics
///
/// If the round trip does not give the input back: a bug in [`arcfour`], as the book's
/// `assert` says.
pub fn arcfour_test(size: usize, key: &[u8], seed: u64) -> usize {
    let in_text = random_bytes(size, seed);
    let cypher_text = arcfour(key, &in_text, LOOPS);
    let out_text = arcfour(key, &cypher_text, LOOPS);
    assert!(in_text == out_text, "Failed arcfour_test");
    size
}

/// The sizes of the book's jobs, largest first: `SIZE + int(SIZE / JOBS * (i - JOBS/2))`
/// for `i` from `jobs` down to 1, so they spread around `size` (for 12 jobs of 256 KB:
/// 384.0 KB down to 149.3 KB).
pub fn job_sizes(jobs: usize, size: usize) -> Vec<usize> {
    (1..=jobs)
        .rev()
        .map(|i| {
            let offset = size as f64 / jobs as f64 * (i as f64 - jobs as f64 / 2.0);
            // `as` truncates toward zero, like Python's `int()`; the offset is above
            // -size / 2, so every job has at least one byte.
            (size as i64 + offset as i64) as usize
        })
        .collect()
}

// ANCHOR: main
/// The book's `main(workers)`: submits the jobs to an executor of `workers` threads,
/// prints each size as its job completes, then the workers and the elapsed time.
pub fn main(
    out: &mut impl Write,
    workers: NonZeroUsize,
    jobs: usize,
    size: usize,
) -> io::Result<()> {
    let t0 = Instant::now();
    let executor = ThreadPoolExecutor::new(workers);
    let actual_workers = executor.max_workers();
    for res in executor.as_completed(task, to_do(jobs, size)) {
        writeln!(out, "{}", kb(res))?;
    }
    drop(executor); // the end of the book's `with` block
    writeln!(out, "{}", status(actual_workers, t0.elapsed()))
}

/// The jobs, `(size, seed)`: job i has the size of [`job_sizes`] and the bytes of seed i.
pub fn to_do(jobs: usize, size: usize) -> Vec<(usize, u64)> {
    job_sizes(jobs, size).into_iter().zip(0..).collect()
}

/// One job of [`to_do`]: what `main` and the `--bench` mode submit.
pub fn task((size, seed): (usize, u64)) -> usize {
    arcfour_test(size, KEY, seed)
}
// ANCHOR_END: main

/// The printed line of a job's result: `384.0 KB`.
pub fn kb(size: usize) -> String {
    format!("{:.1} KB", size as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_job_sizes() {
        let sizes = job_sizes(JOBS, SIZE);
        let shown: Vec<String> = sizes.iter().map(|&s| kb(s)).collect();
        assert_eq!(shown.first().map(String::as_str), Some("384.0 KB"));
        assert_eq!(shown.last().map(String::as_str), Some("149.3 KB"));
        assert_eq!(sizes.len(), 12);
        assert!(sizes.windows(2).all(|w| w[0] > w[1]), "{sizes:?}");
        assert_eq!(sizes[6], SIZE, "i = JOBS / 2 is exactly SIZE");
        assert_eq!(job_sizes(1, 1), [1]);
        assert!(job_sizes(1000, 3).iter().all(|&s| s >= 1));
    }

    #[test]
    fn a_round_trip_returns_its_size() {
        assert_eq!(arcfour_test(1000, KEY, 1), 1000);
        assert_eq!(arcfour_test(0, KEY, 1), 0);
    }
}
