//! Test support (feature `testkit`): runs a spinner binary under a pseudo-terminal, as a
//! reader's shell would, and reads everything it draws. Used by the end-to-end tests of
//! `spinner-thread`, `spinner-async` and `spinner-proc`; it panics when a run goes wrong,
//! as a test helper should.

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

/// Stops a 2nd-edition spinner binary with `stop` once its first frame is on screen, and
/// checks the terminal is left as it was found: the status of the signal (130, 143), the
/// cursor shown again after it was hidden (SIGTERM: the frame's line cleared too), and
/// no answer, since the slow function never ended.
pub fn assert_stopped_cleanly(program: &str, stop: Stop) {
    const HIDE_CURSOR: &str = "\x1b[?25l";
    const SHOW_CURSOR: &str = "\x1b[?25h";
    const CLEAR_LINE: &str = "\x1b[2K";
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
