//! The suite every flags2/flags3 binary runs: a download tool is judged on its bad days.
//!
//! Each function takes a [`Binary`] and drives it, as a reader would, through one kind of
//! bad day: every fault the flag server can inject, the server stopped mid-run, Ctrl-C,
//! destinations that cannot be written, and every command line that must be refused. What
//! holds on every run: no hang (each run is under [`HANG_GUARD`]), no panic, the three
//! counts add up to the number of codes, and the destination holds only whole flags, each
//! equal to what the server sent.
//!
//! Runs are kept short: three to twelve codes, delays of a few hundred milliseconds, and
//! `--timeout 0.5`, so a fault that only a timeout ends costs half a second. Independent
//! runs go on threads of their own, each with its own server and folder.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use flags_common::Counter;
use flags_server::{Config, Faults};

use crate::faults::{FaultCase, every_fault};
use crate::files::{Naming, assert_whole_flags};
use crate::process::{
    EXIT_OUTPUT_CLOSED, HANG_GUARD, Running, run, run_with_closed_stdout, run_with_env, spawn_lock,
    stderr, stdout, wait_until,
};
use crate::report::{Outcome, Report};
use crate::servers::{
    Hostile, delayed, erratic, faulty, gated_url, hostile_url, local, refused_url, start,
};

/// A flags2 or flags3 binary under test.
#[derive(Debug, Clone, Copy)]
pub struct Binary {
    /// Its path: `env!("CARGO_BIN_EXE_<name>")` in the crate that owns it.
    pub path: &'static str,
    /// How it names the files it saves.
    pub naming: Naming,
}

impl Binary {
    /// A flags2 binary: saves `{CC}.gif`.
    pub const fn flags2(path: &'static str) -> Binary {
        Binary {
            path,
            naming: Naming::Code,
        }
    }

    /// A flags3 binary: saves `{Country}.gif`.
    pub const fn flags3(path: &'static str) -> Binary {
        Binary {
            path,
            naming: Naming::Country,
        }
    }

    /// The binary's file name, for messages.
    pub fn name(&self) -> &'static str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }
}

/// The per-request timeout of every run of the suite.
const TIMEOUT: &str = "0.5";
/// What a code that ran out of time says.
const TIMED_OUT: &str = "timed out after 0.5s";
/// Every fault draws from this seed: a failing run replays exactly.
const SEED: u64 = 7;
/// Three codes the server has: each fault, at rate 1, turns all three into errors.
const CODES: [&str; 3] = ["BR", "CN", "FR"];

/// The arguments of a verbose run of `codes` against `base_url`, saving into `dest`, with
/// the suite's timeout.
fn args<'a>(
    base_url: &'a str,
    dest: &'a Path,
    extra: &[&'a str],
    codes: &[&'a str],
) -> Vec<&'a str> {
    args_with_timeout(TIMEOUT, base_url, dest, extra, codes)
}

fn args_with_timeout<'a>(
    timeout: &'a str,
    base_url: &'a str,
    dest: &'a Path,
    extra: &[&'a str],
    codes: &[&'a str],
) -> Vec<&'a str> {
    let dest = dest.to_str().expect("a UTF-8 temporary path");
    let mut args = vec!["-v", "--timeout", timeout, "-s", base_url, "--dest", dest];
    args.extend_from_slice(extra);
    args.extend_from_slice(codes);
    args
}

/// What must hold after any run: no panic, a final report whose counts add up to the
/// codes, one verbose line per code that agrees with them, and only whole flags in `dest`,
/// exactly those of the codes reported OK.
fn check_run(what: &str, bin: &Binary, output: &Output, codes: &[&str], dest: &Path) -> Report {
    let (out, err) = (stdout(output), stderr(output));
    assert!(!err.contains("panicked"), "{what}: a panic\n{err}");
    let report = Report::parse(&out);
    assert_eq!(
        report.counter.total(),
        codes.len(),
        "{what}: the three counts add up to the codes\n{out}"
    );
    let mut tally = Counter::default();
    for outcome in report.lines.values() {
        tally.add(match outcome {
            Outcome::Ok => flags_common::DownloadStatus::Ok,
            Outcome::NotFound(_) => flags_common::DownloadStatus::NotFound,
            Outcome::Error(_) => flags_common::DownloadStatus::Error,
        });
    }
    assert_eq!(tally, report.counter, "{what}: one line per code\n{out}");
    let saved = assert_whole_flags(dest, bin.naming, codes);
    assert_eq!(
        saved,
        report.ok_codes(),
        "{what}: a file for each OK, no other\n{out}"
    );
    report
}

