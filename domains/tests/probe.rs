//! `probe` and `multi_probe` against the in-process DNS server on 127.0.0.1, port 0.
//!
//! The order tests never time anything: they hold the order the stream yields against the
//! order the server logged its answers in. The server sends one answer at a time and logs
//! it as it goes out; the client (one thread, as in every test here) sees the answers in
//! the order they arrive. So the two orders agree exactly when the stream yields in
//! completion order, however loaded the machine is.

use std::collections::HashSet;
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use domains::server::{DnsServer, REGISTERED, ZoneConfig};
use domains::{DomainResult, ProbeError, Resolver, keyword_domains, multi_probe, probe, taskgroup};
use futures::{Stream, StreamExt};

/// Bounds every wait in this file: far beyond any run (a few timeouts of 0.3 s), so it
/// only ever catches a hang.
const HANG_GUARD: Duration = Duration::from_secs(20);
const TIMEOUT: Duration = Duration::from_secs(5);

fn server(tld: &str, seed: u64) -> DnsServer {
    DnsServer::start(ZoneConfig::new(tld, seed)).expect("the DNS server starts on port 0")
}

fn is_registered(domain: &str) -> bool {
    let label = domain.split('.').next().unwrap_or_default();
    REGISTERED.contains(&label)
}

async fn collect(stream: impl Stream<Item = DomainResult>) -> Vec<DomainResult> {
    tokio::time::timeout(HANG_GUARD, stream.collect::<Vec<_>>())
        .await
        .expect("every probe ends")
}

/// The names in the order the server first answered each (a resent query is answered
/// again; the client takes the first answer).
fn answer_order(server: &DnsServer) -> Vec<String> {
    let mut seen = HashSet::new();
    server
        .log()
        .into_iter()
        .filter(|answer| seen.insert(answer.name.clone()))
        .map(|answer| answer.name)
        .collect()
}

/// A client that asked one name after another would agree with the server's order too:
/// the server saw the questions overlap, so they were asked before the answers came.
fn assert_concurrent(server: &DnsServer) {
    let peak = server.log().iter().map(|answer| answer.in_flight).max();
    assert!(peak > Some(1), "one question at a time: {:?}", server.log());
}

fn domains_of(results: &[DomainResult]) -> Vec<String> {
    results.iter().map(|result| result.domain.clone()).collect()
}

#[test]
fn the_book_probes_eighteen_short_keywords() {
    let domains: Vec<String> = keyword_domains(".dev.").collect();
    assert_eq!(domains.len(), 18, "{domains:?}");
    assert_eq!(domains[0], "none.dev"); // lower-cased, as the book's `.lower()`
    assert!(domains.contains(&"with.dev".to_string()));
    assert!(!domains.iter().any(|domain| domain.starts_with("async")));
}

#[tokio::test]
async fn probe_tells_found_from_not_found() {
    let server = server("dev", 1);
    let resolver = Resolver::dns(server.addr(), TIMEOUT);

    let found = probe(&resolver, "and.dev".to_string()).await;
    assert_eq!(found.domain, "and.dev");
    assert!(matches!(found.found, Ok(true)), "{found:?}");

    let not_found = probe(&resolver, "none.dev".to_string()).await;
    assert!(matches!(not_found.found, Ok(false)), "{not_found:?}");

    // Outside the zone the server knows nothing: not an address either.
    let elsewhere = probe(&resolver, "and.org".to_string()).await;
    assert!(!matches!(elsewhere.found, Ok(true)), "{elsewhere:?}");
}

