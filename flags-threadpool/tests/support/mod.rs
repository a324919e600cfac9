//! What the integration tests share: servers on port 0, a server that cuts a body short,
//! an address nobody listens on, and a check of the saved files.

#![allow(dead_code)] // each test file uses its own share of these helpers

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use flags_server::{Config, Delay, FlagServer, FlagStore};

/// A LOCAL server on a free port: no delay, no errors.
pub fn local() -> FlagServer {
    FlagServer::start(Config::default()).expect("the test server starts")
}

/// A server that waits `delay` before every answer.
pub fn delayed(delay: Duration) -> FlagServer {
    FlagServer::start(Config::default().with_delay(Delay::Fixed(delay))).expect("server starts")
}

/// A server that answers `418 I'm a Teapot` to a share of the requests, the same share on
/// every run (seeded).
pub fn erratic(error_rate: f64) -> FlagServer {
    let config = Config::default().with_error_rate(error_rate).with_seed(7);
    FlagServer::start(config).expect("the test server starts")
}

/// A server where `cc` takes `delay` and every other code answers at once: completion
/// order then differs from submission order.
pub fn slow_code(cc: &str, delay: Duration) -> FlagServer {
    FlagServer::start(Config::default().with_code_delay(cc, delay)).expect("server starts")
}

/// A base URL where nothing listens: a port that was free a moment ago.
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    drop(listener);
    format!("http://{addr}/flags")
}

/// A one-connection server that promises 1000 bytes of GIF and sends 10, then closes.
pub fn cut_short_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    std::thread::spawn(move || {
        while let Ok((stream, _)) = listener.accept() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            // Read the request head, up to the blank line.
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let mut stream = reader.into_inner();
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 1000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(b"GIF89a1234");
            // Dropping the stream closes the connection, 990 bytes short.
        }
    });
    format!("http://{addr}/flags")
}

/// Checks that `dir` holds exactly `{CC}.gif` for each code of `codes`, each byte for byte
/// what the server serves, and nothing else (no temporary file left behind).
pub fn assert_saved_exactly(dir: &Path, codes: &[&str]) {
    let store = FlagStore::embedded();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the destination exists")
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = codes.iter().map(|cc| format!("{cc}.gif")).collect();
    expected.sort();
    assert_eq!(names, expected, "the files in {}", dir.display());
    for cc in codes {
        let served = store.get(&cc.to_ascii_lowercase()).expect("a known code");
        let saved = std::fs::read(dir.join(format!("{cc}.gif"))).unwrap();
        assert!(
            saved == served.gif,
            "{cc}.gif differs from what the server served"
        );
    }
}

/// The 194 codes of the data set, upper case.
pub fn all_codes() -> Vec<&'static str> {
    flags_common::country_codes().collect()
}

/// Runs a binary of this crate with `args`, stdout and stderr captured.
pub fn run(bin: &str, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The binary's stdout, as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The binary's stderr, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
