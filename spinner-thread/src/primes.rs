//! The book's `primes.py`: trial division, slow on purpose. The one copy of `is_prime`
//! in the workspace; the async spinners use it from here.

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
}
