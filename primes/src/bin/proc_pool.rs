//! `proc_pool.py` (*Fluent Python*, 2nd ed., ch. 20): `ProcessPoolExecutor.map` over the
//! 20 numbers, biggest first.
//!
//! ```text
//! cargo run --release -p primes --bin proc_pool
//! cargo run --release -p primes --bin proc_pool -- 4
//! ```
//!
//! Watch for: the lines come in the order of the numbers (biggest first), not the order
//! the checks finish: a quick result waits for the slow ones before it. The workers are
//! processes, as in `procs`. Its twins `thread_pool` and `rayon_pool` do the same on
//! threads, which Rust (no GIL) makes just as fast.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use primes::cli::{finish, parse_workers};
use primes::pool::{self, Kind};
use primes::procs;

/// Check the book's 20 numbers with a pool of worker processes, results in order
/// (proc_pool.py).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {
    /// How many worker processes [default: the number of CPUs]
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    workers: Option<usize>,
}

fn main() -> ExitCode {
    procs::serve_if_worker(); // a worker process runs its jobs here, and exits
    let args = Args::parse();
    let out = io::stdout().lock();
    finish(pool::main(Kind::Processes, args.workers, out).map_err(Into::into))
}
