//! Shared pieces of the criterion benches in `benches/`: the book's prime fixture, the
//! server set-up, and the switch between a real run (`cargo bench`) and the smoke run
//! that `cargo test --workspace --all-targets` does (each bench once, at tiny sizes).
//!
//! ```text
//! cargo bench                      # every group, about 3 minutes on 2 cores
//! cargo bench -- pop20             # one group
//! ```
//! Criterion's HTML report lands in `target/criterion/report/index.html`; `bench_charts`
//! (module [`charts`]) draws the saved results as one SVG per group, each strategy next
//! to its ideal, computed here from the very constants the benches run with.

pub mod charts;

use std::path::Path;
use std::time::Duration;

use flags_common::{Counter, POP20_CC};
use flags_race::{Strategy, race};
use flags_server::{Config, Delay, FlagServer};

/// The book's `primes.py` fixture, from the `primes` crate the chapter 19 programs use.
pub use primes::PRIME_FIXTURE;

/// The `pop20` group's server delays: the book's default job with no delay (the
/// strategies' own overhead), then 10 and 50 ms.
pub const POP20_DELAYS: [Duration; 3] = [
    Duration::ZERO,
    Duration::from_millis(10),
    Duration::from_millis(50),
];

/// The `scale` group's server delay: small, so that sequential's one point stays short.
pub const SCALE_DELAY: Duration = Duration::from_millis(2);

/// The `scale` group's requests in flight (sequential runs at 1 only).
pub const SCALE_LEVELS: [usize; 3] = [10, 100, 676];

/// The `pop20` group's delays; the smoke run's are shorter.
pub fn pop20_delays(smoke: bool) -> &'static [Duration] {
    const SMOKE: [Duration; 2] = [Duration::ZERO, Duration::from_millis(1)];
    if smoke { &SMOKE } else { &POP20_DELAYS }
}

/// The `pop20` group's codes: the book's 20 most populous countries, sorted.
pub fn pop20_codes() -> Vec<String> {
    let mut codes: Vec<String> = POP20_CC.iter().map(|cc| cc.to_string()).collect();
    codes.sort();
    codes
}

/// The `scale` group's codes: every code from AA to ZZ (676), the first 30 in the smoke run.
pub fn scale_codes(smoke: bool) -> Vec<String> {
    let mut codes = flags_common::expand_cc_args(true, false, &[]);
    if smoke {
        codes.truncate(30);
    }
    codes
}

/// The `scale` group's levels of concurrency; the smoke run's are smaller.
pub fn scale_levels(smoke: bool) -> &'static [usize] {
    const SMOKE: [usize; 2] = [3, 30];
    if smoke { &SMOKE } else { &SCALE_LEVELS }
}

/// How a delay names its benchmark in the `pop20` group (`10ms`): criterion's parameter.
pub fn delay_parameter(delay: Duration) -> String {
    format!("{}ms", delay.as_millis())
}

/// The physical limit of a download benchmark: `n` codes, `m` asked in flight (as much as
/// the strategy uses), `delay` per request: the race's own [`flags_race::ideal`].
pub fn download_ideal(strategy: &Strategy, n: usize, m: usize, delay: Duration) -> Duration {
    flags_race::ideal(n, strategy.concurrency(m), delay)
}

/// The `primes` group's strategies, in the order they run.
pub const PRIMES_STRATEGIES: [&str; 3] = ["sequential", "threads", "rayon"];

/// Workers of the `primes` group's pools: one per core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The limit of CPU work shared by `workers` cores: the sequential time, divided evenly.
pub fn cpu_ideal(sequential: Duration, workers: usize) -> Duration {
    sequential / u32::try_from(workers.max(1)).unwrap_or(u32::MAX)
}

/// True under `cargo test` (criterion's test mode: each benchmark runs once), false under
/// `cargo bench`. Benches shrink their jobs in test mode so the smoke run stays quick.
pub fn smoke_test() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    !flag("--bench") || flag("--test")
}

/// An in-process flag server with a fixed delay, its GIFs drawn before any timing.
pub fn server(delay: Duration) -> FlagServer {
    let config = Config::default().with_delay(if delay.is_zero() {
        Delay::None
    } else {
        Delay::Fixed(delay)
    });
    config.store.warm();
    FlagServer::start(config).expect("a loopback port for the flag server")
}

/// Runs `strategy` once on `codes` and returns how long `download_many` took, after
/// checking that every code ended as expected: a bench that got the wrong answer fast
/// has measured nothing.
pub fn timed_run(
    strategy: &Strategy,
    server: &FlagServer,
    codes: &[String],
    concurrency: usize,
    dest: &Path,
    expected: Counter,
) -> Duration {
    let run = race(
        strategy,
        server,
        codes,
        concurrency,
        Duration::from_secs(10),
        dest,
    );
    assert_eq!(
        run.counter,
        expected,
        "{} on {} codes",
        strategy.name,
        codes.len()
    );
    run.elapsed
}

/// Which of `codes` the embedded data set has: `(found, not found)`.
pub fn expected_counts(codes: &[String]) -> Counter {
    let ok = codes
        .iter()
        .filter(|cc| flags_common::country(cc).is_some())
        .count();
    Counter {
        ok,
        not_found: codes.len() - ok,
        error: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ideals_are_the_race_s_and_a_fair_share_of_the_cores() {
        let threads = flags_race::strategy("threads").unwrap();
        let sequential = flags_race::strategy("sequential").unwrap();
        let d = Duration::from_millis(10);
        assert_eq!(download_ideal(&threads, 20, 20, d), d);
        assert_eq!(download_ideal(&sequential, 20, 20, d), 20 * d);
        assert_eq!(
            download_ideal(&threads, 676, 100, SCALE_DELAY),
            7 * SCALE_DELAY
        );
        assert_eq!(
            download_ideal(&threads, 20, 20, Duration::ZERO),
            Duration::ZERO
        );
        let one_core = Duration::from_millis(980);
        assert_eq!(cpu_ideal(one_core, 2), Duration::from_millis(490));
        assert_eq!(cpu_ideal(one_core, 0), one_core);
    }

    #[test]
    fn the_groups_run_what_their_names_say() {
        assert_eq!(pop20_codes().len(), 20);
        assert!(pop20_codes().is_sorted());
        assert_eq!(scale_codes(false).len(), 676);
        assert_eq!(scale_codes(true).len(), 30);
        let names: Vec<String> = POP20_DELAYS.iter().map(|&d| delay_parameter(d)).collect();
        assert_eq!(names, ["0ms", "10ms", "50ms"]);
        assert!(pop20_delays(true).len() < POP20_DELAYS.len());
    }

    #[test]
    fn expected_counts_split_the_real_set_from_the_rest() {
        let codes: Vec<String> = ["BR", "ZZ", "CN", "XX"].map(String::from).to_vec();
        assert_eq!(
            expected_counts(&codes),
            Counter {
                ok: 2,
                not_found: 2,
                error: 0
            }
        );
    }
}
