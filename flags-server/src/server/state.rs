//! What every connection of one listener shares: its config, its log, and how many times
//! each path was asked for, which makes a request's delay, 418 and fault repeatable under
//! a seed, whatever the arrival order.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use super::route::Route;
use super::served::Served;
use crate::gif_art::hash;
use crate::{Config, Fault};

/// What every connection of one listener shares.
pub(super) struct State {
    pub(super) config: Config,
    /// How many times each path was asked for: the nth request for a path draws the same
    /// delay, error and fault on every run with the same seed.
    pub(super) seen: Mutex<HashMap<String, u64>>,
    pub(super) log: Mutex<Vec<Served>>,
    pub(super) next_conn: AtomicU64,
}

impl State {
    pub(super) fn new(config: Config) -> State {
        State {
            config,
            seen: Mutex::default(),
            log: Mutex::default(),
            next_conn: AtomicU64::new(1),
        }
    }

    /// This request's delay, whether it fails with a 418, and the fault it meets, drawn
    /// from (seed, path, how many times the path was asked before), so concurrent arrival
    /// order does not change the draw. A fault takes the place of a 418.
    pub(super) fn draw(&self, path: &str, route: &Route<'_>) -> (Duration, bool, Option<Fault>) {
        let config = &self.config;
        if config.delay == crate::Delay::None
            && config.error_rate == 0.0
            && config.code_delays.is_empty()
            && !config.faults.any_drawn()
        {
            return (Duration::ZERO, false, None); // LOCAL: nothing to draw, no lock to take
        }
        let key = if matches!(route, Route::Unknown) {
            "?"
        } else {
            path
        }; // bounded map
        let nth = {
            let mut seen = self
                .seen
                .lock()
                .expect("no thread panics while holding the counts");
            let n = seen.entry(key.to_string()).or_insert(0);
            *n += 1;
            *n
        };
        let mut rng = fastrand::Rng::with_seed(
            config.seed ^ hash(key.as_bytes()) ^ nth.wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
        // Drawn in this order, so adding faults leaves the delays and errors of a seed as they were.
        let (unit_delay, unit_error, unit_fault) = (rng.f64(), rng.f64(), rng.f64());
        let code_delay = match route {
            Route::Gif(cc) | Route::Metadata(cc) => {
                config.code_delays.get(&cc.to_ascii_uppercase())
            }
            _ => None,
        };
        let delay = code_delay
            .copied()
            .unwrap_or_else(|| config.delay.pick(unit_delay));
        let fault = config.faults.pick(unit_fault);
        (
            delay,
            fault.is_none() && unit_error < config.error_rate,
            fault,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route_path;

    #[test]
    fn every_fault_keeps_its_share_and_the_seed_keeps_its_delays_and_errors() {
        use crate::{Delay, Faults};
        let base = Config::default()
            .with_seed(5)
            .with_delay(Delay::Range(Duration::ZERO, Duration::from_secs(1)))
            .with_error_rate(0.25);
        let faults = Faults {
            unavailable: 0.1,
            reset: 0.1,
            truncate: 0.1,
            trickle: 0.1,
            hang: 0.1,
            slow_accept: Duration::ZERO,
        };
        let plain = State::new(base.clone());
        let faulty = State::new(base.with_faults(faults));
        let paths: Vec<String> = crate::FlagStore::embedded()
            .codes()
            .map(|cc| format!("/flags/{cc}/{cc}.gif"))
            .collect();
        let mut counts: HashMap<Option<Fault>, usize> = HashMap::new();
        let (mut teapots, mut draws) = (0, 0);
        for _round in 0..100 {
            for path in &paths {
                let route = route_path(path);
                let (delay, error, none) = plain.draw(path, &route);
                let (same_delay, faulty_error, fault) = faulty.draw(path, &route);
                assert_eq!(none, None);
                assert_eq!(delay, same_delay, "faults leave the delays as they were");
                // A fault takes the place of a 418; otherwise the 418s are those of the seed.
                assert_eq!(faulty_error, error && fault.is_none());
                *counts.entry(fault).or_default() += 1;
                teapots += usize::from(error);
                draws += 1;
            }
        }
        // 19,400 draws at 10%: a mean of 1,940 and a standard deviation of 42.
        for fault in Fault::ALL {
            let n = counts.get(&Some(fault)).copied().unwrap_or(0);
            assert!((1_740..=2_140).contains(&n), "{fault}: {n} of {draws}");
        }
        assert!(
            (4_550..=5_150).contains(&teapots),
            "{teapots} 418s of {draws}"
        );
    }
}
