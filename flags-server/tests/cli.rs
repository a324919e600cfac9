//! The `flags-server` binary: its options, its banner, and a clean stop on Ctrl-C.

use std::time::Duration;

use flags_testkit::{HANG_GUARD, Running, assert_usage_error, run, stderr, stdout};

const BIN: &str = env!("CARGO_BIN_EXE_flags-server");

#[test]
fn bad_options_exit_2_with_a_message_and_the_usage() {
    let cases: &[(&[&str], &str)] = &[
        (&["--delay", "fast"], "is not a duration"),
        (&["--delay", "5s..1s"], "goes backwards"),
        (&["--delay", "-1"], "cannot be negative"),
        (&["--error-rate", "2"], "from 0 to 1"),
        (&["--error-rate", "often"], "from 0 to 1"),
        (&["--seed", "-4"], "--seed"),
        (&["--local-port", "70000"], "70000"),
        (&["--bind", "localhost:80"], "--bind"),
        (&["--port", "9000"], "--single"),
        (&["--wat"], "unexpected argument"),
        (&["--unavailable-rate", "1.5"], "from 0 to 1"),
        (&["--reset-rate", "-0.1"], "from 0 to 1"),
        (&["--truncate-rate", "half"], "from 0 to 1"),
        (&["--trickle-rate", "NaN"], "from 0 to 1"),
        (&["--hang-rate", "101%"], "from 0 to 1"),
        (&["--hang-rate"], "a value is required"),
        (&["--slow-accept", "slowly"], "is not a duration"),
        (&["--slow-accept", "-1"], "cannot be negative"),
        (&["--slow-accept", "2h"], "out of range"),
        (
            &["--reset-rate", "0.6", "--hang-rate", "0.5"],
            "the fault rates add up to 1.1",
        ),
        (
            &[
                "--single",
                "--port",
                "0",
                "--unavailable-rate",
                "60%",
                "--truncate-rate",
                "0.6",
            ],
            "must add up to at most 1",
        ),
    ];
    for (args, why) in cases {
        assert_usage_error(BIN, args, why);
    }
}

#[test]
fn a_dir_without_flags_exits_2_and_says_what_layout_it_wants() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().to_str().unwrap();
    let out = run(BIN, &["--single", "--port", "0", "--dir", dir]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("xx/xx.gif"), "{}", stderr(&out));
}

#[test]
fn the_banner_lists_the_faults_in_force() {
    let server = Running::spawn(
        BIN,
        &[
            "--single",
            "--port",
            "0",
            "--seed",
            "3",
            "-q",
            "--unavailable-rate",
            "0.1",
            "--reset-rate",
            "5%",
            "--truncate-rate",
            "0.025",
            "--trickle-rate",
            "0.01",
            "--hang-rate",
            "0.02",
            "--slow-accept",
            "250ms",
        ],
    );
    let banner = server.wait_for_stdout("the banner", |out| out.contains("Press Ctrl-C"));
    assert!(
        banner.contains(
            "no delay, no errors, faults 10% 503, 5% reset, 2.5% truncate, 1% trickle, 2% hang, slow accept 0.25s"
        ),
        "{banner}"
    );
}

#[test]
fn serves_logs_and_stops_cleanly_on_ctrl_c() {
    let args = ["--single", "--port", "0", "--delay", "10ms", "--seed", "1"];
    let mut server = Running::spawn(BIN, &args);
    let line = server.next_line("the URL", |line| line.contains("http://"));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("a URL");
    let banner = server.stdout_so_far();
    assert!(
        banner.contains("Serving 194 flags (embedded data set), seed 1"),
        "{banner}"
    );
    assert!(banner.contains("delay 0.01s, no errors"), "{banner}");

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let gif = agent
        .get(format!("{url}/br/br.gif"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_vec()
        .unwrap();
    assert_eq!(&gif[..6], b"GIF89a");

    server.interrupt();
    let out = server.wait(HANG_GUARD);
    let rest = stdout(&out);
    // 130: the status a shell shows for a process Ctrl-C ended.
    assert_eq!(out.status.code(), Some(130), "{rest}");
    assert!(
        rest.contains("LOCAL BR delay 0.01s -> 200 GET /flags/br/br.gif"),
        "{rest}"
    );
    assert!(rest.contains("Shutting down."), "{rest}");
}

#[test]
fn stops_cleanly_on_sigterm_with_143() {
    let args = ["--single", "--port", "0", "-q"];
    let server = Running::spawn(BIN, &args);
    server.wait_for_text("Press Ctrl-C to stop.");
    server.terminate();
    let out = server.wait(HANG_GUARD);
    let rest = stdout(&out);
    assert_eq!(out.status.code(), Some(143), "{rest}");
    assert!(rest.contains("Shutting down."), "{rest}");
}
