//! The CPU-bound contrast: the book's prime fixture (20 numbers up to 10^16) checked with
//! trial division, sequentially, on std threads, and with rayon.
//!
//! In the book, threads do not help here: the GIL lets one thread compute at a time, and
//! only processes scale. Rust has no GIL, so threads scale like the book's process pool:
//! the limit is `sequential / cores` (`benches::cpu_ideal`; on 2 cores, half the
//! sequential time), less whatever the numbers' unequal costs leave idle at the end.
//!
//! Each iteration checks that exactly the fixture's primes were found.

use std::sync::Mutex;
use std::time::Duration;

use benches::{PRIME_FIXTURE, cores, smoke_test};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use spinner_thread::is_prime;

/// One after the other, on this thread.
fn sequential(numbers: &[u64]) -> Vec<bool> {
    numbers.iter().map(|&n| is_prime(n)).collect()
}

/// One std thread per core, each taking the next unchecked number (like a process pool).
fn threads(numbers: &[u64], workers: usize) -> Vec<bool> {
    let next = Mutex::new(numbers.iter().enumerate());
    let results = Mutex::new(vec![false; numbers.len()]);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    // A poisoned lock means a worker panicked: the bench is wrong, stop it.
                    let Some((i, &n)) = next.lock().expect("no worker panicked").next() else {
                        break;
                    };
                    let prime = is_prime(n); // the lock is released: the check runs in parallel
                    results.lock().expect("no worker panicked")[i] = prime;
                }
            });
        }
    });
    results.into_inner().expect("no worker panicked")
}

/// rayon's work-stealing pool, one thread per core.
fn rayon(numbers: &[u64]) -> Vec<bool> {
    numbers
        .par_iter()
        .with_max_len(1)
        .map(|&n| is_prime(n))
        .collect()
}

fn primes(c: &mut Criterion) {
    // The smoke run (cargo test, a debug build) checks three numbers; the bench all 20.
    let fixture = if smoke_test() {
        &PRIME_FIXTURE[..3]
    } else {
        &PRIME_FIXTURE[..]
    };
    let numbers: Vec<u64> = fixture.iter().map(|(n, _)| *n).collect();
    let expected: Vec<bool> = fixture.iter().map(|(_, prime)| *prime).collect();
    let cores = cores();

    let mut group = c.benchmark_group("primes");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(numbers.len() as u64));
    group.bench_function(BenchmarkId::new("sequential", 1), |b| {
        b.iter(|| assert_eq!(sequential(&numbers), expected));
    });
    group.bench_function(BenchmarkId::new("threads", cores), |b| {
        b.iter(|| assert_eq!(threads(&numbers, cores), expected));
    });
    group.bench_function(BenchmarkId::new("rayon", cores), |b| {
        b.iter(|| assert_eq!(rayon(&numbers), expected));
    });
    group.finish();
}

criterion_group!(cpu, primes);
criterion_main!(cpu);
