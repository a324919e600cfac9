//! Load: 5,000 connections at once on loopback, every one held open until its answer comes,
//! and the server's memory bounded: a second wave of 5,000 costs no more than the first.
//!
//! The server waits before each answer, so the requests overlap; its log then shows how
//! many were in flight at once. Client and server share this process, so it needs 10,000
//! file descriptors and more: the test raises its soft limit to the hard one, and fails
//! with the limit it needs if the hard limit is lower.
#![cfg(target_os = "linux")]

use std::net::SocketAddr;
use std::time::Duration;

use flags_server::{Config, Delay, FlagServer, Served, peak_in_flight};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CONNECTIONS: usize = 5_000;
/// Long enough for all 5,000 clients to connect and send before the first answer (they
/// take well under a second here, in a debug build).
const DELAY: Duration = Duration::from_secs(3);

/// Raises the soft limit on open files to the hard limit; fails if even that is too low.
fn raise_fd_limit(needed: u64) {
    let got = rlimit::increase_nofile_limit(u64::MAX).expect("getrlimit/setrlimit NOFILE");
    assert!(
        got >= needed,
        "this test holds {CONNECTIONS} connections from both ends in one process and needs \
         {needed} open files, but the hard limit is {got}: raise it (ulimit -Hn {needed}, or \
         LimitNOFILE= in systemd, or nofile in /etc/security/limits.conf)"
    );
}

/// The resident memory of this process, in bytes.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kb: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line");
    kb * 1024
}

/// One GET per connection, all at once; every answer must be a complete 200.
async fn wave(addr: SocketAddr) {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CONNECTIONS {
        tasks.spawn(async move {
            let code = flags_common::COUNTRIES[i % flags_common::COUNTRIES.len()]
                .iso_cc
                .to_ascii_lowercase();
            let exchange = async {
                let mut stream = tokio::net::TcpStream::connect(addr).await?;
                let request = format!(
                    "GET /flags/{code}/metadata.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                );
                stream.write_all(request.as_bytes()).await?;
                let mut reply = Vec::with_capacity(512);
                stream.read_to_end(&mut reply).await?;
                Ok::<_, std::io::Error>(reply)
            };
            // A hang guard, far beyond the delay: nothing here may wait forever.
            let reply = tokio::time::timeout(Duration::from_secs(30), exchange)
                .await
                .unwrap_or_else(|_| panic!("connection {i}: no answer within 30 s"))
                .unwrap_or_else(|err| panic!("connection {i}: {err}"));
            let reply = String::from_utf8_lossy(&reply);
            assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{i}: {reply:.60}");
            assert!(reply.contains(r#""tld_cc": "#), "{i}: incomplete: {reply}");
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a client task panicked: see its message above");
    }
}

#[test]
fn five_thousand_concurrent_connections_are_held_answered_and_memory_stays_bounded() {
    raise_fd_limit(2 * CONNECTIONS as u64 + 1_000);
    let server = FlagServer::start(Config::default().with_delay(Delay::Fixed(DELAY))).unwrap();
    let addr = server.addr();
    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    let before = rss();
    client.block_on(wave(addr));
    let first = server.take_log();
    let after_first = rss();
    client.block_on(wave(addr));
    let second = server.take_log();
    let after_second = rss();

    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let spread = |log: &[Served]| {
        let first = log.iter().map(|s| s.arrived).min();
        let last = log.iter().map(|s| s.arrived).max();
        first.zip(last).map_or(Duration::ZERO, |(a, b)| b - a)
    };
    eprintln!(
        "arrivals spread over {:?} then {:?} (the delay is {DELAY:?})",
        spread(&first),
        spread(&second)
    );
    eprintln!(
        "peak in flight: {} then {}; RSS {:.1} MiB before, {:.1} MiB after the first wave, \
         {:.1} MiB after the second",
        peak_in_flight(&first),
        peak_in_flight(&second),
        mib(before),
        mib(after_first),
        mib(after_second)
    );
    for log in [&first, &second] {
        assert_eq!(log.len(), CONNECTIONS);
        assert!(log.iter().all(|s| s.status == 200));
        assert_eq!(
            peak_in_flight(log),
            CONNECTIONS,
            "all {CONNECTIONS} requests were held at once"
        );
    }
    // Bounded, not leaking: what the first wave left allocated serves the second.
    assert!(
        after_second < after_first + 64 * 1024 * 1024,
        "the second wave grew RSS from {:.1} to {:.1} MiB",
        mib(after_first),
        mib(after_second)
    );
}
