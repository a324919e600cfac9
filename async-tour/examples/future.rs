//! asyncio's `Future`: a value set later by another task (`set_result`), here a `oneshot`.
//!
//! Watch for: polling before the value is set answers `Err(Empty)` instead of raising
//! `InvalidStateError`; the value arrives after a second; a setter dropped without a value
//! (the twin of a cancelled future) gives `Err(RecvError)`. Then a task: `done()` says
//! `false` at once, the callback added with `add_done_callback` runs when the task ends,
//! a second later, and `done()` says `true`.
//!
//! ```text
//! cargo run -p async-tour --example future
//! ```

use async_tour::Transcript;
use async_tour::future::tour;

#[tokio::main]
async fn main() {
    tour(&Transcript::stdout()).await;
}
