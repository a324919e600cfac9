//! `flags_asyncio.py` and `flags_await.py` (Fluent Python, 1st ed. ch. 17,
//! `17-futures/countries`): the 20 flags as 20 tasks, waited for with `asyncio.wait`.
//!
//! Follows the 1st edition: each code shows as its flag arrives, before the flag is saved,
//! and the run ends with `20 flags downloaded in 1.07s`. Watch the codes: they come out
//! in completion order, though the tasks were created in sorted order. `wait` hands back
//! `(done, pending)`; with no timeout, `pending` is empty. (The 2nd edition's version,
//! with `gather`, is `flags_asyncio`.)
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-async --bin flags_await
//! cargo run -p flags-async --bin flags_await -- -s DELAY
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    flags_common::simple::main_1e(flags_async::flags_await::download_many)
}
