//! Thread-pool flag downloaders: the Rust twins of the book's `flags_threadpool.py`,
//! `flags_threadpool_futures.py` and `flags2_threadpool.py`, on std threads, plus a rayon
//! variant, all on the blocking HTTP client ureq.
//!
//! | module | binary | book file | the idea |
//! | --- | --- | --- | --- |
//! | [`threadpool`] | `flags_threadpool` | `flags_threadpool.py` | `executor.map`: codes printed as they finish, results yielded in submission order |
//! | [`futures`] | `flags_threadpool_futures` | `flags_threadpool_futures.py` | `submit` + `as_completed`: task states; scheduling order is not completion order |
//! | [`flags2`] | `flags2_threadpool` | `flags2_threadpool.py` | `--max-req` threads, each result counted as it completes |
//! | [`rayon_pool`] | `flags2_rayon` | (none) | a work-stealing pool changes nothing for blocking I/O |
//! | [`ac`] | `flags_threadpool_ac` | `flags_threadpool_ac.py` (1st ed.) | `submit` + `as_completed`, with the futures' states |
//! | [`flags3`] | `flags3_threadpool` | `flags3_threadpool.py` (1st ed.) | two requests per code (name, then flag) on each thread |
//!
//! The std-thread versions share one pool, [`pool::submit_all`]: a fixed number of scoped
//! threads take codes from a shared queue and send each result back over a channel. The
//! flags2 versions reuse `get_flag` and `download_one` of `flags-seq` unchanged: only
//! `download_many` differs from the sequential version.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`.

pub mod ac;
pub mod flags2;
pub mod flags3;
pub mod futures;
pub mod pool;
pub mod rayon_pool;
pub mod threadpool;

/// The book's `DEFAULT_CONCUR_REQ = 30` for `flags2_threadpool.py`.
pub const DEFAULT_CONCUR_REQ: usize = 30;
/// The book's `MAX_CONCUR_REQ = 1000`: one OS thread per request in flight.
pub const MAX_CONCUR_REQ: usize = 1000;
