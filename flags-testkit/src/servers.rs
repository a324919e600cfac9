//! Flag servers on a free port of 127.0.0.1, and raw servers that misbehave on purpose.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use flags_server::{Config, Delay, Faults, FlagServer, FlagStore, metadata_json};

/// Starts a flag server with `config` on a free port of 127.0.0.1 (`Config::default()`
/// binds port 0 on loopback).
pub fn start(config: Config) -> FlagServer {
    FlagServer::start(config).expect("the test server starts")
}

/// A LOCAL server on a free port: no delay, no errors.
pub fn local() -> FlagServer {
    start(Config::default())
}

/// A server that waits `delay` before every answer.
pub fn delayed(delay: Duration) -> FlagServer {
    start(Config::default().with_delay(Delay::Fixed(delay)))
}

/// A server that answers `418 I'm a Teapot` to a share of the requests, the same share on
/// every run (seeded).
pub fn erratic(error_rate: f64) -> FlagServer {
    start(Config::default().with_error_rate(error_rate).with_seed(7))
}

/// A server where `cc` takes `delay` and every other code answers at once: completion
/// order then differs from submission order.
pub fn slow_code(cc: &str, delay: Duration) -> FlagServer {
    start(Config::default().with_code_delay(cc, delay))
}

/// A server that injects `faults` (seeded: the same faults for the same requests on
/// every run), and answers at once otherwise.
pub fn faulty(faults: Faults) -> FlagServer {
    start(Config::default().with_faults(faults).with_seed(7))
}

/// A base URL where nothing listens: a port that was free a moment ago.
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    drop(listener);
    format!("http://{addr}/flags")
}

/// A server that reads each request and closes the connection without a word: what a
/// client sees of a server stopped while it waits for the answer.
pub fn closed_url() -> String {
    raw_server(|_path, _stream| {
        // Dropping the stream closes the connection, nothing sent.
    })
}

/// A server that answers every request with `200 OK`, promises `Content-Length: 1000`,
/// sends 10 bytes of it and closes the connection.
pub fn cut_short_url() -> String {
    raw_server(|_path, mut stream| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 1000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(b"GIF89a1234");
        // Dropping the stream closes the connection, 990 bytes short.
    })
}

/// A lie a hostile server tells where a flag (or, for flags3, a metadata document) is
/// asked for. Everything else it answers truthfully: metadata with the real document, so
/// that flags3 reaches the flag; an unknown code with 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hostile {
    /// `200 OK` and an HTML page, as a captive portal or a misconfigured proxy sends.
    Html,
    /// `200 OK` and an empty body.
    Empty,
    /// `200 OK`, `Content-Encoding: gzip`, though the client asked for no encoding.
    Gzip,
    /// `Content-Length: 10` for the whole flag: a client reads ten bytes that start like
    /// a GIF, and nothing tells it the rest is missing but the GIF's own end marker.
    LengthTooShort,
    /// `Content-Length: 2147483648` (2 GiB), then bytes for as long as the client reads.
    Huge,
    /// No length at all, bytes until the client hangs up (`Connection: close`).
    Endless,
    /// `metadata.json` answered with an HTML page.
    MetadataHtml,
    /// `metadata.json` without its `country` field.
    MetadataWithoutCountry,
    /// Every code's `metadata.json` names Brazil: two codes, one file name.
    SameCountry,
}

/// How much a streaming hostile server sends at most before it gives up on a client that
/// keeps reading: far above any sane cap, so a client without one fails its test.
const STREAM_BOUND: usize = 64 << 20;

/// A base URL served by a server that tells `lie`, one thread per connection, so that a
/// client reading a long body does not hold up the others.
pub fn hostile_url(lie: Hostile) -> String {
    raw_server_threaded(move |path, stream| hostile_reply(lie, path, stream))
}

