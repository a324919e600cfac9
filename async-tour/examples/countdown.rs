//! Three countdowns at different paces, as three tasks on one runtime, printed with the time
//! since the start.
//!
//! Watch for: the lines of A, B and C interleave by time; the whole run takes as long as the
//! longest countdown, not the sum of the three.
//!
//! ```text
//! cargo run -p async-tour --example countdown
//! ```

use async_tour::Transcript;
use async_tour::countdown::run;

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    run(&Transcript::stdout()).await;
}
