//! asyncio's `as_completed`: five simulated downloads started together, each result printed
//! as soon as it is ready.
//!
//! Watch for: the codes come out in order of their delays, not in the order submitted, and
//! each one arrives at its own delay: they all wait at the same time.
//!
//! ```text
//! cargo run -p async-tour --example as_completed
//! ```

use std::time::Duration;

use async_tour::Transcript;
use async_tour::as_completed::as_completed;
use futures::StreamExt;

#[tokio::main]
async fn main() {
    let ms = Duration::from_millis;
    let jobs = [
        ("BR", ms(900)),
        ("CN", ms(300)),
        ("IN", ms(1500)),
        ("US", ms(600)),
        ("ID", ms(1200)),
    ];
    let log = Transcript::stdout();
    let mut done = as_completed(&jobs);
    while let Some(d) = done.next().await {
        log.say(format!(
            "{} (submitted #{}) done after {:?}",
            d.cc, d.submitted, d.delay
        ));
    }
}
