//! `flags_asyncio.py`: the flags of the 20 most populous countries, every download
//! started at once on one thread, then gathered.
//!
//! Watch the codes: they print in the order the downloads finish, not in the sorted
//! order they were started, and the run takes about as long as the slowest download,
//! not the sum of them all.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-async --bin flags_asyncio
//! ```

use std::process::ExitCode;

use flags_async::flags_asyncio::download_many;

fn main() -> ExitCode {
    flags_common::simple::main(download_many)
}
