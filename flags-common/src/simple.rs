//! The minimal interface of the book's first examples (`flags.py`, `flags_threadpool.py`,
//! `flags_asyncio.py`): always the 20 POP20 flags, only `--server` and `--dest` to choose.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use crate::{FetchError, Job, POP20_CC, Server};

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
    let args: Args = crate::parse_cli();
    let job = Job::new(POP20_CC, &args.server.base_url, &args.dest);
    // The book's simple versions have no Ctrl-C handling: stop at once, but leave no
    // temporary file of a flag being written behind.
    let dest = job.dest.clone();
    let _ = ctrlc::set_handler(move || {
        crate::remove_partial_files(&dest);
        eprintln!("\nInterrupted.");
        std::process::exit(crate::EXIT_INTERRUPTED.into());
    });
    let t0 = Instant::now();
    match download_many(&job) {
        Ok(count) => {
            // A closed stdout (`| head`) is a normal end, not a panic.
            let elapsed = t0.elapsed().as_secs_f64();
            let _ = writeln!(std::io::stdout(), "\n{count} downloads in {elapsed:.2}s");
            ExitCode::SUCCESS
        }
        Err(err) => {
            let _ = writeln!(std::io::stdout());
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
