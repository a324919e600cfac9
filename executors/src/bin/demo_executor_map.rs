//! `demo_executor_map.py` (*Fluent Python*, 2nd ed. ch. 20; the same listing in the 1st
//! ed., ch. 17): experiment with `executor.map`.
//!
//! Five jobs, `loiter(0)` to `loiter(4)`, on a pool of three threads; `loiter(n)` sleeps
//! `n` seconds, with its lines indented by `n` tabs, and returns `n * 10`.
//!
//! ```text
//! cargo run -p executors --bin demo_executor_map
//! ```
//!
//! Watch the stamps: loiter(0), (1) and (2) start at once, loiter(3) as soon as
//! loiter(0) frees its thread, loiter(4) when loiter(1) does. `results:` prints before
//! any result: `map` is lazy. Then the results come in submission order, each when its
//! own job is done: `result 1: 10` waits for `loiter(1): done.` even though nothing else
//! is left to wait for by then, and `result 4` waits for the slowest job, at 5 s.
//! `--unit 0.1` runs the same script ten times faster.
//!
//! Where the editions differ: the 1st edition's script calls `main()` at import time and
//! formats with `str.format`; what it does and prints is the same.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use executors::cli::exit_code;
use executors::demo_executor_map::main as demo;

/// Experiment with executor.map: five loiter jobs on three threads.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// How long loiter's unit of time lasts, in seconds: loiter(n) sleeps n units.
    #[arg(long, value_name = "SECONDS", default_value = "1", value_parser = parse_unit, allow_negative_numbers = true)]
    unit: Duration,
}

fn parse_unit(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !(0.0..=60.0).contains(&secs) {
        return Err("must be from 0 to 60 seconds".to_string());
    }
    Ok(Duration::from_secs_f64(secs))
}

fn main() -> ExitCode {
    let args = Args::parse();
    exit_code(demo(args.unit))
}
