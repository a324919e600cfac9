//! `flags_threadpool.py` (Fluent Python, 2nd ed. ch. 20; 1st ed. ch. 17): `executor.map`.
//!
//! The 20 POP20 flags downloaded by a pool of threads (Python's default size,
//! `min(32, cpus + 4)`). Watch the order: each worker prints its code as its download
//! ends, so the codes come out shuffled (completion order), while `map` hands the results
//! back to the main thread in the sorted order they were submitted in. On `-s DELAY` the
//! run takes about as long as the slowest few downloads, not the sum of all 20.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-threadpool --bin flags_threadpool
//! cargo run -p flags-threadpool --bin flags_threadpool -- -s DELAY
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    flags_common::simple::main(flags_threadpool::threadpool::download_many)
}
