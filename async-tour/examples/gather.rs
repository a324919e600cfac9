//! asyncio's `gather`: all results in input order (`join_all`, `join!`), and the two ways to
//! meet errors: fail fast (`try_join_all`) or collect them (`return_exceptions=True`).
//!
//! Watch for: results listed in input order though they finish in another; the fail-fast run
//! returns at the first error, and the downloads still running are cancelled (their "done"
//! never prints), where asyncio's `gather` would let them run on.
//!
//! ```text
//! cargo run -p async-tour --example gather
//! ```

use std::time::Duration;

use async_tour::Transcript;
use async_tour::gather::{gather, gather_fail_fast, gather_two};

#[tokio::main]
async fn main() {
    let ms = Duration::from_millis;
    let jobs = [
        ("BR", ms(300)),
        ("XA", ms(100)),
        ("IN", ms(200)),
        ("XB", ms(250)),
    ];
    let log = Transcript::stdout();

    log.say("gather(..., return_exceptions=True) -> join_all:");
    for ((cc, _), result) in jobs.iter().zip(gather(&jobs, &log).await) {
        log.say(format!("  {cc}: {result:?}"));
    }

    log.say("gather(...) -> try_join_all:");
    let result = gather_fail_fast(&jobs, &log).await;
    log.say(format!("  {result:?}"));

    log.say("a fixed set of different types -> join!:");
    let (flag, codes) = gather_two(&log).await;
    log.say(format!("  ({flag:?}, {codes})"));
}
