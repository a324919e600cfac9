//! The measurements of the primes experiments (*Fluent Python*, 2nd ed., ch. 19): the
//! book's table of sequential, threads and processes checking the 20 numbers with 1, 2
//! and 4 workers, next to the physical limit (sequential time / cores), plus the pools of
//! ch. 20; then what a worker process costs to start and to feed, next to a thread.
//!
//! ```text
//! cargo run --release -p primes --bin primes_table            # or tools/primes-table.sh
//! cargo run --release -p primes --bin primes_table -- --runs 9
//! ```
//!
//! Each row runs the same library code as the binaries (their output to a sink), once
//! per round, for `--runs` rounds, and shows its best and its median run: on a shared
//! machine, the best run is the one least disturbed, and taking turns spreads a burst of
//! load from elsewhere over every row.
//!
//! Two limits: the physical one, sequential time / cores; and the limit of the order the
//! jobs are queued in, computed from each number's own check time (the best of the runs):
//! the makespan of handing each job, in order, to the first free worker. In the book's
//! order the most expensive number comes last, so one worker ends alone: with 2 workers
//! no strategy can beat about 1.8x. `proc_pool.py` queues the biggest first for this
//! reason, and its rows get closer to 2x.
//!
//! Watch for: threads and processes both at their order limit (Rust has no GIL), and
//! nothing gained with 4 workers on 2 cores; a process costs about ten times what a
//! thread costs to start (a millisecond against a tenth of one), and a job through its
//! pipes some tens of microseconds against a couple through a channel: noise next to a
//! check of tens of milliseconds, but not next to a tiny job.
//!
//! On a machine busy with other work, the rows are noise; `chrt -f 50` (as root) runs
//! the measurement ahead of it.

use std::io::{self, Write};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use crossbeam_channel::unbounded;
use primes::cli::{cpu_count, finish};
use primes::pool::{self, Kind};
use primes::procs::{self, WorkerProcess};
use primes::{NUMBERS, check, sequential, threads};

/// Measure sequential, threads, processes and pools on the book's 20 numbers, and what
/// a worker process costs next to a thread.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {
    /// How many times each row runs
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
}

/// The best and the median of `times`.
fn best_and_median(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2])
}

