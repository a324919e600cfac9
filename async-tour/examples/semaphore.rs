//! asyncio's `Semaphore`: ten jobs share a resource that takes four at a time.
//!
//! Watch for: never more than 4/4 inside; the jobs go in waves, one second apart; a job's
//! permit goes back when it leaves (dropped), so it can never be released twice. Then the
//! count itself: `add_permits`, tokio's bare `release()`, takes a `Semaphore(1)` to 2
//! permits, as a plain asyncio `Semaphore` allows; a `BoundedSemaphore` refuses with
//! asyncio's `ValueError` message.
//!
//! ```text
//! cargo run -p async-tour --example semaphore
//! ```

use async_tour::Transcript;
use async_tour::semaphore::{LIMIT, over_release, run};

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let log = Transcript::stdout();
    let most = run(10, &log).await;
    async_tour::print_line(&format!("at most {most} of {LIMIT} inside at once"));
    // What it returns is for the tests: the lines have said it all.
    let _outcomes = over_release(&log).await;
}
