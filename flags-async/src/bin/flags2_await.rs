//! `flags2_asyncio.py` and `flags2_await.py` (Fluent Python, 1st ed. ch. 17,
//! `17-futures/countries`): flags2 with a `Semaphore` bounding the requests in flight
//! (`--max-req`, default 5, at most 1000), results counted as they complete.
//!
//! Follows the 1st edition's lines: with `-v`, a failed code reads
//! `*** Error for BR: HTTP error 418 - I'm a Teapot` and an unknown one `XX not found`.
//! Watch `-v -s ERROR`: OK lines, not-found lines and error lines in completion order. The
//! rest of the report is the 2nd edition's (`flags2_asyncio`).
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-async --bin flags2_await -- -v -s ERROR
//! ```

use std::process::ExitCode;

use flags_async::flags2_await::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, download_many};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
