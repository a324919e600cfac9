//! `spinner_proc.py` (*Fluent Python*, 2nd ed., ch. 19): a child process draws the
//! spinner while the main process waits for `slow`.
//!
//! ```text
//! cargo run -p spinner-proc
//! cargo run -p spinner-proc -- --seconds 5 --message "working hard"
//! cargo run -p spinner-proc | cat      # not a terminal: no frames, two lines
//! ```
//!
//! Watch for: the same screen as `cargo run -p spinner-thread`; the `spinner object:`
//! line is a process (`ps` shows this executable twice, the child with a hidden argument).
//! After 3 s the supervisor closes the child's pipe, the child wipes its line and exits
//! at once, and `Answer: 42` appears. Ctrl-C or `kill` of the parent leaves no child
//! behind and the cursor visible.
//! The twins are `spinner-thread/src/bin/spinner_thread.rs` and
//! `spinner-async/src/bin/spinner_async.rs`: diff them.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_proc::cli::{self, Args};
use spinner_proc::{slow, supervisor};

fn main() -> ExitCode {
    spinner_proc::spin_if_child(); // the spinner process draws here, and exits
    cli::exit_status(run()) // quietly 141 if stdout was closed (`| head -1`)
}

fn run() -> anyhow::Result<()> {
    let args: Args = cli::parse();
    // No `Terminal` here: the spinner process draws, so it owns the terminal.
    let result = supervisor(&args.message, || slow(args.seconds))?;
    writeln!(io::stdout(), "Answer: {result}")?;
    Ok(())
}
