//! `proc_pool.py` (*Fluent Python*, 2nd ed., ch. 20) on a pool of threads: what
//! `ThreadPoolExecutor` would be for this CPU-bound work if there were no GIL.
//!
//! ```text
//! cargo run --release -p primes --bin thread_pool
//! ```
//!
//! Watch for: the same lines, order and total as `proc_pool`, with threads instead of
//! processes: nothing to start but a thread, nothing to send through a pipe. Only the
//! `Kind` passed to the pool differs from `proc_pool`.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use primes::cli::{finish, parse_workers};
use primes::pool::{self, Kind};

/// Check the book's 20 numbers with a pool of worker threads, results in order
/// (proc_pool.py on threads).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {
    /// How many worker threads [default: the number of CPUs]
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    workers: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let out = io::stdout().lock();
    finish(pool::main(Kind::Threads, args.workers, out).map_err(Into::into))
}
