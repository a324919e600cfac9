//! End to end: the binaries under a pseudo-terminal (frames drawn, or not drawn where
//! the runtime is blocked on purpose) and with stdout piped (two lines, no frames).

use std::process::Command;

use spinner_common::pty::{Stop, assert_stopped_cleanly, run_in_pty};

const SPINNER_ASYNC: &str = env!("CARGO_BIN_EXE_spinner_async");
const EXPERIMENT: &str = env!("CARGO_BIN_EXE_spinner_async_experiment");
const BROKEN: &str = env!("CARGO_BIN_EXE_spinner_prime_async_broken");
const NAP: &str = env!("CARGO_BIN_EXE_spinner_prime_async_nap");
const TO_THREAD: &str = env!("CARGO_BIN_EXE_spinner_prime_async_to_thread");
const ASYNCIO_1E: &str = env!("CARGO_BIN_EXE_spinner_asyncio_1e");
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const CLEAR_LINE: &str = "\x1b[2K";
/// A prime above 100,000², so that the nap version naps.
const PRIME: &str = "999999999989";

/// Runs `program` with stdout piped; returns its stdout lines after checking it succeeded.
fn run_piped(program: &str, args: &[&str]) -> Vec<String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .expect("run the binary");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    stdout.lines().map(str::to_owned).collect()
}

#[test]
fn under_a_terminal_the_spinner_draws_frames_then_the_answer() {
    let run = run_in_pty(SPINNER_ASYNC, &["--seconds", "1"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let screen = &run.screen;
    assert!(
        screen.contains("spinner object: JoinHandle {"),
        "{screen:?}"
    );
    // The 2nd edition's order, `cycle(r'\|/-')`, each frame over the last with `\r`.
    let turn = "\r\\ thinking!\r| thinking!\r/ thinking!\r- thinking!\r\\ thinking!";
    assert!(screen.contains(turn), "no full turn in {screen:?}");
    let hidden = screen.find(HIDE_CURSOR).expect("cursor hidden");
    // Wiped with `\r`, 12 blanks (the book's status counts its `\r`), `\r`.
    let answer = screen
        .find("\r            \rAnswer: 42")
        .expect("line cleared, then the answer");
    let shown = screen.rfind(SHOW_CURSOR).expect("cursor shown again");
    assert!(hidden < answer && answer < shown, "{screen:?}");
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
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader); // like `| head -0`: the first write fails
        let output = Command::new(program)
            .args(args)
            .stdout(writer)
            .output()
            .expect("run the binary");
        assert_eq!(output.status.code(), Some(141), "{program}: {output:?}");
        assert!(output.stderr.is_empty(), "{program}: {output:?}");
    }
}

#[test]
fn piped_output_is_two_lines_and_no_frames() {
    let lines = run_piped(SPINNER_ASYNC, &["--seconds", "0.2", "--message", "working"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("spinner object: JoinHandle {"),
        "{lines:?}"
    );
    assert_eq!(lines[1], "Answer: 42");
    assert!(!lines.concat().contains(['\r', '\x1b']), "{lines:?}");
}

#[test]
fn the_experiment_draws_no_frame_at_all() {
    let run = run_in_pty(EXPERIMENT, &["--seconds", "0.5"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    assert!(
        run.screen.contains("spinner object: JoinHandle {"),
        "{run:?}"
    );
    assert!(run.screen.contains("Answer: 42"), "{run:?}");
    assert!(
        !run.screen.contains("thinking!"),
        "a frame was drawn: {run:?}"
    );
}

#[test]
fn the_broken_prime_spinner_draws_no_frame_at_all() {
    let run = run_in_pty(BROKEN, &["--number", PRIME], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    assert!(run.screen.contains("999,999,999,989 is prime"), "{run:?}");
    assert!(
        !run.screen.contains("thinking!"),
        "a frame was drawn: {run:?}"
    );
}

#[test]
fn the_napping_prime_spinner_draws() {
    let run = run_in_pty(NAP, &["--number", PRIME], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    assert!(run.screen.contains("\r\\ thinking!"), "{run:?}");
    assert!(run.screen.contains("999,999,999,989 is prime"), "{run:?}");
}

#[test]
fn every_prime_spinner_reports_like_the_book() {
    for program in [BROKEN, NAP, TO_THREAD] {
        let lines = run_piped(program, &["--number", PRIME]);
        assert!(
            lines[0].starts_with("spinner object: JoinHandle {"),
            "{lines:?}"
        );
        assert_eq!(lines[1..], ["999,999,999,989 is prime"], "{program}");
        let lines = run_piped(program, &["--number", "999999999987"]);
        assert_eq!(lines[1..], ["999,999,999,987 is not prime"], "{program}");
    }
}

#[test]
fn the_first_edition_twin_runs_its_own_loop_and_backs_up_with_backspaces() {
    let run = run_in_pty(ASYNCIO_1E, &["--seconds", "1"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let screen = &run.screen;
    assert!(
        screen.contains("spinner object: JoinHandle {"),
        "{screen:?}"
    );
    // The 1st edition's order, `cycle('|/-\\')`: each frame, then as many backspaces.
    let back = "\x08".repeat(11);
    let turn: String = ["|", "/", "-", "\\", "|"]
        .map(|bar| format!("{bar} thinking!{back}"))
        .concat();
    assert!(screen.contains(&turn), "no full turn in {screen:?}");
    // Cancelled, the spinner wipes its line with blanks, then backspaces.
    let wiped = format!("{}{back}Answer: 42", " ".repeat(11));
    assert!(screen.contains(&wiped), "{screen:?}");
    let hidden = screen.find(HIDE_CURSOR).expect("cursor hidden");
    let shown = screen.rfind(SHOW_CURSOR).expect("cursor shown again");
    assert!(hidden < shown, "{screen:?}");
}

#[test]
fn the_first_edition_twin_stops_on_sigterm_and_pipes_two_lines() {
    let stop = Some(("| thinking!", Stop::Sigterm));
    let run = run_in_pty(ASYNCIO_1E, &["--seconds", "60"], stop);
    assert_eq!(run.exit_code, 143, "{run:?}");
    let cleared = format!("\r{CLEAR_LINE}{SHOW_CURSOR}");
    assert!(run.screen.contains(&cleared), "{run:?}");
    assert!(!run.screen.contains("Answer"), "{run:?}");

    let lines = run_piped(ASYNCIO_1E, &["--seconds", "0.2"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("spinner object: JoinHandle {"),
        "{lines:?}"
    );
    assert_eq!(lines[1], "Answer: 42");
    assert!(
        !lines.concat().contains(['\r', '\x08', '\x1b']),
        "{lines:?}"
    );
}
