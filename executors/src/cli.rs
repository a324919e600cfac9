//! What the binaries share: the command line of the CPU-bound examples, their status
//! line, their `--bench` mode, and a quiet end when stdout is closed.

use std::fmt::Debug;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use clap::Args;

use crate::executor::ThreadPoolExecutor;

/// The most workers, jobs and bytes per job the CPU-bound examples accept: far beyond
/// what a measurement needs, low enough that a typo cannot exhaust the machine.
pub const MAX_WORKERS: u64 = 256;
/// See [`MAX_WORKERS`].
pub const MAX_JOBS: u64 = 10_000;
/// See [`MAX_WORKERS`]: 64 MiB per job.
pub const MAX_SIZE: u64 = 64 << 20;

/// The options of `arcfour_futures` and `sha_futures`.
#[derive(Debug, Clone, Args)]
pub struct CpuArgs {
    /// Worker threads [default: one per CPU, like ProcessPoolExecutor's os.cpu_count()].
    /// With --bench: time 1 to WORKERS workers [default: at least 2].
    #[arg(value_name = "WORKERS", value_parser = clap::value_parser!(u64).range(1..=MAX_WORKERS), allow_negative_numbers = true)]
    pub workers: Option<u64>,

    /// Number of jobs.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=MAX_JOBS))]
    pub jobs: u64,

    /// Bytes per job [default: the book's SIZE].
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..=MAX_SIZE))]
    pub size: Option<u64>,

    /// Measure instead: the jobs on this thread alone, then on 1, 2... workers, each
    /// against the ideal (the sequential time shared by the cores).
    #[arg(long)]
    pub bench: bool,

    /// Runs per measurement, with --bench (the median is reported).
    #[arg(long, value_name = "N", default_value_t = 5, requires = "bench", value_parser = clap::value_parser!(u64).range(1..=100))]
    pub repeat: u64,
}

impl CpuArgs {
    /// The pool's size: the WORKERS given, or one per CPU.
    pub fn workers(&self) -> NonZeroUsize {
        self.workers
            .and_then(|n| NonZeroUsize::new(n as usize))
            .unwrap_or_else(cpus)
    }

    /// The most workers `--bench` times: WORKERS, or one per CPU and at least 2.
    pub fn bench_workers(&self) -> usize {
        self.workers
            .map_or(cpus().get().max(2), |workers| workers as usize)
    }

    /// The number of jobs.
    pub fn jobs(&self) -> usize {
        self.jobs as usize
    }

    /// Bytes per job: `--size`, or `default`.
    pub fn size(&self, default: usize) -> usize {
        self.size.map_or(default, |size| size as usize)
    }
}

/// How many threads can run at once here (cores, less what the scheduler denies us).
pub fn cpus() -> NonZeroUsize {
    thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
}

/// The book's `STATUS` line: `4 workers, elapsed time: 4.96s`.
pub fn status(workers: usize, elapsed: Duration) -> String {
    format!(
        "{workers} workers, elapsed time: {:.2}s",
        elapsed.as_secs_f64()
    )
}

