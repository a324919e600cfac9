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

/// A share as a percentage to a tenth: `0.025` is `2.5`.
fn percent(rate: f64) -> f64 {
    (rate * 1000.0).round() / 10.0
}

fn secs(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// Parses `100ms`, `0.5s` or `2` (seconds), from zero up to an hour: the workspace's one
/// duration syntax ([`flags_common::parse_duration`]), with a delay's range.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let duration = flags_common::parse_duration(text)?;
    if duration > flags_common::MAX_DURATION {
        return Err(format!(
            "{:?} is out of range: a delay is from 0 to 3600s",
            text.trim()
        ));
    }
    Ok(duration)
}

/// Parses an error rate (and a fault rate): a probability from 0 to 1 (`0.25`), or a
/// percentage (`25%`).
pub fn parse_error_rate(text: &str) -> Result<f64, String> {
    let (number, scale) = match text.strip_suffix('%') {
        Some(pct) => (pct, 0.01),
        None => (text, 1.0),
    };
    let rate = number.trim().parse::<f64>().map(|r| r * scale);
    match rate {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "{text:?} is not a rate: write a number from 0 to 1, like 0.25, or a percentage, like 25%"
        )),
    }
}

/// Faults a real network has, each drawn per request with its probability (one draw per
/// request decides at most one fault, after the delay; the 418 of `error_rate` is drawn from
/// the same (seed, path, nth request) randomness, so everything is reproducible under a seed).
///
/// The shares are cut from one uniform draw in the order of the fields, so they must add up
/// to at most 1 ([`Faults::check`]). A drawn fault takes the place of a 418. Faults apply to
/// `GET` and `HEAD` requests; a `HEAD` answer has no body to cut short or trickle.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Faults {
    /// Share of requests answered `503 Service Unavailable` with `Retry-After: 1`.
    pub unavailable: f64,
    /// Share of requests whose connection is reset (TCP RST, SO_LINGER 0) before any byte of a response.
    pub reset: f64,
    /// Share of responses cut short: headers with the full Content-Length, half the body, then the connection closed.
    pub truncate: f64,
    /// Share of responses whose body is trickled: 64 bytes every 100 ms.
    pub trickle: f64,
    /// Share of requests read and never answered (until the client leaves or the server stops).
    pub hang: f64,
    /// Wait before each accepted connection is served (a slow accept). Zero: none.
    pub slow_accept: Duration,
}

/// The fault a request met, as the log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Answered `503 Service Unavailable`, `Retry-After: 1`.
    Unavailable,
    /// The connection was reset before any byte of the response.
    Reset,
    /// Half the body, then the connection closed.
    Truncate,
    /// The body went out 64 bytes every 100 ms.
    Trickle,
    /// Never answered.
    Hang,
}

impl Fault {
    /// Every fault, in the order the draw cuts its shares.
    pub const ALL: [Fault; 5] = [
        Fault::Unavailable,
        Fault::Reset,
        Fault::Truncate,
        Fault::Trickle,
        Fault::Hang,
    ];
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fault::Unavailable => "unavailable",
            Fault::Reset => "reset",
            Fault::Truncate => "truncate",
            Fault::Trickle => "trickle",
            Fault::Hang => "hang",
        })
    }
}

impl Faults {
    /// The share of requests that meet `fault`.
    pub fn rate(&self, fault: Fault) -> f64 {
        match fault {
            Fault::Unavailable => self.unavailable,
            Fault::Reset => self.reset,
            Fault::Truncate => self.truncate,
            Fault::Trickle => self.trickle,
            Fault::Hang => self.hang,
        }
    }

    /// `fault` on every request, and nothing else: what a test of one fault starts with.
    pub fn only(fault: Fault) -> Faults {
        let mut faults = Faults::default();
        let rate = match fault {
            Fault::Unavailable => &mut faults.unavailable,
            Fault::Reset => &mut faults.reset,
            Fault::Truncate => &mut faults.truncate,
            Fault::Trickle => &mut faults.trickle,
            Fault::Hang => &mut faults.hang,
        };
        *rate = 1.0;
        faults
    }

    /// True when some request may meet a fault (a slow accept is not drawn per request).
    pub fn any_drawn(&self) -> bool {
        Fault::ALL.iter().any(|&f| self.rate(f) > 0.0)
    }

    /// The fault a request meets, from `unit`, a number in `[0, 1)`.
    pub fn pick(&self, unit: f64) -> Option<Fault> {
        let mut edge = 0.0;
        for fault in Fault::ALL {
            edge += self.rate(fault);
            if unit < edge {
                return Some(fault);
            }
        }
        None
    }