/// Each fault of the flag server, at rate 1: every code ends as a counted error whose
/// verbose line names the fault, nothing is saved, and the run exits 1 without hanging.
pub fn every_fault_is_a_counted_error(bin: &Binary) {
    std::thread::scope(|s| {
        for case in every_fault() {
            s.spawn(move || one_fault(bin, &case));
        }
    });
}

fn one_fault(bin: &Binary, case: &FaultCase) {
    let what = format!("{} under {case}", bin.name());
    let server = faulty(case.faults);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let base_url = server.base_url();
    let output = run(bin.path, &args(&base_url, &dest, &["-m", "3"], &CODES));
    let report = check_run(&what, bin, &output, &CODES, &dest);
    assert_every_code_failed(&what, &output, &report, case.says(TIMED_OUT));
    if let Some(fault) = case.logged {
        // The errors came from the fault injected, not from something else going wrong.
        // A hung request is logged once its client has left: wait for it, bounded.
        let logged = || {
            server
                .log()
                .iter()
                .any(|served| served.fault == Some(fault))
        };
        wait_until(
            &format!("{what}: the server logs {fault:?}"),
            Duration::from_secs(5),
            logged,
        );
    }
}

/// What a code that met any of the faults of [`a_seeded_mix_of_faults`] may say.
const MIX_MESSAGES: [&str; 5] = [
    "HTTP error 503 - Service Unavailable",
    "HTTP error 418 - I'm a Teapot",
    "connection reset",
    "cut short",
    MIX_TIMED_OUT,
];

/// The mix compares two runs code by code, so a request may not time out by accident: on
/// a loaded machine (the suite runs its tests side by side) 0.5 s was seen to expire for
/// the first requests of a run. Two seconds still end every trickle (at least 2.4 s for
/// the smallest flag) and every hang.
const MIX_TIMEOUT: &str = "2";
const MIX_TIMED_OUT: &str = "timed out after 2s";

/// Twelve codes (two unknown to the server) against every fault at once, with 418s too,
/// twice with the same seed: the counts add up, each error names one of the faults, only
/// whole flags are saved, and both runs end the same way, code by code.
pub fn a_seeded_mix_of_faults(bin: &Binary) {
    let codes = [
        "AR", "BR", "CN", "DE", "EG", "FR", "IN", "JP", "NG", "US", "XX", "ZZ",
    ];
    let faults = Faults {
        unavailable: 0.1,
        reset: 0.1,
        truncate: 0.1,
        trickle: 0.05,
        hang: 0.05,
        slow_accept: Duration::ZERO,
    };
    let mix = || {
        let config = Config::default()
            .with_faults(faults)
            .with_error_rate(0.1)
            .with_seed(SEED);
        let server = start(config);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let dest = dir.path().join("flags");
        let base_url = server.base_url();
        let argv = args_with_timeout(MIX_TIMEOUT, &base_url, &dest, &["-m", "4"], &codes);
        let output = run(bin.path, &argv);
        let what = format!("{} under a mix of faults", bin.name());
        let report = check_run(&what, bin, &output, &codes, &dest);
        for (cc, message) in report.errors() {
            assert!(
                MIX_MESSAGES.iter().any(|says| message.contains(says)),
                "{what}: {cc} says {message:?}, none of the faults"
            );
        }
        for cc in ["XX", "ZZ"] {
            assert!(
                !matches!(report.lines.get(cc), Some(Outcome::Ok) | None),
                "{what}: {cc} is not a flag"
            );
        }
        assert!(report.counter.error > 0, "{what}: the mix has errors");
        assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
        // Each run has its own server and port: compare the paths, not the URLs.
        let mut lines = report.lines;
        for outcome in lines.values_mut() {
            if let Outcome::NotFound(url) = outcome {
                *url = url.replacen(&base_url, "", 1);
            }
        }
        lines
    };
    let (first, second) = std::thread::scope(|s| {
        let first = s.spawn(mix);
        let second = s.spawn(mix);
        (first.join(), second.join())
    });
    let (first, second) = (
        first.expect("the first run passed its checks"),
        second.expect("the second run passed its checks"),
    );
    assert_eq!(
        first,
        second,
        "{}: the same seed, the same outcome for each code",
        bin.name()
    );
}

