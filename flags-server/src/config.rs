//! How a listener behaves: its delay, its share of errors, its randomness.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use crate::FlagStore;

/// How long the server waits before each response (the book's `slow_server.py`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Delay {
    /// Answer at once (LOCAL).
    #[default]
    None,
    /// Always the same wait: `100ms`.
    Fixed(Duration),
    /// A uniform random wait in a range (DELAY: `0.5s..5s`).
    Range(Duration, Duration),
}

impl Delay {
    /// Picks this request's delay from `unit`, a number in `[0, 1)`.
    pub fn pick(&self, unit: f64) -> Duration {
        match *self {
            Delay::None => Duration::ZERO,
            Delay::Fixed(d) => d,
            Delay::Range(lo, hi) => lo + (hi - lo).mul_f64(unit),
        }
    }
}

impl FromStr for Delay {
    type Err = String;

    /// `0`, `100ms`, `0.5s`, `2` (seconds), or a range `0.5s..5s`.
    fn from_str(text: &str) -> Result<Delay, String> {
        let delay = match text.split_once("..") {
            Some((lo, hi)) => {
                let (lo, hi) = (parse_duration(lo)?, parse_duration(hi)?);
                if lo > hi {
                    return Err(format!(
                        "the range {text:?} goes backwards: write LOW..HIGH"
                    ));
                }
                Delay::Range(lo, hi)
            }
            None => Delay::Fixed(parse_duration(text)?),
        };
        Ok(match delay {
            Delay::Fixed(Duration::ZERO) => Delay::None,
            delay => delay,
        })
    }
}

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delay::None => write!(f, "no delay"),
            Delay::Fixed(d) => write!(f, "delay {}", secs(*d)),
            Delay::Range(lo, hi) => write!(f, "delay {}..{}", secs(*lo), secs(*hi)),
        }
    }
}

fn secs(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// Parses `100ms`, `0.5s` or `2` (seconds), from zero up to an hour.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1.0)
    } else {
        (text, 1.0)
    };
    let bad = || format!("{text:?} is not a duration: write 100ms, 0.5s or a range like 0.5s..5s");
    let value: f64 = number.trim().parse().map_err(|_| bad())?;
    let seconds = value * scale;
    if !(0.0..=3600.0).contains(&seconds) {
        return Err(format!(
            "{text:?} is out of range: a delay is from 0 to 3600s"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Parses an error rate: a probability from 0 to 1 (`0.25`), or a percentage (`25%`).
pub fn parse_error_rate(text: &str) -> Result<f64, String> {
    let (number, scale) = match text.strip_suffix('%') {
        Some(pct) => (pct, 0.01),
        None => (text, 1.0),
    };
    let rate = number.trim().parse::<f64>().map(|r| r * scale);
    match rate {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "{text:?} is not an error rate: write a number from 0 to 1, like 0.25"
        )),
    }
}

/// Everything one listener needs. `Config::default()` is a LOCAL server on a free port of
/// 127.0.0.1 with the embedded data set, no delay, no errors, quiet, recording its log.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen. Port 0 picks a free port (tests and benches).
    pub addr: SocketAddr,
    /// A name for the log lines: LOCAL, DELAY, ERROR.
    pub label: String,
    /// The wait before each response.
    pub delay: Delay,
    /// Fixed delays for some codes (upper case), overriding `delay`: tests use them to
    /// make completion order differ from submission order.
    pub code_delays: HashMap<String, Duration>,
    /// The share of requests answered `418 I'm a Teapot`, from 0 to 1.
    pub error_rate: f64,
    /// Seeds delays and errors: the nth request for a path gets the same delay and the same
    /// answer on every run, whatever order concurrent requests arrive in.
    pub seed: u64,
    /// The flags to serve.
    pub store: Arc<FlagStore>,
    /// No log line per request when true.
    pub quiet: bool,
    /// Keep the log of served requests in memory (for tests, benches and the race). Off in
    /// the long-running binary, so its memory stays bounded.
    pub record: bool,
    /// Worker threads of the runtime [`crate::FlagServer::start`] creates (1: current thread).
    pub threads: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            label: "LOCAL".to_string(),
            delay: Delay::None,
            code_delays: HashMap::new(),
            error_rate: 0.0,
            seed: fastrand::u64(..),
            store: FlagStore::embedded(),
            quiet: true,
            record: true,
            threads: 1,
        }
    }
}

impl Config {
    /// Sets the delay.
    pub fn with_delay(mut self, delay: Delay) -> Config {
        self.delay = delay;
        self
    }

    /// Sets the share of 418 answers.
    pub fn with_error_rate(mut self, error_rate: f64) -> Config {
        self.error_rate = error_rate;
        self
    }

    /// Sets the seed of delays and errors.
    pub fn with_seed(mut self, seed: u64) -> Config {
        self.seed = seed;
        self
    }

    /// Delays every request for `cc` by exactly `delay`.
    pub fn with_code_delay(mut self, cc: &str, delay: Duration) -> Config {
        self.code_delays.insert(cc.to_ascii_uppercase(), delay);
        self
    }

    /// Sets the address to listen on.
    pub fn with_addr(mut self, addr: SocketAddr) -> Config {
        self.addr = addr;
        self
    }

    /// Serves these flags instead of the embedded set.
    pub fn with_store(mut self, store: Arc<FlagStore>) -> Config {
        self.store = store;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_parse_from_the_forms_readers_type() {
        let ms = Duration::from_millis;
        assert_eq!("100ms".parse(), Ok(Delay::Fixed(ms(100))));
        assert_eq!("0.5s".parse(), Ok(Delay::Fixed(ms(500))));
        assert_eq!("2".parse(), Ok(Delay::Fixed(ms(2000))));
        assert_eq!("0".parse(), Ok(Delay::None));
        assert_eq!("0.5s..5s".parse(), Ok(Delay::Range(ms(500), ms(5000))));
        assert_eq!("100ms..1".parse(), Ok(Delay::Range(ms(100), ms(1000))));
        for bad in [
            "", "fast", "-1s", "5s..1s", "1h", "NaN", "1e9", "..", "1s..",
        ] {
            assert!(bad.parse::<Delay>().is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn a_range_spreads_over_its_width() {
        let range = Delay::Range(Duration::from_millis(500), Duration::from_millis(5000));
        assert_eq!(range.pick(0.0), Duration::from_millis(500));
        assert_eq!(range.pick(0.5), Duration::from_millis(2750));
        assert_eq!(Delay::None.pick(0.7), Duration::ZERO);
        assert_eq!(range.to_string(), "delay 0.5s..5s");
    }

    #[test]
    fn error_rates() {
        assert_eq!(parse_error_rate("0.25"), Ok(0.25));
        assert_eq!(parse_error_rate("25%"), Ok(0.25));
        assert_eq!(parse_error_rate("1"), Ok(1.0));
        for bad in ["-0.1", "1.5", "lots", "NaN", "200%"] {
            assert!(parse_error_rate(bad).is_err(), "{bad:?} must be rejected");
        }
    }
}
