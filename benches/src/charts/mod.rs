//! The benches' results as pictures: criterion's saved estimates
//! (`target/criterion/<group>/<strategy>/<parameter>/new/estimates.json`) drawn as one SVG
//! per group, each strategy's median time as a bar with its confidence interval, next to
//! the ideal of that very benchmark. `src/bin/bench_charts.rs` is the command.
//!
//! The ideal comes from the constants the benches run with
//! ([`POP20_DELAYS`](crate::POP20_DELAYS), [`SCALE_LEVELS`](crate::SCALE_LEVELS), ...) and
//! from the race's own `ideal`, never from numbers typed here.
//!
//! [`saved`] reads what criterion saved, [`plan`](mod@plan) places each result in its
//! chart beside its ideal, and [`draw`](mod@draw) draws the chart.

use std::path::PathBuf;

pub mod draw;
pub mod plan;
pub mod saved;

#[cfg(test)]
mod fixtures;

pub use draw::draw;
pub use plan::{Bar, Ideal, Plan, bar_label, bars, human, plan, title};
pub use saved::{Estimate, Saved, measured_when, parse_estimates, read_group};

/// The bench groups, in the order of the README.
pub const GROUPS: [&str; 3] = ["pop20", "scale", "primes"];

/// What went wrong while reading saved results or drawing them.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not what criterion writes.
    #[error("{path}: not a criterion {what}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// `estimates.json` or `benchmark.json`.
        what: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The group has no saved result at all.
    #[error(
        "no saved results for group `{group}` under {dir} (run `cargo bench -p benches` first)"
    )]
    NoResults {
        /// The group.
        group: String,
        /// Where they were looked for.
        dir: PathBuf,
    },
    /// Not one of [`GROUPS`].
    #[error("unknown group `{0}` (expected one of pop20, scale, primes)")]
    UnknownGroup(String),
    /// plotters failed.
    #[error("cannot draw {path}: {reason}")]
    Draw {
        /// The picture.
        path: PathBuf,
        /// plotters' message.
        reason: String,
    },
}