fn hostile_reply(lie: Hostile, path: &str, mut stream: TcpStream) {
    let store = FlagStore::embedded();
    // `/flags/{cc}/{cc}.gif` or `/flags/{cc}/metadata.json`
    let mut parts = path.trim_start_matches('/').split('/');
    let (cc, file) = match (parts.next(), parts.next(), parts.next()) {
        (Some("flags"), Some(cc), Some(file)) => (cc.to_string(), file.to_string()),
        _ => return respond(&mut stream, "404 Not Found", &[], b""),
    };
    let (Some(flag), Some(country)) = (store.get(&cc), flags_common::country(&cc)) else {
        return respond(&mut stream, "404 Not Found", &[], b"");
    };
    let html = b"<!DOCTYPE html><html><body>Please log in to use this network.</body></html>";
    let json = [("Content-Type", "application/json")];
    if file == "metadata.json" {
        return match lie {
            Hostile::MetadataHtml => respond(&mut stream, "200 OK", &[], html),
            Hostile::MetadataWithoutCountry => {
                let doc = format!(r#"{{"tld_cc": ".{cc}", "iso_cc": "{}"}}"#, country.iso_cc);
                respond(&mut stream, "200 OK", &json, doc.as_bytes());
            }
            Hostile::SameCountry => {
                let brazil = flags_common::Country {
                    country: "Brazil",
                    ..*country
                };
                respond(
                    &mut stream,
                    "200 OK",
                    &json,
                    metadata_json(&brazil).as_bytes(),
                );
            }
            _ => respond(
                &mut stream,
                "200 OK",
                &json,
                metadata_json(country).as_bytes(),
            ),
        };
    }
    let gif = [("Content-Type", "image/gif")];
    match lie {
        Hostile::Html => respond(&mut stream, "200 OK", &[], html),
        Hostile::Empty => respond(&mut stream, "200 OK", &gif, b""),
        Hostile::Gzip => {
            // A gzip header; nobody may decode it, so what follows does not matter.
            let body: Vec<u8> = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]
                .into_iter()
                .chain(flag.gif.iter().copied())
                .collect();
            let headers = [("Content-Type", "image/gif"), ("Content-Encoding", "gzip")];
            respond(&mut stream, "200 OK", &headers, &body);
        }
        Hostile::LengthTooShort => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 10\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&flag.gif);
        }
        Hostile::Huge => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 2147483648\r\n\r\n";
            stream_until_refused(&mut stream, head);
        }
        Hostile::Endless => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nConnection: close\r\n\r\n";
            stream_until_refused(&mut stream, head);
        }
        Hostile::MetadataHtml | Hostile::MetadataWithoutCountry | Hostile::SameCountry => {
            respond(&mut stream, "200 OK", &gif, &flag.gif);
        }
    }
}

/// Sends `head`, then `GIF89a` and zeros, until the client stops reading or
/// [`STREAM_BOUND`] bytes have gone.
fn stream_until_refused(stream: &mut TcpStream, head: &str) {
    // A client that stopped reading must not stall this thread forever.
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(b"GIF89a");
    let block = [0u8; 64 * 1024];
    let mut sent = 0;
    while sent < STREAM_BOUND && stream.write_all(&block).is_ok() {
        sent += block.len();
    }
}

/// Writes a whole response with a `Content-Length`, and lets the connection close.
fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "Connection: close\r\n\r\n";
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// A server on a free port that reads each request head, then hands the request path and
/// the connection to `reply`, one connection at a time. It runs until the test process
/// ends: a thread blocked in `accept` costs nothing.
fn raw_server(reply: fn(&str, TcpStream)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    std::thread::spawn(move || {
        while let Ok((stream, _)) = listener.accept() {
            let (path, stream) = read_request(stream);
            reply(&path, stream);
        }
    });
    format!("http://{addr}/flags")
}

/// A gate that holds a server's answers until the test opens it.
#[derive(Debug, Clone, Default)]
pub struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    /// Lets every held answer go.
    pub fn open(&self) {
        let (open, changed) = &*self.0;
        *open.lock().expect("the gate's lock") = true;
        changed.notify_all();
    }

    /// Waits until the gate is open, at most 20 s (a test that never opens it fails on
    /// its own; the server thread must not outlive it by much).
    fn wait(&self) {
        let (open, changed) = &*self.0;
        let guard = open.lock().expect("the gate's lock");
        let _open = changed
            .wait_timeout_while(guard, Duration::from_secs(20), |open| !*open)
            .expect("the gate's lock");
    }
}

/// A server that tells the truth (the real flags and metadata, 404 for unknown codes),
/// at once for every code but `held`, whose answers wait for the [`Gate`] to open: a
/// test then knows that the binary's output for `held` comes after what it did meanwhile.
pub fn gated_url(held: &str) -> (String, Gate) {
    let (url, mut gates) = gated_urls(&[held]);
    (url, gates.remove(0))
}

