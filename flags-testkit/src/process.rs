//! Running a binary under a hang guard: to its end, or in the background while the test
//! reads what it prints, presses Ctrl-C, or hangs up its stdout as `| head` does
//! ([`Running`]); and what `/proc` says of the processes it started.

mod output;
mod procfs;
mod running;

pub use procfs::{assert_ends, children_of, has_ended, listening_ports, unread_by_peer};
pub use running::Running;

use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long a binary may run before the test kills it and fails: far beyond any run of
/// the suite (a few timeouts of 0.5 s), so it only ever catches a hang, never a slow CI.
pub const HANG_GUARD: Duration = Duration::from_secs(20);

/// Runs `bin` with `args` and returns what it printed and how it exited; kills it and
/// fails the test if it is still running after [`HANG_GUARD`].
pub fn run(bin: &str, args: &[&str]) -> Output {
    Running::spawn(bin, args).wait(HANG_GUARD)
}

/// [`run`] with `vars` added to the environment.
pub fn run_with_env(bin: &str, args: &[&str], vars: &[(&str, &str)]) -> Output {
    Running::spawn_with_env(bin, args, vars).wait(HANG_GUARD)
}

/// [`run`] for a command built by the caller (arguments that are not UTF-8, a shell that
/// lowers a limit first): stdin closed, stdout and stderr captured.
pub fn run_command(command: Command) -> Output {
    Running::start(command).wait(HANG_GUARD)
}

/// See [`spawn_lock`].
static SPAWN: Mutex<()> = Mutex::new(());

/// The lock held around every process the suite starts, and while a test closes a pipe
/// that must then have no reader at all: a process that another test thread forks
/// meanwhile holds a copy of every open descriptor until its `exec`, so a read end
/// "closed" in that window would still be open for a moment, and a write the test expects
/// to fail would succeed. A test that panicked while holding it poisoned nothing.
pub fn spawn_lock() -> MutexGuard<'static, ()> {
    SPAWN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How a binary ends when its stdout is closed under it (`prog | head -1`): as the shell
/// reports a process ended by SIGPIPE, 128 + 13, and quietly.
pub const EXIT_OUTPUT_CLOSED: i32 = 141;

/// Runs `bin` with `args` and a stdout that nobody reads: the read end of its pipe is
/// closed before the binary starts, so its first write fails with `BrokenPipe`, as after
/// `prog | head -0`. Returns its exit status and stderr (stdout is empty); hang guard as
/// [`run`].
pub fn run_with_closed_stdout(bin: &str, args: &[&str]) -> Output {
    let running = {
        let _alone = spawn_lock(); // no fork may copy the read end before it is closed
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut command = Command::new(bin);
        command.args(args).stdout(writer);
        Running::spawn_locked(command, bin)
    };
    running.wait(HANG_GUARD)
}

/// Runs `bin` with `args` and a closed stdout ([`run_with_closed_stdout`]), and checks it
/// ends quietly: exit status `status` (the programs that stop at their first failed write
/// say [`EXIT_OUTPUT_CLOSED`]), nothing on stderr. Returns the run.
pub fn assert_quiet_with_closed_stdout(bin: &str, args: &[&str], status: i32) -> Output {
    let output = run_with_closed_stdout(bin, args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(status), "{bin} {args:?}: {err}");
    assert_eq!(err, "", "{bin} {args:?}: quietly");
    output
}

/// The binary's stdout, as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The binary's stderr, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Polls `done` every 10 ms until it holds; fails the test, naming `what`, if it still
/// does not after `guard`.
pub fn wait_until(what: &str, guard: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + guard;
    while !done() {
        assert!(Instant::now() < deadline, "gave up after {guard:?}: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_status_come_back() {
        let output = run("sh", &["-c", "echo out; echo err >&2; exit 3"]);
        assert_eq!(output.status.code(), Some(3));
        assert_eq!(stdout(&output), "out\n");
        assert_eq!(stderr(&output), "err\n");
    }

    #[test]
    #[should_panic(expected = "gave up after")]
    fn wait_until_gives_up() {
        wait_until("never", Duration::from_millis(30), || false);
    }
}
