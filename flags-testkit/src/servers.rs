//! Flag servers on a free port of 127.0.0.1, and raw servers that misbehave on purpose.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use flags_server::{Config, Delay, Faults, FlagServer};

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
    raw_server(|_stream| {
        // Dropping the stream closes the connection, nothing sent.
    })
}

/// A server that answers every request with `200 OK`, promises `Content-Length: 1000`,
/// sends 10 bytes of it and closes the connection.
pub fn cut_short_url() -> String {
    raw_server(|mut stream| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 1000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(b"GIF89a1234");
        // Dropping the stream closes the connection, 990 bytes short.
    })
}

/// A server on a free port that reads each request head, then hands the connection to
/// `reply`, one connection at a time. It runs until the test process ends: a thread
/// blocked in `accept` costs nothing.
fn raw_server(reply: fn(TcpStream)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    std::thread::spawn(move || {
        while let Ok((stream, _)) = listener.accept() {
            // A client that sends nothing must not stall the next one.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            // Read the request head, up to the blank line.
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            reply(reader.into_inner());
        }
    });
    format!("http://{addr}/flags")
}
