//! `procs.py` (*Fluent Python*, 2nd ed., ch. 19): the job and result queues of `threads`,
//! served by worker processes.
//!
//! ```text
//! cargo run --release -p primes --bin procs          # one process per CPU
//! cargo run --release -p primes --bin procs -- 4
//! ```
//!
//! Watch for: the same lines and about the same total as `threads`: each worker is this
//! same executable started again with a hidden argument (`ps` shows them), its jobs sent
//! down its stdin and its results read from its stdout, one line each. If a worker dies,
//! the run stops with an error naming the number it was checking (the book's version
//! would wait for it forever).

use std::io;
use std::process::ExitCode;

use clap::Parser;
use primes::cli::{cpu_count, finish, parse_workers};
use primes::procs;

/// Check the book's 20 numbers on worker processes (procs.py).
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
    let workers = args.workers.unwrap_or_else(cpu_count);
    finish(procs::main(workers, io::stdout().lock()).map_err(Into::into))
}