/// The mean of `job` over `count` runs.
fn mean(count: u32, mut job: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<Duration> {
    let t0 = Instant::now();
    for _ in 0..count {
        job()?;
    }
    Ok(t0.elapsed() / count)
}

/// The order limit: how long `workers` workers take if each job, in `order`, goes to the
/// first free one and costs its check time, nothing else. Only for `workers <= cores`.
fn order_limit(times: &[(u64, f64)], order: &[u64], workers: usize) -> f64 {
    let mut free_at = vec![0.0_f64; workers];
    for n in order {
        let (_, time) = times
            .iter()
            .find(|(m, _)| m == n)
            .expect("one of the numbers");
        let first_free = free_at
            .iter_mut()
            .min_by(|a, b| a.total_cmp(b))
            .expect("at least one worker");
        *first_free += time;
    }
    free_at.into_iter().fold(0.0, f64::max)
}

/// One row of the table: a name, a worker count, the order its jobs are queued in (for
/// the order limit), and how to run it once.
struct Row {
    name: &'static str,
    workers: usize,
    order: Option<Vec<u64>>,
    run: Box<dyn Fn() -> anyhow::Result<()>>,
}

fn row(
    name: &'static str,
    workers: usize,
    order: Option<Vec<u64>>,
    run: impl Fn() -> anyhow::Result<()> + 'static,
) -> Row {
    let run = Box::new(run);
    Row {
        name,
        workers,
        order,
        run,
    }
}

fn table(runs: u32, mut out: impl Write) -> anyhow::Result<()> {
    let cores = cpu_count();
    let book = Some(NUMBERS.to_vec());
    let biggest_first = Some(pool::numbers_biggest_first());
    let mut rows = vec![row("sequential", 1, None, || {
        Ok(sequential::main(io::sink())?)
    })];
    for workers in [1, 2, 4] {
        rows.push(row("threads", workers, book.clone(), move || {
            Ok(threads::main(workers, io::sink())?)
        }));
    }
    for workers in [1, 2, 4] {
        rows.push(row("processes", workers, book.clone(), move || {
            Ok(procs::main(workers, io::sink())?)
        }));
    }
    rows.push(row(
        "proc_pool (biggest first)",
        cores,
        biggest_first.clone(),
        move || Ok(pool::main(Kind::Processes, Some(cores), io::sink())?),
    ));
    rows.push(row(
        "thread_pool (biggest first)",
        cores,
        biggest_first.clone(),
        move || Ok(pool::main(Kind::Threads, Some(cores), io::sink())?),
    ));
    rows.push(row(
        "rayon_pool (biggest first)",
        cores,
        biggest_first,
        move || pool::main_rayon(Some(cores), io::sink()),
    ));

    // Round after round, every row once: a burst of load from elsewhere on the machine
    // then hits every row alike, instead of every run of one row.
    let mut times = vec![Vec::new(); rows.len()];
    let mut check_times = NUMBERS.map(|n| (n, f64::INFINITY));
    for _ in 0..runs {
        for (row, times) in rows.iter().zip(&mut times) {
            let t0 = Instant::now();
            (row.run)()?;
            times.push(t0.elapsed().as_secs_f64());
        }
        for (n, time) in &mut check_times {
            *time = time.min(check(*n).elapsed.as_secs_f64());
        }
    }

    writeln!(
        out,
        "The book's 20 numbers, {runs} rounds (every row once per round), {cores} CPUs.\n"
    )?;
    writeln!(
        out,
        "| strategy | workers | best | median | speed-up (best) | best / physical limit | order limit |"
    )?;
    writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")?;
    let (best_seq, _) = best_and_median(&mut times[0].clone());
    let limit = best_seq / cores as f64;
    for (i, (row, times)) in rows.iter().zip(&mut times).enumerate() {
        let (best, median) = best_and_median(times);
        let order_limit = match &row.order {
            Some(order) if row.workers <= cores => {
                let limit = order_limit(&check_times, order, row.workers);
                format!("{limit:.3} s ({:.2}x)", best_seq / limit)
            }
            _ => "-".into(),
        };
        writeln!(
            out,
            "| {} | {} | {best:.3} s | {median:.3} s | {:.2}x | {:.2} | {order_limit} |",
            row.name,
            row.workers,
            best_seq / best,
            best / limit
        )?;
        if i == 0 {
            writeln!(
                out,
                "| physical limit (sequential / {cores} cores) | {cores} | {limit:.3} s | | {:.2}x | 1.00 | |",
                best_seq / limit
            )?;
        }
    }
    costs(&mut out)
}

/// What it costs to start a worker and to hand it one job, a thread next to a process.
/// The job is `check(2)`, which takes no time: what is left is the overhead.
fn costs(mut out: impl Write) -> anyhow::Result<()> {
    const STARTS: u32 = 200;
    const JOBS: u32 = 5_000;
    // A thread: spawn, one job through the channels (the handshake), stop, join.
    let thread_start = mean(STARTS, || {
        let (to_jobs, jobs) = unbounded::<u64>();
        let (to_results, results) = unbounded();
        let worker = thread::spawn(move || threads::worker(jobs, to_results));
        to_jobs.send(2)?;
        results.recv()?;
        to_jobs.send(0)?;
        results.recv()?; // the sentinel
        worker
            .join()
            .map_err(|_| anyhow::anyhow!("the worker panicked"))
    })?;
    // A process: start this executable again, one job through the pipes, stop, reap.
    let process_start = mean(STARTS, || {
        let mut process = WorkerProcess::start()?;
        process.check(2)?;
        process.check(0)?; // the sentinel
        process.close()?;
        Ok(())
    })?;
    // Feeding a running worker: one job there and its result back.
    let (to_jobs, jobs) = unbounded::<u64>();
    let (to_results, results) = unbounded();
    let worker = thread::spawn(move || threads::worker(jobs, to_results));
    let thread_job = mean(JOBS, || {
        to_jobs.send(2)?;
        Ok(results.recv().map(drop)?)
    })?;
    to_jobs.send(0)?;
    worker
        .join()
        .map_err(|_| anyhow::anyhow!("the worker panicked"))?;
    let mut process = WorkerProcess::start()?;
    let process_job = mean(JOBS, || Ok(process.check(2).map(drop)?))?;
    process.check(0)?;
    process.close()?;
    let check_time = NUMBERS.map(|n| check(n).elapsed).iter().sum::<Duration>() / 20;

    writeln!(out, "\n| cost | thread | process | process / thread |")?;
    writeln!(out, "| --- | ---: | ---: | ---: |")?;
    for (what, thread, process) in [
        (
            "start a worker, one job, stop it",
            thread_start,
            process_start,
        ),
        (
            "one job to a running worker and back",
            thread_job,
            process_job,
        ),
    ] {
        writeln!(
            out,
            "| {what} | {:.1} µs | {:.1} µs | {:.0}x |",
            thread.as_secs_f64() * 1e6,
            process.as_secs_f64() * 1e6,
            process.as_secs_f64() / thread.as_secs_f64()
        )?;
    }
    writeln!(
        out,
        "\nFor scale: one check of the 20 numbers takes {:.1} ms on average.",
        check_time.as_secs_f64() * 1e3
    )?;
    Ok(())
}

fn main() -> ExitCode {
    procs::serve_if_worker(); // the worker processes it measures are this executable
    let args = Args::parse();
    finish(table(args.runs, io::stdout().lock()).context("measuring"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_limit_hands_each_job_to_the_first_free_worker() {
        let times = [(1, 3.0), (2, 1.0), (3, 1.0), (4, 1.0)];
        // Biggest first: 3 s on one worker, three 1 s jobs on the other.
        assert_eq!(order_limit(&times, &[1, 2, 3, 4], 2), 3.0);
        // Biggest last: it starts at 1 s, on a worker of its own.
        assert_eq!(order_limit(&times, &[2, 3, 4, 1], 2), 4.0);
        assert_eq!(order_limit(&times, &[2, 3, 4, 1], 1), 6.0);
    }
}
