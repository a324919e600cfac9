//! What the three spinners of *Fluent Python* (2nd ed., ch. 19; 1st ed., ch. 18) share,
//! so that `spinner-thread`, `spinner-async` and `spinner-proc` differ only in their
//! concurrency: how each edition draws its frames ([`Edition`]), the command line and
//! the terminal ([`cli`]), and the book's `is_prime` ([`primes`], from the `primes`
//! crate). No concurrency lives here.
//!
//! With the `testkit` feature, `pty` runs a spinner binary under a pseudo-terminal for
//! the spinners' end-to-end tests.

pub mod cli;
pub mod frames;
#[cfg(feature = "testkit")]
pub mod pty;

pub use frames::{Edition, FRAME_INTERVAL};
pub use primes;
pub use primes::is_prime;
