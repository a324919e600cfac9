//! `18-asyncio/spinner_thread.py` (*Fluent Python*, 1st ed., ch. 18): the same thread
//! spinner as the 2nd edition's, drawn the 1st edition's way.
//!
//! ```text
//! cargo run -p spinner-thread --bin spinner_thread_1e
//! cargo run -p spinner-thread --bin spinner_thread_1e | cat   # not a terminal: two lines
//! ```
//!
//! Watch for: the bar starts at `|` (`| / - \`), and each frame is followed by
//! backspaces (`\x08`) rather than preceded by `\r`: `cargo run ... | od -c` under
//! `script -q -c` shows them. The line is wiped with blanks then backspaces. The
//! concurrency is the 2nd edition's (both editions' files wait on a `threading.Event`,
//! so the stop is immediate); diff with `spinner_thread.rs`: one word changes.

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
    let result = supervisor(Edition::First, &args.message, terminal.frames(), || {
        slow(args.seconds)
    })?;
    writeln!(io::stdout(), "Answer: {result}")?;
    Ok(())
}
