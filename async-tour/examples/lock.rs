//! asyncio's `Lock`: two workers share a counter behind `tokio::sync::Mutex`, first with the
//! classic mistake (a blocking sleep while holding the lock), then with the fix.
//!
//! Watch for: in the mistake, the heartbeat stops for as long as any worker holds the lock
//! (the whole thread is asleep); with the fix it beats on while the lock is held. Both end
//! with count = 4. A single-threaded runtime, like asyncio's one event loop.
//!
//! ```text
//! cargo run -p async-tour --example lock
//! ```

use std::time::Duration;

use async_tour::Transcript;
use async_tour::lock::{Version, run};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let hold = Duration::from_millis(500);
    for version in [Version::Blocking, Version::Fixed] {
        async_tour::print_line(&format!("--- {version:?} ---"));
        let tally = run(version, hold, &Transcript::stdout()).await;
        async_tour::print_line(&format!(
            "final count: {}, heartbeats: {}",
            tally.count, tally.beats
        ));
    }
}
