//! asyncio's debug mode: a task that blocks its poll for a second is reported with its name
//! and how long it took (asyncio: "Executing <Task ...> took 1.002 seconds").
//!
//! Watch for: one WARN line, for "blocker"; "polite" waits just as long but with an async
//! sleep, so none of its polls is slow.
//!
//! ```text
//! cargo run -p async-tour --example debug
//! ```

use std::time::Duration;

use async_tour::debug::{blocker, polite, watched};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().with_target(false).init();
    let second = Duration::from_secs(1);
    tracing::info!("running two tasks of one second each");
    let polite = tokio::spawn(watched("polite", polite(second)));
    let blocker = tokio::spawn(watched("blocker", blocker(second)));
    let (polite, blocker) = tokio::join!(polite, blocker);
    polite.and(blocker).expect("a task panicked");
    tracing::info!("done");
}