#[tokio::test]
async fn a_malformed_name_is_an_error_not_a_panic() {
    let server = server("dev", 1);
    let resolver = Resolver::dns(server.addr(), TIMEOUT);
    let result = probe(&resolver, "and..dev".to_string()).await;
    assert!(
        matches!(result.found, Err(ProbeError::BadName(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn multi_probe_reports_every_name_found_or_not_found() {
    for tld in ["dev", "com.br"] {
        let server = server(tld, 2);
        let resolver = Resolver::dns(server.addr(), TIMEOUT);
        let results = collect(multi_probe(&resolver, keyword_domains(tld))).await;

        let mut asked: Vec<String> = keyword_domains(tld).collect();
        let mut got = domains_of(&results);
        asked.sort();
        got.sort();
        assert_eq!(got, asked, "each name once");
        for result in &results {
            let found = result
                .found
                .as_ref()
                .expect("the server answers every name");
            assert_eq!(*found, is_registered(&result.domain), "{result:?}");
        }
        // The server agrees: it said "found" exactly for the registered names.
        for answer in server.log() {
            assert_eq!(answer.found, is_registered(&answer.name), "{answer:?}");
        }
    }
}

#[tokio::test]
async fn multi_probe_yields_in_the_order_the_answers_were_sent() {
    for seed in [3, 4, 5] {
        let server = server("dev", seed);
        let resolver = Resolver::dns(server.addr(), TIMEOUT);
        let results = collect(multi_probe(&resolver, keyword_domains("dev"))).await;
        assert_eq!(domains_of(&results), answer_order(&server), "seed {seed}");
        assert_concurrent(&server);
    }
}

#[tokio::test]
async fn the_joinset_variant_yields_in_the_order_the_answers_were_sent() {
    for seed in [3, 6] {
        let server = server("dev", seed);
        let resolver = Resolver::dns(server.addr(), TIMEOUT);
        let results = collect(taskgroup::multi_probe(&resolver, keyword_domains("dev"))).await;
        assert_eq!(domains_of(&results), answer_order(&server), "seed {seed}");
        assert_concurrent(&server);
        for result in &results {
            assert_eq!(
                result.found.as_ref().ok(),
                Some(&is_registered(&result.domain))
            );
        }
    }
}

#[test]
fn the_seeds_ask_for_an_order_that_is_not_the_order_asked() {
    // Not a timing: the delays the server will use, computed. With these seeds, answering
    // in order of delay is not answering in the order asked, so the order tests above
    // would catch a stream that yields in the order asked.
    for seed in [3, 4, 5, 6] {
        let config = ZoneConfig::new("dev", seed);
        let delays: Vec<Duration> = keyword_domains("dev")
            .map(|d| config.delay_for(&d))
            .collect();
        assert!(
            delays.windows(2).any(|pair| pair[0] > pair[1]),
            "seed {seed}"
        );
    }
}

#[test]
fn a_seed_gives_each_name_the_same_delay_within_the_range() {
    let (a, b) = (ZoneConfig::new("dev", 9), ZoneConfig::new("dev", 9));
    let other = ZoneConfig::new("dev", 10);
    let mut differs = false;
    for domain in keyword_domains("dev") {
        let delay = a.delay_for(&domain);
        assert_eq!(delay, b.delay_for(&domain));
        assert_eq!(delay, a.delay_for(&format!("{}.", domain.to_uppercase())));
        assert!(a.delays.contains(&delay), "{delay:?}");
        differs |= delay != other.delay_for(&domain);
    }
    assert!(differs, "another seed, other delays");
}

/// A loopback UDP port with nothing bound to it. On 127.0.0.77, not 127.0.0.1, so that no
/// DNS server of a test running beside this one can take the port in the meantime.
fn closed_port() -> SocketAddr {
    let socket = UdpSocket::bind("127.0.0.77:0").expect("bind port 0 (all of 127/8 is loopback)");
    socket.local_addr().expect("a bound socket has an address")
    // Dropped here: the port is closed again.
}

async fn assert_every_probe_times_out(dns: SocketAddr) {
    let timeout = Duration::from_millis(300);
    let resolver = Resolver::dns(dns, timeout);
    let results = collect(multi_probe(&resolver, keyword_domains("dev"))).await;
    assert_eq!(results.len(), 18);
    for result in results {
        match result.found {
            Err(err @ ProbeError::TimedOut(_)) => {
                assert_eq!(err.to_string(), "no answer within 300ms");
            }
            other => panic!("{}: expected a timeout, got {other:?}", result.domain),
        }
    }
}

#[tokio::test]
async fn a_dns_server_that_is_not_there_ends_each_probe_with_an_error() {
    assert_every_probe_times_out(closed_port()).await;
}

#[tokio::test]
async fn a_dns_server_that_never_answers_ends_each_probe_with_an_error() {
    let silent = UdpSocket::bind("127.0.0.1:0").expect("bind port 0");
    assert_every_probe_times_out(silent.local_addr().expect("bound")).await;
    let mut buf = [0; 512];
    silent.set_nonblocking(true).expect("nonblocking");
    assert!(
        silent.recv_from(&mut buf).is_ok(),
        "the queries did reach it"
    );
}

#[tokio::test]
async fn the_system_resolver_finds_localhost() {
    // The only name this project ever gives the system resolver: it never leaves the host.
    let resolver = Resolver::system(TIMEOUT);
    let result = tokio::time::timeout(HANG_GUARD, probe(&resolver, "localhost".to_string()))
        .await
        .expect("getaddrinfo(localhost) returns");
    assert!(matches!(result.found, Ok(true)), "{result:?}");
}
