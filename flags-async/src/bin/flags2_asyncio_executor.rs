//! `flags2_asyncio_executor.py`: flags2_asyncio with each save moved off the runtime
//! thread with `spawn_blocking` (the book's `loop.run_in_executor`), and awaited.
//!
//! Watch a destination that cannot be written: every flag counts as an error, where the
//! book's version, which never awaits its writes, reports them all downloaded:
//!
//! ```text
//! cargo run -p flags-async --bin flags2_asyncio_executor -- -v --dest /proc/flags
//! ```
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-async --bin flags2_asyncio_executor -- -a -m 20
//! ```

use std::process::ExitCode;

use flags_async::executor::{DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, download_many};

fn main() -> ExitCode {
    flags_common::main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
}
