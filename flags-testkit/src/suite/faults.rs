//! The flag server's faults: each alone, all of them mixed under a seed, and the server
//! stopped under a run.

use std::time::Duration;

use flags_server::{Config, Faults};

use super::{
    Binary, CODES, SEED, TIMED_OUT, UnderWay, args, args_with_timeout, assert_every_code_failed,
    check_run, under_way,
};
use crate::faults::{FaultCase, every_fault};
use crate::process::{HANG_GUARD, run, stderr, stdout, wait_until};
use crate::report::Outcome;
use crate::servers::{faulty, start};

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
    // A timeout longer than the delay: only the stop can fail these requests.
    let UnderWay {
        server,
        running,
        dest,
        _dir,
    } = under_way(bin, &what, &codes, 300, "2");
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