/// The exit status of a binary whose work ended with `result`: a closed stdout
/// (`prog | head -3`) is a normal end, since the reader has all it wanted.
pub fn exit_code(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The `--bench` mode: times `task` over `jobs` on this thread alone, then on executors
/// of 1 to `max_workers` threads, `repeat` times each, and prints the medians against the
/// ideal, `sequential / min(workers, cores)`.
///
/// Before any figure is printed, each executor's results are checked against the
/// sequential ones (the same multiset: they complete in any order).
pub fn bench<A, T>(
    out: &mut impl Write,
    what: &str,
    jobs: &[A],
    task: fn(A) -> T,
    max_workers: usize,
    repeat: usize,
) -> io::Result<()>
where
    A: Clone + Send + 'static,
    T: Ord + Debug + Send + 'static,
{
    let cores = cpus().get();
    // `None` is the sequential run, on this thread; `Some(n)` an executor of n threads.
    let pools: Vec<Option<NonZeroUsize>> = std::iter::once(None)
        .chain((1..=max_workers).map(NonZeroUsize::new))
        .collect();
    let run = |pool: Option<NonZeroUsize>| -> Vec<T> {
        let mut results: Vec<T> = match pool {
            None => jobs.iter().cloned().map(task).collect(),
            // The book's timing includes starting the pool, so this one does too.
            Some(workers) => ThreadPoolExecutor::new(workers)
                .as_completed(task, jobs.to_vec())
                .collect(),
        };
        results.sort(); // they complete in any order
        results
    };
    // A check, and a warm-up: every pool computes what one thread does.
    let expected = run(None);
    for &pool in &pools[1..] {
        assert_eq!(
            run(pool),
            expected,
            "{pool:?} workers compute what one thread does"
        );
    }
    // Round after round, each pool once per round: a machine that gets busier or quieter
    // meanwhile weighs on every pool alike.
    let mut times = vec![Vec::new(); pools.len()];
    for _ in 0..repeat.max(1) {
        for (pool, times) in pools.iter().zip(&mut times) {
            let t0 = Instant::now();
            drop(run(*pool));
            times.push(t0.elapsed());
        }
    }
    let timings: Vec<Timing> = times.into_iter().map(Timing::of).collect();

    writeln!(
        out,
        "{what}: {} jobs, {cores} CPUs{}, median of {repeat} runs (min - max)",
        jobs.len(),
        load_average().map_or(String::new(), |load| format!(" (load average {load})")),
    )?;
    writeln!(
        out,
        "{:<10} {:>9} {:>17} {:>9} {:>13} {:>8}",
        "workers", "elapsed", "(min - max)", "ideal", "elapsed/ideal", "speed-up"
    )?;
    let sequential = timings[0].median;
    for (pool, timing) in pools.iter().zip(&timings) {
        let (label, ideal) = match pool {
            None => ("sequential".to_string(), sequential),
            Some(workers) => (
                workers.to_string(),
                sequential / workers.get().min(cores) as u32,
            ),
        };
        writeln!(
            out,
            "{label:<10} {:>8.3}s {:>17} {:>8.3}s {:>12.2}x {:>7.2}x",
            timing.median.as_secs_f64(),
            timing.spread(),
            ideal.as_secs_f64(),
            timing.median.as_secs_f64() / ideal.as_secs_f64(),
            sequential.as_secs_f64() / timing.median.as_secs_f64(),
        )?;
    }
    Ok(())
}

/// The system's load average over the last minute, where the OS tells it (Linux): the
/// other work that shared the cores with the measurement.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next().map(str::to_string)
}

/// The median, fastest and slowest of several runs.
#[derive(Debug, Clone, Copy)]
struct Timing {
    median: Duration,
    min: Duration,
    max: Duration,
}

impl Timing {
    fn of(mut times: Vec<Duration>) -> Timing {
        times.sort();
        Timing {
            median: times[times.len() / 2],
            min: times[0],
            max: times[times.len() - 1],
        }
    }

    fn spread(&self) -> String {
        format!(
            "({:.3} - {:.3})",
            self.min.as_secs_f64(),
            self.max.as_secs_f64()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_is_the_books() {
        assert_eq!(
            status(4, Duration::from_millis(4960)),
            "4 workers, elapsed time: 4.96s"
        );
    }

    #[test]
    fn a_closed_stdout_is_a_normal_end_and_other_errors_fail() {
        let closed = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(exit_code(Err(closed)), ExitCode::SUCCESS);
        assert_eq!(exit_code(Ok(())), ExitCode::SUCCESS);
        let full = io::Error::other("disk full");
        assert_eq!(exit_code(Err(full)), ExitCode::FAILURE);
    }

    #[test]
    fn the_bench_checks_and_prints_a_row_per_pool() {
        let mut out = Vec::new();
        bench(&mut out, "squares", &[1u64, 2, 3], |n| n * n, 2, 1).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<&str> = text.lines().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(
            rows,
            ["squares:", "workers", "sequential", "1", "2"],
            "{text}"
        );
    }
}
