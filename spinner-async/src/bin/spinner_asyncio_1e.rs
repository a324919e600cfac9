//! `18-asyncio/spinner_asyncio.py` and `spinner_await.py` (*Fluent Python*, 1st ed.,
//! ch. 18): the async spinner with the event loop spelled out, drawn the 1st edition's
//! way.
//!
//! ```text
//! cargo run -p spinner-async --bin spinner_asyncio_1e
//! cargo run -p spinner-async --bin spinner_asyncio_1e | cat   # not a terminal: two lines
//! ```
//!
//! Watch for: the same run as `spinner_async`, but the bar starts at `|` and backs up
//! with backspaces. The point is in `run`: the 1st edition gets a loop
//! (`asyncio.get_event_loop()`), runs the supervisor to its end on it
//! (`loop.run_until_complete`), then closes it (`loop.close()`). tokio says the same with
//! a runtime, `block_on` and its drop; the 2nd edition's `asyncio.run`, like
//! `#[tokio::main]` in `spinner_async.rs`, does the three in one.
//!
//! `spinner_asyncio.py` and `spinner_await.py` differ only in Python's syntax
//! (`@asyncio.coroutine` and `yield from`, then `async def` and `await`): Rust has only
//! the second, so one twin serves both. `spinner_curio.py` adds nothing tokio can show:
//! its `await spinner.cancel()` waits for the task to end, which the supervisor here
//! already does after `abort`.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_async::cli::{self, Args, Terminal};
use spinner_async::{Edition, slow, supervisor};
use tokio::runtime;

fn main() -> ExitCode {
    cli::exit_status(run()) // quietly 141 if stdout was closed (`| head -1`)
}

fn run() -> anyhow::Result<()> {
    let args: Args = cli::parse();
    let terminal = Terminal::open()?; // cursor hidden until dropped, Ctrl-C or SIGTERM
    // `loop = asyncio.get_event_loop()`: one thread, one loop.
    let event_loop = runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    // `loop.run_until_complete(supervisor())`: this thread runs the loop until it is done.
    let result = event_loop.block_on(supervisor(
        Edition::First,
        &args.message,
        terminal.frames(),
        slow(args.seconds),
    ));
    // `loop.close()`: dropping the runtime closes it, and drops any task left in it.
    drop(event_loop);
    writeln!(io::stdout(), "Answer: {}", result?)?;
    Ok(())
}
