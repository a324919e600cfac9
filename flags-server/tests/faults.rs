//! Every fault of [`Faults`] as a client sees it on the wire, the server's log of it, and its
//! share under a seed. A raw `TcpStream` client, so that nothing between the test and the
//! socket retries, buffers or hides what the server did.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use flags_server::{Config, Fault, Faults, FlagServer, FlagStore, Served};
use flags_testkit::process::unread_by_peer;
use flags_testkit::{HANG_GUARD, wait_until};

/// How a raw exchange ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The server closed the connection (FIN).
    Eof,
    /// The server reset the connection (RST).
    Reset,
    /// Nothing more within the read timeout.
    Silent,
}

#[derive(Debug)]
struct Exchange {
    /// Everything received, head and body.
    bytes: Vec<u8>,
    /// The size of each read that returned bytes.
    reads: Vec<usize>,
    end: End,
}

impl Exchange {
    fn head(&self) -> String {
        let end = find(&self.bytes, b"\r\n\r\n").map_or(self.bytes.len(), |i| i + 4);
        String::from_utf8_lossy(&self.bytes[..end]).into_owned()
    }

    fn status(&self) -> u16 {
        let head = self.head();
        head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head().lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }

    fn content_length(&self) -> Option<usize> {
        self.header("content-length")?.parse().ok()
    }

