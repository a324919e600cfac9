//! `flags_threadpool_futures.py` (Fluent Python, 2nd ed. ch. 20; 1st ed. ch. 17):
//! `executor.submit` and `futures.as_completed`, made visible.
//!
//! The first 5 POP20 codes, sorted, are submitted to a pool of 3 workers: a line
//! `Scheduled for BR: <task 1 state=running>` per code (the last ones `pending`, waiting
//! for a free worker), then, as each task completes, its worker prints its code and the
//! main thread `<task 1 state=finished returned String> result: 'BR'`. Watch the second
//! list: on `-s DELAY` it is shuffled, and the last two codes only start when a worker
//! is free. (Python prints `<Future at 0x100791518 state=running>`: the twin numbers its
//! tasks instead of showing an address.)
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-threadpool --bin flags_threadpool_futures -- -s DELAY
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    flags_common::simple::main(flags_threadpool::futures::download_many)
}
