//! What the examples print, as a reader runs them: each `tests/transcripts/*.toml` holds
//! one run (arguments, exit status, stdout, stderr), checked by trycmd. `[..]` stands for
//! part of a line that varies (a time, a port), `...` for lines that vary.
//!
//! The examples are not binaries of the crate, so cargo names no path for them:
//! [`flags_testkit::transcript::example`] finds them, and builds them when missing.
//! After a deliberate change of output, re-record and read the diff before committing:
//! `TRYCMD=overwrite cargo test -p async-tour --test transcripts`

use std::path::PathBuf;
use std::time::Duration;

const EXAMPLES: [&str; 16] = [
    "as_completed",
    "countdown",
    "debug",
    "future",
    "gather",
    "lock",
    "lookup_many",
    "queue",
    "run_forever",
    "run_until_complete",
    "semaphore",
    "static_server",
    "tasks",
    "three_stages",
    "transport",
    "wrap_future",
];

/// The example `name`, built first if `cargo test --all-targets` built it only as a test.
fn example(name: &str) -> PathBuf {
    flags_testkit::transcript::example("async-tour", name)
}

#[test]
fn transcripts() {
    // trycmd runs the cases on rayon's global pool, one thread per core by default. The
    // examples mostly sleep, so all of them at once take as long as the longest, not the
    // sum over two cores. Had the pool been built already, the cases would still all run,
    // only later: nothing to fail on.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(EXAMPLES.len())
        .build_global();
    let cases = trycmd::TestCases::new();
    for name in EXAMPLES {
        cases.register_bin(name, example(name));
    }
    // A hang guard far beyond any run here (the longest, queue, takes about 5 s).
    cases
        .timeout(Duration::from_secs(60))
        .case("tests/transcripts/*.toml");
}

/// The two examples that run until Ctrl-C, recorded by flags-testkit's `Transcript`
/// (snapbox): it waits for the line that says the example is ready, presses Ctrl-C (or
/// sends SIGTERM) and records the whole run. Re-record with `SNAPSHOTS=overwrite` instead
/// of `TRYCMD=`.
mod until_ctrl_c {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use flags_testkit::Transcript;
    use snapbox::file;

    use super::example;

    #[test]
    fn run_forever_stops_its_tasks_on_ctrl_c() {
        let bin = example("run_forever");
        Transcript::new(bin.to_str().expect("a UTF-8 target path"))
            .interrupt_when("tick #1", |_| {})
            .check(file!["transcripts/run_forever.txt"]);
    }

    #[test]
    fn run_forever_stops_its_tasks_on_sigterm() {
        let bin = example("run_forever");
        Transcript::new(bin.to_str().expect("a UTF-8 target path"))
            .interrupt_when("tick #1", |_| {})
            .terminate_instead()
            .check(file!["transcripts/run_forever_sigterm.txt"]);
    }

    /// `open=[..]` in the transcript: whether the server has seen the client's last
    /// connection close before Ctrl-C comes is a race (it was lost under load).
    #[test]
    fn static_server_logs_a_request_then_stops_on_ctrl_c() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("hello.txt"), "Hello, Twisted!\n").unwrap();
        let bin = example("static_server");
        Transcript::new(bin.to_str().expect("a UTF-8 target path"))
            .args([folder.path().to_str().expect("a UTF-8 temporary path")])
            .args(["--port", "0"])
            .env("NO_COLOR", "1")
            .redact_path("[DIR]", folder.path())
            .interrupt_when("Ctrl-C to stop", |log| {
                let body = get(log, "/hello.txt");
                assert!(body.ends_with("Hello, Twisted!\n"), "{body}");
                let body = get(log, "/../etc/passwd");
                assert!(body.starts_with("HTTP/1.1 404"), "{body}");
            })
            .check(file!["transcripts/static_server.txt"]);
    }

    /// GETs `path` from the server whose address the `serving ... on http://ADDR/` line
    /// of `log` names, and returns the whole answer.
    fn get(log: &str, path: &str) -> String {
        let addr = log
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .expect("the log names the server's address");
        let mut stream = TcpStream::connect(addr).expect("the server accepts");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .expect("the request goes out");
        stream
            .set_read_timeout(Some(flags_testkit::HANG_GUARD))
            .expect("a read timeout");
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .expect("the server answers, then closes");
        answer
    }
}
