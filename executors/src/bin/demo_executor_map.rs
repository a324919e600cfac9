//! `demo_executor_map.py` (*Fluent Python*, 2nd ed. ch. 20; the same listing in the 1st
//! ed., ch. 17): experiment with `executor.map`.
//!
//! Five jobs, `loiter(0)` to `loiter(4)`, on a pool of three threads; `loiter(n)` sleeps
//! `n` seconds, with its lines indented by `n` tabs, and returns `n * 10`.
//!
//! ```text
//! cargo run -p executors --bin demo_executor_map
//! cargo run -p executors --bin demo_executor_map -- --reverse
//! ```
//!
//! Watch the stamps: loiter(0), (1) and (2) start at once, loiter(3) as soon as
//! loiter(0) frees its thread, loiter(4) when loiter(1) does. `results:` prints before
//! any result: `map` is lazy. Then the results come in submission order, each as soon as
//! its own job is done, the last at 5 s. Here the jobs also finish in that order; with
//! `--reverse` they are submitted slowest first, `loiter(4)` to `loiter(0)`: the other
//! four finish within 3 s, yet `result 0: 40` waits for loiter(4), and then the four
//! others come all at once. That is the blocking `for` loop of `map`. `--unit 0.1` runs
//! either ten times faster.
//!
//! Where the editions differ: the 1st edition's script calls `main()` at import time and
//! formats with `str.format`; what it does and prints is the same.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use durations::parse_duration;
use executors::cli::exit_code;
use executors::demo_executor_map::main as demo;

/// Experiment with executor.map: five loiter jobs on three threads.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)]
struct Args {
    /// How long loiter's unit of time lasts, seconds or a unit (100ms): loiter(n) sleeps n units.
    #[arg(long, value_name = "SECONDS", default_value = "1", value_parser = parse_unit, allow_negative_numbers = true)]
    unit: Duration,

    /// Submit the slowest job first: loiter(4) down to loiter(0).
    #[arg(long)]
    reverse: bool,
}

/// A unit of 0 to 60 seconds: `1`, `0.1`, `100ms`.
fn parse_unit(text: &str) -> Result<Duration, String> {
    let out_of_range = || "must be from 0 to 60 seconds".to_string();
    if text.trim().starts_with('-') {
        return Err(out_of_range());
    }
    let unit = parse_duration(text)?;
    if unit > Duration::from_secs(60) {
        return Err(out_of_range());
    }
    Ok(unit)
}

fn main() -> ExitCode {
    let args = Args::parse();
    exit_code(demo(args.unit, args.reverse))
}
