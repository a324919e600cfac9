//! End to end: the binaries under a pseudo-terminal (frames drawn, or not drawn where
//! the runtime is blocked on purpose) and with stdout piped (two lines, no frames). The
//! checks the three spinner twins share are spinner-common's (`pty`), run here on the
//! async spinners.

use flags_testkit::{EXIT_OUTPUT_CLOSED, assert_quiet_with_closed_stdout};
use spinner_common::pty::{
    CLEAR_LINE, SHOW_CURSOR, Stop, assert_draws_a_turn_then_the_answer,
    assert_first_edition_turn_then_the_answer, assert_piped_two_lines, assert_prime_reports,
    assert_stopped_cleanly, run_in_pty,
};

const SPINNER_ASYNC: &str = env!("CARGO_BIN_EXE_spinner_async");
const EXPERIMENT: &str = env!("CARGO_BIN_EXE_spinner_async_experiment");
const BROKEN: &str = env!("CARGO_BIN_EXE_spinner_prime_async_broken");
const NAP: &str = env!("CARGO_BIN_EXE_spinner_prime_async_nap");
const TO_THREAD: &str = env!("CARGO_BIN_EXE_spinner_prime_async_to_thread");
const ASYNCIO_1E: &str = env!("CARGO_BIN_EXE_spinner_asyncio_1e");
/// A prime above 100,000², so that the nap version naps.
const PRIME: &str = "999999999989";
/// How the spinner object's `Debug` starts: a tokio `JoinHandle`.
const JOIN_HANDLE: &str = "JoinHandle {";

#[test]
fn under_a_terminal_the_spinner_draws_frames_then_the_answer() {
    assert_draws_a_turn_then_the_answer(SPINNER_ASYNC, JOIN_HANDLE);
}

#[test]
fn ctrl_c_restores_the_cursor_and_exits_130() {
    assert_stopped_cleanly(SPINNER_ASYNC, Stop::CtrlC);
}

#[test]
fn sigterm_restores_the_cursor_clears_the_frame_and_exits_143() {
    assert_stopped_cleanly(SPINNER_ASYNC, Stop::Sigterm);
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let seconds = ["--seconds", "5"];
    let number = ["--number", PRIME];
    for (program, args) in [
        (SPINNER_ASYNC, seconds),
        (EXPERIMENT, seconds),
        (BROKEN, number),
        (NAP, number),
        (TO_THREAD, number),
        (ASYNCIO_1E, seconds),
    ] {
        assert_quiet_with_closed_stdout(program, &args, EXIT_OUTPUT_CLOSED);
    }
}

#[test]
fn piped_output_is_two_lines_and_no_frames() {
    assert_piped_two_lines(SPINNER_ASYNC, JOIN_HANDLE);
}

/// `program` under a terminal: it shows `says` and exits 0, and draws not one frame (its
/// runtime was blocked the whole time, on purpose). Returns the screen.
fn assert_draws_no_frame(program: &str, args: &[&str], says: &str) -> String {
    let run = run_in_pty(program, args, None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    assert!(run.screen.contains(says), "{run:?}");
    assert!(
        !run.screen.contains("thinking!"),
        "a frame was drawn: {run:?}"
    );
    run.screen
}

#[test]
fn the_experiment_draws_no_frame_at_all() {
    let screen = assert_draws_no_frame(EXPERIMENT, &["--seconds", "0.5"], "Answer: 42");
    assert!(
        screen.contains("spinner object: JoinHandle {"),
        "{screen:?}"
    );
}

#[test]
fn the_broken_prime_spinner_draws_no_frame_at_all() {
    assert_draws_no_frame(BROKEN, &["--number", PRIME], "999,999,999,989 is prime");
}

#[test]
fn the_napping_prime_spinner_draws() {
    spinner_common::pty::assert_prime_spinner_draws(NAP);
}

#[test]
fn every_prime_spinner_reports_like_the_book() {
    for program in [BROKEN, NAP, TO_THREAD] {
        assert_prime_reports(program, JOIN_HANDLE);
    }
}

#[test]
fn the_first_edition_twin_runs_its_own_loop_and_backs_up_with_backspaces() {
    assert_first_edition_turn_then_the_answer(ASYNCIO_1E, JOIN_HANDLE);
}

#[test]
fn the_first_edition_twin_stops_on_sigterm_and_pipes_two_lines() {
    let stop = Some(("| thinking!", Stop::Sigterm));
    let run = run_in_pty(ASYNCIO_1E, &["--seconds", "60"], stop);
    assert_eq!(run.exit_code, 143, "{run:?}");
    let cleared = format!("\r{CLEAR_LINE}{SHOW_CURSOR}");
    assert!(run.screen.contains(&cleared), "{run:?}");
    assert!(!run.screen.contains("Answer"), "{run:?}");
    assert_piped_two_lines(ASYNCIO_1E, JOIN_HANDLE);
}
