//! A binary running in the background, its output read as it comes.

use std::ffi::OsStr;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::output::{Printed, Reading, Stream, Streams, find_line, read};
use super::{HANG_GUARD, spawn_lock, stderr, stdout};

/// A binary running in the background. Its stdout and stderr are read by two threads as
/// they come, so that a full pipe never blocks it, and the test may look at them
/// meanwhile ([`Running::wait_for_stdout`], [`Running::next_line`]). Dropped while still
/// running, it is killed: a failed test leaves no process behind.
#[derive(Debug)]
pub struct Running {
    name: String,
    child: Child,
    printed: Arc<Printed>,
    readers: Vec<JoinHandle<()>>,
    /// How far [`Running::next_line`] has read stdout.
    lines_read: usize,
}

impl Running {
    /// Starts `bin` with `args`, stdin closed, stdout and stderr captured.
    pub fn spawn(bin: &str, args: &[&str]) -> Running {
        Running::spawn_with_env(bin, args, &[])
    }

    /// [`Running::spawn`] with `vars` added to the environment.
    pub fn spawn_with_env(bin: &str, args: &[&str], vars: &[(&str, &str)]) -> Running {
        let mut command = Command::new(bin);
        command.args(args).envs(vars.iter().copied());
        Running::start(command)
    }

    /// Starts a command built by the caller, stdin closed, stdout and stderr captured.
    pub fn start(mut command: Command) -> Running {
        command.stdout(Stdio::piped());
        let name = name_of(command.get_program());
        let _alone = spawn_lock();
        Running::spawn_reading(command, &name, Reading::Collect)
    }

    /// Starts a command built by the caller with `stdout` for its stdout: `/dev/full`, or a
    /// pipe the test reads itself (take it with [`Running::take_stdout`]). Stdin closed,
    /// stderr captured.
    pub fn start_with_stdout(mut command: Command, stdout: Stdio) -> Running {
        command.stdout(stdout);
        let name = name_of(command.get_program());
        let _alone = spawn_lock();
        Running::spawn_reading(command, &name, Reading::Leave)
    }

    /// Starts `command` (named `bin` in messages) with stdin closed and stderr captured,
    /// stdout as the command says (captured if piped), for a caller that already holds
    /// [`spawn_lock`].
    pub fn spawn_locked(command: Command, bin: &str) -> Running {
        Running::spawn_reading(command, bin, Reading::Collect)
    }

    /// Starts `bin` with `args` as `bin ARGS | head` runs it: stdout is read line by line
    /// up to the first line for which `last` holds, then the read end of the pipe is
    /// closed, and the binary's next write to it fails. Returns once it is closed (the
    /// lines read are the run's stdout); fails the test if that takes over [`HANG_GUARD`].
    pub fn spawn_as_head(
        bin: &str,
        args: &[&str],
        last: impl FnMut(&str) -> bool + Send + 'static,
    ) -> Running {
        let mut command = Command::new(bin);
        command.args(args).stdout(Stdio::piped());
        // No other test may start a process until the read end is closed: a fork would
        // copy it (see `spawn_lock`).
        let _alone = spawn_lock();
        let running = Running::spawn_reading(command, bin, Reading::Head(Box::new(last)));
        running.wait_for("its last line for `| head`", |streams| {
            streams.stdout_closed
        });
        running
    }

