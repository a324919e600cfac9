//! `demo_executor_map.py` (2nd ed. ch. 20; 1st ed. ch. 17): `executor.map` is lazy and
//! ordered. Five `loiter` jobs on three workers; the results come back in submission
//! order, and the loop that reads them blocks on each slow one in turn.

use std::fmt::Display;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::thread;
use std::time::Duration;

use crate::executor::ThreadPoolExecutor;

/// The book's `max_workers=3`.
pub const MAX_WORKERS: NonZeroUsize = NonZeroUsize::new(3).expect("3 is not 0");
/// The book's `range(5)`: `loiter(0)` to `loiter(4)`.
pub const JOBS: u32 = 5;

/// Prints `text` after the local time, `[15:56:50] text`: the book's `display`.
///
/// The line is written whole under stdout's lock, so lines of different threads never
/// mix (the book's two `print` calls can interleave).
pub fn display(text: impl Display) -> io::Result<()> {
    let now = jiff::ZonedDateTime::now().strftime("[%H:%M:%S]");
    writeln!(io::stdout().lock(), "{now} {text}")
}

/// Does nothing for `n` units of time, saying so before and after, then returns `n * 10`:
/// the book's `loiter(n)`, with the unit a second unless `--unit` says otherwise. Each
/// line is indented by `n` tabs, so each job has a column of its own.
///
/// It returns an `io::Result` where the book's returns a number: a closed stdout ends
/// the program quietly rather than with a panic.
pub fn loiter(n: u32, unit: Duration) -> io::Result<u32> {
    let tabs = "\t".repeat(n as usize);
    let nap = unit * n;
    display(format_args!(
        "{tabs}loiter({n}): doing nothing for {}s...",
        nap.as_secs_f64()
    ))?;
    thread::sleep(nap);
    display(format_args!("{tabs}loiter({n}): done."))?;
    Ok(n * 10)
}

/// The book's `main`: `executor.map(loiter, range(5))`, then the results one by one.
/// With `reverse`, `range(4, -1, -1)`: the slowest job first, and every result waits
/// for it.
pub fn main(unit: Duration, reverse: bool) -> io::Result<()> {
    display("Script starting.")?;
    let executor = ThreadPoolExecutor::new(MAX_WORKERS);
    let jobs: Vec<u32> = match reverse {
        false => (0..JOBS).collect(),
        true => (0..JOBS).rev().collect(),
    };
    // All five jobs are submitted here, and the first three start at once.
    let results = executor.map(move |n| loiter(n, unit), jobs);
    // Nothing has been waited for yet: `results` is a lazy iterator.
    display(format_args!("results: {results}"))?;
    display("Waiting for individual results:")?;
    // Each `next` blocks until *that* job is done, even if later ones finished first.
    for (i, result) in results.enumerate() {
        display(format_args!("result {i}: {}", result?))?;
    }
    Ok(())
}
