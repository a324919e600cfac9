//! `proc_pool.py` (*Fluent Python*, 2nd ed., ch. 20) on rayon: `par_iter().map(check)`.
//!
//! ```text
//! cargo run --release -p primes --bin rayon_pool
//! ```
//!
//! Watch for: the same lines in the same order (rayon's `collect` keeps it, like
//! `executor.map`), but all at once at the end: `collect` hands back the whole `Vec`.
//! The total is that of `thread_pool`: the same threads, with work stealing.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use primes::cli::{finish, parse_workers};
use primes::pool;

/// Check the book's 20 numbers on rayon's pool, results in order (proc_pool.py on
/// rayon).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {
    /// How many rayon threads [default: the number of CPUs]
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    workers: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    finish(pool::main_rayon(args.workers, io::stdout().lock()))
}
