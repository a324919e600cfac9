//! `flags_threadpool_ac.py` (1st ed. ch. 17): `executor.submit` and `futures.as_completed`
//! on the first 5 POP20 codes and 3 workers, with each task's state shown as the 1st
//! edition's listing shows its futures.
//!
//! The 2nd edition's twin of this listing is `flags_threadpool_futures` ([`crate::futures`]).
//! The 1st edition's differs in what it prints: its `download_one` calls `show(cc)` on the
//! worker thread, so a code appears as soon as its flag arrives, in the middle of the
//! main thread's lines; each future prints with its state (`state=running`, `pending`,
//! `finished returned str`); and the total reads `5 flags downloaded in 0.70s`.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

use flags_common::simple::Args;
use flags_common::{DELAY_TIMEOUT, EXIT_OUTPUT_CLOSED, FetchError, Job, POP20_CC, save_flag};
use flags_seq::{get_flag, new_agent};
use ureq::Agent;

use crate::futures::{MAX_WORKERS, Repr, State, Task};
use crate::pool::submit_all;

/// Why a run stopped: a download failed (the first failure ends the run, as in the
/// book), or stdout is closed or broken.
#[derive(Debug, thiserror::Error)]
pub enum AcError {
    /// A flag could not be downloaded or saved.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// Stdout could not be written: a pipe into `head` was closed, say.
    #[error("cannot write to stdout: {0}")]
    Stdout(#[from] io::Error),
}

/// Prints `cc` and a space at once, without a newline: the book's `show(cc)`. Called on a
/// worker thread; a closed stdout is the main thread's to report.
fn show(cc: &str) {
    let mut out = io::stdout().lock();
    let _ = write!(out, "{cc} ").and_then(|()| out.flush());
}

// ANCHOR: download_many
/// Downloads and saves the flag of `cc`, showing the code as soon as the flag arrives;
/// returns the code: the book's `download_one` of `flags_threadpool_ac.py`.
pub fn download_one(agent: &Agent, job: &Job, cc: &str) -> Result<String, FetchError> {
    let image = get_flag(agent, job, cc)?;
    show(cc);
    save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
    Ok(cc.to_string())
}

/// The book's `download_many`: submits the first 5 codes, sorted, to 3 workers and
/// prints `Scheduled for BR: <task 1 state=running>` for each; then, as each completes,
/// `<task 1 state=finished returned String> result: 'BR'`.
pub fn download_many(job: &Job) -> Result<usize, AcError> {
    let agent = new_agent(job);
    let mut cc_list: Vec<String> = job.cc_list.iter().take(5).cloned().collect();
    cc_list.sort();
    // Each task's state, which its worker updates and `Scheduled for` lines read.
    let states = Mutex::new(vec![State::Pending; cc_list.len()]);
    let set_state = |cc: &str, state| {
        let index = cc_list.iter().position(|c| c == cc);
        // Poisoning needs a panic under the lock: indexing a found position cannot panic.
        let mut states = states.lock().expect("the lock is never poisoned");
        if let Some(index) = index {
            states[index] = state;
        }
    };
    thread::scope(|s| {
        let done = submit_all(s, MAX_WORKERS, job, &cc_list, |cc| {
            set_state(cc, State::Running);
            let result = download_one(&agent, job, cc);
            set_state(cc, State::Finished);
            result
        });
        let mut out = io::stdout().lock();
        for (index, cc) in cc_list.iter().enumerate() {
            let state = states.lock().expect("the lock is never poisoned")[index];
            writeln!(out, "Scheduled for {cc}: {}", Repr(Task(index), state))?;
        }
        // The lock is given back between lines, so that `show` can print.
        drop(out);
        let mut results = Vec::new();
        for (index, _, result) in done {
            let res = result?;
            let repr = Repr(Task(index), State::Finished);
            writeln!(io::stdout().lock(), "{repr} result: '{res}'")?;
            results.push(res);
        }
        Ok(results.len())
    })
}
// ANCHOR_END: download_many

/// The 1st edition's `flags.main(download_many)`: downloads, then
/// `5 flags downloaded in 0.70s`. The options are the simple examples' (`--server`,
/// `--dest`), and so are the bad days (see `flags_common::simple::main`): Ctrl-C and
/// SIGTERM stop at once (130, 143) and a closed stdout quietly (141), leaving only whole
/// flags.
pub fn main() -> ExitCode {
    let args: Args = flags_common::parse_cli();
    let job = Job::new(POP20_CC, &args.server.base_url, &args.dest).with_timeout(DELAY_TIMEOUT);
    flags_common::remove_partial_files(&job.dest); // what a killed run left
    let dest = job.dest.clone();
    let _ = flags_common::stop::on_signal(move |signal| {
        let _ = writeln!(io::stderr(), "\n{}.", signal.outcome());
        flags_common::exit_between_saves(&dest, signal.exit_status());
    });
    let t0 = Instant::now();
    let outcome = download_many(&job).and_then(|count| {
        let elapsed = t0.elapsed().as_secs_f64();
        writeln!(io::stdout(), "\n{count} flags downloaded in {elapsed:.2}s")?;
        Ok(())
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(AcError::Stdout(err)) if err.kind() == io::ErrorKind::BrokenPipe => {
            flags_common::exit_between_saves(&job.dest, EXIT_OUTPUT_CLOSED)
        }
        Err(err) => {
            let _ = writeln!(io::stdout());
            let _ = writeln!(io::stderr(), "error: {err}");
            ExitCode::FAILURE
        }
    }
}
