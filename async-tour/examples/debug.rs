//! asyncio's debug mode: a task that blocks its poll for a second is reported with its name
//! and how long it took (asyncio: "Executing <Task ...> took 1.002 seconds").
//!
//! Watch for: one WARN line, for "blocker"; "polite" waits just as long but with an async
//! sleep, so none of its polls is slow.
//!
//! ```text
//! cargo run -p async-tour --example debug
//! ```

use std::io::IsTerminal;
use std::time::Duration;

use async_tour::debug::{blocker, polite, watched};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

#[tokio::main]
async fn main() {
    // RUST_LOG chooses what is logged (info by default); colour only on a terminal, so a
    // pipe or a file gets plain text.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::builder()
                .with_default_directive(LevelFilter::INFO.into())
                .from_env_lossy(),
        )
        .with_ansi(std::io::stdout().is_terminal())
        .with_target(false)
        .init();
    let second = Duration::from_secs(1);
    tracing::info!("running two tasks of one second each");
    let polite = tokio::spawn(watched("polite", polite(second)));
    let blocker = tokio::spawn(watched("blocker", blocker(second)));
    let (polite, blocker) = tokio::join!(polite, blocker);
    polite.and(blocker).expect("a task panicked");
    tracing::info!("done");
}
