//! `flags2_asyncio.py`: flags2 with tokio tasks, a `Semaphore` bounding the requests in
//! flight (`--max-req`, default 5, at most 1000), results counted as they complete.
//!
//! Watch `-v`: the lines come in completion order. Compare `-s DELAY -m 5` with
//! `-m 100`: with five permits the slow server serves five flags at a time; with a
//! hundred, about a hundred. Ctrl-C cancels the downloads in flight and reports.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-async --bin flags2_asyncio -- -e -m 100
//! ```

use std::process::ExitCode;

use flags_async::flags2::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, download_many};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
