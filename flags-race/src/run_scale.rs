//! `--scale`: the cost of concurrency, each point measured by a child process of its own
//! against one in-process server (the measuring is in [`crate::scale`]).

use std::process::ExitCode;
use std::time::Duration;

use flags_server::{Config, Delay};
use tokio_util::sync::CancellationToken;

use crate::cli::Args;
use crate::output::sayln;
use crate::setup::{SPARE_FILES, enough_open_files, start_server};
use crate::{Strategy, scale};

/// The server's delay when `--delay` is not given: long, so the client's costs are small
/// beside it at every level.
const DEFAULT_DELAY: Duration = Duration::from_secs(1);

/// `--scale`: every strategy at every level of `--levels`, then the table. Exit status 0,
/// 1 when a point failed or the run was interrupted, 2 when the options or the
/// open-files limit rule it out.
pub fn run_scale(args: &Args, stop: &CancellationToken) -> ExitCode {
    let (delay, strategies) = match scale_options(args) {
        Ok(options) => options,
        Err(code) => return code,
    };
    // The server here, the client in the child: each holds a socket per request in
    // flight, and the child a file per flag being saved.
    let most = args.levels.iter().copied().max().unwrap_or(1);
    let what = format!("--scale at {most} requests in flight");
    let config = Config {
        record: false,
        ..Config::default()
            .with_delay(Delay::Fixed(delay))
            .with_seed(args.seed)
    };
    let server = match enough_open_files(2 * u64::from(most) + SPARE_FILES, &what)
        .and_then(|()| start_server(config))
    {
        Ok(server) => server,
        Err(code) => return code,
    };
    sayln!(
        "Cost of concurrency: 2m requests (AA, AB, ... repeated) at a {}s delay, each client in its own process.",
        delay.as_secs_f64()
    );
    // Each request waits `delay`: give it that plus the book's 3.1 s.
    let timeout = delay + args.timeout;
    let mut points = Vec::new();
    for strategy in &strategies {
        for &m in &args.levels {
            sayln!("  {} at {m} ...", strategy.name);
            let dest = args.dest.as_deref();
            match scale::measure(
                strategy,
                &server.base_url(),
                m as usize,
                timeout,
                dest,
                stop,
            ) {
                Ok(point) => points.push(point),
                Err(_) if stop.is_cancelled() => return ExitCode::FAILURE,
                Err(err) => {
                    eprintln!("error: {err}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    sayln!("\n{}", scale::table(&points, delay));
    ExitCode::SUCCESS
}

/// The fixed delay and the strategies of a `--scale` run (threads and tokio unless
/// `--strategies` says otherwise); a usage error (exit 2) for a ranged delay or for
/// sequential, which has no concurrency to measure.
fn scale_options(args: &Args) -> Result<(Duration, Vec<Strategy>), ExitCode> {
    let Delay::Fixed(delay) = args.delay.unwrap_or(Delay::Fixed(DEFAULT_DELAY)) else {
        eprintln!("error: --scale needs a fixed --delay, like 1s");
        return Err(ExitCode::from(2));
    };
    let default = ["threads", "tokio"]
        .iter()
        .filter_map(|name| crate::strategy(name));
    let strategies = args.strategies_or(default.collect());
    if let Some(s) = strategies.iter().find(|s| s.sequential) {
        eprintln!(
            "error: --scale measures concurrency; {} has none (use threads, rayon, tokio)",
            s.name
        );
        return Err(ExitCode::from(2));
    }
    Ok((delay, strategies))
}
