//! The process spinner of *Fluent Python* (2nd ed., ch. 19, `spinner_proc.py`), in Rust.
//!
//! The twin of `spinner-thread` and `spinner-async`: same names, same output, only the
//! concurrency differs. The spinner runs in a child process (this same executable,
//! started again with a hidden argument, as `multiprocessing` starts a new Python) while
//! the [`supervisor`] works. The child draws with `spinner-thread`'s very own [`spin`].
//!
//! # The book's `multiprocessing.Event` is a pipe
//!
//! The child's stdin is a pipe from the parent. Setting the event is closing that pipe:
//! a thread in the child reads it to its end and sets the child's own [`Event`], which
//! `spin` waits on between frames, so the child stops at once. A parent that dies, even
//! by SIGKILL, closes the pipe too: the child cannot tell the difference, and does not
//! need to. Either way it clears its line, shows the cursor and exits: it never outlives
//! the parent.
//!
//! # The terminal belongs to the child
//!
//! The child draws, so the child opens the [`Terminal`]: it hides the
//! cursor and shows it again on exit, and on Ctrl-C. The parent handles Ctrl-C and SIGTERM
//! itself: it stops the child, waits for it (so the terminal is restored before the shell
//! prompt comes back), and exits 130 or 143.
//!
//! Binaries: `src/bin/spinner_proc.rs` (the default, `cargo run -p spinner-proc`) and
//! `src/bin/spinner_prime_proc.rs`.

pub use spinner_common::{Edition, FRAME_INTERVAL, cli, frames, is_prime, primes};
// The child process *is* a thread spinner: it draws with the thread sibling's own code.
pub use spinner_thread::{Event, slow, spin};

use std::env;
use std::fmt;
use std::io::{self, Read, Write};
use std::process::{self, Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use cli::Terminal;

/// The hidden argument that turns this executable into the spinner process, followed by
/// the message (`multiprocessing` passes `--multiprocessing-fork` to the Python it starts).
pub const SPINNER_ARG: &str = "--spinner-process";

/// The first line of `main`: in the spinner process, spins until the parent says done,
/// then exits; in the parent, returns at once.
pub fn spin_if_child() {
    let mut args = env::args_os().skip(1);
    if args.next().is_some_and(|arg| arg == SPINNER_ARG) {
        let msg = args.next().unwrap_or_default();
        match spinner_main(&msg.to_string_lossy()) {
            Ok(()) => process::exit(0),
            Err(err) => {
                eprintln!("spinner process: {err}");
                process::exit(1);
            }
        }
    }
}

/// The spinner process: waits for the parent's go, then draws `msg` until its stdin, the
/// parent's pipe, ends.
fn spinner_main(msg: &str) -> io::Result<()> {
    // The go: one byte, written once the parent has printed its `spinner object:` line.
    // The end of the pipe before it: the parent is gone already, there is nothing to do.
    if io::stdin().read(&mut [0])? == 0 {
        return Ok(());
    }
    let terminal = Terminal::open().map_err(io::Error::other)?; // cursor hidden until dropped, or Ctrl-C
    let done = Arc::new(Event::new());
    thread::Builder::new().name("done".into()).spawn({
        let done = Arc::clone(&done);
        move || {
            // Returns at the end of the pipe: the parent set the event, or died.
            let _ = io::copy(&mut io::stdin(), &mut io::sink());
            done.set();
        }
    })?;
    // The process spinner is the 2nd edition's alone (`spinner_proc.py`).
    spin(Edition::Second, msg, &*done, terminal.frames())
}

/// The spinner process, as the parent holds it: the child, and the write end of its
/// stdin, which is the book's `done` event.
pub struct SpinnerProcess {
    child: Child,
    done: ChildStdin,
}

impl SpinnerProcess {
    /// Starts this executable again as the spinner process, drawing `msg`. It draws
    /// nothing until [`SpinnerProcess::start`].
    pub fn new(msg: &str) -> io::Result<Self> {
        let mut child = Command::new(env::current_exe()?)
            .args([SPINNER_ARG, msg])
            .stdin(Stdio::piped())
            .spawn()?;
        let done = child.stdin.take().expect("stdin is piped, just above");
        Ok(Self { child, done })
    }

    /// The book's `spinner.start()`: the go.
    pub fn start(&mut self) -> io::Result<()> {
        self.done.write_all(b"\n")?;
        self.done.flush()
    }

    /// The book's `done.set()` then `spinner.join()`: closes the pipe, so the spinner
    /// clears its line and exits, and waits for it.
    pub fn stop(self) -> io::Result<()> {
        let Self { mut child, done } = self;
        drop(done);
        match child.wait()? {
            status if status.success() => Ok(()),
            status => Err(spinner_failed(status)),
        }
    }
}

fn spinner_failed(status: ExitStatus) -> io::Error {
    io::Error::other(format!("the spinner process failed ({status})"))
}

/// Like the thread's: `SpinnerProcess { pid: 4242, .. }`.
impl fmt::Debug for SpinnerProcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpinnerProcess")
            .field("pid", &self.child.id())
            .finish_non_exhaustive()
    }
}

/// Runs `work` in this process while a spinner process draws `msg` on the terminal;
/// stops the spinner and waits for it, then returns what `work` returned.
///
/// `work` is `slow` in `spinner_proc` and the book's `is_prime` in `spinner_prime_proc`.
/// Prints the `spinner object:` line on stdout, like the book; if stdout is closed
/// (`| head -0`), returns that error at once, and the spinner process, which never got
/// its go, reads the end of its pipe and ends too. Ctrl-C or SIGTERM while it runs stops
/// the spinner process, then exits 130 or 143.
pub fn supervisor<T>(msg: &str, work: impl FnOnce() -> T) -> io::Result<T> {
    let signals = StopOnSignals::install()?; // before the child exists: no window to leak it
    let mut spinner = SpinnerProcess::new(msg)?;
    writeln!(io::stdout(), "spinner object: {spinner:?}")?;
    spinner.start()?;
    signals.hold(spinner);
    let result = work();
    signals.stop()?;
    Ok(result)
}

/// Ctrl-C and SIGTERM stop the spinner process and wait for it, so that it has restored
/// the terminal, then exit 128 + the signal's number: 130 or 143.
///
/// The spinner is shared with the thread that hears the signals: whoever stops it first
/// takes it.
struct StopOnSignals {
    spinner: Arc<Mutex<Option<SpinnerProcess>>>,
}

impl StopOnSignals {
    fn install() -> io::Result<Self> {
        let spinner = Arc::new(Mutex::new(None));
        let mut signals = Signals::new([SIGINT, SIGTERM])?;
        thread::Builder::new().name("signals".into()).spawn({
            let this = Self {
                spinner: Arc::clone(&spinner),
            };
            move || {
                if let Some(signal) = signals.forever().next() {
                    let _ = this.stop(); // exiting anyway: a failed stop changes nothing
                    process::exit(128 + signal);
                }
            }
        })?;
        Ok(Self { spinner })
    }

    fn hold(&self, spinner: SpinnerProcess) {
        *lock(&self.spinner) = Some(spinner);
    }

    /// Stops the spinner unless the other side did. The lock is held until the spinner
    /// has exited, so a signal now waits for that before it exits this process.
    fn stop(&self) -> io::Result<()> {
        let mut spinner = lock(&self.spinner);
        spinner.take().map_or(Ok(()), SpinnerProcess::stop)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Only a panic in `stop` could poison it, and the spinner is taken by then.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
