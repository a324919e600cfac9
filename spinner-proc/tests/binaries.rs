//! End to end: the binaries under a pseudo-terminal (frames drawn by the child process,
//! cursor hidden and restored), with stdout piped (two lines, no frames), and killed for
//! real (Ctrl-C, SIGTERM, SIGKILL of the parent): never a child process left behind.

use std::fs;

use flags_testkit::{
    EXIT_OUTPUT_CLOSED, HANG_GUARD, Running, assert_ends, assert_quiet_with_closed_stdout,
    assert_refused, children_of, has_ended, stdout, wait_until,
};
use spinner_common::pty::{
    HIDE_CURSOR, SHOW_CURSOR, Stop, assert_cursor_restored, assert_piped_two_lines,
    assert_prime_reports, assert_prime_spinner_draws, run_in_pty,
};

const SPINNER_PROC: &str = env!("CARGO_BIN_EXE_spinner_proc");
const SPINNER_PRIME_PROC: &str = env!("CARGO_BIN_EXE_spinner_prime_proc");
/// How the spinner object's `Debug` starts: the spinner process, with its pid.
const SPINNER_PROCESS: &str = "SpinnerProcess { pid: ";

/// The spinner process's id, from the `spinner object: SpinnerProcess { pid: N, .. }` line.
fn spinner_pid(screen: &str) -> u32 {
    let (_, rest) = screen
        .split_once("spinner object: SpinnerProcess { pid: ")
        .unwrap_or_else(|| panic!("no spinner object line in {screen:?}"));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().expect("a pid")
}

