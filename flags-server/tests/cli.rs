//! The `flags-server` binary: its options, its banner, and a clean stop on Ctrl-C.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

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
        let out = Command::new(BIN).args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(why),
            "{args:?}: {stderr:?} does not say {why:?}"
        );
        assert!(
            stderr.contains("Usage:"),
            "{args:?}: no usage line in {stderr:?}"
        );
    }
}

#[test]
fn a_dir_without_flags_exits_2_and_says_what_layout_it_wants() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["--single", "--port", "0", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("xx/xx.gif"));
}

#[test]
fn the_banner_lists_the_faults_in_force() {
    let mut child = Command::new(BIN)
        .args(["--single", "--port", "0", "--seed", "3", "-q"])
        .args([
            "--unavailable-rate",
            "0.1",
            "--reset-rate",
            "5%",
            "--truncate-rate",
            "0.025",
        ])
        .args([
            "--trickle-rate",
            "0.01",
            "--hang-rate",
            "0.02",
            "--slow-accept",
            "250ms",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    while !banner.contains("Press Ctrl-C") {
        assert!(
            stdout.read_line(&mut banner).unwrap() > 0,
            "banner ended early: {banner}"
        );
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        banner.contains(
            "no delay, no errors, faults 10% 503, 5% reset, 2.5% truncate, 1% trickle, 2% hang, slow accept 0.25s"
        ),
        "{banner}"
    );
}

#[test]
fn serves_logs_and_stops_cleanly_on_ctrl_c() {
    let mut child = Command::new(BIN)
        .args(["--single", "--port", "0", "--delay", "10ms", "--seed", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    let mut url = None;
    while url.is_none() {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "banner ended early: {banner}"
        );
        url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .map(str::to_string);
        banner += &line;
    }
    assert!(
        banner.contains("Serving 194 flags (embedded data set), seed 1"),
        "{banner}"
    );
    assert!(banner.contains("delay 0.01s, no errors"), "{banner}");

    let url = url.unwrap();
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

    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(
        rest.contains("LOCAL BR delay 0.01s -> 200 GET /flags/br/br.gif"),
        "{rest}"
    );
    assert!(rest.contains("Shutting down."), "{rest}");
}