    /// Each share is a probability, and a request meets at most one fault, so together they
    /// cannot pass 1.
    pub fn check(&self) -> Result<(), String> {
        for fault in Fault::ALL {
            let rate = self.rate(fault);
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!(
                    "the {fault} rate {rate} is not a probability: write a number from 0 to 1"
                ));
            }
        }
        let total: f64 = Fault::ALL.iter().map(|&f| self.rate(f)).sum();
        if total > 1.0 + 1e-9 {
            return Err(format!(
                "the fault rates add up to {total}: a request meets at most one fault, so they must add up to at most 1"
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Faults {
    /// `no faults`, or the faults in force: `faults 10% 503, 5% reset, slow accept 2s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Fault::ALL
            .iter()
            .filter(|&&fault| self.rate(fault) > 0.0)
            .map(|&fault| {
                let name = match fault {
                    Fault::Unavailable => "503",
                    other => &other.to_string(),
                };
                format!("{}% {name}", percent(self.rate(fault)))
            })
            .collect();
        if !self.slow_accept.is_zero() {
            parts.push(format!("slow accept {}", secs(self.slow_accept)));
        }
        if parts.is_empty() {
            f.write_str("no faults")
        } else {
            write!(f, "faults {}", parts.join(", "))
        }
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
    /// The network's misfortunes: 503s, resets, cut and trickled bodies, hangs, slow accepts.
    pub faults: Faults,
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
            faults: Faults::default(),
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

    /// Sets the faults (drawn under the same seed as delays and errors).
    pub fn with_faults(mut self, faults: Faults) -> Config {
        self.faults = faults;
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
            "", "fast", "-1s", "5s..1s", "2h", "NaN", "1e9", "..", "1s..",
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
        for bad in ["-0.1", "1.5", "lots", "NaN", "200%", "", "inf"] {
            assert!(parse_error_rate(bad).is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn one_draw_cuts_the_fault_shares_in_order() {
        let faults = Faults {
            unavailable: 0.1,
            reset: 0.2,
            truncate: 0.1,
            trickle: 0.1,
            hang: 0.1,
            slow_accept: Duration::ZERO,
        };
        assert_eq!(faults.pick(0.05), Some(Fault::Unavailable));
        assert_eq!(faults.pick(0.15), Some(Fault::Reset));
        assert_eq!(faults.pick(0.35), Some(Fault::Truncate));
        assert_eq!(faults.pick(0.45), Some(Fault::Trickle));
        assert_eq!(faults.pick(0.55), Some(Fault::Hang));
        assert_eq!(faults.pick(0.65), None);
        assert_eq!(Faults::default().pick(0.0), None);
        assert!(faults.any_drawn() && !Faults::default().any_drawn());
        assert_eq!(faults.check(), Ok(()));
        assert_eq!(
            faults.to_string(),
            "faults 10% 503, 20% reset, 10% truncate, 10% trickle, 10% hang"
        );
        let slow = Faults {
            slow_accept: Duration::from_millis(1500),
            ..Faults::default()
        };
        assert_eq!(slow.to_string(), "faults slow accept 1.5s");
        assert!(!slow.any_drawn());
        assert_eq!(Faults::default().to_string(), "no faults");
    }

    #[test]
    fn only_one_fault_meets_every_request() {
        for fault in Fault::ALL {
            let only = Faults::only(fault);
            assert_eq!(only.check(), Ok(()), "{fault}");
            for unit in [0.0, 0.5, 0.999_999] {
                assert_eq!(only.pick(unit), Some(fault), "{fault} at {unit}");
            }
            let mut others = Fault::ALL.iter().filter(|&&other| other != fault);
            assert!(others.all(|&other| only.rate(other) == 0.0), "{fault}");
            assert!(only.slow_accept.is_zero(), "{fault}");
        }
    }

    #[test]
    fn fault_rates_must_be_probabilities_that_fit_in_one_draw() {
        let too_many = Faults {
            reset: 0.6,
            hang: 0.6,
            ..Faults::default()
        };
        assert!(too_many.check().unwrap_err().contains("add up to 1.2"));
        let negative = Faults {
            trickle: -0.1,
            ..Faults::default()
        };
        assert!(negative.check().unwrap_err().contains("trickle"));
        let nan = Faults {
            unavailable: f64::NAN,
            ..Faults::default()
        };
        assert!(nan.check().is_err());
        let all = Faults {
            unavailable: 0.2,
            reset: 0.2,
            truncate: 0.2,
            trickle: 0.2,
            hang: 0.2,
            ..Faults::default()
        };
        assert_eq!(all.check(), Ok(()), "0.2 * 5 is 1 give or take rounding");
    }
}