/// What a code may say when the server stops under it: refused once the listener is
/// gone; closed or reset for a connection that was open; cut short in the middle of a body.
const STOPPED_MESSAGES: [&str; 4] = [
    "connection refused",
    "connection closed before the response arrived",
    "connection reset",
    "cut short",
];

/// The server stopped while requests are in flight: the run still ends (within its
/// timeout), counts every code, and reports those not done as errors.
pub fn a_server_stopped_mid_run(bin: &Binary) {
    let what = format!("{} with the server stopped mid-run", bin.name());
    let codes = ["AR", "BR", "CN", "DE", "EG", "FR"];
    let server = delayed(Duration::from_millis(300));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let base_url = server.base_url();
    // A timeout longer than the delay: only the stop can fail these requests.
    let argv = args_with_timeout("2", &base_url, &dest, &["-m", "2"], &codes);
    let running = Running::spawn(bin.path, &argv);
    wait_until(
        &format!("{what}: a first answer"),
        Duration::from_secs(10),
        || !server.log().is_empty(),
    );
    server.shutdown();
    let output = running.wait(HANG_GUARD);
    let report = check_run(&what, bin, &output, &codes, &dest);
    assert_eq!(report.counter.not_found, 0, "{what}");
    assert!(
        report.counter.error > 0,
        "{what}: the rest are errors\n{}",
        stdout(&output)
    );
    for (cc, message) in report.errors() {
        assert!(
            STOPPED_MESSAGES.iter().any(|says| message.contains(says)),
            "{what}: {cc} says {message:?}, not why"
        );
    }
    assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
}

/// Ctrl-C (SIGINT) in the middle of a run against a delayed server: exit status 130, a
/// final report on stdout, what was done on stderr, and only whole flags on disk. Returns
/// how long the binary took to exit after the signal (not asserted: a timing is a
/// measurement, never a test; the hang guard alone bounds it).
pub fn ctrl_c_mid_run(bin: &Binary) -> Duration {
    let what = format!("{} after Ctrl-C", bin.name());
    let codes = ["AR", "BR", "CN", "DE", "EG", "FR", "IN", "JP", "NG", "US"];
    // 10 codes, 2 at a time, 400 ms each: a whole run would take 2 s.
    let server = delayed(Duration::from_millis(400));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let base_url = server.base_url();
    // A timeout longer than the delay: nothing times out before the Ctrl-C.
    let argv = args_with_timeout("5", &base_url, &dest, &["-m", "2"], &codes);
    let running = Running::spawn(bin.path, &argv);
    // One answer served means the downloads are under way, and so is the Ctrl-C handler,
    // which `flags_common::main` installs before the first request.
    wait_until(
        &format!("{what}: a first answer"),
        Duration::from_secs(10),
        || !server.log().is_empty(),
    );
    let pressed = Instant::now();
    running.interrupt();
    let output = running.wait(Duration::from_secs(10));
    let took = pressed.elapsed();
    assert_eq!(
        output.status.code(),
        Some(130),
        "{what}: {}",
        stderr(&output)
    );
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(!err.contains("panicked"), "{what}: a panic\n{err}");
    let report = Report::parse(&out);
    let done = report.counter.total();
    assert!(
        done < codes.len(),
        "{what}: it stopped before the end\n{out}"
    );
    let interrupted = format!("Interrupted: {done} of {} codes done.", codes.len());
    assert!(err.contains(&interrupted), "{what}: {err}");
    let saved = assert_whole_flags(&dest, bin.naming, &codes);
    for cc in report.ok_codes() {
        assert!(
            saved.iter().any(|s| s == cc),
            "{what}: {cc} counted, not saved\n{out}"
        );
    }
    // A save already running when Ctrl-C lands may still finish, whole, after the count
    // stopped (a blocking write cannot be cancelled): at most one per request in flight.
    assert!(
        saved.len() <= report.counter.ok + 2,
        "{what}: {saved:?} saved, {} counted\n{out}",
        report.counter.ok
    );
    took
}

