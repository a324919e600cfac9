//! `arcfour_futures.py` (*Fluent Python*, 1st ed. ch. 17): CPU-bound work on an
//! executor. Twelve jobs each encrypt and decrypt 149 KB to 384 KB of random bytes with
//! the book's RC4 (`arcfour`), and print their size as they complete; then the number
//! of workers and the elapsed time.
//!
//! ```text
//! cargo run --release -p executors --bin arcfour_futures -- 1
//! cargo run --release -p executors --bin arcfour_futures -- 2
//! cargo run --release -p executors --bin arcfour_futures -- --bench
//! ```
//!
//! Watch the elapsed time fall as workers are added, up to one per core. The book needs
//! a `ProcessPoolExecutor` for that, because of the GIL; these are threads of one
//! process, and they scale all the same. The sizes come out in completion order:
//! roughly largest first, as submitted, with neighbours swapped where workers race. `--bench` times the jobs on one
//! thread, then on 1, 2... workers, against the ideal (the sequential time shared by the
//! cores), after checking that the pool computes what one thread does.
//!
//! The book's runs took about 11 s on 1 worker (its `arcfour-timings.txt`); this one
//! takes a few hundredths of a second of CPU in release, so the pool's start-up and the
//! scheduler weigh on the figures: `--size 16777216` makes each job 64 times bigger.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use executors::arcfour_futures::{SIZE, main as run, task, to_do};
use executors::cli::{CpuArgs, bench, exit_code};

/// RC4 round trips on a pool of threads: CPU-bound work with no GIL.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)]
struct Args {
    #[command(flatten)]
    cpu: CpuArgs,
}

fn main() -> ExitCode {
    let Args { cpu } = Args::parse();
    let (jobs, size) = (cpu.jobs(), cpu.size(SIZE));
    let mut out = io::stdout().lock();
    exit_code(if cpu.bench {
        let what = format!("arcfour_futures, {size} bytes per job on average");
        let workers = cpu.bench_workers();
        let repeat = cpu.repeat as usize;
        bench(&mut out, &what, &to_do(jobs, size), task, workers, repeat)
    } else {
        run(&mut out, cpu.workers(), jobs, size)
    })
}
