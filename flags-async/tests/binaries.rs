//! The binaries as a reader runs them: the default run, completion order, and the
//! simple version, each against an in-process server. The verbose lines, exit statuses,
//! Ctrl-C and faults of the flags2/flags3 binaries are the suite's, in tests/faults.rs.

mod common;

use std::process::Output;

use flags_server::Config;
use flags_testkit::{HANG_GUARD, Running, gated_url, gated_urls, start};

/// The flags2-style binaries, which share the flags2 command line.
const FLAGS2_BINARIES: [&str; 4] = [
    env!("CARGO_BIN_EXE_flags2_asyncio"),
    env!("CARGO_BIN_EXE_flags2_await"),
    env!("CARGO_BIN_EXE_flags2_asyncio_executor"),
    env!("CARGO_BIN_EXE_flags3_asyncio"),
];

/// Runs `bin` against `base_url` with `args`, under the kit's hang guard.
fn run(bin: &str, base_url: &str, args: &[&str]) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let argv: Vec<&str> = ["--server", base_url, "--dest", dest]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    let output = flags_testkit::run(bin, &argv);
    let stdout = flags_testkit::stdout(&output);
    (output, stdout)
}

fn lines(stdout: &str) -> Vec<&str> {
    stdout.lines().collect()
}

#[test]
fn the_default_run_downloads_the_20_flags() {
    let server = start(Config::default());
    for bin in FLAGS2_BINARIES {
        let (output, stdout) = run(bin, &server.base_url(), &[]);
        assert_eq!(output.status.code(), Some(0), "{bin}: {stdout}");
        assert!(
            stdout.contains(
                "Searching for 20 flags: from BD to VN\n5 concurrent connections will be used.\n"
            ),
            "{bin}: {stdout}"
        );
        assert!(
            stdout.contains("\n 20 flags downloaded.\nElapsed time: "),
            "{bin}: {stdout}"
        );
    }
}

#[test]
fn results_come_in_completion_order() {
    for bin in FLAGS2_BINARIES {
        // BR and CN are held until the test lets them go: CN once DE and FR are reported,
        // BR once CN is. The order is the test's, whatever the machine's load.
        let (base_url, gates) = gated_urls(&["BR", "CN"]);
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().to_str().expect("a UTF-8 temporary path");
        let args = ["--server", &base_url, "--dest", dest, "-v", "-m", "4"];
        let running = Running::spawn(bin, &[&args[..], &["BR", "CN", "DE", "FR"]].concat());
        let reported = |out: &str, cc: &str| out.lines().any(|line| line == format!("{cc} OK"));
        running.wait_for_stdout("DE and FR", |out| {
            reported(out, "DE") && reported(out, "FR")
        });
        gates[1].open();
        running.wait_for_stdout("CN", |out| reported(out, "CN"));
        gates[0].open();
        let output = running.wait(HANG_GUARD);
        let stdout = flags_testkit::stdout(&output);
        assert_eq!(output.status.code(), Some(0), "{bin}: {stdout}");
        let order: Vec<&str> = lines(&stdout)
            .into_iter()
            .filter(|line| line.ends_with(" OK"))
            .collect();
        assert_eq!(order.len(), 4, "{bin}: {stdout}");
        let mut fast = order[..2].to_vec();
        fast.sort();
        assert_eq!(fast, ["DE OK", "FR OK"], "{bin}: {stdout}");
        assert_eq!(order[2..], ["CN OK", "BR OK"], "{bin}: {stdout}");
    }
}

const FLAGS_ASYNCIO: &str = env!("CARGO_BIN_EXE_flags_asyncio");
const FLAGS_AWAIT: &str = env!("CARGO_BIN_EXE_flags_await");

/// Runs a simple example (`flags_asyncio`, `flags_await`) against `server_url`, under the
/// kit's hang guard; returns its output, its stdout and the folder it saved into.
fn run_pop20(bin: &str, server_url: &str) -> (Output, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let output = flags_testkit::run(bin, &["--server", server_url, "--dest", dest]);
    let stdout = flags_testkit::stdout(&output);
    (output, stdout, dir)
}

