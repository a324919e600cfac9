//! `spinner_async_experiment.py` (*Fluent Python*, 2nd ed., ch. 19): what happens when
//! async code blocks. `slow` calls `std::thread::sleep` instead of awaiting a timer.
//!
//! ```text
//! cargo run -p spinner-async --bin spinner_async_experiment
//! ```
//!
//! Watch for: the `spinner object:` line, then nothing at all for 3 s: no frame, not
//! one. `tokio::spawn` only schedules the spinner; it would run the next time the
//! supervisor awaits something that is not ready. But `slow` never yields: it holds the
//! runtime's only thread for 3 s, and by the time it returns the supervisor cancels the
//! spinner before its first poll. Like the book's `THIS WILL NEVER BE OUTPUT`, the
//! spinner never drew, so it has no line to clear. Then `Answer: 42`.

use std::io::{self, Write};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use spinner_async::cli::{self, Args, Terminal};
use spinner_async::{Edition, supervisor};

// ANCHOR: slow
async fn slow(delay: Duration) -> u64 {
    thread::sleep(delay); // Warning: this blocks the runtime's only thread!
    42
}
// ANCHOR_END: slow

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{self, Read};

    #[tokio::test] // a current-thread runtime, like main's
    async fn the_blocked_spinner_draws_no_frame() {
        let (mut drawn, out) = io::pipe().unwrap();
        let answer = supervisor(
            Edition::Second,
            "thinking!",
            out,
            slow(Duration::from_millis(300)),
        )
        .await;
        assert_eq!(answer.unwrap(), 42);
        let mut screen = String::new();
        drawn.read_to_string(&mut screen).unwrap();
        assert_eq!(screen, "", "300 ms of blocking, and not one frame");
    }
}
