//! How busy the server was: the most requests in flight at one moment, read from its log.
//! The race reports it, and the tests check a strategy's concurrency with it.

use std::time::Instant;

use crate::Served;

/// The most requests in flight at one moment, from the intervals between each request's
/// arrival and its answer.
pub fn peak_in_flight(log: &[Served]) -> usize {
    let mut events: Vec<(Instant, i64)> = log
        .iter()
        .flat_map(|served| [(served.arrived, 1), (served.finished, -1)])
        .collect();
    // At the same instant, -1 sorts first: an answer frees its place before the next
    // request takes it, so back-to-back requests do not count as overlapping.
    events.sort();
    let (mut now, mut peak) = (0i64, 0i64);
    for (_, step) in events {
        now += step;
        peak = peak.max(now);
    }
    usize::try_from(peak).unwrap_or(0)
}
