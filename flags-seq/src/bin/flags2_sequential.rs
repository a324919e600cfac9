//! `flags2_sequential.py` (Fluent Python, 2nd ed. ch. 20; 1st ed. ch. 17): sequential, with
//! the full flags2 command line, error handling and a report.
//!
//! One request at a time, whatever `-m` says. Watch `-v`: one line per code, always in
//! sorted order, because each download ends before the next starts. A 404 is counted as
//! "not found", any other failure as an error; neither stops the run. Try `-s ERROR` for
//! errors (exit status 1) and Ctrl-C to stop early (exit status 130).
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-seq --bin flags2_sequential -- -v BR CN ZZ
//! cargo run -p flags-seq -- -e             # every code AA..ZZ: 194 found, 482 not
//! cargo run -p flags-seq -- -s ERROR -a    # the server that answers 418 to 25% of requests
//! ```

use std::process::ExitCode;

use flags_seq::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, download_many};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
