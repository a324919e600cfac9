//! `flags3_threadpool.py` (*Fluent Python*, 1st ed. ch. 17): two requests per code on a
//! pool of `--max-req` threads (default 30, at most 1000): first `metadata.json` for the
//! country's name, then the flag, saved as `Korea_South.gif`.
//!
//! Same command line and report as every flags2/flags3 binary. Watch the file names in
//! `--dest`, and compare with `flags3_asyncio`: the same two steps, written as two
//! blocking calls on a thread instead of two `await`s in a task. With `-v` the lines come
//! out in completion order. Ctrl-C stops taking new codes and reports (exit status 130).
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-threadpool --bin flags3_threadpool -- -a -v
//! cargo run -p flags-threadpool --bin flags3_threadpool -- -s DELAY -a -m 100
//! ```

use std::process::ExitCode;

use flags_threadpool::flags3::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, download_many};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
