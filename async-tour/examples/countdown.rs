//! `countdown.py` (Fluent Python, 1st ed., `18-asyncio-py3.7/countdown.py`): four
//! countdowns as four tasks on one event loop.
//!
//! Watch for: A, B, C and D each count 3, 2, 1, sleeping 0.7 s, 2 s, 0.3 s and 1 s
//! between numbers; each label keeps its own column. Their lines interleave by time (C
//! first, B last), and the whole run takes 6 s, B's countdown, not the sum of all four.
//!
//! ```text
//! cargo run -p async-tour --example countdown
//! ```

use async_tour::Transcript;
use async_tour::countdown::{book_line, rule, run};

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    run(&Transcript::stdout_as(book_line)).await;
    async_tour::print_line(&rule());
}
