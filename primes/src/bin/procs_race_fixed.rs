//! The fix for `procs_race_condition` (*Fluent Python*, 2nd ed., ch. 19, the README beside
//! `procs_race_condition.py`): the report stops when every worker has sent its sentinel.
//!
//! ```text
//! cargo run --release -p primes --bin procs_race_fixed -- 2 --nap 0.5
//! ```
//!
//! Watch for: all 20 lines and `20 checks`, nap or no nap: the nap only slows the report
//! down. Only the report loop differs from `procs_race_condition`: diff the two files,
//! then `race::report_racy` and `race::report_fixed`.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use durations::parse_duration;
use primes::cli::{cpu_count, finish, parse_workers};
use primes::procs;
use primes::race::{self, Report};

/// Check the book's 20 numbers on worker processes, with the report loop that loses
/// nothing (the fix of procs_race_condition.py).
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
    finish(race::main(workers, Report::Fixed, args.nap, out).map_err(Into::into))
}
