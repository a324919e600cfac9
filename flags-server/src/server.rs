//! The HTTP side: routing, delays, errors and faults, the accept loop, and the in-process
//! handle.
//!
//! Built on hyper: one task per connection, HTTP/1.1 with keep-alive. A delay is a timer,
//! so a thousand delayed requests cost a thousand timers, not a thousand threads. Faults
//! (see [`crate::Faults`]) are played with the same tools: a second handle on the socket
//! for a reset, a body that trickles or stops half-way, a future that never answers.
//!
//! One file per step of a request's way through the server:
//!
//! | file | what it holds |
//! | --- | --- |
//! | `listen.rs` | [`bind`], [`serve`]: the accept loop, its back-off when out of files |
//! | `conn.rs` | one connection on hyper, [`serve_stream`], the reset and hang faults |
//! | `route.rs` | [`route_path`]: the only paths served |
//! | `state.rs` | what a listener's connections share; each request's draw under the seed |
//! | `answer.rs` | one request answered: the delay, then a flag, a listing or an error |
//! | `reply.rs` | the body on the wire: whole, trickled, or cut short |
//! | `served.rs` | [`Served`]: the log line and the log kept for the tests |
//! | `handle.rs` | [`FlagServer`]: the server on a thread of its own, stopped on drop |

mod answer;
mod conn;
mod handle;
mod listen;
mod reply;
mod route;
mod served;
mod state;

pub use conn::serve_stream;
pub use handle::FlagServer;
pub use listen::{bind, serve};
pub use route::{Route, route_path};
pub use served::Served;