/// The destination folder: missing (created), impossible to create even for root (under
/// `/proc`), and a regular file where the folder should be. The last two give a clear
/// error for each flag, exit 1, and no panic.
pub fn destinations(bin: &Binary) {
    let server = local();
    let base_url = server.base_url();
    let codes = ["BR", "CN"];
    let dir = tempfile::tempdir().expect("a temporary folder");

    let missing = dir.path().join("new").join("flags");
    let what = format!("{} with a missing destination", bin.name());
    let output = run(bin.path, &args(&base_url, &missing, &[], &codes));
    assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(&output));
    let report = check_run(&what, bin, &output, &codes, &missing);
    assert_eq!(report.counter.ok, 2, "{what}: created and filled");

    // /proc refuses a new folder even to root, where chmod would not.
    let unwritable = Path::new("/proc/flags-testkit-destination");
    let blocker = dir.path().join("downloaded");
    std::fs::write(&blocker, "not a folder").expect("a file in the way");
    for (case, dest) in [("an unwritable", unwritable), ("a file as", &*blocker)] {
        let what = format!("{} with {case} destination", bin.name());
        let output = run(bin.path, &args(&base_url, dest, &[], &codes));
        let report = check_run(&what, bin, &output, &codes, dest);
        assert_eq!(report.counter.error, 2, "{what}: {}", stdout(&output));
        for (cc, message) in report.errors() {
            let path = dest.join(bin.naming.file_name(cc));
            let expected = format!("cannot save {}: ", path.display());
            assert!(
                message.starts_with(&expected),
                "{what}: {cc} says {message:?}"
            );
        }
        assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
    }
    assert_eq!(
        std::fs::read_to_string(&blocker).expect("still a file"),
        "not a folder",
        "the file in the way is left alone"
    );
}

/// Every argument the flags2 command line rejects, and what the message must say.
pub const BAD_COMMAND_LINES: [(&[&str], &str); 15] = [
    (&["B1"], "AA to ZZ"),
    (&["ABC"], "AA to ZZ"),
    (&["-m", "0"], "at least 1"),
    (&["-m", "-1"], "at least 1"),
    (&["-m", "many"], "whole number"),
    (&["-l", "0"], "at least 1"),
    (&["-l", "x"], "whole number"),
    (&["-s", "NOWHERE"], "LOCAL, DELAY, ERROR, REMOTE"),
    (&["-s", "ftp://example.com/flags"], "only http and https"),
    (&["--timeout", "-1"], "more than 0"),
    (&["--timeout", "0"], "more than 0"),
    (&["--timeout", "soon"], "number of seconds"),
    (&["-a", "-e"], "cannot be used with"),
    (&["-a", "BR"], "cannot be used with"),
    (&["--bogus"], "unexpected argument"),
];

/// Each bad command line of [`BAD_COMMAND_LINES`]: exit status 2, the reason and a
/// `Usage:` line on stderr, nothing on stdout, nothing created.
pub fn bad_command_lines(bin: &Binary) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("never");
    let dest = dest.to_str().expect("a UTF-8 temporary path");
    for (bad, says) in BAD_COMMAND_LINES {
        let what = format!("{} {}", bin.name(), bad.join(" "));
        let mut argv = vec!["--dest", dest];
        argv.extend_from_slice(bad);
        let output = run(bin.path, &argv);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains(says), "{what}: {err:?} does not say {says:?}");
        assert!(err.contains("Usage:"), "{what}: no usage line in {err:?}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        assert!(output.stdout.is_empty(), "{what}: {}", stdout(&output));
        assert!(!Path::new(dest).exists(), "{what}: nothing is created");
    }
}

