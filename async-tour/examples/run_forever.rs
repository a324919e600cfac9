//! asyncio's `loop.run_forever()`: two jobs reschedule themselves every second until Ctrl-C,
//! then a clean shutdown (the book's `KeyboardInterrupt` handler and `loop.close()`).
//!
//! Watch for: "tick" and "tock" alternating half a second apart; after Ctrl-C, the two tasks
//! are cancelled (dropped at their next `.await`) and the program ends by itself, with the
//! status a shell shows for Ctrl-C, 130 (143 after `kill`). With `--stop-after 3`, a task
//! calls the twin of `loop.stop()` after 3 s (`loop.call_later(3, loop.stop)`), and the
//! run ends the same way, with 0.
//!
//! ```text
//! cargo run -p async-tour --example run_forever     # then press Ctrl-C
//! cargo run -p async-tour --example run_forever -- --stop-after 3
//! ```

use std::process::ExitCode;
use std::time::Duration;

use async_tour::Transcript;
use async_tour::run_forever::{run_forever, stop_after};
use clap::Parser;
use durations::parse_duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;

/// Two jobs that reschedule themselves until Ctrl-C (or `loop.stop()`).
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Call `loop.stop()` from a task after this long: seconds, or a unit (250ms).
    #[arg(long, value_name = "SECONDS", value_parser = parse_duration)]
    stop_after: Option<Duration>,
}

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<ExitCode> {
    let args = Args::parse();
    // Listening from the start: a Ctrl-C before the first tick stops cleanly too.
    let (mut ctrl_c, mut term) = (
        signal(SignalKind::interrupt())?,
        signal(SignalKind::terminate())?,
    );
    let log = Transcript::stdout();
    log.say("running forever: press Ctrl-C to stop");
    let stop = CancellationToken::new(); // the loop's stop switch
    if let Some(after) = args.stop_after {
        stop_after(after, stop.clone(), log.clone());
    }
    let mut status = 0; // `loop.stop()`: a normal end
    let ctrl_c_or_stop = async {
        status = tokio::select! {
            _ = ctrl_c.recv() => 130, // what a shell shows for a program ended by Ctrl-C
            _ = term.recv() => 143,   // and by `kill`
            () = stop.cancelled() => 0,
        }
    };
    run_forever(ctrl_c_or_stop, log).await;
    Ok(ExitCode::from(status))
}