#[test]
fn under_a_terminal_the_child_draws_frames_then_the_answer() {
    let run = run_in_pty(SPINNER_PROC, &["--seconds", "1"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let screen = &run.screen;
    for frame in ["\\ thinking!", "| thinking!", "/ thinking!", "- thinking!"] {
        assert!(
            screen.contains(&format!("\r{frame}")),
            "no {frame:?} in {screen:?}"
        );
    }
    // The object line comes before the first frame: the child waits for the go.
    let object = screen.find("spinner object:").expect("the object line");
    let hidden = screen.find(HIDE_CURSOR).expect("cursor hidden");
    let answer = screen
        .find("\r            \r\x1b[?25hAnswer: 42")
        .expect("line cleared and cursor shown by the child, then the answer");
    assert!(object < hidden && hidden < answer, "{screen:?}");
    assert!(has_ended(spinner_pid(screen)), "{screen:?}");
}

#[test]
fn ctrl_c_stops_both_processes_restores_the_cursor_and_exits_130() {
    let run = run_in_pty(
        SPINNER_PROC,
        &["--seconds", "60"],
        Some(("\\ thinking!", Stop::CtrlC)),
    );
    assert_eq!(run.exit_code, 130, "{run:?}");
    assert_cursor_restored(&run.screen);
    assert!(!run.screen.contains("Answer"), "{run:?}");
    // The parent waited for the child before exiting: nothing is left.
    assert!(has_ended(spinner_pid(&run.screen)), "{run:?}");
}

/// Kills the parent with `signal` once the child draws, under a pseudo-terminal (the
/// shell's `kill`, so a real signal); returns the screen and the child's pid.
fn kill_parent_in_a_terminal(signal: &str) -> (String, u32) {
    // Polls /proc for the child, then for its `done` thread (started once the cursor is
    // hidden); each poll is bounded (2000 x 10 ms), so a broken binary fails the test.
    let script = format!(
        r#"
        "$0" --seconds 60 & parent=$!
        poll() {{ i=0; until eval "$1"; do i=$((i+1)); [ $i -gt 2000 ] && exit 99; sleep 0.01; done; }}
        poll 'child=$(cat /proc/$parent/task/*/children 2>/dev/null | tr -d " ") && [ -n "$child" ]'
        poll 'grep -qx done /proc/$child/task/*/comm 2>/dev/null'
        kill -{signal} $parent
        wait $parent; echo "parent status $?"
        poll '! grep -q "^[^)]*) [^ZX]" /proc/$child/stat 2>/dev/null'
        echo "child $child ended"
        "#
    );
    let run = run_in_pty("sh", &["-c", &script, SPINNER_PROC], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let pid = spinner_pid(&run.screen);
    assert!(
        run.screen.contains(&format!("child {pid} ended")),
        "{run:?}"
    );
    (run.screen, pid)
}

#[test]
fn sigterm_stops_the_child_first_restores_the_cursor_and_exits_143() {
    let (screen, child) = kill_parent_in_a_terminal("TERM");
    assert!(screen.contains("parent status 143"), "{screen:?}");
    assert_cursor_restored(&screen);
    // The parent waited for the child: its line was cleared before the shell went on.
    let cleared = screen.rfind(SHOW_CURSOR).unwrap();
    let status = screen.find("parent status").unwrap();
    assert!(cleared < status, "{screen:?}");
    assert!(has_ended(child));
}

#[test]
fn sigkill_of_the_parent_ends_the_child_which_restores_the_cursor() {
    let (screen, child) = kill_parent_in_a_terminal("KILL");
    assert!(screen.contains("parent status 137"), "{screen:?}");
    // Nobody could clean up but the child: it saw its pipe end, and did.
    assert_cursor_restored(&screen);
    assert!(has_ended(child));
}

#[test]
fn sigterm_with_stdout_piped_leaves_no_child() {
    let parent = Running::spawn(SPINNER_PROC, &["--seconds", "60"]);
    let mut children = Vec::new();
    wait_until("the spinner process to start", HANG_GUARD, || {
        children = children_of(parent.pid());
        !children.is_empty()
    });
    // Its `done` thread runs once the parent has printed its line and said go.
    let comm = format!("/proc/{}/task", children[0]);
    wait_until("the spinner process to spin", HANG_GUARD, || {
        fs::read_dir(&comm).is_ok_and(|tasks| {
            tasks.flatten().any(|task| {
                fs::read_to_string(task.path().join("comm")).is_ok_and(|name| name == "done\n")
            })
        })
    });
    parent.terminate();
    let output = parent.wait(HANG_GUARD);
    assert_eq!(output.status.code(), Some(143), "{output:?}");
    assert!(stdout(&output).starts_with("spinner object: SpinnerProcess { pid: "));
    assert!(!stdout(&output).contains("Answer"), "{output:?}");
    for child in children {
        assert_ends(child);
    }
}

#[test]
fn piped_output_is_two_lines_and_no_frames() {
    let out = assert_piped_two_lines(SPINNER_PROC, SPINNER_PROCESS);
    assert_ends(spinner_pid(&out));
}

#[test]
fn the_prime_spinner_reports_like_the_book() {
    for out in assert_prime_reports(SPINNER_PRIME_PROC, SPINNER_PROCESS) {
        assert_ends(spinner_pid(&out));
    }
}

#[test]
fn the_prime_spinner_draws_while_the_parent_divides() {
    let screen = assert_prime_spinner_draws(SPINNER_PRIME_PROC);
    assert_cursor_restored(&screen);
}

#[test]
fn bad_options_exit_2_with_a_message() {
    for (program, bad) in [
        (SPINNER_PROC, "--seconds=soon"),
        (SPINNER_PROC, "--seconds=-1"),
        (SPINNER_PRIME_PROC, "--number=-5"),
    ] {
        let option = bad.split('=').next().unwrap();
        assert_refused(program, &[bad], option);
    }
}

#[test]
fn a_closed_stdout_ends_quietly_with_141_like_the_twins() {
    // 141 is what the thread and async spinners exit with, and what a shell shows for a
    // tool killed by SIGPIPE.
    for (program, args) in [
        (SPINNER_PROC, ["--seconds", "5"]),
        (SPINNER_PRIME_PROC, ["--number", "7"]),
    ] {
        assert_quiet_with_closed_stdout(program, &args, EXIT_OUTPUT_CLOSED);
    }
}
