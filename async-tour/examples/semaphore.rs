//! asyncio's `Semaphore`: ten jobs share a resource that takes four at a time.
//!
//! Watch for: never more than 4/4 inside; the jobs go in waves, one second apart; a job's
//! permit goes back when it leaves (dropped), so it can never be released twice.
//!
//! ```text
//! cargo run -p async-tour --example semaphore
//! ```

use async_tour::Transcript;
use async_tour::semaphore::{LIMIT, run};

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let most = run(10, &Transcript::stdout()).await;
    println!("at most {most} of {LIMIT} inside at once");
}
