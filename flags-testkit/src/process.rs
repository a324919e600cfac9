//! Running a binary under a hang guard, and pressing Ctrl-C.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
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

/// A binary running in the background, its output collected by two threads so that a
/// full pipe never blocks it. Dropped while still running, it is killed: a failed test
/// leaves no process behind.
#[derive(Debug)]
pub struct Running {
    name: String,
    child: Child,
    stdout: Option<JoinHandle<Vec<u8>>>,
    stderr: Option<JoinHandle<Vec<u8>>>,
}

impl Running {
    /// Starts `bin` with `args`, stdin closed, stdout and stderr captured.
    pub fn spawn(bin: &str, args: &[&str]) -> Running {
        Running::spawn_with_env(bin, args, &[])
    }

    /// [`Running::spawn`] with `vars` added to the environment.
    pub fn spawn_with_env(bin: &str, args: &[&str], vars: &[(&str, &str)]) -> Running {
        let mut command = Command::new(bin);
        command
            .args(args)
            .envs(vars.iter().copied())
            .stdout(Stdio::piped());
        Running::spawn_command(command, bin)
    }

    /// Starts `command` (named `bin` in messages) with stdin closed and stderr captured,
    /// stdout as the command says.
    fn spawn_command(command: Command, bin: &str) -> Running {
        let _alone = spawn_lock();
        Running::spawn_locked(command, bin)
    }

    /// Starts `command` (named `bin` in messages) as [`Running::spawn`] does, for a caller
    /// that already holds [`spawn_lock`].
    pub fn spawn_locked(mut command: Command, bin: &str) -> Running {
        let mut child = command
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {bin}: {err}"));
        let stdout = child.stdout.take().map(collect);
        let stderr = child.stderr.take().map(collect);
        let name = bin.rsplit('/').next().unwrap_or(bin).to_string();
        Running {
            name,
            child,
            stdout,
            stderr,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Presses Ctrl-C: sends SIGINT with `kill -INT`, as a terminal does.
    pub fn interrupt(&self) {
        let status = {
            let _alone = spawn_lock();
            Command::new("kill")
                .args(["-INT", &self.pid().to_string()])
                .status()
                .expect("kill runs")
        };
        assert!(status.success(), "kill -INT {} failed", self.pid());
    }

    /// Asks the binary to stop: sends SIGTERM with `kill -TERM`, as `kill PID`, a service
    /// manager or a closing terminal session does.
    pub fn terminate(&self) {
        let status = {
            let _alone = spawn_lock();
            Command::new("kill")
                .args(["-TERM", &self.pid().to_string()])
                .status()
                .expect("kill runs")
        };
        assert!(status.success(), "kill -TERM {} failed", self.pid());
    }

    /// Waits for the exit, at most `guard`; past it, kills the binary and fails the test
    /// with what it printed so far.
    pub fn wait(mut self, guard: Duration) -> Output {
        let deadline = Instant::now() + guard;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Ok(None) | Err(_) => {
                    let _ = self.child.kill();
                    let status = self.child.wait().ok();
                    let output = self.output(status.unwrap_or_default());
                    panic!(
                        "{} did not exit within {guard:?} and was killed\n--- stdout:\n{}\n--- stderr:\n{}",
                        self.name,
                        stdout(&output),
                        stderr(&output)
                    );
                }
            }
        };
        self.output(status)
    }

    fn output(&mut self, status: ExitStatus) -> Output {
        // The pipes close when the process exits, so these joins end.
        let join = |handle: Option<JoinHandle<Vec<u8>>>| {
            handle
                .map(|h| h.join().expect("a reader thread does not panic"))
                .unwrap_or_default()
        };
        Output {
            status,
            stdout: join(self.stdout.take()),
            stderr: join(self.stderr.take()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
fn collect(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
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
    #[should_panic(expected = "did not exit within")]
    fn a_hang_is_killed_and_fails_the_test() {
        Running::spawn("sleep", &["30"]).wait(Duration::from_millis(100));
    }

    #[test]
    fn ctrl_c_reaches_the_process() {
        // A job that a non-interactive shell starts in the background inherits SIGINT
        // ignored (POSIX), and a CI runner may start the tests that way. Our binaries set
        // their own handler; `sleep` has none, so give it back the default action, as a
        // terminal's foreground job has it.
        #[cfg(target_os = "linux")]
        let sleeper = {
            let sleeper = Running::spawn("env", &["--default-signal=INT", "sleep", "30"]);
            // Until `env` has reset the action and become `sleep`, a SIGINT may be ignored.
            let comm = format!("/proc/{}/comm", sleeper.pid());
            wait_until("env to exec sleep", HANG_GUARD, || {
                std::fs::read_to_string(&comm).is_ok_and(|name| name.trim() == "sleep")
            });
            sleeper
        };
        #[cfg(not(target_os = "linux"))]
        let sleeper = Running::spawn("sleep", &["30"]);
        sleeper.interrupt();
        let output = sleeper.wait(HANG_GUARD);
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(2), "ended by SIGINT");
    }

    #[test]
    #[should_panic(expected = "gave up after")]
    fn wait_until_gives_up() {
        wait_until("never", Duration::from_millis(30), || false);
    }
}
