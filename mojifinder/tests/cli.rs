//! The binaries as a reader runs them: output, usage errors, closed pipes, and the
//! servers' console and Ctrl-C / SIGTERM. Every child runs under a hang guard.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const GUARD: Duration = Duration::from_secs(30);

fn bin(name: &str) -> Command {
    let path = match name {
        "charindex" => env!("CARGO_BIN_EXE_charindex"),
        "charfinder" => env!("CARGO_BIN_EXE_charfinder"),
        "tcp_mojifinder" => env!("CARGO_BIN_EXE_tcp_mojifinder"),
        "tcp_charfinder" => env!("CARGO_BIN_EXE_tcp_charfinder"),
        "web_mojifinder" => env!("CARGO_BIN_EXE_web_mojifinder"),
        "http_charfinder" => env!("CARGO_BIN_EXE_http_charfinder"),
        other => panic!("no binary {other}"),
    };
    Command::new(path)
}

/// A child killed on drop, with its stdout lines arriving on a channel.
struct Running {
    child: Child,
    lines: Receiver<String>,
}

impl Running {
    fn spawn(name: &str, args: &[&str]) -> Running {
        let mut child = bin(name)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {name}: {err}"));
        let stdout = child.stdout.take().expect("a piped stdout");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// Reads console lines until one matches; returns it.
    fn wait_line(&self, matches: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + GUARD;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if matches(&line) => return line,
                Ok(_) => {}
                Err(err) => panic!("no such line on the console ({err})"),
            }
        }
    }

    /// The address from `Serving on ADDR. Hit CTRL-C to stop.`
    fn serving_on(&self) -> String {
        let line = self.wait_line(|line| line.starts_with("Serving on "));
        let addr = line["Serving on ".len()..]
            .split(". Hit")
            .next()
            .expect("an address");
        addr.trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits for the exit, bounded; the exit code.
    fn exit_code(&mut self) -> Option<i32> {
        let deadline = Instant::now() + GUARD;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "still running after {GUARD:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs to the end under the guard; stdout, stderr and the exit code.
fn run(name: &str, args: &[&str]) -> (String, String, Option<i32>) {
    let mut child = bin(name)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let deadline = Instant::now() + GUARD;
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{name} {args:?} still running after {GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("output");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    (text(stdout), text(stderr), status.code())
}

#[test]
fn charindex_prints_the_cats_and_the_count() {
    let (out, _, code) = run("charindex", &["cat", "face"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES"));
    let last = lines.last().expect("a status line");
    assert_eq!(
        *last,
        format!("{} {} found", "─".repeat(66), lines.len() - 1)
    );
}

#[test]
fn charindex_without_words_is_a_usage_error() {
    let (out, err, code) = run("charindex", &[]);
    assert_eq!((out.as_str(), code), ("", Some(2)));
    assert!(
        err.contains("Please give one or more words to search."),
        "{err}"
    );
}

#[test]
fn charfinder_prints_the_first_editions_lines() {
    let (out, _, code) = run("charfinder", &["rook", "black"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("U+265C \t♜\tBLACK CHESS ROOK\n"), "{out}");
    let n = out.lines().count() - 1;
    let status = if n == 1 {
        "1 match".to_string()
    } else {
        format!("{n} matches")
    };
    assert!(
        out.ends_with(&format!("({status} for 'rook black')\n")),
        "{out}"
    );
    let (out, _, _) = run("charfinder", &["jabberwocky's", "vest"]);
    assert_eq!(out, "(No match for \"jabberwocky's vest\")\n");
    let (out, _, _) = run("charfinder", &["--word-report", "2"]);
    let words: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(words, ["CJK", "IDEOGRAPH"], "{out}");
    let (_, err, code) = run("charfinder", &[]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn every_binary_answers_help_and_version() {
    for name in [
        "charindex",
        "charfinder",
        "tcp_mojifinder",
        "tcp_charfinder",
        "web_mojifinder",
        "http_charfinder",
    ] {
        let (out, _, code) = run(name, &["--help"]);
        assert_eq!(code, Some(0), "{name} --help");
        assert!(out.contains("Usage:"), "{name}: {out}");
        let (out, _, code) = run(name, &["--version"]);
        assert_eq!(code, Some(0), "{name} --version");
        assert!(out.starts_with(&format!("{name} ")), "{name}: {out}");
    }
    let (_, err, code) = run("tcp_mojifinder", &["--port", "70000"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn a_closed_pipe_ends_charindex_quietly() {
    let mut child = bin("charindex")
        .arg("letter")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout); // what `| head -c 64` does
    let deadline = Instant::now() + GUARD;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "charindex hangs on a closed pipe"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn tcp_mojifinder_logs_each_client_and_stops_on_ctrl_c() {
    let mut server = Running::spawn("tcp_mojifinder", &["--port", "0"]);
    server.wait_line(|line| line == "Building index.");
    let addr = server.serving_on();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    let mut client = TcpStream::connect(&addr).expect("connect");
    client.set_read_timeout(Some(GUARD)).expect("timeout");
    client.write_all(b"cat face\r\n\x03\r\n").expect("send");
    let mut answer = String::new();
    client
        .read_to_string(&mut answer)
        .expect("read to the server's close");
    assert!(
        answer.starts_with("?> U+1F431\t🐱\tCAT FACE\r\n"),
        "{answer}"
    );
    let peer = client.local_addr().expect("our address").to_string();

    let from = server.wait_line(|line| line.starts_with(" From "));
    assert_eq!(from, format!(" From {peer}: 'cat face'"));
    let to = server.wait_line(|line| line.starts_with("   To "));
    assert!(
        to.starts_with(&format!("   To {peer}: ")) && to.ends_with(" results."),
        "{to}"
    );
    server.wait_line(|line| line == format!(" From {peer}: '\\x03'"));
    server.wait_line(|line| line == format!("Close {peer}."));

    server.signal("INT");
    server.wait_line(|line| line == "Server shut down.");
    assert_eq!(server.exit_code(), Some(130));
}

#[test]
fn tcp_charfinder_stops_on_sigterm() {
    let mut server = Running::spawn("tcp_charfinder", &["--port", "0"]);
    let addr = server.serving_on();
    let mut client = TcpStream::connect(&addr).expect("connect");
    client.set_read_timeout(Some(GUARD)).expect("timeout");
    client.write_all(b"registered\n").expect("send");
    server.wait_line(|line| line.ends_with(": 'registered'") && line.starts_with("Received from "));
    server.wait_line(|line| line == "Sent 1 results");
    // The client stays connected: stopping the server must not wait for it.
    server.signal("TERM");
    server.wait_line(|line| line == "Server shutting down.");
    assert_eq!(server.exit_code(), Some(143));
}

#[test]
fn the_web_servers_start_on_port_0_and_stop_on_ctrl_c() {
    for name in ["web_mojifinder", "http_charfinder"] {
        let mut server = Running::spawn(name, &["--port", "0"]);
        let addr = server.serving_on();
        let mut client = TcpStream::connect(&addr).expect("connect");
        client.set_read_timeout(Some(GUARD)).expect("timeout");
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .expect("send");
        let mut answer = String::new();
        client.read_to_string(&mut answer).expect("an answer");
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{name}: {answer}"
        );
        server.signal("INT");
        assert_eq!(server.exit_code(), Some(130), "{name}");
    }
}
