//! End to end: the binaries under a pseudo-terminal (frames drawn, cursor hidden and
//! restored) and with stdout piped (two lines, no frames). The checks the three spinner
//! twins share are spinner-common's (`pty`), run here on the thread spinners.

use flags_testkit::{
    EXIT_OUTPUT_CLOSED, assert_help_and_version, assert_quiet_with_closed_stdout, assert_refused,
};
use spinner_common::pty::{
    Stop, assert_cursor_restored, assert_draws_a_turn_then_the_answer,
    assert_first_edition_turn_then_the_answer, assert_piped_two_lines, assert_prime_reports,
    assert_prime_spinner_draws, assert_stopped_cleanly, run_in_pty,
};

const SPINNER_THREAD: &str = env!("CARGO_BIN_EXE_spinner_thread");
const SPINNER_PRIME_THREAD: &str = env!("CARGO_BIN_EXE_spinner_prime_thread");
const SPINNER_THREAD_1E: &str = env!("CARGO_BIN_EXE_spinner_thread_1e");
/// How the spinner object's `Debug` starts: a `std::thread::Thread`.
const THREAD: &str = "Thread {";

#[test]
fn under_a_terminal_the_spinner_draws_frames_then_the_answer() {
    assert_draws_a_turn_then_the_answer(SPINNER_THREAD, THREAD);
}

#[test]
fn ctrl_c_restores_the_cursor_and_exits_130() {
    assert_stopped_cleanly(SPINNER_THREAD, Stop::CtrlC);
}

#[test]
fn sigterm_restores_the_cursor_clears_the_frame_and_exits_143() {
    assert_stopped_cleanly(SPINNER_THREAD, Stop::Sigterm);
}

#[test]
fn a_closed_stdout_ends_quietly() {
    for (program, args) in [
        (SPINNER_THREAD, ["--seconds", "5"]),
        (SPINNER_PRIME_THREAD, ["--number", "7"]),
        (SPINNER_THREAD_1E, ["--seconds", "5"]),
    ] {
        assert_quiet_with_closed_stdout(program, &args, EXIT_OUTPUT_CLOSED);
    }
}

#[test]
fn version_names_the_binary() {
    let help = assert_help_and_version(SPINNER_THREAD);
    // And --help still says what the binary does, from the doc comment of its options.
    assert!(
        help.starts_with("Spin while a slow function works"),
        "{help}"
    );
}

#[test]
fn piped_output_is_two_lines_and_no_frames() {
    let out = assert_piped_two_lines(SPINNER_THREAD, THREAD);
    assert!(out.contains(r#"name: Some("spinner")"#), "{out}");
}

#[test]
fn the_prime_spinner_reports_like_the_book() {
    assert_prime_reports(SPINNER_PRIME_THREAD, THREAD);
}

#[test]
fn the_prime_spinner_draws_while_the_main_thread_divides() {
    assert_prime_spinner_draws(SPINNER_PRIME_THREAD);
}

#[test]
fn bad_options_exit_2_with_a_message() {
    let cases: [(&str, &[&str], &str); 5] = [
        (SPINNER_THREAD, &["--seconds=soon"], "--seconds"),
        (SPINNER_THREAD, &["--seconds=-1"], "--seconds"),
        (SPINNER_THREAD, &["--seconds=1e30"], "--seconds"),
        // Was "unexpected argument '-1' found": a negative number is a value, and wrong.
        (SPINNER_THREAD, &["--seconds", "-1"], "cannot be negative"),
        (
            SPINNER_PRIME_THREAD,
            &["--number", "-1"],
            "not a whole number from 0",
        ),
    ];
    for (program, args, says) in cases {
        assert_refused(program, args, says);
    }
}

#[test]
fn the_first_edition_twin_backs_up_with_backspaces() {
    assert_first_edition_turn_then_the_answer(SPINNER_THREAD_1E, THREAD);
}

#[test]
fn the_first_edition_twin_stops_on_ctrl_c_and_pipes_two_lines() {
    let stop = Some(("| thinking!", Stop::CtrlC));
    let run = run_in_pty(SPINNER_THREAD_1E, &["--seconds", "60"], stop);
    assert_eq!(run.exit_code, 130, "{run:?}");
    assert_cursor_restored(&run.screen);
    assert!(!run.screen.contains("Answer"), "{run:?}");
    assert_piped_two_lines(SPINNER_THREAD_1E, THREAD);
}

#[test]
fn the_printed_first_editions_signal_stops_the_spinner_too() {
    let run = run_in_pty(SPINNER_THREAD_1E, &["--seconds", "0.5", "--signal"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let back = "\x08".repeat(11);
    assert!(
        run.screen
            .contains(&format!("| thinking!{back}/ thinking!{back}")),
        "{run:?}"
    );
    let wiped = format!("{}{back}Answer: 42", " ".repeat(11));
    assert!(run.screen.contains(&wiped), "{run:?}");
    let help = assert_help_and_version(SPINNER_THREAD_1E);
    assert!(help.contains("--signal"), "{help}");
}
