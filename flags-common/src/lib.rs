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
//!      -> final_report -> exit status (0 ok, 1 some error, 2 usage, 130 Ctrl-C)
//! ```

mod cli;
mod countries;
mod job;
mod report;
mod save;
pub mod simple;

pub use cli::{Args, Server, expand_cc_args, parse_args, parse_cc_arg, parse_cli};
pub use countries::{COUNTRIES, Country};
pub use job::{Counter, DownloadMany, DownloadStatus, FetchError, Job};
pub use report::{final_report, initial_report};
pub use save::{SaveError, remove_partial_files, safe_file_name, save_flag};

use std::process::ExitCode;
use std::sync::mpsc;
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

/// How long [`main`] waits, after Ctrl-C, for the downloads to wind down before it
/// reports and exits anyway: a blocking request cannot be cancelled mid-flight.
const GRACE_AFTER_CTRL_C: Duration = Duration::from_millis(500);

/// What the main thread of [`main`] waits for.
enum Event {
    Done(Counter),
    Panicked,
    Interrupted,
}

/// Exit status after Ctrl-C, as a shell reports a process ended by SIGINT.
pub const EXIT_INTERRUPTED: u8 = 130;

/// The twin of the book's `flags2_common.main(download_many, DEFAULT_CONCUR_REQ,
/// MAX_CONCUR_REQ)`: parse, report, time, download, report, exit.
///
/// Exit status: 0 when every code ended Ok or NotFound, 1 when any ended in an error,
/// 2 for a usage error (clap exits for us), 130 after Ctrl-C. After Ctrl-C the final
/// report still shows what was done.
pub fn main(
    download_many: DownloadMany,
    default_concur_req: usize,
    max_concur_req: usize,
) -> ExitCode {
    let args = parse_args(std::env::args_os(), default_concur_req, max_concur_req);
    let cc_list = args.cc_list();
    let actual_req = args.max_req.min(max_concur_req).min(cc_list.len()).max(1);
    initial_report(&mut std::io::stdout(), &cc_list, actual_req, &args.server);

    let job = Job::new(cc_list, &args.server.base_url, &args.dest)
        .with_concur_req(actual_req)
        .with_verbose(args.verbose)
        .with_timeout(args.timeout)
        .with_progress_bar();

    // Ctrl-C cancels the job's stop token; each strategy listens to it in its own way.
    let (events, event) = mpsc::channel();
    let stop = job.stop.clone();
    let on_ctrl_c = events.clone();
    if let Err(err) = ctrlc::set_handler(move || {
        stop.cancel();
        let _ = on_ctrl_c.send(Event::Interrupted);
    }) {
        eprintln!("warning: Ctrl-C will not stop the downloads gracefully: {err}");
    }

    let t0 = Instant::now();
    let worker_job = job.clone();
    // The downloads run on a worker thread so that, after Ctrl-C, this thread can report
    // and exit even while a blocking request is still waiting on the network.
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| download_many(&worker_job));
        let _ = events.send(outcome.map_or(Event::Panicked, Event::Done));
    });

    let finished = match event.recv() {
        Ok(Event::Done(counter)) => Some(counter),
        Ok(Event::Panicked) | Err(_) => {
            eprintln!("internal error: the download strategy panicked (a bug: please report it)");
            return ExitCode::from(101);
        }
        // Ctrl-C: give the strategy a moment to stop cleanly, then report regardless.
        Ok(Event::Interrupted) => match event.recv_timeout(GRACE_AFTER_CTRL_C) {
            Ok(Event::Done(counter)) => Some(counter),
            _ => None,
        },
    };
    let counter = finished.unwrap_or_else(|| job.counter());
    job.finish_progress_bar();
    final_report(&mut std::io::stdout(), &counter, t0.elapsed());

    if job.stop.is_cancelled() {
        eprintln!(
            "Interrupted: {} of {} codes done.",
            counter.total(),
            job.cc_list.len()
        );
        // Threads still blocked on the network are abandoned here. save_flag writes a
        // temporary file and renames it, so a flag is whole or absent; a write cut off by
        // this exit leaves only its temporary file, removed now.
        remove_partial_files(&job.dest);
        std::process::exit(EXIT_INTERRUPTED.into());
    }
    if counter.error > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
