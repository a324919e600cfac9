//! `18-asyncio/spinner_thread.py` (*Fluent Python*, 1st ed., ch. 18): the same thread
//! spinner as the 2nd edition's, drawn the 1st edition's way.
//!
//! ```text
//! cargo run -p spinner-thread --bin spinner_thread_1e
//! cargo run -p spinner-thread --bin spinner_thread_1e -- --signal   # the printed Example 18-1
//! cargo run -p spinner-thread --bin spinner_thread_1e | cat   # not a terminal: two lines
//! ```
//!
//! Watch for: the bar starts at `|` (`| / - \`), and each frame is followed by
//! backspaces (`\x08`) rather than preceded by `\r` (`script -q -c '...' /dev/null | od -c`
//! shows them); the line is wiped with blanks then backspaces. By default it stops like
//! the book's repository file, on a `threading.Event`: at once. With `--signal` it stops
//! like the printed book, on a `Signal` flag read after each 0.1 s sleep: the answer comes
//! up to one frame late, since nothing wakes the sleeping spinner.
//! Diff with `spinner_thread.rs`: the edition (and the stop) changes, nothing else.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use spinner_thread::cli::{self, Args, Terminal};
use spinner_thread::{Edition, Event, Signal, slow, supervisor_with};

/// Spin while a slow function works, then print the answer (1st edition).
#[derive(Debug, Parser)]
#[command(version)] // the about text is the doc comment above
struct Args1e {
    #[command(flatten)]
    args: Args,
    /// Stop the spinner with the printed book's `Signal` flag, polled between frames
    /// (up to 0.1 s late), instead of an `Event`.
    #[arg(long)]
    signal: bool,
}

fn main() -> ExitCode {
    cli::exit_status(run()) // quietly 141 if stdout was closed (`| head -1`)
}

fn run() -> anyhow::Result<()> {
    let Args1e { args, signal } = cli::parse();
    let terminal = Terminal::open()?; // cursor hidden until dropped, Ctrl-C or SIGTERM
    let (msg, out, work) = (&args.message, terminal.frames(), || slow(args.seconds));
    let result = if signal {
        supervisor_with(Edition::First, Signal::new(), msg, out, work)?
    } else {
        supervisor_with(Edition::First, Event::new(), msg, out, work)?
    };
    writeln!(io::stdout(), "Answer: {result}")?;
    Ok(())
}
