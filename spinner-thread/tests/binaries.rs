//! End to end: the binaries under a pseudo-terminal (frames drawn, cursor hidden and
//! restored) and with stdout piped (two lines, no frames).

use std::process::Command;

use spinner_common::pty::{Stop, assert_stopped_cleanly, run_in_pty};

const SPINNER_THREAD: &str = env!("CARGO_BIN_EXE_spinner_thread");
const SPINNER_PRIME_THREAD: &str = env!("CARGO_BIN_EXE_spinner_prime_thread");
const SPINNER_THREAD_1E: &str = env!("CARGO_BIN_EXE_spinner_thread_1e");
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";

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
    let run = run_in_pty(SPINNER_THREAD, &["--seconds", "1"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let screen = &run.screen;
    assert!(screen.contains("spinner object: Thread {"), "{screen:?}");
    // The 2nd edition's order, `cycle(r'\|/-')`, each frame over the last with `\r`.
    let turn = "\r\\ thinking!\r| thinking!\r/ thinking!\r- thinking!\r\\ thinking!";
    assert!(screen.contains(turn), "no full turn in {screen:?}");
    // Wiped with `\r`, 12 blanks (the book's status counts its `\r`), `\r`.
    assert!(screen.contains("\r            \rAnswer: 42"), "{screen:?}");
    let hidden = screen.find(HIDE_CURSOR).expect("cursor hidden");
    let answer = screen.find("Answer: 42").expect("the answer");
    let shown = screen.rfind(SHOW_CURSOR).expect("cursor shown again");
    assert!(hidden < answer && answer < shown, "{screen:?}");
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
fn version_names_the_binary() {
    let output = Command::new(SPINNER_THREAD)
        .arg("--version")
        .output()
        .expect("run the binary");
    assert!(output.status.success(), "{output:?}");
    let version = String::from_utf8_lossy(&output.stdout);
    assert!(version.starts_with("spinner_thread "), "{version}");
    // And --help still says what the binary does, from the doc comment of its options.
    let output = Command::new(SPINNER_THREAD)
        .arg("--help")
        .output()
        .expect("run the binary");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.starts_with("Spin while a slow function works"),
        "{help}"
    );
}

#[test]
fn piped_output_is_two_lines_and_no_frames() {
    let lines = run_piped(
        SPINNER_THREAD,
        &["--seconds", "0.2", "--message", "working"],
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("spinner object: Thread {"),
        "{lines:?}"
    );
    assert!(lines[0].contains(r#"name: Some("spinner")"#), "{lines:?}");
    assert_eq!(lines[1], "Answer: 42");
    assert!(!lines.concat().contains(['\r', '\x1b']), "{lines:?}");
}

#[test]
fn the_prime_spinner_reports_like_the_book() {
    let lines = run_piped(SPINNER_PRIME_THREAD, &["--number", "999999999989"]);
    assert!(
        lines[0].starts_with("spinner object: Thread {"),
        "{lines:?}"
    );
    assert_eq!(lines[1..], ["999,999,999,989 is prime"]);
    let lines = run_piped(SPINNER_PRIME_THREAD, &["--number", "999999999987"]);
    assert_eq!(lines[1..], ["999,999,999,987 is not prime"]);
}

#[test]
fn the_prime_spinner_draws_while_the_main_thread_divides() {
    let run = run_in_pty(SPINNER_PRIME_THREAD, &["--number", "999999999989"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    assert!(run.screen.contains("\r\\ thinking!"), "{run:?}");
    assert!(run.screen.contains("999,999,999,989 is prime"), "{run:?}");
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
        let output = Command::new(program)
            .args(args)
            .output()
            .expect("run the binary");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn the_first_edition_twin_backs_up_with_backspaces() {
    let run = run_in_pty(SPINNER_THREAD_1E, &["--seconds", "1"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let screen = &run.screen;
    assert!(screen.contains("spinner object: Thread {"), "{screen:?}");
    // The 1st edition's order, `cycle('|/-\\')`: each frame, then as many backspaces.
    let back = "\x08".repeat(11);
    let turn: String = ["|", "/", "-", "\\", "|"]
        .map(|bar| format!("{bar} thinking!{back}"))
        .concat();
    assert!(screen.contains(&turn), "no full turn in {screen:?}");
    assert!(!screen.contains("\r| thinking!"), "{screen:?}");
    // Wiped with blanks, then backspaces.
    let wiped = format!("{}{back}Answer: 42", " ".repeat(11));
    assert!(screen.contains(&wiped), "{screen:?}");
    let hidden = screen.find(HIDE_CURSOR).expect("cursor hidden");
    let shown = screen.rfind(SHOW_CURSOR).expect("cursor shown again");
    assert!(hidden < shown, "{screen:?}");
}

#[test]
fn the_first_edition_twin_stops_on_ctrl_c_and_pipes_two_lines() {
    let stop = Some(("| thinking!", Stop::CtrlC));
    let run = run_in_pty(SPINNER_THREAD_1E, &["--seconds", "60"], stop);
    assert_eq!(run.exit_code, 130, "{run:?}");
    let hidden = run.screen.find(HIDE_CURSOR).expect("cursor hidden");
    let shown = run.screen.rfind(SHOW_CURSOR).expect("cursor shown again");
    assert!(hidden < shown, "{run:?}");
    assert!(!run.screen.contains("Answer"), "{run:?}");

    let lines = run_piped(SPINNER_THREAD_1E, &["--seconds", "0.2"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("spinner object: Thread {"),
        "{lines:?}"
    );
    assert_eq!(lines[1], "Answer: 42");
    assert!(
        !lines.concat().contains(['\r', '\x08', '\x1b']),
        "{lines:?}"
    );
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
    let output = Command::new(SPINNER_THREAD_1E)
        .arg("--help")
        .output()
        .expect("run the binary");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("--signal"),
        "{output:?}"
    );
}
