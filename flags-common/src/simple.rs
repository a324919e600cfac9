//! The minimal interface of the book's first examples (`flags.py`, `flags_threadpool.py`,
//! `flags_asyncio.py`): always the 20 POP20 flags, only `--server` and `--dest` to choose.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use crate::{DELAY_TIMEOUT, EXIT_OUTPUT_CLOSED, FetchError, Job, POP20_CC, Server};

/// The simple examples' command line.
#[derive(Debug, Parser)]
#[command(
    version,
    about = "Download the flags of the 20 most populous countries.",
    long_about = "Download the flags of the 20 most populous countries.\n\n\
        Start the local flag server first, in another terminal: cargo run -p flags-server"
)]
pub struct Args {
    /// Server to hit: LOCAL, DELAY, ERROR, REMOTE (any case), or an http(s) base URL.
    #[arg(short, long, value_name = "LABEL|URL", default_value = "LOCAL", value_parser = Server::parse)]
    pub server: Server,

    /// Folder to save the flags in (created when missing).
    #[arg(long, value_name = "DIR", default_value = "downloaded")]
    pub dest: PathBuf,
}

/// The signature of the simple examples' `download_many`: the codes are `job.cc_list`,
/// the result how many flags were saved; the first failure ends the run, as in the book.
pub type SimpleDownloadMany = fn(&Job) -> Result<usize, FetchError>;

/// The book's `flags.main(downloader)`: download POP20, then `20 downloads in 1.23s`.
pub fn main(download_many: SimpleDownloadMany) -> ExitCode {
    main_saying(download_many, "downloads")
}

/// The 1st edition's `flags.main(downloader)`: the same run, ending
/// `20 flags downloaded in 1.07s`.
pub fn main_1e(download_many: SimpleDownloadMany) -> ExitCode {
    main_saying(download_many, "flags downloaded")
}

fn main_saying(download_many: SimpleDownloadMany, what: &str) -> ExitCode {
    let args: Args = crate::parse_cli();
    // The book's `timeout=6.1` of flags.py: longer than the DELAY server's longest wait.
    let job = Job::new(POP20_CC, &args.server.base_url, &args.dest).with_timeout(DELAY_TIMEOUT);
    crate::remove_partial_files(&job.dest); // what a killed run left
    // The book's simple versions have no Ctrl-C handling: stop at once (Ctrl-C or
    // SIGTERM), but leave no temporary file of a flag being written behind.
    let dest = job.dest.clone();
    let _ = crate::stop::on_signal(move |signal| {
        eprintln!("\n{}.", signal.outcome());
        crate::exit_between_saves(&dest, signal.exit_status());
    });
    let t0 = Instant::now();
    match download_many(&job) {
        Ok(count) => {
            let elapsed = t0.elapsed().as_secs_f64();
            print(&job, &format!("\n{count} {what} in {elapsed:.2}s\n"));
            ExitCode::SUCCESS
        }
        Err(err) => {
            print(&job, "\n");
            eprintln!("error: {err}");
            if matches!(err, FetchError::Refused { .. })
                && let Some(hint) = crate::refused_hint(&args.server)
            {
                eprintln!("{hint}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Prints `text` at once (the book's `print(cc, end=' ', flush=True)`): without the flush,
/// codes printed without a newline would only appear at the end, all at once.
///
/// If stdout is closed (`flags | head -c 10`), the reader has gone: the process ends
/// here, quietly, as a tool killed by SIGPIPE does, once the flags being written on other
/// threads are whole, and leaving no temporary file behind.
pub fn print(job: &Job, text: &str) {
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        crate::exit_between_saves(&job.dest, EXIT_OUTPUT_CLOSED);
    }
}
