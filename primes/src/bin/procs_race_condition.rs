//! `procs_race_condition.py` (*Fluent Python*, 2nd ed., ch. 19) and the README beside it:
//! `procs` as first published, whose report stopped when the *job* queue was empty.
//!
//! ```text
//! cargo run --release -p primes --bin procs_race_condition -- 2 --nap 0.5
//! cargo run --release -p primes --bin procs_race_fixed -- 2 --nap 0.5
//! ```
//!
//! Watch for: with the nap (the reader's `sleep` that made the bug show), the racy
//! report stops early and its total line says fewer than 20 checks: the job queue was
//! empty, but results were still coming. The fixed twin, `procs_race_fixed`, counts the
//! workers' sentinels instead and prints all 20, nap or no nap. Diff the two files.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use durations::parse_duration;
use primes::cli::{cpu_count, finish, parse_workers};
use primes::procs;
use primes::race::{self, Report};

/// Check the book's 20 numbers on worker processes, with the report loop that loses
/// results (procs_race_condition.py).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {
    /// How many worker processes [default: the number of CPUs]
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    workers: Option<usize>,
    /// How long the report naps after each result, before it checks the job queue:
    /// seconds, or a unit (50ms)
    #[arg(long, default_value = "0", value_parser = parse_duration)]
    nap: std::time::Duration,
}

fn main() -> ExitCode {
    procs::serve_if_worker(); // a worker process runs its jobs here, and exits
    let args = Args::parse();
    let workers = args.workers.unwrap_or_else(cpu_count);
    let out = io::stdout().lock();
    finish(race::main(workers, Report::Racy, args.nap, out).map_err(Into::into))
}
