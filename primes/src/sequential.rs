//! `sequential.py`: the baseline. One number after the other, on the main thread.

use std::io::{self, Write};
use std::time::Instant;

use crate::{NUMBERS, check};

/// The book's `main`: checks every number in turn, one line each, then the total time.
pub fn main(mut out: impl Write) -> io::Result<()> {
    writeln!(out, "Checking {} numbers sequentially:", NUMBERS.len())?;
    let t0 = Instant::now();
    for n in NUMBERS {
        writeln!(out, "{}", check(n))?;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    writeln!(out, "Total time: {elapsed:.2}s")
}