/// The ordinary days, as a reader runs the binary with `-v`: the report in the book's
/// format with `BR OK` and `ZZ not found: URL` and exit 0; every 418 a line and exit 1; a
/// timeout and a refused connection each a line of their own (the refused one with the
/// hint to start the server) and exit 1.
pub fn a_good_day_and_plain_errors(bin: &Binary) {
    let name = bin.name();
    let run_v = |base: &str, extra: &[&str], vars: &[(&str, &str)]| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let dest = dir
            .path()
            .to_str()
            .expect("a UTF-8 temporary path")
            .to_string();
        let mut argv = vec!["-v", "-s", base, "--dest", &dest];
        argv.extend_from_slice(extra);
        let output = run_with_env(bin.path, &argv, vars);
        (output, dir)
    };
    let has_line = |text: &str, line: &str| text.lines().any(|l| l == line);

    // A good day: one found, one not found, one request at a time.
    let server = local();
    let base = server.base_url();
    let (output, dir) = run_v(&base, &["-m", "1", "br", "ZZ"], &[]);
    let text = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{name}: {text}{}",
        stderr(&output)
    );
    let head =
        format!("URL site: {base}\nSearching for 2 flags: BR, ZZ\n1 connection will be used.\n");
    assert!(text.starts_with(&head), "{name}: {text}");
    assert!(has_line(&text, "BR OK"), "{name}: {text}");
    // flags3 asks for the metadata first, so that is what it does not find.
    let missing = match bin.naming {
        Naming::Code => "zz.gif",
        Naming::Country => "metadata.json",
    };
    assert!(
        has_line(&text, &format!("ZZ not found: {base}/zz/{missing}")),
        "{name}: {text}"
    );
    let footer = "--------------------\n  1 flag downloaded.\n  1 not found.\nElapsed time: ";
    assert!(text.contains(footer), "{name}: {text}");
    assert_eq!(
        assert_whole_flags(dir.path(), bin.naming, &["BR", "ZZ"]),
        ["BR"],
        "{name}"
    );

    // A proxy in the environment (a company network's HTTP_PROXY) must not reroute a
    // local server: here it points at a port where nobody listens.
    let proxy = refused_url();
    let vars = [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .map(|var| (var, proxy.as_str()));
    let (output, dir) = run_v(&base, &["BR"], &vars);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{name} with a proxy set: {}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(
        assert_whole_flags(dir.path(), bin.naming, &["BR"]),
        ["BR"],
        "{name}"
    );

    // Every answer a teapot: a line per code, counted as errors.
    let teapots = erratic(1.0);
    let (output, _dir) = run_v(&teapots.base_url(), &["XX", "BR"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: {text}");
    for cc in ["XX", "BR"] {
        assert!(
            has_line(&text, &format!("{cc} error: HTTP error 418 - I'm a Teapot")),
            "{name}: {text}"
        );
    }
    assert!(text.contains("\n  2 errors.\n"), "{name}: {text}");

    // Slower than the timeout.
    let slow = delayed(Duration::from_millis(300));
    let (output, _dir) = run_v(&slow.base_url(), &["--timeout", "0.1", "BR"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: {text}");
    assert!(
        has_line(&text, "BR error: timed out after 0.1s"),
        "{name}: {text}"
    );

    // Nobody listening at a URL the reader typed: each code says so, and no hint to start
    // the local server, which this URL is not (the hint is for LOCAL, DELAY and ERROR).
    let (output, _dir) = run_v(&refused_url(), &["BR", "CN"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: {text}");
    for cc in ["BR", "CN"] {
        let line = format!("{cc} error: connection refused");
        assert!(has_line(&text, &line), "{name}: {text}");
    }
    let err = stderr(&output);
    assert!(!err.contains("flags-server"), "{name}: {err}");

    // More requests at once than the strategy allows: lowered, as the book's main does,
    // and said on stderr.
    let (output, _dir) = run_v(&base, &["-m", "100000", "BR", "CN"], &[]);
    let (text, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(0), "{name}: {text}{err}");
    assert!(err.contains("--max-req 100000 is above"), "{name}: {err}");
    assert!(!text.contains("100000"), "{name}: {text}");
}

/// One lie of a hostile server, and what the verbose line of a code that met it says.
#[derive(Debug, Clone, Copy)]
struct Lie {
    lie: Hostile,
    says: &'static str,
    /// Only a flags3 binary asks for `metadata.json`.
    flags3_only: bool,
}

/// The lies of [`Hostile`] about a flag or a metadata document, and the error each gives.
const LIES: [Lie; 8] = [
    Lie {
        lie: Hostile::Html,
        says: "not a GIF: the body starts with \"<!DOCTYPE html>",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Empty,
        says: "not a GIF: the body is empty",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Gzip,
        says: "Content-Encoding: gzip",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::LengthTooShort,
        says: "not a GIF: it ends before the GIF trailer",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Huge,
        says: "over the 1 MiB limit",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Endless,
        says: "over the 1 MiB limit",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::MetadataHtml,
        says: "bad metadata.json: ",
        flags3_only: true,
    },
    Lie {
        lie: Hostile::MetadataWithoutCountry,
        says: "bad metadata.json: missing field `country`",
        flags3_only: true,
    },
];

/// A server that answers `200 OK` with something that is not what was asked for: an HTML
/// page, nothing, an unasked gzip, a `Content-Length` shorter than the flag, 2 GiB, a body
/// without end; and, for flags3, a `metadata.json` that is not one. Every code is a
/// counted error that says what was wrong, nothing is saved, the run exits 1.
pub fn hostile_responses_are_counted_errors(bin: &Binary) {
    let flags3 = bin.naming == Naming::Country;
    // One after another: each takes a fraction of a second, and eight processes at once
    // would load the machine under the suite's other, timing-bound tests.
    for lie in LIES.iter().filter(|lie| flags3 || !lie.flags3_only) {
        one_lie(bin, lie);
    }
}

/// Every code of the run was a counted error whose message names `says`, and the run
/// exited 1.
fn assert_every_code_failed(what: &str, output: &Output, report: &Report, says: &str) {
    let errors = Counter {
        error: CODES.len(),
        ..Counter::default()
    };
    assert_eq!(report.counter, errors, "{what}: {}", stdout(output));
    for (cc, message) in report.errors() {
        assert!(
            message.contains(says),
            "{what}: {cc} says {message:?}, not {says:?}"
        );
    }
    assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(output));
}

fn one_lie(bin: &Binary, lie: &Lie) {
    let what = format!("{} when the server sends {:?}", bin.name(), lie.lie);
    let base_url = hostile_url(lie.lie);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    // No lie needs a timeout to end: a generous one, so a slow CI never turns one into
    // a timeout.
    let argv = args_with_timeout("10", &base_url, &dest, &["-m", "3"], &CODES);
    let output = run(bin.path, &argv);
    let report = check_run(&what, bin, &output, &CODES, &dest);
    assert_every_code_failed(&what, &output, &report, lie.says);
}

/// Every `metadata.json` names Brazil. flags2 never asks for it and saves each flag under
/// its code. flags3 would save three flags as `Brazil.gif`, each over the last: the first
/// flag saved keeps the name, each other code is an error that says whose the name is.
pub fn two_codes_one_country_name(bin: &Binary) {
    let what = format!("{} when every country is Brazil", bin.name());
    let base_url = hostile_url(Hostile::SameCountry);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let output = run(bin.path, &args(&base_url, &dest, &["-m", "3"], &CODES));
    let out = stdout(&output);
    assert!(!stderr(&output).contains("panicked"), "{what}: a panic");
    let report = Report::parse(&out);
    if bin.naming == Naming::Code {
        assert_eq!(report.counter.ok, CODES.len(), "{what}: {out}");
        assert_whole_flags(&dest, bin.naming, &CODES);
        return;
    }
    let ok = report.ok_codes();
    assert_eq!(ok.len(), 1, "{what}: one flag per name\n{out}");
    assert_eq!(report.counter.error, CODES.len() - 1, "{what}: {out}");
    for (cc, message) in report.errors() {
        let expected = format!("Brazil.gif is already the flag of {}", ok[0]);
        assert!(message.contains(&expected), "{what}: {cc} says {message:?}");
    }
    let names: Vec<String> = std::fs::read_dir(&dest)
        .expect("the destination")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["Brazil.gif"], "{what}");
    let saved = std::fs::read(dest.join("Brazil.gif")).expect("the flag");
    let served = flags_server::FlagStore::embedded()
        .get(&ok[0].to_ascii_lowercase())
        .expect("a known code")
        .gif;
    assert!(
        saved == served,
        "{what}: Brazil.gif is not the flag of {}",
        ok[0]
    );
    assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
}

/// Stdout closed before the first line (`prog | head -0`, or a reader gone): the run ends
/// at its first write, quietly (nothing on stderr, no panic), with the status a shell
/// gives a process ended by SIGPIPE, before any request is made.
pub fn closed_stdout_ends_quietly(bin: &Binary) {
    let what = format!("{} with stdout closed", bin.name());
    let server = local();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let output = run_with_closed_stdout(bin.path, &args(&server.base_url(), &dest, &[], &CODES));
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(EXIT_OUTPUT_CLOSED),
        "{what}: {err}"
    );
    assert_eq!(err, "", "{what}: quietly");
    assert!(server.log().is_empty(), "{what}: {:?}", server.log());
    assert!(!dest.exists(), "{what}: nothing written");
}

/// Stdout closed in the middle of a run, as `prog -v | head -1` closes it once it has its
/// line: the reader takes the line of BR and leaves; only then does the server answer CN,
/// and the line of CN finds no reader. The run ends quietly with 141, only whole flags.
pub fn closed_stdout_mid_run_ends_quietly(bin: &Binary) {
    use std::io::BufRead;
    let what = format!("{} with stdout closed mid-run", bin.name());
    let (base_url, gate) = gated_url("CN");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let argv = args_with_timeout("10", &base_url, &dest, &[], &["BR", "CN"]);
    // No other test may start a process until the read end is closed: a fork would copy it.
    let alone = spawn_lock();
    let mut child = std::process::Command::new(bin.path)
        .args(&argv)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("a piped stdout");
    let mut stderr = child.stderr.take().expect("a piped stderr");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    // `head`: read up to the line of BR on a thread (a bounded wait), then hang up.
    let (got, line) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = std::io::BufReader::new(stdout).lines();
        let found = lines.any(|line| line.is_ok_and(|line| line == "BR OK"));
        drop(lines); // the pipe's read end closes, before the gate may open
        let _ = got.send(found);
    });
    let found = line.recv_timeout(HANG_GUARD);
    drop(alone);
    gate.open();
    let deadline = Instant::now() + HANG_GUARD;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {HANG_GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let err = stderr.join().expect("the stderr reader");
    assert_eq!(found, Ok(true), "{what}: no line for BR; {err}");
    assert_eq!(status.code(), Some(EXIT_OUTPUT_CLOSED), "{what}: {err}");
    assert_eq!(err, "", "{what}: quietly");
    assert_whole_flags(&dest, bin.naming, &["BR", "CN"]);
}

/// SIGTERM (`kill PID`) in the middle of a run: handled like Ctrl-C, with the status a
/// shell gives SIGTERM (143), a final report, and only whole flags on disk.
pub fn sigterm_mid_run(bin: &Binary) {
    let what = format!("{} after SIGTERM", bin.name());
    let codes = ["AR", "BR", "CN", "DE", "EG", "FR", "IN", "JP", "NG", "US"];
    let server = delayed(Duration::from_millis(400));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let base_url = server.base_url();
    let argv = args_with_timeout("5", &base_url, &dest, &["-m", "2"], &codes);
    let running = Running::spawn(bin.path, &argv);
    // One answer served: the downloads, and the signal handler, are under way.
    wait_until(
        &format!("{what}: a first answer"),
        Duration::from_secs(10),
        || !server.log().is_empty(),
    );
    running.terminate();
    let output = running.wait(Duration::from_secs(10));
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(143), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: a panic\n{err}");
    let report = Report::parse(&out);
    let done = report.counter.total();
    assert!(
        done < codes.len(),
        "{what}: it stopped before the end\n{out}"
    );
    let terminated = format!("Terminated: {done} of {} codes done.", codes.len());
    assert!(err.contains(&terminated), "{what}: {err}");
    // Only whole flags: no `.part` file survives the signal.
    assert_whole_flags(&dest, bin.naming, &codes);
}

/// Temporary files that a killed run left (`.BR.gif.x1Y2z3.part`, as `save_flag` names
/// them) are removed by the next run into the same folder; anything else is left alone.
pub fn leftover_partial_files_are_removed(bin: &Binary) {
    let what = format!("{} with leftovers in its folder", bin.name());
    let server = local();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    std::fs::create_dir(&dest).expect("the destination");
    let ours = [".BR.gif.a1B2c3.part", ".Korea_South.gif.Zz9y8X.part"];
    let theirs = [
        ".notes.part",
        ".BR.gif.part",
        "BR.gif.a1b2c3.part",
        ".BR.png.a1b2c3.part",
        "notes.txt",
    ];
    for name in ours.iter().chain(&theirs) {
        std::fs::write(dest.join(name), b"").expect("a leftover");
    }
    let output = run(bin.path, &args(&server.base_url(), &dest, &[], &["BR"]));
    assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(&output));
    let mut names: Vec<String> = std::fs::read_dir(&dest)
        .expect("the destination")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut expected: Vec<String> = theirs.iter().map(|name| name.to_string()).collect();
    expected.push(bin.naming.file_name("BR"));
    expected.sort();
    assert_eq!(names, expected, "{what}");
}

/// Declares a module of tests, one per function of the suite, for one binary:
///
/// ```ignore
/// flags_testkit::suite_tests!(
///     flags2_sequential,
///     flags_testkit::suite::Binary::flags2(env!("CARGO_BIN_EXE_flags2_sequential"))
/// );
/// ```
///
/// A macro, because `env!("CARGO_BIN_EXE_<name>")` only exists in the crate that owns the
/// binary, and one `#[test]` per check lets the harness run them side by side.
#[macro_export]
macro_rules! suite_tests {
    ($name:ident, $binary:expr) => {
        mod $name {
            #[allow(unused_imports)] // what the caller imported, for `$binary`
            use super::*;

            const BINARY: $crate::suite::Binary = $binary;

            #[test]
            fn a_good_day_and_plain_errors() {
                $crate::suite::a_good_day_and_plain_errors(&BINARY);
            }

            #[test]
            fn every_fault_is_a_counted_error() {
                $crate::suite::every_fault_is_a_counted_error(&BINARY);
            }

            #[test]
            fn a_seeded_mix_of_faults() {
                $crate::suite::a_seeded_mix_of_faults(&BINARY);
            }

            #[test]
            fn a_server_stopped_mid_run() {
                $crate::suite::a_server_stopped_mid_run(&BINARY);
            }

            #[test]
            fn ctrl_c_mid_run() {
                let took = $crate::suite::ctrl_c_mid_run(&BINARY);
                // A measurement for whoever runs with --nocapture, never an assertion.
                eprintln!("{}: exited {took:.2?} after Ctrl-C", BINARY.name());
            }

            #[test]
            fn destinations() {
                $crate::suite::destinations(&BINARY);
            }

            #[test]
            fn hostile_responses_are_counted_errors() {
                $crate::suite::hostile_responses_are_counted_errors(&BINARY);
            }

            #[test]
            fn two_codes_one_country_name() {
                $crate::suite::two_codes_one_country_name(&BINARY);
            }

            #[test]
            fn closed_stdout_ends_quietly() {
                $crate::suite::closed_stdout_ends_quietly(&BINARY);
            }

            #[test]
            fn closed_stdout_mid_run_ends_quietly() {
                $crate::suite::closed_stdout_mid_run_ends_quietly(&BINARY);
            }

            #[test]
            fn sigterm_mid_run() {
                $crate::suite::sigterm_mid_run(&BINARY);
            }

            #[test]
            fn leftover_partial_files_are_removed() {
                $crate::suite::leftover_partial_files_are_removed(&BINARY);
            }

            #[test]
            fn bad_command_lines() {
                $crate::suite::bad_command_lines(&BINARY);
            }
        }
    };
}

/// The simple examples (`flags`, `flags_threadpool`, `flags_threadpool_futures`,
/// `flags_asyncio`), whose only options are `--server` and `--dest`, with stdout closed:
/// they end at their first write, quietly, with 141, leaving only whole flags.
pub fn simple_binary_with_closed_stdout(path: &str) {
    let server = local();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let argv = ["--server", &server.base_url(), "--dest", dest];
    let output = run_with_closed_stdout(path, &argv);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(EXIT_OUTPUT_CLOSED),
        "{path}: {err}"
    );
    assert_eq!(err, "", "{path}: quietly");
    let pop20: Vec<&str> = flags_common::POP20_CC.to_vec();
    assert_whole_flags(dir.path(), Naming::Code, &pop20);
}

/// A simple example sent SIGTERM mid-run: 143, `Terminated.` on stderr, only whole flags.
pub fn simple_binary_sigterm(path: &str) {
    // Every code 100 ms, and VN, the last, 10 s: whatever the concurrency, the run is
    // still going when the first answer has been served.
    let config = Config::default()
        .with_delay(flags_server::Delay::Fixed(Duration::from_millis(100)))
        .with_code_delay("VN", Duration::from_secs(10));
    let server = start(config);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let running = Running::spawn(path, &["--server", &server.base_url(), "--dest", dest]);
    wait_until(
        &format!("{path}: a first answer"),
        Duration::from_secs(10),
        || !server.log().is_empty(),
    );
    running.terminate();
    let output = running.wait(Duration::from_secs(10));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(143), "{path}: {err}");
    assert!(err.contains("Terminated."), "{path}: {err}");
    assert!(!err.contains("panicked"), "{path}: {err}");
    let pop20: Vec<&str> = flags_common::POP20_CC.to_vec();
    assert_whole_flags(dir.path(), Naming::Code, &pop20);
}
