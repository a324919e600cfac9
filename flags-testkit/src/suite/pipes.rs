//! A stdout closed under the binary (`| head`): before the first line, or in the middle of
//! a run. It ends quietly, with the status a shell gives SIGPIPE.

use super::{Binary, CODES, args, args_with_timeout};
use crate::files::assert_whole_flags;
use crate::process::{
    EXIT_OUTPUT_CLOSED, HANG_GUARD, Running, assert_quiet_with_closed_stdout, stderr, stdout,
};
use crate::servers::{gated_url, local};

/// Stdout closed before the first line (`prog | head -0`, or a reader gone): the run ends
/// at its first write, quietly (nothing on stderr, no panic), with the status a shell
/// gives a process ended by SIGPIPE, before any request is made.
pub fn closed_stdout_ends_quietly(bin: &Binary) {
    let what = format!("{} with stdout closed", bin.name());
    let server = local();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let base_url = server.base_url();
    let argv = args(&base_url, &dest, &[], &CODES);
    assert_quiet_with_closed_stdout(bin.path, &argv, EXIT_OUTPUT_CLOSED);
    assert!(server.log().is_empty(), "{what}: {:?}", server.log());
    assert!(!dest.exists(), "{what}: nothing written");
}

/// Stdout closed in the middle of a run, as `prog -v | head -1` closes it once it has its
/// line: the reader takes the line of BR and leaves; only then does the server answer CN,
/// and the line of CN finds no reader. The run ends quietly with 141, only whole flags.
pub fn closed_stdout_mid_run_ends_quietly(bin: &Binary) {
    let what = format!("{} with stdout closed mid-run", bin.name());
    let (base_url, gate) = gated_url("CN");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let argv = args_with_timeout("10", &base_url, &dest, &[], &["BR", "CN"]);
    // `head`: read up to the line of BR, then hang up; only then may CN be answered.
    let running = Running::spawn_as_head(bin.path, &argv, |line| line == "BR OK");
    gate.open();
    let output = running.wait(HANG_GUARD);
    let err = stderr(&output);
    assert!(
        stdout(&output).lines().any(|line| line == "BR OK"),
        "{what}: no line for BR; {err}"
    );
    assert_eq!(
        output.status.code(),
        Some(EXIT_OUTPUT_CLOSED),
        "{what}: {err}"
    );
    assert_eq!(err, "", "{what}: quietly");
    assert_whole_flags(&dest, bin.naming, &["BR", "CN"]);
}
