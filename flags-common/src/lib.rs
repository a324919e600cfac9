//! What every flags downloader shares: the Rust twin of the book's `flags2_common.py`.
//!
//! A downloader crate only adds its concurrency. It writes one function,
//! `download_many(&Job) -> Counter`, and hands it to [`main`], which parses the flags2
//! command line, prints the initial report, runs the downloads, prints the final report
//! and sets the exit status. The simple examples (`flags.py` and its twins) use
//! [`simple::main`] instead.
//!
//! ```text
//! argv -> Args (clap) -> expand_cc_args -> Job -> download_many(&job) -> Counter
//!      -> final_report -> exit status (0 ok, 1 some error, 2 usage, 130 Ctrl-C,
//!         141 stdout closed, 143 SIGTERM)
//! ```

mod check;
mod cli;
mod codes;
mod countries;
mod fetch_error;
mod job;
mod report;
mod save;
pub mod simple;
mod status;
pub mod stop;

pub use check::{BadResponse, MAX_BODY_BYTES, Metadata, check_flag, check_metadata};
pub use cli::{Args, Server, parse_args, parse_cli};
pub use codes::{CcArgs, expand_cc_args, parse_cc_arg};
pub use countries::{COUNTRIES, Country};
pub use durations::{MAX_DURATION, parse_duration, parse_timeout};
pub use fetch_error::FetchError;
pub use job::{DEFAULT_TIMEOUT, DELAY_TIMEOUT, DownloadMany, Job};
pub use report::{final_report, initial_report};
pub use save::{SaveError, exit_between_saves, remove_partial_files, safe_file_name, save_flag};
pub use status::{Counter, DownloadStatus};
pub use stop::{EXIT_INTERRUPTED, EXIT_OUTPUT_CLOSED, EXIT_TERMINATED, Signal};

use std::process::ExitCode;
use std::sync::{Arc, OnceLock, mpsc};
use std::time::{Duration, Instant};

/// The 20 most populous countries, the book's default job.
pub const POP20_CC: [&str; 20] = [
    "CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP", "MX", "PH", "VN", "ET", "EG", "DE",
    "IR", "TR", "CD", "FR",
];

/// The 194 codes of the real data set, AD to ZW, in order.
pub fn country_codes() -> impl Iterator<Item = &'static str> {
    COUNTRIES.iter().map(|c| c.iso_cc)
}

/// Looks up a country of the real data set by its code, in any case.
pub fn country(cc: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.iso_cc.eq_ignore_ascii_case(cc))
}

/// How long [`main`] waits, after Ctrl-C or SIGTERM, for the downloads to wind down
/// before it reports and exits anyway: a blocking request cannot be cancelled mid-flight.
const GRACE_AFTER_CTRL_C: Duration = Duration::from_millis(500);

/// What the main thread of [`main`] waits for.
enum Event {
    Done(Counter),
    Panicked,
    Signalled,
}