/// BD, the first code asked for, answers last (held until the 19 others are printed):
/// `bin` prints it last on its line of codes, saves all 20 flags, and ends with `closing`
/// (`20 downloads in 1.23s`).
fn assert_codes_printed_as_they_complete(bin: &str, closing: &str) {
    let (base_url, gate) = gated_url("BD");
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let running = Running::spawn(bin, &["--server", &base_url, "--dest", dest]);
    running.wait_for_stdout("19 codes", |out| out.split_whitespace().count() == 19);
    gate.open();
    let output = running.wait(HANG_GUARD);
    let stdout = flags_testkit::stdout(&output);
    let stderr = flags_testkit::stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    let (codes, report) = stdout.split_once('\n').expect("two lines");
    let mut printed: Vec<&str> = codes.split_whitespace().collect();
    assert_eq!(printed.last(), Some(&"BD"), "{stdout}");
    printed.sort();
    let mut pop20 = flags_common::POP20_CC.to_vec();
    pop20.sort();
    assert_eq!(printed, pop20);
    assert!(report.starts_with(closing), "{stdout}");
    let codes: Vec<String> = pop20.iter().map(|cc| cc.to_string()).collect();
    common::assert_flags_saved(&common::STRATEGIES[0], &codes, dir.path());
}

#[test]
fn flags_asyncio_prints_the_codes_as_they_complete() {
    assert_codes_printed_as_they_complete(FLAGS_ASYNCIO, "20 downloads in ");
}

#[test]
fn flags_asyncio_exits_1_on_the_first_error_and_2_on_a_bad_command_line() {
    let server = start(Config::default().with_error_rate(1.0));
    let (output, stdout, _dir) = run_pop20(FLAGS_ASYNCIO, &server.base_url());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(stderr, "error: HTTP error 418 - I'm a Teapot\n");

    flags_testkit::assert_usage_error(FLAGS_ASYNCIO, &["--bogus"], "unexpected argument");
}

#[test]
fn flags_asyncio_ends_quietly_when_stdout_is_closed() {
    flags_testkit::suite::simple_binary_with_closed_stdout(FLAGS_ASYNCIO);
}

#[test]
fn flags_asyncio_stops_on_sigterm_leaving_whole_flags_only() {
    flags_testkit::suite::simple_binary_sigterm(FLAGS_ASYNCIO);
}

#[test]
fn flags_await_shows_the_codes_as_they_arrive_and_counts_like_the_1st_edition() {
    assert_codes_printed_as_they_complete(FLAGS_AWAIT, "20 flags downloaded in ");
}

#[test]
fn flags_await_lets_every_task_end_then_exits_1_on_an_error() {
    // Every answer a 418: unlike `gather`, `wait` cancels nothing, so all 20 requests
    // are made before the run reports its first error.
    let server = start(Config::default().with_error_rate(1.0));
    let (output, stdout, dir) = run_pop20(FLAGS_AWAIT, &server.base_url());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(stderr, "error: HTTP error 418 - I'm a Teapot\n");
    assert_eq!(server.log().len(), 20, "every task ran to its end");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn flags_await_ends_quietly_when_stdout_is_closed() {
    flags_testkit::suite::simple_binary_with_closed_stdout(FLAGS_AWAIT);
}

#[test]
fn flags_await_stops_on_sigterm_leaving_whole_flags_only() {
    flags_testkit::suite::simple_binary_sigterm(FLAGS_AWAIT);
}

#[test]
fn flags2_await_says_an_error_the_1st_editions_way() {
    let server = start(Config::default().with_error_rate(1.0));
    let bin = env!("CARGO_BIN_EXE_flags2_await");
    let (output, stdout) = run(bin, &server.base_url(), &["-v", "BR", "CN"]);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let mut errors: Vec<&str> = lines(&stdout)
        .into_iter()
        .filter(|line| line.starts_with("***"))
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            "*** Error for BR: HTTP error 418 - I'm a Teapot",
            "*** Error for CN: HTTP error 418 - I'm a Teapot"
        ],
        "{stdout}"
    );
    assert!(!stdout.contains("BR error:"), "{stdout}");
}