/// [`gated_url`] for several codes, each held by a gate of its own (in the order of
/// `held`): a test decides the order in which their answers go, whatever the timing.
pub fn gated_urls(held: &[&str]) -> (String, Vec<Gate>) {
    let gates: Vec<(String, Gate)> = held
        .iter()
        .map(|cc| {
            (
                format!("/flags/{}/", cc.to_ascii_lowercase()),
                Gate::default(),
            )
        })
        .collect();
    let waiting = gates.clone();
    let url = raw_server_threaded(move |path, mut stream| {
        if let Some((_, gate)) = waiting.iter().find(|(dir, _)| path.starts_with(dir)) {
            gate.wait();
        }
        truthful_reply(path, &mut stream);
    });
    (url, gates.into_iter().map(|(_, gate)| gate).collect())
}

/// The flag or the metadata document of the code in `path`, or 404.
fn truthful_reply(path: &str, stream: &mut TcpStream) {
    let store = FlagStore::embedded();
    let mut parts = path.trim_start_matches('/').split('/');
    let (Some("flags"), Some(cc), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return respond(stream, "404 Not Found", &[], b"");
    };
    let (Some(flag), Some(country)) = (store.get(cc), flags_common::country(cc)) else {
        return respond(stream, "404 Not Found", &[], b"");
    };
    if file == "metadata.json" {
        let json = [("Content-Type", "application/json")];
        respond(stream, "200 OK", &json, metadata_json(country).as_bytes());
    } else {
        respond(
            stream,
            "200 OK",
            &[("Content-Type", "image/gif")],
            &flag.gif,
        );
    }
}

/// [`raw_server`] with a thread per connection.
fn raw_server_threaded(reply: impl Fn(&str, TcpStream) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    let reply = Arc::new(reply);
    std::thread::spawn(move || {
        while let Ok((stream, _)) = listener.accept() {
            let reply = Arc::clone(&reply);
            std::thread::spawn(move || {
                let (path, stream) = read_request(stream);
                reply(&path, stream);
            });
        }
    });
    format!("http://{addr}/flags")
}

/// Reads a request head, up to the blank line, and returns the path of its request line.
fn read_request(stream: TcpStream) -> (String, TcpStream) {
    // A client that sends nothing must not stall the server.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let _ = reader.read_line(&mut line);
    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
    line.clear();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    (path, reader.into_inner())
}

/// A server that reads every request and answers none until it is stopped: see
/// [`held_url`].
#[derive(Debug, Clone)]
pub struct Held {
    addr: std::net::SocketAddr,
    state: Arc<(Mutex<HeldState>, Condvar)>,
}

#[derive(Debug, Default)]
struct HeldState {
    /// The connections whose request was read, waiting for an answer.
    waiting: Vec<TcpStream>,
    /// How many requests were read in all.
    read: usize,
    stopped: bool,
}

impl Held {
    /// Waits until the server has read `n` requests: they are in flight. Fails the test
    /// if they do not come within [`HANG_GUARD`](crate::HANG_GUARD).
    pub fn wait_for_requests(&self, n: usize) {
        let (state, changed) = &*self.state;
        let state = state.lock().expect("the server's lock");
        let (state, wait) = changed
            .wait_timeout_while(state, crate::HANG_GUARD, |state| state.read < n)
            .expect("the server's lock");
        assert!(
            !wait.timed_out(),
            "{} requests of {n} came within {:?}",
            state.read,
            crate::HANG_GUARD
        );
    }

    /// Stops the server, as a process killed mid-run: each request in flight has its
    /// connection closed without an answer, and the listener closes (a connection made
    /// meanwhile is closed too).
    pub fn stop(&self) {
        let (state, _) = &*self.state;
        let mut state = state.lock().expect("the server's lock");
        state.stopped = true;
        state.waiting.clear(); // each stream dropped: its connection closes
        drop(state);
        // Wakes the accept loop, which sees the stop and drops the listener.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// A server that reads each request and holds it, unanswered, until [`Held::stop`]; then
/// it closes every held connection and its listener. A client's requests are then in
/// flight when the server stops, whatever the timing: a test waits for them with
/// [`Held::wait_for_requests`] instead of sleeping.
pub fn held_url() -> (String, Held) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    let held = Held {
        addr,
        state: Arc::default(),
    };
    let server = held.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (state, changed) = &*server.state;
            if state.lock().expect("the server's lock").stopped {
                break; // the listener closes: every later connection is refused
            }
            let (_path, stream) = read_request(stream);
            let mut state = state.lock().expect("the server's lock");
            if state.stopped {
                break;
            }
            state.read += 1;
            state.waiting.push(stream);
            changed.notify_all();
        }
    });
    (format!("http://{addr}/flags"), held)
}
