//! The primes experiments of *Fluent Python* (2nd ed., ch. 19 and 20), in Rust: the
//! book's `primes.py` (its 20 numbers and the slow-on-purpose `is_prime`), and the same
//! CPU-bound job done sequentially, by worker threads, by worker processes, and by pools.
//!
//! In the book, threads do not help here (the GIL runs one thread's Python code at a
//! time) and only processes scale. Rust has no GIL: threads scale like processes, and
//! cost far less to start and to feed. The `primes_table` binary measures both.
//!
//! One module per book file, holding the functions the book names; `src/bin/*.rs` only
//! wire them to the command line:
//!
//! | book file | module | binary |
//! | --- | --- | --- |
//! | `sequential.py` | [`sequential`] | `sequential` |
//! | `threads.py` | [`threads`] | `threads` |
//! | `procs.py` | [`procs`] | `procs` |
//! | `procs_race_condition.py` | [`race`] | `procs_race_condition`, `procs_race_fixed` |
//! | `proc_pool.py` (ch. 20) | [`pool`] | `proc_pool`, `thread_pool`, `rayon_pool` |

pub mod cli;
pub mod pool;
pub mod procs;
pub mod race;
pub mod sequential;
pub mod threads;

use std::fmt;
use std::time::{Duration, Instant};

/// The book's `PRIME_FIXTURE`: twenty numbers up to 10^16, and whether each is prime.
/// The composites without a small factor cost as much to check as the primes.
pub const PRIME_FIXTURE: [(u64, bool); 20] = [
    (2, true),
    (142_702_110_479_723, true),
    (299_593_572_317_531, true),
    (3_333_333_333_333_301, true),
    (3_333_333_333_333_333, false),
    (3_333_335_652_092_209, false),
    (4_444_444_444_444_423, true),
    (4_444_444_444_444_444, false),
    (4_444_444_488_888_889, false),
    (5_555_553_133_149_889, false),
    (5_555_555_555_555_503, true),
    (5_555_555_555_555_555, false),
    (6_666_666_666_666_666, false),
    (6_666_666_666_666_719, true),
    (6_666_667_141_414_921, false),
    (7_777_777_536_340_681, false),
    (7_777_777_777_777_753, true),
    (7_777_777_777_777_777, false),
    (9_999_999_999_999_917, true),
    (9_999_999_999_999_999, false),
];

/// The book's `NUMBERS`: the fixture's numbers, in its order.
pub const NUMBERS: [u64; 20] = {
    let mut numbers = [0; 20];
    let mut i = 0;
    while i < numbers.len() {
        numbers[i] = PRIME_FIXTURE[i].0;
        i += 1;
    }
    numbers
};

/// The book's big prime: checking it keeps one core busy for a while.
pub const BOOK_PRIME: u64 = 5_000_111_000_222_021;

/// Whether `n` is prime, by dividing it by every odd number up to its square root.
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n == 2 {
        return true;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let root = n.isqrt();
    for i in (3..=root).step_by(2) {
        if n.is_multiple_of(i) {
            return false;
        }
    }
    true
}

/// `n` with a comma between thousands, like Python's `f'{n:,}'`.
pub fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// What checking one number found, and how long it took: the book's `PrimeResult`.
///
/// `n == 0` is the book's sentinel: a worker sends it when it stops (see [`PrimeResult::DONE`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrimeResult {
    pub n: u64,
    pub prime: bool,
    pub elapsed: Duration,
}

impl PrimeResult {
    /// The result a worker sends when it is done (the book's `PrimeResult(0, False, 0.0)`).
    pub const DONE: PrimeResult = PrimeResult {
        n: 0,
        prime: false,
        elapsed: Duration::ZERO,
    };
}

/// One line of the book's report: `f'{n:16}  {label} {elapsed:9.6f}s'`.
impl fmt::Display for PrimeResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = if self.prime { 'P' } else { ' ' };
        let elapsed = self.elapsed.as_secs_f64();
        write!(f, "{:16}  {label} {elapsed:9.6}s", self.n)
    }
}

/// The book's `check`: `is_prime`, timed.
pub fn check(n: u64) -> PrimeResult {
    let t0 = Instant::now();
    let prime = is_prime(n);
    PrimeResult {
        n,
        prime,
        elapsed: t0.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_primes_and_composites() {
        let primes: Vec<u64> = (0..60).filter(|&n| is_prime(n)).collect();
        let expected = [
            2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59,
        ];
        assert_eq!(primes, expected);
    }

    #[test]
    fn large_primes_and_composites() {
        assert!(is_prime(1_000_000_007));
        assert!(is_prime(999_999_999_989));
        assert!(!is_prime(999_983 * 999_983)); // a square: the root itself must be tried
        assert!(!is_prime(999_999_999_987));
        assert!(!is_prime(u64::MAX));
    }

    #[test]
    fn the_books_number_is_prime() {
        assert!(is_prime(BOOK_PRIME));
        assert!(!is_prime(BOOK_PRIME - 2));
    }

    #[test]
    fn commas_like_python() {
        assert_eq!(with_commas(BOOK_PRIME), "5,000,111,000,222,021");
        assert_eq!(with_commas(999_999_999_989), "999,999,999,989");
        assert_eq!(with_commas(1_000), "1,000");
        assert_eq!(with_commas(999), "999");
        assert_eq!(with_commas(0), "0");
    }

    #[test]
    fn numbers_are_the_fixtures() {
        assert_eq!(NUMBERS.len(), PRIME_FIXTURE.len());
        for (n, (fixture_n, _)) in NUMBERS.iter().zip(PRIME_FIXTURE) {
            assert_eq!(*n, fixture_n);
        }
    }

    #[test]
    fn a_result_line_is_formatted_like_the_books() {
        let result = PrimeResult {
            n: 4_444_444_444_444_423,
            prime: true,
            elapsed: Duration::from_micros(1_234_567),
        };
        assert_eq!(result.to_string(), "4444444444444423  P  1.234567s");
        let result = PrimeResult {
            n: 2,
            prime: false,
            elapsed: Duration::from_nanos(1_600),
        };
        assert_eq!(result.to_string(), "               2     0.000002s");
    }

    #[test]
    fn check_times_is_prime() {
        let result = check(999_999_999_989);
        assert_eq!((result.n, result.prime), (999_999_999_989, true));
        assert!(result.elapsed > Duration::ZERO);
    }
}
