//! The book's asyncio flag downloaders, retold with tokio and reqwest.
//!
//! One module per Python file, each with the functions the book names (`get_flag`,
//! `download_one`, `supervisor`, `download_many`); the binaries in `src/bin/` only hand
//! `download_many` to `flags_common`, which owns the command line and the reports.
//!
//! | module | book file | the idea |
//! | --- | --- | --- |
//! | [`flags_asyncio`] | `flags_asyncio.py` | every download started at once, then gathered |
//! | [`flags_await`] | 1st ed. `flags_asyncio.py`, `flags_await.py` | every download a task, then `asyncio.wait`: `(done, pending)` |
//! | [`flags2`] | `flags2_asyncio.py` | a `Semaphore` caps requests in flight; results as they complete |
//! | [`flags2_await`] | 1st ed. `flags2_asyncio.py`, `flags2_await.py` | the same, with the 1st edition's `*** Error for BR: ...` |
//! | [`executor`] | `flags2_asyncio_executor.py` | blocking saves moved to `spawn_blocking`, and awaited |
//! | [`flags3`] | `flags3_asyncio.py` | two chained requests per code, `await` instead of callbacks |
//!
//! Each `download_many` starts a single-threaded tokio runtime and blocks on
//! `supervisor`, as the book's `download_many` calls `asyncio.run(supervisor(...))`. The
//! runtime and the HTTP client live in [`client`].

pub mod client;
pub mod executor;
pub mod flags2;
pub mod flags2_await;
pub mod flags3;
pub mod flags_asyncio;
pub mod flags_await;
