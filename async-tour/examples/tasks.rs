//! asyncio's tasks: `create_task` / `ensure_future` (`spawn`), `current_task` (`task::id`),
//! `all_tasks` (a `JoinSet` and the runtime's metrics), and `Task.cancel` (`abort`).
//!
//! Watch for: `main` itself is no task (its id is `None`); the "stuck" task, aborted, ends
//! first, as cancelled, and the program does not wait the hour it would have slept.
//!
//! ```text
//! cargo run -p async-tour --example tasks
//! ```

use async_tour::Transcript;
use async_tour::tasks::tour;

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    tour(&Transcript::stdout()).await;
}
