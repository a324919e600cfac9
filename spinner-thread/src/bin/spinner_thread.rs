//! `spinner_thread.py` (*Fluent Python*, 2nd ed., ch. 19): a thread draws a spinner
//! while the main thread waits for `slow`.
//!
//! ```text
//! cargo run -p spinner-thread
//! cargo run -p spinner-thread -- --seconds 5 --message "working hard"
//! cargo run -p spinner-thread | cat      # not a terminal: no frames, two lines
//! ```
//!
//! Watch for: the `spinner object:` line (a named OS thread), the bar turning in place
//! every 0.1 s (`\\ | / -`, the 2nd edition's order), then the line wiped and `Answer: 42` after 3 s, not up to a frame later:
//! the spinner waits on the event between frames, so `done.set()` wakes it at once.
//! The twin is `spinner-async/src/bin/spinner_async.rs`: diff them. The 1st edition's
//! spelling is `spinner_thread_1e.rs`.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_thread::cli::{self, Args, Terminal};
use spinner_thread::{Edition, slow, supervisor};

fn main() -> ExitCode {
    cli::exit_status(run()) // quietly 141 if stdout was closed (`| head -1`)
}

fn run() -> anyhow::Result<()> {
    let args: Args = cli::parse();
    let terminal = Terminal::open()?; // cursor hidden until dropped, Ctrl-C or SIGTERM
    let result = supervisor(Edition::Second, &args.message, terminal.frames(), || {
        slow(args.seconds)
    })?;
    writeln!(io::stdout(), "Answer: {result}")?;
    Ok(())
}
