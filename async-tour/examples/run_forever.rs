//! asyncio's `loop.run_forever()`: two jobs reschedule themselves every second until Ctrl-C,
//! then a clean shutdown (the book's `KeyboardInterrupt` handler and `loop.close()`).
//!
//! Watch for: "tick" and "tock" alternating half a second apart; after Ctrl-C, the two tasks
//! are cancelled (dropped at their next `.await`) and the program ends by itself. With
//! `--stop-after 3`, a task calls the twin of `loop.stop()` after 3 s
//! (`loop.call_later(3, loop.stop)`), and the run ends the same way.
//!
//! ```text
//! cargo run -p async-tour --example run_forever     # then press Ctrl-C
//! cargo run -p async-tour --example run_forever -- --stop-after 3
//! ```

use std::time::Duration;

use async_tour::Transcript;
use async_tour::run_forever::{run_forever, stop_after};
use clap::Parser;
use tokio::signal;
use tokio_util::sync::CancellationToken;

/// Two jobs that reschedule themselves until Ctrl-C (or `loop.stop()`).
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Call `loop.stop()` from a task after this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    stop_after: Option<Duration>,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text.parse().map_err(|e| format!("{e}"))?;
    Duration::try_from_secs_f64(secs).map_err(|e| format!("{e}"))
}

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = Args::parse();
    let log = Transcript::stdout();
    log.say("running forever: press Ctrl-C to stop");
    let stop = CancellationToken::new(); // the loop's stop switch
    if let Some(after) = args.stop_after {
        stop_after(after, stop.clone(), log.clone());
    }
    let ctrl_c_or_stop = async {
        tokio::select! {
            // Without a Ctrl-C handler there is no way to stop cleanly: fail loudly instead.
            ctrl_c = signal::ctrl_c() => ctrl_c.expect("cannot listen for Ctrl-C"),
            () = stop.cancelled() => {}
        }
    };
    run_forever(ctrl_c_or_stop, log).await;
}
