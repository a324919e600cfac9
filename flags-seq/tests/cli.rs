//! The binaries as a reader runs them: the order of the downloads, and the simple
//! version. The verbose lines, reports, exit statuses and faults of flags2_sequential
//! are the suite's, in tests/faults.rs.

use std::time::Duration;

use flags_common::POP20_CC;
use flags_testkit::*;

const FLAGS: &str = env!("CARGO_BIN_EXE_flags");
const FLAGS2: &str = env!("CARGO_BIN_EXE_flags2_sequential");

#[test]
fn the_simple_version_rejects_bad_arguments_with_exit_status_2() {
    // flags2_sequential's rejected arguments are the fault suite's (tests/faults.rs).
    assert_usage_error(FLAGS, &["--bogus"], "unexpected argument '--bogus'");
}

#[test]
fn one_after_another_in_sorted_order_even_when_the_first_is_slow() {
    let server = slow_code("BD", Duration::from_millis(300));
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let out = run(
        FLAGS2,
        &[
            "-v",
            "-s",
            &server.base_url(),
            "--dest",
            dest_arg,
            "BD",
            "BR",
            "CN",
        ],
    );
    let lines: Vec<String> = stdout(&out)
        .lines()
        .filter(|line| line.ends_with(" OK"))
        .map(String::from)
        .collect();
    assert_eq!(lines, ["BD OK", "BR OK", "CN OK"]);
}

#[test]
fn flags_prints_pop20_in_sorted_order_then_the_count() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let out = run(FLAGS, &["--server", &server.base_url(), "--dest", dest_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut sorted = POP20_CC.to_vec();
    sorted.sort();
    let expected = format!("{} \n20 downloads in ", sorted.join(" "));
    assert!(stdout(&out).starts_with(&expected), "{}", stdout(&out));
    assert_saved_exactly(dest.path(), &POP20_CC);
    suite::simple_binary_stops_at_a_refused_connection(FLAGS);
}

#[test]
fn flags_ends_quietly_when_stdout_is_closed() {
    suite::simple_binary_with_closed_stdout(FLAGS);
}

#[test]
fn flags_stops_on_sigterm_leaving_whole_flags_only() {
    suite::simple_binary_sigterm(FLAGS);
}
