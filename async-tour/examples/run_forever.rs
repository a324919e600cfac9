//! asyncio's `loop.run_forever()`: two jobs reschedule themselves every second until Ctrl-C,
//! then a clean shutdown (the book's `KeyboardInterrupt` handler and `loop.close()`).
//!
//! Watch for: "tick" and "tock" alternating half a second apart; after Ctrl-C, the two tasks
//! are cancelled (dropped at their next `.await`) and the program ends by itself.
//!
//! ```text
//! cargo run -p async-tour --example run_forever     # then press Ctrl-C
//! ```

use async_tour::Transcript;
use async_tour::run_forever::run_forever;
use tokio::signal;

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let log = Transcript::stdout();
    log.say("running forever: press Ctrl-C to stop");
    let ctrl_c = async {
        // Without a Ctrl-C handler there is no way to stop cleanly: fail loudly instead.
        signal::ctrl_c().await.expect("cannot listen for Ctrl-C");
    };
    run_forever(ctrl_c, log).await;
}
