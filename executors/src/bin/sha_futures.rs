//! `sha_futures.py` (*Fluent Python*, 1st ed. ch. 17): CPU-bound work on an executor.
//! Twelve jobs each hash 1 MB of random bytes with SHA-256 and print the digest as they
//! complete; then the number of workers and the elapsed time.
//!
//! ```text
//! cargo run --release -p executors --bin sha_futures -- 1
//! cargo run --release -p executors --bin sha_futures -- 2
//! cargo run --release -p executors --bin sha_futures -- --bench
//! ```
//!
//! Watch the elapsed time fall as workers are added, up to one per core: threads, where
//! the book needs processes to get around the GIL. The digests come out in completion
//! order, so the order changes from run to run, but the set does not: job i always hashes
//! the bytes of seed i. `--bench` times the jobs on one thread, then on 1, 2... workers,
//! against the ideal, after checking that the pool computes the same digests.
//!
//! The book's runs took 20 to 25 s on 1 worker (its `sha-timings.txt`); this one takes a
//! few hundredths of a second of CPU in release, so the pool's start-up and the scheduler
//! weigh on the figures: `--size 67108864` makes each job 64 times bigger.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use executors::cli::{CpuArgs, bench, exit_code};
use executors::sha_futures::{SIZE, main as run, task, to_do};

/// SHA-256 digests on a pool of threads: CPU-bound work with no GIL.
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
        let what = format!("sha_futures, {size} bytes per job");
        let workers = cpu.bench_workers();
        let repeat = cpu.repeat as usize;
        bench(&mut out, &what, &to_do(jobs, size), task, workers, repeat)
    } else {
        run(&mut out, cpu.workers(), jobs, size)
    })
}
