//! What the domain probes print, recorded in `tests/transcripts/*.txt`: each program
//! starts its own DNS server on loopback (its port is elided as `[..]`), with a fixed seed
//! for its delays.
//!
//! The answers come in completion order, which is the lesson: even with the same seeded
//! delays, two answers a few milliseconds apart swap from run to run (seen: `if.dev` and
//! `none.dev`), so the transcripts hold the answer lines sorted, and say so.
//!
//! After a deliberate change of output, re-record and read the diff before committing:
//! `SNAPSHOTS=overwrite cargo test -p domains --test transcripts` (after
//! `cargo build -p domains --examples`, for `domainlib`).

use std::path::PathBuf;

use flags_testkit::Transcript;
use snapbox::file;

const BLOGDOM: &str = env!("CARGO_BIN_EXE_blogdom");
const BLOGDOM_JOINSET: &str = env!("CARGO_BIN_EXE_blogdom_joinset");
const DOMAINCHECK: &str = env!("CARGO_BIN_EXE_domaincheck");

const COMPLETION_ORDER: &str = "the answers come in completion order";

/// A line naming a probed domain: `+ and.dev`, `  none.dev`, a column of domaincheck.
fn is_answer(line: &str) -> bool {
    line.trim_end().ends_with(".dev")
}

/// The example `name`, built first if `cargo test --all-targets` built it only as a test.
fn example(name: &str) -> PathBuf {
    flags_testkit::transcript::example("domains", name)
}

#[test]
fn blogdom() {
    Transcript::new(BLOGDOM)
        .args(["--seed", "7"])
        .sorted_stdout(COMPLETION_ORDER, is_answer)
        .check(file!["transcripts/blogdom.txt"]);
}

#[test]
fn blogdom_joinset() {
    Transcript::new(BLOGDOM_JOINSET)
        .args(["--seed", "7"])
        .sorted_stdout(COMPLETION_ORDER, is_answer)
        .check(file!["transcripts/blogdom_joinset.txt"]);
}

#[test]
fn domaincheck() {
    Transcript::new(DOMAINCHECK)
        .args(["--seed", "7", "dev"])
        .sorted_stdout(COMPLETION_ORDER, is_answer)
        .check(file!["transcripts/domaincheck.txt"]);
}

#[test]
fn domaincheck_joinset() {
    Transcript::new(DOMAINCHECK)
        .args(["--joinset", "--seed", "7", "dev"])
        .sorted_stdout(COMPLETION_ORDER, is_answer)
        .check(file!["transcripts/domaincheck_joinset.txt"]);
}

#[test]
fn domaincheck_needs_a_tld() {
    Transcript::new(DOMAINCHECK).check(file!["transcripts/domaincheck_no_tld.txt"]);
}

#[test]
fn domainlib() {
    let bin = example("domainlib");
    Transcript::new(bin.to_str().expect("a UTF-8 target path"))
        .sorted_stdout(COMPLETION_ORDER, |line| line.contains('\t'))
        .check(file!["transcripts/domainlib.txt"]);
}
