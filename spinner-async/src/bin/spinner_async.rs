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

use clap::Parser;
use spinner_async::cli::{Args, Terminal};
use spinner_async::{slow, supervisor};

#[tokio::main(flavor = "current_thread")] // one thread, one loop: like `asyncio.run`
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let terminal = Terminal::open()?; // cursor hidden until dropped, or Ctrl-C
    let result = supervisor(&args.message, terminal.frames(), slow(args.seconds)).await?;
    println!("Answer: {result}");
    Ok(())
}
