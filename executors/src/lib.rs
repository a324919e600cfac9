//! The executors of *Fluent Python*: `concurrent.futures` in Rust, on std threads.
//!
//! | module | binary | book file | the idea |
//! | --- | --- | --- | --- |
//! | [`demo_executor_map`] | `demo_executor_map` | `demo_executor_map.py` (2e ch. 20, 1e ch. 17) | `executor.map` is lazy and yields in submission order |
//! | [`arcfour_futures`] | `arcfour_futures` | `arcfour_futures.py` (1e ch. 17) | CPU-bound RC4 on a pool: with no GIL, threads use every core |
//! | [`sha_futures`] | `sha_futures` | `sha_futures.py` (1e ch. 17) | the same with SHA-256 |
//! | [`arcfour`] | (tests) | `arcfour.py`, `arcfour_test.py` (1e ch. 17) | RC4 by hand, checked on the RFC draft's vectors |
//!
//! [`executor::ThreadPoolExecutor`] is the one pool they share: `submit` for a
//! [`executor::Future`], `map` (submission order) and `as_completed` (completion order).
//! The book runs the crypto examples on a `ProcessPoolExecutor`, to get around the GIL;
//! Rust has none, so the same thread pool that sleeps in `loiter` computes in parallel.

pub mod arcfour;
pub mod arcfour_futures;
pub mod cli;
pub mod demo_executor_map;
pub mod executor;
pub mod sha_futures;

/// `size` random bytes, the same for the same `seed`: the book's
/// `bytearray(randrange(256) for i in range(size))`, made repeatable so that a run on a
/// pool can be checked against a run on one thread.
pub fn random_bytes(size: usize, seed: u64) -> Vec<u8> {
    let mut bytes = vec![0; size];
    fastrand::Rng::with_seed(seed).fill(&mut bytes);
    bytes
}