    fn body(&self) -> &[u8] {
        let start = find(&self.bytes, b"\r\n\r\n").map_or(self.bytes.len(), |i| i + 4);
        &self.bytes[start..]
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sends `GET path` on a fresh connection to `addr`, and returns the connection.
fn send(addr: SocketAddr, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream
}

/// One `GET` on a fresh connection, read until the server closes it, resets it, or says
/// nothing for `quiet` (a hang guard of 20 s bounds a body that keeps trickling).
fn exchange(addr: SocketAddr, path: &str, quiet: Duration) -> Exchange {
    read_answer(send(addr, path), path, quiet)
}

/// Reads what the server sends on `stream` after the request for `path`, as [`exchange`].
fn read_answer(mut stream: TcpStream, path: &str, quiet: Duration) -> Exchange {
    stream.set_read_timeout(Some(quiet)).unwrap();
    let guard = Instant::now() + HANG_GUARD;
    let (mut bytes, mut reads) = (Vec::new(), Vec::new());
    let mut buf = [0u8; 16 * 1024];
    let end = loop {
        assert!(
            Instant::now() < guard,
            "{path}: still reading after {HANG_GUARD:?}"
        );
        match stream.read(&mut buf) {
            Ok(0) => break End::Eof,
            Ok(n) => {
                bytes.extend_from_slice(&buf[..n]);
                reads.push(n);
            }
            Err(err) if err.kind() == io::ErrorKind::ConnectionReset => break End::Reset,
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                break End::Silent;
            }
            Err(err) => panic!("{path}: unexpected read error {err:?}"),
        }
    };
    Exchange { bytes, reads, end }
}

fn start(faults: Faults) -> FlagServer {
    FlagServer::start(Config::default().with_faults(faults).with_seed(7)).unwrap()
}

/// The log once it holds `n` requests: a reset or a hang is logged by the server's task,
/// which may run a moment after the client saw the connection end. Bounded to 10 s.
fn log_of(server: &FlagServer, n: usize) -> Vec<Served> {
    let what = format!("{n} requests in the log");
    wait_until(&what, Duration::from_secs(10), || server.log().len() >= n);
    server.log()
}

const QUIET: Duration = Duration::from_secs(5);
const BR: &str = "/flags/br/br.gif";

fn br_gif() -> Vec<u8> {
    FlagStore::embedded().get("br").unwrap().gif.to_vec()
}

#[test]
fn unavailable_is_a_503_with_retry_after() {
    let server = start(Faults::only(Fault::Unavailable));
    let got = exchange(server.addr(), BR, QUIET);
    assert_eq!(got.status(), 503, "{}", got.head());
    assert!(
        got.head()
            .starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{}",
        got.head()
    );
    assert_eq!(got.header("retry-after").as_deref(), Some("1"));
    assert_eq!(got.content_length(), Some(got.body().len()));
    assert_eq!(got.end, End::Eof);
    let log = log_of(&server, 1);
    assert_eq!(
        (log[0].status, log[0].fault),
        (503, Some(Fault::Unavailable))
    );
}

#[test]
fn reset_is_a_connection_reset_before_any_byte() {
    let server = start(Faults::only(Fault::Reset));
    for path in [BR, "/flags/br/metadata.json", "/flags/zz/zz.gif"] {
        let got = exchange(server.addr(), path, QUIET);
        assert_eq!(got.end, End::Reset, "{path}: {got:?}");
        assert!(got.bytes.is_empty(), "{path}: not a byte before the reset");
    }
    let log = log_of(&server, 3);
    assert_eq!(log.len(), 3);
    assert!(
        log.iter()
            .all(|s| s.status == 0 && s.fault == Some(Fault::Reset)),
        "{log:?}"
    );
}

#[test]
fn truncate_sends_the_full_content_length_half_the_body_then_closes() {
    let server = start(Faults::only(Fault::Truncate));
    let gif = br_gif();
    let got = exchange(server.addr(), BR, QUIET);
    assert_eq!(got.status(), 200, "{}", got.head());
    assert_eq!(
        got.content_length(),
        Some(gif.len()),
        "the whole is promised"
    );
    assert_eq!(got.body(), &gif[..gif.len() / 2], "half of it comes");
    assert_eq!(got.end, End::Eof, "then a plain close, not a reset");
    let log = log_of(&server, 1);
    assert_eq!((log[0].status, log[0].fault), (200, Some(Fault::Truncate)));
}

#[test]
fn a_trickled_body_comes_in_many_small_reads_yet_whole() {
    // A 640-byte flag: ten pieces of 64 bytes, 100 ms apart.
    let dir = tempfile::tempdir().unwrap();
    let gif: Vec<u8> = b"GIF89a"
        .iter()
        .copied()
        .chain((0..634).map(|i| (i % 251) as u8))
        .collect();
    std::fs::create_dir(dir.path().join("br")).unwrap();
    std::fs::write(dir.path().join("br/br.gif"), &gif).unwrap();
    let store = FlagStore::from_dir(dir.path()).unwrap();
    let config = Config::default()
        .with_store(store.into())
        .with_faults(Faults::only(Fault::Trickle));
    let server = FlagServer::start(config).unwrap();

    let started = Instant::now();
    let got = exchange(server.addr(), BR, QUIET);
    let took = started.elapsed();
    assert_eq!(got.status(), 200, "{}", got.head());
    assert_eq!(got.content_length(), Some(gif.len()));
    assert_eq!(got.body(), &gif[..], "complete when waited for");
    assert_eq!(got.end, End::Eof);
    // Ten pieces, 100 ms apart: even a reader that stalls now and then sees many reads.
    assert!(got.reads.len() >= 5, "{:?}", got.reads);
    // A lower bound only: nine pauses of 100 ms come before the last piece.
    assert!(took >= Duration::from_millis(900), "{took:?}");
    let log = log_of(&server, 1);
    assert_eq!((log[0].status, log[0].fault), (200, Some(Fault::Trickle)));
}

#[test]
fn a_hung_request_gets_nothing_and_the_others_are_still_served() {
    let faults = Faults {
        hang: 0.5,
        ..Faults::default()
    };
    let server = start(faults);
    let addr = server.addr();
    // Twenty codes at once: under seed 7 some hang, the others are answered meanwhile.
    let codes: Vec<String> = flags_common::country_codes()
        .take(20)
        .map(str::to_ascii_lowercase)
        .collect();
    let outcomes: Vec<(String, Exchange)> = std::thread::scope(|scope| {
        let threads: Vec<_> = codes
            .iter()
            .map(|cc| {
                scope.spawn(move || {
                    let path = format!("/flags/{cc}/metadata.json");
                    let got = exchange(addr, &path, Duration::from_millis(1500));
                    (path, got)
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let hung: Vec<&String> = outcomes
        .iter()
        .filter(|(_, got)| got.end == End::Silent)
        .map(|(path, _)| path)
        .collect();
    assert!(
        (3..=17).contains(&hung.len()),
        "a plausible share of 20 hangs: {hung:?}"
    );
    for (path, got) in &outcomes {
        if got.end == End::Silent {
            assert!(got.bytes.is_empty(), "{path}: a hang sends nothing");
        } else {
            assert_eq!((got.status(), got.end), (200, End::Eof), "{path}");
        }
    }
    // The clients left: each hung request is logged then, with no status.
    let log = log_of(&server, 20);
    assert_eq!(log.len(), 20, "{log:?}");
    let mut logged_hung: Vec<&String> = log
        .iter()
        .filter(|s| s.fault == Some(Fault::Hang))
        .inspect(|s| assert_eq!(s.status, 0))
        .map(|s| &s.path)
        .collect();
    logged_hung.sort();
    let mut hung = hung;
    hung.sort();
    assert_eq!(logged_hung, hung);
}

#[test]
fn a_hung_client_that_stays_is_let_go_when_the_server_stops() {
    let server = start(Faults::only(Fault::Hang));
    let addr = server.addr();
    let stream = send(addr, BR);
    // The server has read the request, and hangs: nothing of it is left unread.
    wait_until("the server to read the request", HANG_GUARD, || {
        unread_by_peer(&stream) == Some(0)
    });
    let client = std::thread::spawn(move || read_answer(stream, BR, Duration::from_secs(10)));
    server.shutdown();
    let got = client.join().unwrap();
    assert!(got.bytes.is_empty(), "{got:?}");
    assert_ne!(
        got.end,
        End::Silent,
        "the connection closed when the server stopped"
    );
}

#[test]
fn a_slow_accept_answers_no_sooner_than_its_wait() {
    let wait = Duration::from_millis(300);
    let server = start(Faults {
        slow_accept: wait,
        ..Faults::default()
    });
    let started = Instant::now();
    let got = exchange(server.addr(), BR, QUIET);
    assert!(started.elapsed() >= wait, "{:?}", started.elapsed());
    assert_eq!((got.status(), got.body()), (200, &br_gif()[..]));
    let log = log_of(&server, 1);
    assert_eq!((log[0].status, log[0].fault), (200, None));
}

/// What the client saw, as the fault it names.
fn observed(got: &Exchange, whole: &[u8]) -> Option<Fault> {
    match (got.end, got.status()) {
        (End::Reset, _) => Some(Fault::Reset),
        (End::Eof, 503) => Some(Fault::Unavailable),
        (End::Eof, 200) if got.body().len() < whole.len() => Some(Fault::Truncate),
        (End::Eof, 200) if got.body() == whole => None,
        _ => panic!("unexpected exchange: {got:?}"),
    }
}

/// 300 requests (the 194 flags, then 106 again), one after another, and the fault each met.
fn run(seed: u64, faults: Faults) -> Vec<(String, Option<Fault>)> {
    let server = FlagServer::start(Config::default().with_faults(faults).with_seed(seed)).unwrap();
    let store = FlagStore::embedded();
    let codes: Vec<String> = store.codes().map(str::to_string).collect();
    let mut seen = Vec::new();
    for cc in codes.iter().cycle().take(300) {
        let path = format!("/flags/{cc}/{cc}.gif");
        let got = exchange(server.addr(), &path, QUIET);
        let fault = observed(&got, &store.get(cc).unwrap().gif);
        seen.push((path, fault));
    }
    let log = log_of(&server, 300);
    assert_eq!(log.len(), 300);
    // One request at a time, so the log is in request order; it names what the client saw.
    for ((path, fault), served) in seen.iter().zip(&log) {
        assert_eq!((path, *fault), (&served.path, served.fault));
        let status = match fault {
            Some(Fault::Reset) => 0,
            Some(Fault::Unavailable) => 503,
            _ => 200,
        };
        assert_eq!(served.status, status, "{served:?}");
    }
    seen
}

#[test]
fn combined_faults_keep_their_shares_and_repeat_under_a_seed() {
    let faults = Faults {
        unavailable: 0.2,
        reset: 0.1,
        truncate: 0.2,
        ..Faults::default()
    };
    let first = run(11, faults);
    let mut counts: HashMap<Option<Fault>, usize> = HashMap::new();
    for (_, fault) in &first {
        *counts.entry(*fault).or_default() += 1;
    }
    // 300 draws: mean 60, 30 and 60; these bounds are more than four standard deviations wide.
    let count = |f| counts.get(&f).copied().unwrap_or(0);
    assert!(
        (30..=90).contains(&count(Some(Fault::Unavailable))),
        "{counts:?}"
    );
    assert!((10..=55).contains(&count(Some(Fault::Reset))), "{counts:?}");
    assert!(
        (30..=90).contains(&count(Some(Fault::Truncate))),
        "{counts:?}"
    );
    assert!((120..=180).contains(&count(None)), "{counts:?}");

    assert_eq!(run(11, faults), first, "the same seed, the same faults");
    assert_ne!(run(12, faults), first, "another seed, other faults");
}

#[test]
fn fault_rates_that_do_not_fit_one_draw_are_refused_at_start() {
    let faults = Faults {
        truncate: 0.7,
        trickle: 0.7,
        ..Faults::default()
    };
    let err = FlagServer::start(Config::default().with_faults(faults)).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("add up to"), "{err}");
}
