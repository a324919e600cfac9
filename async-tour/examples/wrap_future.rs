//! asyncio's `run_in_executor`, `to_thread` and `wrap_future`: blocking work on OS threads
//! (`spawn_blocking`, and a std thread with a `oneshot`), awaited from async code.
//!
//! Watch for: the ticks go on every fraction of a second while both blocking jobs run: the
//! runtime was never blocked.
//!
//! ```text
//! cargo run -p async-tour --example wrap_future
//! ```

use std::time::Duration;

use async_tour::Transcript;
use async_tour::wrap_future::tour;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (pooled, threaded) = tour(Duration::from_secs(1), &Transcript::stdout()).await;
    pooled?; // A panic on the blocking pool comes back as a `JoinError`...
    threaded?; // ...and one on our own thread as a dropped sender: `RecvError`.
    Ok(())
}