/// The twin of the book's `flags2_common.main(download_many, DEFAULT_CONCUR_REQ,
/// MAX_CONCUR_REQ)`: parse, report, time, download, report, exit.
///
/// Exit status: 0 when every code ended Ok or NotFound, 1 when any ended in an error,
/// 2 for a usage error (clap exits for us), 130 after Ctrl-C and 143 after SIGTERM (the
/// final report still shows what was done), 141 when stdout was closed under the run
/// (`| head -1`), which then ends without a word.
pub fn main(
    download_many: DownloadMany,
    default_concur_req: usize,
    max_concur_req: usize,
) -> ExitCode {
    let args = parse_args(std::env::args_os(), default_concur_req, max_concur_req);
    let stdout = std::io::stdout();
    let Ok(job) = start_job(&args, max_concur_req, &mut stdout.lock()) else {
        return EXIT_OUTPUT_CLOSED.into(); // nothing downloaded, nothing to clean up
    };
    let (events, event) = mpsc::channel();
    let caught = stop_on_signals(&job, events.clone());
    let t0 = Instant::now();
    spawn_downloads(download_many, &job, events);
    let counter = match wait_for_downloads(&event, &job) {
        Ok(counter) => counter,
        Err(code) => return code,
    };
    job.finish_progress_bar();
    // The reader has gone (`| head -1`): end as a tool killed by SIGPIPE would, without a
    // word, but with no temporary file left.
    if job.output_closed() || final_report(&mut stdout.lock(), &counter, t0.elapsed()).is_err() {
        remove_partial_files(&job.dest);
        return EXIT_OUTPUT_CLOSED.into();
    }
    if job.met_refused()
        && let Some(hint) = refused_hint(&args.server)
    {
        eprintln!("{hint}");
    }
    if let Some(&signal) = caught.get() {
        exit_after_signal(signal, &job, &counter);
    }
    if counter.error > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Everything before the downloads: the book's `min(args.max_req, max_concur_req,
/// len(cc_list))`, what a killed run left removed, the initial report, and the job.
/// Fails only when stdout is closed.
fn start_job(
    args: &Args,
    max_concur_req: usize,
    out: &mut impl std::io::Write,
) -> std::io::Result<Job> {
    let cc_list = args.cc_list();
    // A larger `-m` is lowered, as in the book, and said, so `--help`'s "at most" is
    // never a surprise.
    if args.max_req > max_concur_req {
        eprintln!(
            "note: --max-req {} is above this downloader's limit: lowered to {max_concur_req}, \
             as in the book",
            args.max_req
        );
    }
    let actual_req = args.max_req.min(max_concur_req).min(cc_list.len()).max(1);
    // A run killed before its cleanup (SIGKILL, a power cut) leaves temporary files.
    let removed = remove_partial_files(&args.dest);
    if removed > 0 {
        eprintln!(
            "Removed {removed} partial file(s) an interrupted run left in {}.",
            args.dest.display()
        );
    }
    initial_report(out, &cc_list, actual_req, &args.server)?;
    Ok(Job::new(cc_list, &args.server.base_url, &args.dest)
        .with_concur_req(actual_req)
        .with_verbose(args.verbose)
        .with_timeout(args.timeout())
        .with_progress_bar())
}

/// Ctrl-C and SIGTERM cancel the job's stop token (each strategy listens to it in its own
/// way) and send [`Event::Signalled`]. Returns which signal came, set before the token is
/// cancelled: a strategy that stops at once may report `Done` before `Signalled` arrives.
fn stop_on_signals(job: &Job, events: mpsc::Sender<Event>) -> Arc<OnceLock<Signal>> {
    let stop = job.stop.clone();
    let caught = Arc::new(OnceLock::new());
    let catch = Arc::clone(&caught);
    if let Err(err) = stop::on_signal(move |signal| {
        let _ = catch.set(signal); // the first signal is the one reported
        stop.cancel();
        let _ = events.send(Event::Signalled);
    }) {
        eprintln!("warning: Ctrl-C will not stop the downloads gracefully: {err}");
    }
    caught
}

/// Runs `download_many` on a worker thread so that, after a signal, the main thread can
/// report and exit even while a blocking request is still waiting on the network.
fn spawn_downloads(download_many: DownloadMany, job: &Job, events: mpsc::Sender<Event>) {
    let job = job.clone();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| download_many(&job));
        let _ = events.send(outcome.map_or(Event::Panicked, Event::Done));
    });
}

/// The counts to report: the strategy's own, or after a signal, if it has not stopped
/// within [`GRACE_AFTER_CTRL_C`], the job's tally so far. A panicked strategy is an
/// internal error, exit 101.
fn wait_for_downloads(event: &mpsc::Receiver<Event>, job: &Job) -> Result<Counter, ExitCode> {
    let finished = match event.recv() {
        Ok(Event::Done(counter)) => Some(counter),
        Ok(Event::Panicked) | Err(_) => {
            eprintln!("internal error: the download strategy panicked (a bug: please report it)");
            return Err(ExitCode::from(101));
        }
        // A signal: give the strategy a moment to stop cleanly, then report regardless.
        Ok(Event::Signalled) => match event.recv_timeout(GRACE_AFTER_CTRL_C) {
            Ok(Event::Done(counter)) => Some(counter),
            _ => None,
        },
    };
    Ok(finished.unwrap_or_else(|| job.counter()))
}

/// After Ctrl-C or SIGTERM, once the report is out: say how far the run got and exit
/// 130 or 143.
fn exit_after_signal(signal: Signal, job: &Job, counter: &Counter) -> ! {
    eprintln!(
        "{}: {} of {} codes done.",
        signal.outcome(),
        counter.total(),
        job.cc_list.len()
    );
    // Threads still blocked on the network are abandoned here. save_flag writes a
    // temporary file and renames it, so a flag is whole or absent; the exit waits for a
    // write under way, removes what a killed run left, and lets no write start.
    exit_between_saves(&job.dest, signal.exit_status())
}

/// What to say, once, when connections were refused: for the local servers (LOCAL, DELAY,
/// ERROR) how to start them; nothing for a URL the reader typed, or for REMOTE, which no
/// command here starts.
pub fn refused_hint(server: &Server) -> Option<&'static str> {
    matches!(server.label.as_str(), "LOCAL" | "DELAY" | "ERROR").then_some(
        "Connection refused: is the flag server running? \
         Start it with `cargo run -p flags-server`.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_to_start_the_server_is_for_the_local_labels_only() {
        for label in ["LOCAL", "delay", "Error"] {
            let server = Server::parse(label).unwrap();
            let hint = refused_hint(&server).expect(label);
            assert!(hint.contains("cargo run -p flags-server"), "{hint}");
        }
        for other in [
            "REMOTE",
            "http://localhost:8000/flags",
            "http://127.0.0.1:9/flags",
        ] {
            assert_eq!(
                refused_hint(&Server::parse(other).unwrap()),
                None,
                "{other}"
            );
        }
    }
}
