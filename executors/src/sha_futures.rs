//! `sha_futures.py` (1st ed. ch. 17): 12 SHA-256 digests of 1 MB of random bytes each on
//! an executor, each digest printed as its job completes.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::cli::status;
use crate::executor::ThreadPoolExecutor;
use crate::random_bytes;

/// The book's `JOBS = 12`.
pub const JOBS: usize = 12;
/// The book's `SIZE = 2**20` bytes (1 MB) per job.
pub const SIZE: usize = 1 << 20;

/// The book's `main(workers)`: submits the jobs to an executor of `workers` threads,
/// prints each digest as its job completes, then the workers and the elapsed time.
pub fn main(
    out: &mut impl Write,
    workers: NonZeroUsize,
    jobs: usize,
    size: usize,
) -> io::Result<()> {
    let t0 = Instant::now();
    let executor = ThreadPoolExecutor::new(workers);
    let actual_workers = executor.max_workers();
    for res in executor.as_completed(task, to_do(jobs, size)) {
        writeln!(out, "{res}")?;
    }
    drop(executor); // the end of the book's `with` block
    writeln!(out, "{}", status(actual_workers, t0.elapsed()))
}

/// The jobs, `(size, seed)`: job i hashes `size` bytes of seed i.
pub fn to_do(jobs: usize, size: usize) -> Vec<(usize, u64)> {
    (0..jobs as u64).map(|seed| (size, seed)).collect()
}

/// One job of [`to_do`]: what `main` and the `--bench` mode submit.
pub fn task((size, seed): (usize, u64)) -> String {
    sha(size, seed)
}

/// The SHA-256 digest of `size` random bytes, in hex: the book's `sha(size)`. The bytes
/// come from `seed`, so a run can be checked against another.
pub fn sha(size: usize, seed: u64) -> String {
    let data = random_bytes(size, seed);
    hexdigest(&data)
}

/// The SHA-256 digest of `data`, 64 hex digits: `hashlib.sha256(data).hexdigest()`.
pub fn hexdigest(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}"); // writing to a String cannot fail
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // FIPS 180-2, appendix B.1 and B.2, and the digest of nothing.
        assert_eq!(
            hexdigest(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hexdigest(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hexdigest(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // FIPS 180-2, appendix B.3: a million 'a's.
        assert_eq!(
            hexdigest(&[b'a'; 1_000_000]),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_digest_and_another_seed_another() {
        assert_eq!(sha(1000, 3), sha(1000, 3));
        assert_ne!(sha(1000, 3), sha(1000, 4));
        assert_eq!(sha(1000, 3), hexdigest(&random_bytes(1000, 3)));
    }
}
