//! What concurrency buys for I/O: each strategy's real `download_many` (the code the
//! reader runs) against an in-process `flags-server` with a fixed delay per request.
//!
//! The physical limit for N requests, m at a time, at delay d is `ceil(N/m) * d`:
//!
//! | group | N | m | d | limit |
//! | --- | --- | --- | --- | --- |
//! | `pop20` | 20 | 1 (sequential), 20 (the others) | 0, 10, 50 ms | 20d and d: 0 / 200 / 1000 ms and 0 / 10 / 50 ms |
//! | `scale` | 676 (`-e`: 194 found, 482 not) | 1 (sequential), 10, 100, 676 | 2 ms | 1352, 136, 14, 2 ms |
//!
//! The sizes and delays are constants of the crate's library (`POP20_DELAYS`,
//! `SCALE_LEVELS`, ...), so `bench_charts` draws each result next to the limit of the very
//! benchmark that produced it.
//!
//! Only `download_many` is timed (`iter_custom`): the server, the codes and the folder are
//! made once per group. Flags are saved to RAM (`/dev/shm`) when there is one: the limit
//! is about the network, and a new file on a disk costs 300 µs here. Each iteration checks its counts. At d = 0 the groups measure the
//! strategies' own overhead: client set-up, threads or tasks, saving 20 files.

use std::time::Duration;

use benches::{
    delay_parameter, expected_counts, pop20_codes, pop20_delays, scale_codes, scale_levels, server,
    smoke_test, timed_run,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use flags_race::STRATEGIES;

/// The book's default job, at three server delays.
fn pop20(c: &mut Criterion) {
    let codes = pop20_codes();
    let dest = flags_race::scratch_dir(None).expect("a scratch folder");
    let expected = expected_counts(&codes);

    let mut group = c.benchmark_group("pop20");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(codes.len() as u64));
    for &delay in pop20_delays(smoke_test()) {
        let server = server(delay);
        for strategy in &STRATEGIES {
            let id = BenchmarkId::new(strategy.name, delay_parameter(delay));
            group.bench_function(id, |b| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| {
                            timed_run(
                                strategy,
                                &server,
                                &codes,
                                codes.len(),
                                dest.path(),
                                expected,
                            )
                        })
                        .sum()
                });
            });
        }
    }
    group.finish();
}

/// Every code from AA to ZZ at one delay, with more and more requests in flight.
fn scale(c: &mut Criterion) {
    let codes = scale_codes(smoke_test());
    let levels = scale_levels(smoke_test());
    let server = server(benches::SCALE_DELAY);
    let dest = flags_race::scratch_dir(None).expect("a scratch folder");
    let expected = expected_counts(&codes);

    let mut group = c.benchmark_group("scale");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(codes.len() as u64));
    for strategy in &STRATEGIES {
        // Sequential has one point only: it cannot use more than one connection.
        let strategy_levels = if strategy.sequential {
            &levels[..1]
        } else {
            levels
        };
        for &m in strategy_levels {
            let m = strategy.concurrency(m);
            group.bench_function(BenchmarkId::new(strategy.name, m), |b| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| timed_run(strategy, &server, &codes, m, dest.path(), expected))
                        .sum()
                });
            });
        }
    }
    group.finish();
}

criterion_group!(downloads, pop20, scale);
criterion_main!(downloads);
