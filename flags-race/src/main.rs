//! `flags-race`: the chapter's point in one command. Every strategy downloads the same
//! flags from one in-process flag server with a fixed delay; the table compares each run
//! with the physical limit `ceil(N/m) * delay`, and the timeline shows how the requests
//! were spread over connections.
//!
//! ```text
//! cargo run --release -p flags-race                      # POP20, 100 ms delay: a few seconds
//! cargo run --release -p flags-race -- -e -m 100 --strategies threads,rayon,tokio
//! cargo run --release -p flags-race -- --error-rate 0.25 --seed 7 --svg race.svg
//! cargo run --release -p flags-race -- --scale           # what a thread and a task cost
//! ```
//!
//! Watch for: sequential needs N delays, the pools and tokio about ceil(N/m); the peak
//! column (read from the server's log) proves how many requests really were in flight.
//! After one untimed warm-up round, each concurrent strategy is timed five times and the
//! table shows its median run. Ctrl-C (or SIGTERM) stops it within a request, removes its
//! scratch folders, and exits 130 (143).
//!
//! The library holds the rest: the options (`cli.rs`), the race (`run_race.rs`),
//! `--scale` (`run_scale.rs`, `scale.rs`), the signals (`signals.rs`).

use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use flags_race::cli::Args;
use flags_race::{run_race, run_scale, scale, stop_on_signals};
use tokio_util::sync::CancellationToken;

fn main() -> ExitCode {
    // `args_os`: an argument that is not UTF-8 must reach clap (exit 2), not panic here.
    let argv: Vec<OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|arg| arg == scale::CHILD_ARG) {
        // A `--scale` point: this binary again, as the client in a process of its own.
        return match scale::child_main(&argv[2..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let args: Args = flags_common::parse_cli();
    let stop = CancellationToken::new();
    let caught = stop_on_signals(&stop);
    let code = if args.scale {
        run_scale(&args, &stop)
    } else {
        run_race(&args, &stop)
    };
    // By now every scratch folder is dropped, so removed.
    match caught.load(Ordering::SeqCst) {
        0 => code,
        signal => {
            eprintln!("\nInterrupted: stopped, and its scratch folders removed.");
            ExitCode::from(128 + signal as u8)
        }
    }
}
