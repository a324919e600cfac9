//! The binaries as a reader runs them: output, usage errors, closed pipes, and the
//! servers' console and Ctrl-C / SIGTERM. Every child runs under a hang guard.

use std::io::{Read, Write};
use std::net::TcpStream;

use flags_testkit::{HANG_GUARD, Running, assert_help_and_version, assert_refused, stderr, stdout};

/// The path of the binary `name`.
fn bin(name: &str) -> &'static str {
    match name {
        "charindex" => env!("CARGO_BIN_EXE_charindex"),
        "charfinder" => env!("CARGO_BIN_EXE_charfinder"),
        "tcp_mojifinder" => env!("CARGO_BIN_EXE_tcp_mojifinder"),
        "tcp_charfinder" => env!("CARGO_BIN_EXE_tcp_charfinder"),
        "web_mojifinder" => env!("CARGO_BIN_EXE_web_mojifinder"),
        "http_charfinder" => env!("CARGO_BIN_EXE_http_charfinder"),
        other => panic!("no binary {other}"),
    }
}

/// Starts the server `name` on a free port of loopback, under the hang guard.
fn start(name: &str) -> Running {
    Running::spawn(bin(name), &["--port", "0"])
}

/// The address from the server's `Serving on ADDR. Hit CTRL-C to stop.`
fn serving_on(server: &mut Running) -> String {
    let line = server.next_line("the address", |line| line.starts_with("Serving on "));
    let addr = line["Serving on ".len()..]
        .split(". Hit")
        .next()
        .expect("an address");
    addr.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

/// Sends `signal` and waits for the exit, bounded; the exit code.
fn stop(server: Running, signal: &str) -> Option<i32> {
    server.signal(signal);
    server.wait(HANG_GUARD).status.code()
}

/// Runs to the end under the hang guard; stdout, stderr and the exit code.
fn run(name: &str, args: &[&str]) -> (String, String, Option<i32>) {
    let output = flags_testkit::run(bin(name), args);
    (stdout(&output), stderr(&output), output.status.code())
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
        assert_help_and_version(bin(name));
    }
    assert_refused(bin("tcp_mojifinder"), &["--port", "70000"], "70000");
}

#[test]
fn a_closed_pipe_ends_charindex_quietly() {
    // What `| head -1` does: the reader leaves after the first line.
    let running = Running::spawn_as_head(bin("charindex"), &["letter"], |_| true);
    let output = running.wait(HANG_GUARD);
    let err = stderr(&output);
    assert!(output.status.success(), "{:?}: {err}", output.status);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn tcp_mojifinder_logs_each_client_and_stops_on_ctrl_c() {
    let mut server = start("tcp_mojifinder");
    server.next_line("Building index.", |line| line == "Building index.");
    let addr = serving_on(&mut server);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    let mut client = TcpStream::connect(&addr).expect("connect");
    client.set_read_timeout(Some(HANG_GUARD)).expect("timeout");
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

    let from = server.next_line("From", |line| line.starts_with(" From "));
    assert_eq!(from, format!(" From {peer}: 'cat face'"));
    let to = server.next_line("To", |line| line.starts_with("   To "));
    assert!(
        to.starts_with(&format!("   To {peer}: ")) && to.ends_with(" results."),
        "{to}"
    );
    server.next_line("Ctrl-C from the client", |line| {
        line == format!(" From {peer}: '\\x03'")
    });
    server.next_line("Close", |line| line == format!("Close {peer}."));

    server.interrupt();
    let output = server.wait(HANG_GUARD);
    let log = stdout(&output);
    assert!(log.lines().any(|line| line == "Server shut down."), "{log}");
    assert_eq!(output.status.code(), Some(130));
}

#[test]
fn tcp_charfinder_stops_on_sigterm() {
    let mut server = start("tcp_charfinder");
    let addr = serving_on(&mut server);
    let mut client = TcpStream::connect(&addr).expect("connect");
    client.set_read_timeout(Some(HANG_GUARD)).expect("timeout");
    client.write_all(b"registered\n").expect("send");
    server.next_line("Received", |line| {
        line.ends_with(": 'registered'") && line.starts_with("Received from ")
    });
    server.next_line("Sent", |line| line == "Sent 1 results");
    // The client stays connected: stopping the server must not wait for it.
    server.terminate();
    let output = server.wait(HANG_GUARD);
    let log = stdout(&output);
    assert!(
        log.lines().any(|line| line == "Server shutting down."),
        "{log}"
    );
    assert_eq!(output.status.code(), Some(143));
}

#[test]
fn the_web_servers_start_on_port_0_and_stop_on_ctrl_c() {
    for name in ["web_mojifinder", "http_charfinder"] {
        let mut server = start(name);
        let addr = serving_on(&mut server);
        let mut client = TcpStream::connect(&addr).expect("connect");
        client.set_read_timeout(Some(HANG_GUARD)).expect("timeout");
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .expect("send");
        let mut answer = String::new();
        client.read_to_string(&mut answer).expect("an answer");
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{name}: {answer}"
        );
        assert_eq!(stop(server, "INT"), Some(130), "{name}");
    }
}
