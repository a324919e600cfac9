//! The Unicode character finders of *Fluent Python*: `mojifinder` (2nd edition, ch. 21)
//! and `charfinder` (1st edition, ch. 18), retold with tokio and axum.
//!
//! - [`charindex`]: the 2nd edition's `InvertedIndex`, `search` and `format_results`.
//! - [`charfinder`]: the 1st edition's `UnicodeNameIndex`, `find_chars` and `status`.
//! - [`tcp`]: the asyncio streams servers (`finder` of `tcp_mojifinder.py`,
//!   `handle_queries` of `tcp_charfinder.py`) on one accept loop, [`tcp::supervisor`].
//! - [`web`]: the FastAPI service of `web_mojifinder.py` and the aiohttp page of
//!   `http_charfinder.py`, as axum routers.
//!
//! Both indexes are built once, at start, from the name table of the `unicode_names2`
//! crate (the same names Python's `unicodedata.name` gives), then shared read-only
//! behind an `Arc` by every client: no lock, no copy per connection.

pub mod charfinder;
pub mod charindex;
pub mod console;
mod names;
pub mod query;
pub mod shutdown;
pub mod tcp;
pub mod web;

pub use names::name;
