//! `flags3_asyncio.py`: two requests per code, chained with `await` in one task: first
//! `metadata.json` for the country's name, then the flag, saved as `Korea_South.gif`.
//!
//! Watch the file names in `--dest`, and the ERROR server: an error counts only for
//! the code it happened to (the book's version counts every code after the first error
//! as an error):
//!
//! ```text
//! cargo run -p flags-async --bin flags3_asyncio -- -s ERROR -a -m 20
//! ```
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-async --bin flags3_asyncio -- -a -v
//! ```

use std::process::ExitCode;

use flags_async::flags3::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, download_many};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
