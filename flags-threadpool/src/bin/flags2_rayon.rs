//! The rayon variant of `flags2_threadpool.py` (not in the book): the flags2 downloader on
//! a rayon pool of `--max-req` threads (default 30, at most 1000).
//!
//! A work-stealing pool shines for CPU work: idle threads take pending work from busy
//! ones. For blocking I/O it changes nothing: every thread just blocks until the server
//! answers, so the run takes as long as `flags2_threadpool` with the same `-m`. Compare
//! them on `-s DELAY -e -m 100`. Watch `-v`: lines in completion order, as with the std
//! threads.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-threadpool --bin flags2_rayon -- -v BR CN US ZZ
//! cargo run -p flags-threadpool --bin flags2_rayon -- -s DELAY -e -m 100
//! ```

use std::process::ExitCode;

use flags_threadpool::rayon_pool::download_many;
use flags_threadpool::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
