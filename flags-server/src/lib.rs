//! The local flag server: the book's `python3 -m http.server` plus two `slow_server.py`,
//! in one process, with the data set built in.
//!
//! | label | port | behaviour |
//! | --- | --- | --- |
//! | LOCAL | 8000 | answers at once |
//! | DELAY | 8001 | waits a uniform 0.5 s to 5 s before each answer |
//! | ERROR | 8002 | waits 0.5 s, and answers 25% of requests `418 I'm a Teapot` |
//!
//! Endpoints: `/flags/{cc}/{cc}.gif`, `/flags/{cc}/metadata.json`, 404 for unknown codes,
//! listings at `/flags/` and `/flags/{cc}/`. As a library, [`FlagServer::start`] runs one
//! listener in-process, on port 0 for tests, and keeps a log of what it served.
//!
//! [`Faults`] adds the misfortunes of a real network, each with a probability under the
//! seed: `503` with `Retry-After`, a reset connection, a body cut short, a trickled body, a
//! request never answered, a slow accept.

mod config;
mod data;
mod gif_art;
mod in_flight;
pub mod log;
mod server;

pub use config::{Config, Delay, Fault, Faults, parse_duration, parse_error_rate};
pub use data::{DataError, Flag, FlagStore, metadata_json};
pub use gif_art::flag_gif;
pub use in_flight::peak_in_flight;
pub use server::{FlagServer, Route, Served, bind, route_path, serve, serve_stream};