    fn spawn_reading(mut command: Command, bin: &str, stdout: Reading) -> Running {
        let mut child = command
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {bin}: {err}"));
        let printed = Arc::new(Printed::default());
        let mut readers = Vec::new();
        let last = match stdout {
            Reading::Collect => Some(None),
            Reading::Head(last) => Some(Some(last)),
            Reading::Leave => None,
        };
        if let Some(last) = last
            && let Some(pipe) = child.stdout.take()
        {
            readers.push(read(pipe, Stream::Stdout, &printed, last));
        }
        if let Some(pipe) = child.stderr.take() {
            readers.push(read(pipe, Stream::Stderr, &printed, None));
        }
        Running {
            name: name_of(OsStr::new(bin)),
            child,
            printed,
            readers,
            lines_read: 0,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The stdout pipe, for a test that reads it itself; only where it was started with
    /// [`Running::start_with_stdout`] and a piped stdout.
    pub fn take_stdout(&mut self) -> std::process::ChildStdout {
        self.child
            .stdout
            .take()
            .expect("a piped stdout nobody reads")
    }

    /// Sends `signal` (`INT`, `TERM`, `KILL`...) with `kill -SIGNAL PID`.
    pub fn signal(&self, signal: &str) {
        let status = {
            let _alone = spawn_lock();
            Command::new("kill")
                .args([&format!("-{signal}"), &self.pid().to_string()])
                .status()
                .expect("kill runs")
        };
        assert!(status.success(), "kill -{signal} {} failed", self.pid());
    }

    /// Presses Ctrl-C: sends SIGINT, as a terminal does.
    pub fn interrupt(&self) {
        self.signal("INT");
    }

    /// Asks the binary to stop: sends SIGTERM, as `kill PID`, a service manager or a
    /// closing terminal session does.
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Stdout so far.
    pub fn stdout_so_far(&self) -> String {
        String::from_utf8_lossy(&self.printed.lock().stdout).into_owned()
    }

    /// Stderr so far.
    pub fn stderr_so_far(&self) -> String {
        String::from_utf8_lossy(&self.printed.lock().stderr).into_owned()
    }

    /// Waits until `done` holds for all of stdout so far, and returns it; fails the test
    /// if it does not within [`HANG_GUARD`], or if the binary closes its stdout first.
    pub fn wait_for_stdout(&self, what: &str, mut done: impl FnMut(&str) -> bool) -> String {
        let streams = self.wait_for(what, |s| done(&String::from_utf8_lossy(&s.stdout)));
        String::from_utf8_lossy(&streams.stdout).into_owned()
    }

    /// [`Running::wait_for_stdout`] for stderr.
    pub fn wait_for_stderr(&self, what: &str, mut done: impl FnMut(&str) -> bool) -> String {
        let streams = self.wait_for(what, |s| done(&String::from_utf8_lossy(&s.stderr)));
        String::from_utf8_lossy(&streams.stderr).into_owned()
    }

    /// Waits until `text` shows on stdout or stderr, and returns both so far, stdout first.
    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for_times(text, 1)
    }

    /// Waits until `text` has shown `times` times on stdout and stderr together, and
    /// returns both so far, stdout first.
    pub fn wait_for_times(&self, text: &str, times: usize) -> String {
        let what = format!("{text:?} {times} time(s) on stdout or stderr");
        let count = |bytes: &[u8]| String::from_utf8_lossy(bytes).matches(text).count();
        let streams = self.wait_for(&what, |s| count(&s.stdout) + count(&s.stderr) >= times);
        let lossy = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        lossy(&streams.stdout) + &lossy(&streams.stderr)
    }

    /// The next whole line of stdout that `matches` (past the lines an earlier call went
    /// through), without its newline; fails the test as [`Running::wait_for_stdout`].
    pub fn next_line(&mut self, what: &str, matches: impl Fn(&str) -> bool) -> String {
        let from = self.lines_read;
        let mut found = None;
        self.wait_for(what, |streams| {
            found = find_line(&streams.stdout[from..], &matches);
            found.is_some()
        });
        let (end, line) = found.expect("found when the wait ends");
        self.lines_read = from + end;
        line
    }

    /// Waits, at most [`HANG_GUARD`], until `done` holds for what was printed so far, and
    /// returns a copy of it. Fails the test, saying what was printed, when the guard runs
    /// out, or when both pipes are closed and `done` still does not hold.
    fn wait_for(&self, what: &str, mut done: impl FnMut(&Streams) -> bool) -> Streams {
        let deadline = Instant::now() + HANG_GUARD;
        let mut streams = self.printed.lock();
        loop {
            if done(&streams) {
                return Streams {
                    stdout: streams.stdout.clone(),
                    stderr: streams.stderr.clone(),
                    ..Streams::default()
                };
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                streams.open > 0 && !left.is_zero(),
                "{}: gave up waiting for {what} ({})\n--- stdout:\n{}\n--- stderr:\n{}",
                self.name,
                if streams.open > 0 {
                    format!("not within {HANG_GUARD:?}")
                } else {
                    "its output ended".to_string()
                },
                String::from_utf8_lossy(&streams.stdout),
                String::from_utf8_lossy(&streams.stderr),
            );
            streams = self.printed.wait(streams, left);
        }
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
                    let output = self.output(status.unwrap_or_default(), Duration::from_secs(1));
                    panic!(
                        "{} did not exit within {guard:?} and was killed\n--- stdout:\n{}\n--- stderr:\n{}",
                        self.name,
                        stdout(&output),
                        stderr(&output)
                    );
                }
            }
        };
        let output = self.output(status, HANG_GUARD);
        assert!(
            self.readers.is_empty(),
            "{} exited, but its stdout or stderr was still open {HANG_GUARD:?} later (held by a process it started?)\n--- stdout:\n{}\n--- stderr:\n{}",
            self.name,
            stdout(&output),
            stderr(&output)
        );
        output
    }

    /// The run's output once its pipes have closed (at its exit, unless a process it
    /// started holds them), waiting at most `guard` for that.
    fn output(&mut self, status: ExitStatus, guard: Duration) -> Output {
        let deadline = Instant::now() + guard;
        let mut streams = self.printed.lock();
        while streams.open > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            streams = self.printed.wait(streams, left);
        }
        let still_open = streams.open > 0;
        let streams = std::mem::take(&mut *streams);
        if !still_open {
            for reader in self.readers.drain(..) {
                reader.join().expect("a reader thread does not panic");
            }
        }
        Output {
            status,
            stdout: streams.stdout,
            stderr: streams.stderr,
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

/// A binary's file name, for messages.
fn name_of(program: &OsStr) -> String {
    let path = program.to_string_lossy();
    path.rsplit('/').next().unwrap_or(&path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::wait_until;

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

    /// A shell that runs `before`, waits until the test calls [`Step::go`], then runs
    /// `after`: the test decides the moment, not a sleep.
    struct Step {
        dir: tempfile::TempDir,
    }

    impl Step {
        fn go(&self) {
            std::fs::write(self.dir.path().join("go"), "").unwrap();
        }
    }

    fn shell_in_two_steps(before: &str, after: &str) -> (Running, Step) {
        let dir = tempfile::tempdir().unwrap();
        let script = format!(
            "{before}; while [ ! -e '{}' ]; do sleep 0.01; done; {after}",
            dir.path().join("go").display()
        );
        (Running::spawn("sh", &["-c", &script]), Step { dir })
    }

    #[test]
    fn lines_are_read_as_they_come_and_the_rest_is_kept() {
        let (mut running, step) =
            shell_in_two_steps("echo one; echo two", "echo three; echo err >&2");
        assert_eq!(
            running.next_line("a line", |line| line.starts_with('t')),
            "two"
        );
        assert_eq!(running.stdout_so_far(), "one\ntwo\n");
        step.go();
        assert_eq!(running.next_line("a line", |_| true), "three");
        assert_eq!(
            running.wait_for_stderr("err", |err| err == "err\n"),
            "err\n"
        );
        let output = running.wait(HANG_GUARD);
        assert_eq!(stdout(&output), "one\ntwo\nthree\n");
    }

    #[test]
    fn a_line_shows_before_its_newline() {
        let (running, step) = shell_in_two_steps("printf 'BR CN '", "echo");
        running.wait_for_stdout("two codes", |out| out == "BR CN ");
        step.go();
        assert_eq!(stdout(&running.wait(HANG_GUARD)), "BR CN \n");
    }

    #[test]
    #[should_panic(expected = "its output ended")]
    fn a_line_that_never_comes_fails_once_the_output_ends() {
        let mut running = Running::spawn("sh", &["-c", "echo one"]);
        running.next_line("a second line", |line| line == "two");
    }

    #[test]
    fn as_head_the_pipe_closes_after_the_last_line() {
        // `yes` writes until its stdout closes: under `| head` it ends by SIGPIPE.
        let running = Running::spawn_as_head("yes", &["y"], |line| line == "y");
        let output = running.wait(HANG_GUARD);
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(13), "ended by SIGPIPE");
        assert!(stdout(&output).starts_with("y\n"), "{output:?}");
    }
}
