//! Test support (feature `testkit`): runs a spinner binary under a pseudo-terminal, as a
//! reader's shell would, and reads everything it draws; and the checks the three twins
//! share, written once (the frames of each edition, the piped output, the prime spinners'
//! report), each run under the hang guard of `flags-testkit`. Used by the end-to-end tests
//! of `spinner-thread`, `spinner-async` and `spinner-proc`; it panics when a run goes
//! wrong, as a test helper should.

use std::io::{Read, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// No run may take longer: a hung binary fails the test instead of hanging it.
const LIMIT: Duration = Duration::from_secs(60);

/// What a run under the pseudo-terminal printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    /// Everything the binary wrote to the terminal, escape codes included.
    pub screen: String,
    /// Its exit status (128 + the signal's number when a signal handler exited).
    pub exit_code: u32,
}

/// How a test stops a binary before its end.
#[derive(Debug, Clone, Copy)]
pub enum Stop {
    /// Ctrl-C typed on the terminal.
    CtrlC,
    /// SIGTERM sent to the process (`kill PID`).
    Sigterm,
}

/// Runs `program` with `args` under a new pseudo-terminal until it exits. With
/// `interrupt_after`, stops it as it says once that text has appeared on the screen.
pub fn run_in_pty(program: &str, args: &[&str], interrupt_after: Option<(&str, Stop)>) -> Run {
    let size = PtySize {
        rows: 24,
        cols: 80,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pty = native_pty_system()
        .openpty(size)
        .expect("open a pseudo-terminal");
    let mut command = CommandBuilder::new(program);
    command.args(args);
    let mut child = pty.slave.spawn_command(command).expect("start the binary");
    // Keep our end of the slave open until the child is done: if the last holder of the
    // slave exits, Linux may answer EIO on the master before its last output is read, and
    // the final escape codes would be lost. The end is found with `try_wait` instead.
    let _slave = pty.slave;
    let mut reader = pty
        .master
        .try_clone_reader()
        .expect("read the pseudo-terminal");
    let mut keyboard = pty
        .master
        .take_writer()
        .expect("write to the pseudo-terminal");

    // A reading thread, so that the test can give up after LIMIT.
    let (chunks, received) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = [0; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if chunks.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });

    let deadline = Instant::now() + LIMIT;
    let mut screen = Vec::new();
    let mut interrupt_after = interrupt_after;
    let status = loop {
        match received.recv_timeout(Duration::from_millis(20)) {
            Ok(chunk) => screen.extend(chunk),
            Err(RecvTimeoutError::Disconnected) => {
                break child.wait().expect("wait for the binary");
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Some(status) = child.try_wait().expect("poll the binary") {
                    // Exited: what it wrote before exiting is already in the terminal.
                    while let Ok(chunk) = received.recv_timeout(Duration::from_millis(200)) {
                        screen.extend(chunk);
                    }
                    break status;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    panic!(
                        "{program} still running after {LIMIT:?}: {:?}",
                        String::from_utf8_lossy(&screen)
                    );
                }
            }
        }
        if let Some((text, stop)) = interrupt_after
            && String::from_utf8_lossy(&screen).contains(text)
        {
            match stop {
                Stop::CtrlC => {
                    keyboard.write_all(b"\x03").expect("type Ctrl-C");
                    keyboard.flush().expect("type Ctrl-C");
                }
                Stop::Sigterm => {
                    let pid = child.process_id().expect("a running child");
                    let sent = std::process::Command::new("kill")
                        .args(["-TERM", &pid.to_string()])
                        .status()
                        .expect("kill runs");
                    assert!(sent.success(), "kill -TERM {pid}");
                }
            }
            interrupt_after = None;
        }
    };
    Run {
        screen: String::from_utf8_lossy(&screen).into_owned(),
        exit_code: status.exit_code(),
    }
}

/// What a spinner writes to hide the cursor while it draws.
pub const HIDE_CURSOR: &str = "\x1b[?25l";
/// What a spinner writes to show the cursor again.
pub const SHOW_CURSOR: &str = "\x1b[?25h";
/// What a spinner writes to clear its line when a signal stops it.
pub const CLEAR_LINE: &str = "\x1b[2K";

/// Stops a 2nd-edition spinner binary with `stop` once its first frame is on screen, and
/// checks the terminal is left as it was found: the status of the signal (130, 143), the
/// cursor shown again after it was hidden (SIGTERM: the frame's line cleared too), and
/// no answer, since the slow function never ended.
pub fn assert_stopped_cleanly(program: &str, stop: Stop) {
    let run = run_in_pty(program, &["--seconds", "60"], Some(("\\ thinking!", stop)));
    let (status, shown_again) = match stop {
        Stop::CtrlC => (130, SHOW_CURSOR.to_string()),
        Stop::Sigterm => (143, format!("\r{CLEAR_LINE}{SHOW_CURSOR}")),
    };
    assert_eq!(run.exit_code, status, "{run:?}");
    let hidden = run.screen.find(HIDE_CURSOR).expect("cursor hidden");
    let shown = run.screen.rfind(&shown_again).expect("cursor shown again");
    assert!(hidden < shown, "{run:?}");
    assert!(!run.screen.contains("Answer"), "{run:?}");
}

