//! `flags2_threadpool.py` (Fluent Python, 2nd ed. ch. 20; 1st ed. ch. 17): the flags2
//! downloader on a pool of `--max-req` threads (default 30, at most 1000).
//!
//! Same command line, same report, same `download_one` as `flags2_sequential`: only
//! `download_many` changes. Watch `-v`: the lines come out in completion order, not
//! sorted. On `-s DELAY` a run with `-m 100` takes about as long as the slowest downloads
//! of each round of 100. Ctrl-C stops taking new codes, waits a moment for the downloads
//! in flight, and reports (exit status 130).
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-threadpool -- -v BR CN US ZZ
//! cargo run -p flags-threadpool -- -s DELAY -e -m 100
//! cargo run -p flags-threadpool -- -s ERROR -a
//! ```

use std::process::ExitCode;

use flags_threadpool::flags2::download_many;
use flags_threadpool::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
