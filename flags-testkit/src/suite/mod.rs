//! The suite every flags2/flags3 binary runs: a download tool is judged on its bad days.
//!
//! Each function takes a [`Binary`] and drives it, as a reader would, through one kind of
//! bad day: every fault the flag server can inject, the server stopped mid-run, Ctrl-C,
//! destinations that cannot be written, and every command line that must be refused. What
//! holds on every run: no hang (each run is under [`HANG_GUARD`](crate::HANG_GUARD)), no
//! panic, the three counts add up to the number of codes, and the destination holds only
//! whole flags, each equal to what the server sent.
//!
//! Runs are kept short: three to twelve codes, delays of a few hundred milliseconds, and
//! `--timeout 0.5`, so a fault that only a timeout ends costs half a second. Independent
//! runs go on threads of their own, each with its own server and folder.
//!
//! One module per kind of bad day; this one holds what they share: the [`Binary`], the
//! arguments of a run, and the checks that hold after any run.

mod command_line;
mod destinations;
mod faults;
mod good_day;
mod hostile;
mod pipes;
mod signals;
mod simple;

use std::path::Path;
use std::process::Output;

use flags_common::Counter;

pub use command_line::{BAD_COMMAND_LINES, bad_command_lines};
pub use destinations::{destinations, leftover_partial_files_are_removed};
pub use faults::{
    a_seeded_mix_of_faults, a_server_stopped_mid_run, every_fault_is_a_counted_error,
};
pub use good_day::a_good_day_and_plain_errors;
pub use hostile::{hostile_responses_are_counted_errors, two_codes_one_country_name};
pub use pipes::{closed_stdout_ends_quietly, closed_stdout_mid_run_ends_quietly};
pub use signals::{ctrl_c_mid_run, sigterm_mid_run};
pub use simple::{
    simple_binary_sigterm, simple_binary_stops_at_a_refused_connection,
    simple_binary_with_closed_stdout,
};

use crate::files::{Naming, assert_whole_flags};
use crate::process::{stderr, stdout};
use crate::report::{Outcome, Report};

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

/// A verbose run of `codes`, two at a time, against a server that waits `delay` before
/// each answer, with a `timeout` longer than that; see [`under_way`].
struct UnderWay {
    server: flags_server::FlagServer,
    running: crate::process::Running,
    dest: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// Starts an [`UnderWay`] run and returns once the server has answered a first request:
/// the downloads are under way, and so are the binary's signal handlers, which
/// `flags_common::main` installs before the first request.
fn under_way(bin: &Binary, what: &str, codes: &[&str], delay_ms: u64, timeout: &str) -> UnderWay {
    let server = crate::servers::delayed(std::time::Duration::from_millis(delay_ms));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let base_url = server.base_url();
    let argv = args_with_timeout(timeout, &base_url, &dest, &["-m", "2"], codes);
    let running = crate::process::Running::spawn(bin.path, &argv);
    crate::process::wait_until(
        &format!("{what}: a first answer"),
        crate::HANG_GUARD,
        || !server.log().is_empty(),
    );
    UnderWay {
        server,
        running,
        dest,
        _dir: dir,
    }
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
