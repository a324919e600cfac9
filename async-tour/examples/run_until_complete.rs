//! asyncio's `loop.run_until_complete()` and `loop.close()`: a tokio runtime built, used and
//! shut down by hand (what `#[tokio::main]` writes for us).
//!
//! Watch for: after shutdown the runtime value is gone, so "run on a closed loop" cannot even
//! be written; the task left pending was dropped, and a task spawned through a leftover
//! handle is cancelled without running.
//!
//! ```text
//! cargo run -p async-tour --example run_until_complete
//! ```

use std::io;
use std::time::Duration;

use async_tour::run_until_complete::run_until_complete;

fn main() -> io::Result<()> {
    run_until_complete(Duration::from_secs(1), &mut io::stdout())?;
    Ok(())
}
