//! The binaries as a reader runs them: verbose lines, reports, exit statuses, completion
//! order and Ctrl-C, each against an in-process server.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::start;
use flags_server::{Config, Delay, FlagServer};

/// The flags2-style binaries, which share the flags2 command line.
const FLAGS2_BINARIES: [&str; 3] = [
    env!("CARGO_BIN_EXE_flags2_asyncio"),
    env!("CARGO_BIN_EXE_flags2_asyncio_executor"),
    env!("CARGO_BIN_EXE_flags3_asyncio"),
];

fn run(bin: &str, base_url: &str, args: &[&str]) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(bin)
        .args(["--server", base_url, "--dest"])
        .arg(dir.path())
        .args(args)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
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
fn verbose_lines_say_ok_not_found_and_the_error() {
    let local = start(Config::default());
    let error = start(Config::default().with_error_rate(1.0));
    let slow = start(Config::default().with_delay(Delay::Fixed(Duration::from_millis(300))));
    let refused = common::refused_base_url();
    for bin in FLAGS2_BINARIES {
        let (output, stdout) = run(bin, &local.base_url(), &["-v", "BR", "ZZ"]);
        let not_found = format!("ZZ not found: {}/zz/zz.gif", local.base_url());
        let not_found = if bin.ends_with("flags3_asyncio") {
            not_found.replace("zz.gif", "metadata.json") // flags3 asks for metadata first.
        } else {
            not_found
        };
        assert!(lines(&stdout).contains(&"BR OK"), "{bin}: {stdout}");
        assert!(
            lines(&stdout).contains(&not_found.as_str()),
            "{bin}: {stdout}"
        );
        assert_eq!(output.status.code(), Some(0), "{bin}: only Ok and NotFound");

        let (output, stdout) = run(bin, &error.base_url(), &["-v", "XX"]);
        assert!(
            lines(&stdout).contains(&"XX error: HTTP 418 I'm a Teapot"),
            "{bin}: {stdout}"
        );
        assert!(stdout.contains("\n  1 error.\n"), "{bin}: {stdout}");
        assert_eq!(output.status.code(), Some(1), "{bin}: an error");

        let (output, stdout) = run(bin, &slow.base_url(), &["-v", "--timeout", "0.1", "BR"]);
        assert!(
            lines(&stdout).contains(&"BR error: timed out after 0.1s"),
            "{bin}: {stdout}"
        );
        assert_eq!(output.status.code(), Some(1));

        let (output, stdout) = run(bin, &refused, &["-v", "BR"]);
        let hint =
            "BR error: connection refused (is the server running? cargo run -p flags-server)";
        assert!(lines(&stdout).contains(&hint), "{bin}: {stdout}");
        assert_eq!(output.status.code(), Some(1));
    }
}

#[test]
fn a_bad_command_line_exits_2_with_the_usage() {
    for bin in FLAGS2_BINARIES {
        for args in [&["-m", "0"][..], &["--bogus"], &["B1"]] {
            let (output, _) = run(bin, "http://127.0.0.1:9/flags", args);
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert_eq!(output.status.code(), Some(2), "{bin} {args:?}: {stderr}");
            assert!(stderr.contains("Usage:"), "{bin} {args:?}: {stderr}");
        }
    }
}

#[test]
fn results_come_in_completion_order() {
    // The first code alphabetically is the slowest, the second the next slowest.
    let config = Config::default()
        .with_code_delay("BR", Duration::from_millis(400))
        .with_code_delay("CN", Duration::from_millis(200));
    let server = start(config);
    for bin in FLAGS2_BINARIES {
        let (output, stdout) = run(
            bin,
            &server.base_url(),
            &["-v", "-m", "4", "BR", "CN", "DE", "FR"],
        );
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

#[test]
fn ctrl_c_reports_what_was_done_and_exits_130() {
    let slow = Duration::from_secs(60);
    let config = Config::default()
        .with_code_delay("CN", slow)
        .with_code_delay("DE", slow);
    let server = start(config);
    for bin in FLAGS2_BINARIES {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(bin)
            .args([
                "--server",
                &server.base_url(),
                "-v",
                "-m",
                "3",
                "BR",
                "CN",
                "DE",
                "--dest",
            ])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut seen = String::new();
        // BR answers at once: once its line is out, the Ctrl-C handler is in place.
        while !seen.contains("BR OK\n") {
            assert!(stdout.read_line(&mut seen).unwrap() > 0, "{bin}: {seen}");
        }
        let pid = child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .unwrap()
                .success()
        );
        stdout.read_to_string(&mut seen).unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(
            child.wait().unwrap().code(),
            Some(130),
            "{bin}: {seen}{stderr}"
        );
        assert!(seen.contains("\n  1 flag downloaded.\n"), "{bin}: {seen}");
        assert!(
            stderr.contains("Interrupted: 1 of 3 codes done."),
            "{bin}: {stderr}"
        );
        let files = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 1, "{bin}: only the finished flag, no partial file");
    }
}

fn run_simple(server: &FlagServer) -> (Output, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_flags_asyncio"))
        .args(["--server", &server.base_url(), "--dest"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    (output, stdout, dir)
}

#[test]
fn flags_asyncio_prints_the_codes_as_they_complete() {
    // BD, the first of the sorted 20, answers last.
    let server = start(Config::default().with_code_delay("BD", Duration::from_millis(300)));
    let (output, stdout, dir) = run_simple(&server);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let (codes, report) = stdout.split_once('\n').expect("two lines");
    let mut printed: Vec<&str> = codes.split_whitespace().collect();
    assert_eq!(printed.last(), Some(&"BD"), "{stdout}");
    printed.sort();
    let mut pop20 = flags_common::POP20_CC.to_vec();
    pop20.sort();
    assert_eq!(printed, pop20);
    assert!(report.starts_with("20 downloads in "), "{stdout}");
    let codes: Vec<String> = pop20.iter().map(|cc| cc.to_string()).collect();
    common::assert_flags_saved(&common::STRATEGIES[0], &codes, dir.path());
}

#[test]
fn flags_asyncio_exits_1_on_the_first_error_and_2_on_a_bad_command_line() {
    let server = start(Config::default().with_error_rate(1.0));
    let (output, stdout, _dir) = run_simple(&server);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(stderr, "error: HTTP 418 I'm a Teapot\n");

    let output = Command::new(env!("CARGO_BIN_EXE_flags_asyncio"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("Usage:"));
}
