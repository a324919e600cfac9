//! `spinner_async.py` (*Fluent Python*, 2nd ed., ch. 19): a task draws a spinner while
//! the supervisor awaits `slow`, all on one thread.
//!
//! ```text
//! cargo run -p spinner-async
//! cargo run -p spinner-async -- --seconds 5 --message "working hard"
//! cargo run -p spinner-async | cat      # not a terminal: no frames, two lines
//! ```
//!
//! Watch for: the same screen as `cargo run -p spinner-thread`, with one thread instead
//! of two; the `spinner object:` line is a tokio task. `slow` awaits a timer, so the
//! runtime's one thread is free to run the spinner; after 3 s the supervisor aborts the
//! spinner, whose guard wipes its line, and `Answer: 42` appears at once.
//! The twin is `spinner-thread/src/bin/spinner_thread.rs`: diff them.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_async::cli::{self, Args, Terminal};
use spinner_async::{Edition, slow, supervisor};

#[tokio::main(flavor = "current_thread")] // one thread, one loop: like `asyncio.run`
async fn main() -> ExitCode {
    cli::exit_status(run().await) // quietly 141 if stdout was closed (`| head -1`)
}

async fn run() -> anyhow::Result<()> {
    let args: Args = cli::parse();
    let terminal = Terminal::open()?; // cursor hidden until dropped, Ctrl-C or SIGTERM
    let result = supervisor(
        Edition::Second,
        &args.message,
        terminal.frames(),
        slow(args.seconds),
    )
    .await?;
    writeln!(io::stdout(), "Answer: {result}")?;
    Ok(())
}