/// Checks `screen` hid the cursor and showed it again after the last hide.
pub fn assert_cursor_restored(screen: &str) {
    let hidden = screen.rfind(HIDE_CURSOR).expect("cursor hidden");
    let shown = screen.rfind(SHOW_CURSOR).expect("cursor shown again");
    assert!(hidden < shown, "{screen:?}");
}

/// A 2nd-edition spinner under a terminal for a second: the spinner object first (its
/// `Debug` starts with `object`, `Thread {` or `JoinHandle {`), a full turn of the book's
/// frames (`cycle(r'\|/-')`, each over the last with `\r`), then the line wiped and the
/// answer, the cursor hidden meanwhile. Returns the screen.
pub fn assert_draws_a_turn_then_the_answer(program: &str, object: &str) -> String {
    let run = run_in_pty(program, &["--seconds", "1"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let screen = run.screen;
    let line = format!("spinner object: {object}");
    assert!(screen.contains(&line), "{screen:?}");
    let turn = "\r\\ thinking!\r| thinking!\r/ thinking!\r- thinking!\r\\ thinking!";
    assert!(screen.contains(turn), "no full turn in {screen:?}");
    let hidden = screen.find(HIDE_CURSOR).expect("cursor hidden");
    // Wiped with `\r`, 12 blanks (the book's status counts its `\r`), `\r`.
    let answer = screen
        .find("\r            \rAnswer: 42")
        .expect("line cleared, then the answer");
    let shown = screen.rfind(SHOW_CURSOR).expect("cursor shown again");
    assert!(hidden < answer && answer < shown, "{screen:?}");
    screen
}

/// The 1st edition's twin under a terminal for a second: the spinner object, a full
/// turn in its order (`cycle('|/-\\')`), each frame followed by as many backspaces and
/// none drawn over with `\r`; then the line wiped with blanks and the answer; the cursor
/// shown again. Returns the screen.
pub fn assert_first_edition_turn_then_the_answer(program: &str, object: &str) -> String {
    let run = run_in_pty(program, &["--seconds", "1"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    let screen = run.screen;
    let line = format!("spinner object: {object}");
    assert!(screen.contains(&line), "{screen:?}");
    let back = "\x08".repeat(11);
    let turn: String = ["|", "/", "-", "\\", "|"]
        .map(|bar| format!("{bar} thinking!{back}"))
        .concat();
    assert!(screen.contains(&turn), "no full turn in {screen:?}");
    assert!(!screen.contains("\r| thinking!"), "{screen:?}");
    let wiped = format!("{}{back}Answer: 42", " ".repeat(11));
    assert!(screen.contains(&wiped), "{screen:?}");
    assert_cursor_restored(&screen);
    screen
}

/// A spinner with stdout piped for 0.2 s: two lines, the spinner object and the answer,
/// and not one frame, backspace or escape code. Returns stdout.
pub fn assert_piped_two_lines(program: &str, object: &str) -> String {
    let out = run_ok(program, &["--seconds", "0.2", "--message", "working"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let line = format!("spinner object: {object}");
    assert!(lines[0].starts_with(&line), "{lines:?}");
    assert_eq!(lines[1], "Answer: 42");
    assert!(!out.contains(['\r', '\x08', '\x1b']), "{out:?}");
    out
}

/// A prime spinner with stdout piped, as the book reports: the spinner object, then
/// `999,999,999,989 is prime` for a prime and `999,999,999,987 is not prime` for a
/// number that is not. Returns the two runs' stdout.
pub fn assert_prime_reports(program: &str, object: &str) -> [String; 2] {
    [
        ("999999999989", "999,999,999,989 is prime"),
        ("999999999987", "999,999,999,987 is not prime"),
    ]
    .map(|(number, verdict)| {
        let out = run_ok(program, &["--number", number]);
        let lines: Vec<&str> = out.lines().collect();
        let line = format!("spinner object: {object}");
        assert!(lines[0].starts_with(&line), "{program}: {lines:?}");
        assert_eq!(lines[1..], [verdict], "{program}");
        out
    })
}

/// A prime spinner under a terminal, on a prime large enough to take a while: frames are
/// drawn while the number is checked, then the verdict. Returns the screen.
pub fn assert_prime_spinner_draws(program: &str) -> String {
    let run = run_in_pty(program, &["--number", "999999999989"], None);
    assert_eq!(run.exit_code, 0, "{run:?}");
    assert!(run.screen.contains("\r\\ thinking!"), "{run:?}");
    assert!(run.screen.contains("999,999,999,989 is prime"), "{run:?}");
    run.screen
}

/// Runs `program` with stdout piped, under the hang guard; its stdout once it exited 0.
fn run_ok(program: &str, args: &[&str]) -> String {
    let output = flags_testkit::run(program, args);
    assert!(output.status.success(), "{program} {args:?}: {output:?}");
    flags_testkit::stdout(&output)
}
