//! `flags.py` (Fluent Python, 2nd ed. ch. 20; 1st ed. ch. 17): the sequential baseline.
//!
//! Downloads the flags of the 20 most populous countries, one request after another, and
//! prints each code as its flag is saved, always in the same (sorted) order. Watch the
//! elapsed time on `-s DELAY`: it is the sum of 20 delays. Every other strategy is
//! measured against this one.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-seq --bin flags
//! cargo run -p flags-seq --bin flags -- -s DELAY
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    flags_common::simple::main(flags_seq::flags::download_many)
}
