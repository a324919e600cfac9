//! Shared pieces of the criterion benches in `benches/`: the book's prime fixture, the
//! server set-up, and the switch between a real run (`cargo bench`) and the smoke run
//! that `cargo test --workspace --all-targets` does (each bench once, at tiny sizes).
//!
//! ```text
//! cargo bench                      # every group, about 3 minutes on 2 cores
//! cargo bench -- pop20             # one group
//! ```
//! Criterion's HTML report lands in `target/criterion/report/index.html`.

use std::path::Path;
use std::time::Duration;

use flags_common::Counter;
use flags_race::{Strategy, race};
use flags_server::{Config, Delay, FlagServer};

/// The book's `primes.py` fixture, from the `primes` crate the chapter 19 programs use.
pub use primes::PRIME_FIXTURE;

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
