//! The asyncio toolbox retold in tokio: one module per example, one example per concept.
//!
//! Each module holds the functions its example calls (`examples/NAME.rs` only wires them to
//! `main`), so the tests beside each module exercise exactly the code a reader runs. The
//! README maps every asyncio name to its tokio counterpart and to
//! `cargo run -p async-tour --example NAME`.
//!
//! Examples that show interleaving over time record what happens in a [`Transcript`], stamped
//! with tokio's clock: the examples print it live, the tests read it back under paused time,
//! where "it happened at t = 2 s" is behaviour, not a timing.

pub mod as_completed;
pub mod countdown;
pub mod debug;
pub mod future;
pub mod gather;
pub mod lock;
pub mod lookup_many;
pub mod queue;
pub mod run_forever;
pub mod run_until_complete;
pub mod semaphore;
pub mod static_server;
pub mod tasks;
pub mod three_stages;
pub mod transcript;
pub mod transport;
pub mod wrap_future;

pub use transcript::{Line, Transcript, print_line};
