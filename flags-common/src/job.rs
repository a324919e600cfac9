//! One run of a downloader ([`Job`]): what to fetch, from where, how, and the tally of
//! what happened.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio_util::sync::CancellationToken;

use crate::{Counter, DownloadStatus, FetchError};

/// The signature every strategy shares, so only the concurrency differs between crates.
pub type DownloadMany = fn(&Job) -> Counter;

/// One run of a downloader: the book's `download_many(cc_list, base_url, verbose,
/// concur_req)` arguments, plus where to save, the request timeout, and a stop signal.
///
/// Cloning is cheap in what matters: clones share the tally, the progress bar and the
/// stop token, so a clone can move into a thread or a task.
#[derive(Debug, Clone)]
pub struct Job {
    /// The codes to download, upper case (`main` sorts them; `Job::new` keeps the order given).
    pub cc_list: Vec<String>,
    /// The server's base URL, without a trailing slash: `http://localhost:8000/flags`.
    pub base_url: String,
    /// One line per code when true (and no progress bar).
    pub verbose: bool,
    /// How many requests may be in flight at once.
    pub concur_req: usize,
    /// The folder the flags are saved in.
    pub dest: PathBuf,
    /// Timeout for each request.
    pub timeout: Duration,
    /// Cancelled on Ctrl-C: threads stop taking new codes, tasks are dropped.
    pub stop: CancellationToken,
    tally: Arc<Mutex<Counter>>,
    seen: Arc<Seen>,
    bar: ProgressBar,
}

/// What the run has met so far, beyond the counts: for `main`'s last words, and the
/// file names flags3 has given out.
#[derive(Debug, Default)]
struct Seen {
    /// A connection was refused: `main` then says once how to start the local server.
    refused: AtomicBool,
    /// Stdout was closed under the run (`| head -1`): `main` ends it quietly.
    output_closed: AtomicBool,
    /// flags3: each file name given out, lower case (a case-blind file system would
    /// merge `Brazil.gif` and `brazil.gif`), and the code it went to.
    names: Mutex<HashMap<String, String>>,
}

/// The book's per-request timeout in the flags2 examples: 3.1 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(3100);

/// The book's per-request timeout in `flags.py` and `flags_asyncio.py`: 6.1 s, more than
/// the DELAY server's longest wait (5 s). The simple examples use it, and so does a
/// flags2 run on `-s DELAY` without `--timeout`: with 3.1 s, about 40% of DELAY's
/// answers (those delayed 3.1 to 5 s) would end as timeouts, where the book's DELAY runs
/// show none.
pub const DELAY_TIMEOUT: Duration = Duration::from_millis(6100);

impl Job {
    /// A quiet job (no verbose lines, no progress bar), one request at a time, with the
    /// book's 3.1 s timeout. The `with_*` methods change the rest.
    pub fn new<S: Into<String>>(
        cc_list: impl IntoIterator<Item = S>,
        base_url: &str,
        dest: &Path,
    ) -> Job {
        Job {
            cc_list: cc_list.into_iter().map(Into::into).collect(),
            base_url: base_url.trim_end_matches('/').to_string(),
            verbose: false,
            concur_req: 1,
            dest: dest.to_path_buf(),
            timeout: DEFAULT_TIMEOUT,
            stop: CancellationToken::new(),
            tally: Arc::default(),
            seen: Arc::default(),
            bar: ProgressBar::hidden(),
        }
    }

    /// Sets how many requests may be in flight at once (at least 1).
    pub fn with_concur_req(mut self, concur_req: usize) -> Job {
        self.concur_req = concur_req.max(1);
        self
    }

    /// Prints one line per code.
    pub fn with_verbose(mut self, verbose: bool) -> Job {
        self.verbose = verbose;
        self
    }

    /// Sets the timeout of each request.
    pub fn with_timeout(mut self, timeout: Duration) -> Job {
        self.timeout = timeout;
        self
    }

    /// Draws a progress bar on stderr, unless the run is verbose or stderr is not a
    /// terminal (a log file wants no bar).
    pub fn with_progress_bar(mut self) -> Job {
        if !self.verbose && std::io::stderr().is_terminal() {
            let style = ProgressStyle::with_template("{wide_bar} {pos}/{len} [{elapsed}<{eta}]")
                .expect("the template is valid");
            self.bar = ProgressBar::with_draw_target(
                Some(self.cc_list.len() as u64),
                ProgressDrawTarget::stderr(),
            )
            .with_style(style);
        }
        self
    }

    /// `{base_url}/{cc}/{cc}.gif`, lower case, as the book's servers expect.
    pub fn flag_url(&self, cc: &str) -> String {
        let cc = cc.to_ascii_lowercase();
        format!("{}/{cc}/{cc}.gif", self.base_url)
    }

    /// `{base_url}/{cc}/metadata.json`, lower case.
    pub fn metadata_url(&self, cc: &str) -> String {
        format!(
            "{}/{}/metadata.json",
            self.base_url,
            cc.to_ascii_lowercase()
        )
    }

    /// Prints `{cc} {msg}` when verbose (the book's `if verbose: print(cc, msg)`).
    ///
    /// Stdout closed under the run (`flags2 -v | head -1`) is no reason to panic, as
    /// `println!` would: the reader has gone, so the run stops, as `Ctrl-C` stops it, and
    /// `main` ends it quietly ([`Job::output_closed`]).
    pub fn say(&self, cc: &str, msg: &str) {
        if self.verbose {
            self.bar
                .suspend(|| self.say_to(&mut std::io::stdout().lock(), cc, msg));
        }
    }

    fn say_to(&self, out: &mut impl Write, cc: &str, msg: &str) {
        if writeln!(out, "{cc} {msg}").is_err() {
            self.seen.output_closed.store(true, Ordering::SeqCst);
            self.stop.cancel();
        }
    }

    /// Whether a write to stdout failed during the run (a closed pipe).
    pub fn output_closed(&self) -> bool {
        self.seen.output_closed.load(Ordering::SeqCst)
    }

    /// Whether any connection of the run was refused.
    pub fn met_refused(&self) -> bool {
        self.seen.refused.load(Ordering::SeqCst)
    }

    /// flags3: claims `filename` for the flag of `cc`. Two codes whose country names
    /// clean up to the same file name (`safe_file_name`) would overwrite each other and
    /// both count as downloaded; instead the first to claim the name keeps it, and each
    /// other code gets [`FetchError::NameTaken`], a counted error. (Appending the code to
    /// every name would avoid the clash too, but would no longer be the book's
    /// `Brazil.gif`.)
    pub fn claim_file_name(&self, cc: &str, filename: &str) -> Result<(), FetchError> {
        let mut names = self
            .seen
            .names
            .lock()
            .expect("no thread panics while holding the names");
        let owner = names
            .entry(filename.to_lowercase())
            .or_insert_with(|| cc.to_string());
        if owner.eq_ignore_ascii_case(cc) {
            Ok(())
        } else {
            Err(FetchError::NameTaken {
                filename: filename.to_string(),
                owner: owner.clone(),
            })
        }
    }

    /// Counts how one download ended, the body of the book's `download_many` loop: an
    /// error becomes a status (and, when verbose, a line `{cc} error: {why}`), the tally
    /// and the progress bar move on. The job's tally is the run's only one: a
    /// `download_many` returns [`Job::counter`], and after Ctrl-C `main` reads it too.
    /// The code comes from the caller's task, never from parsing a URL back.
    pub fn count(&self, cc: &str, result: Result<DownloadStatus, FetchError>) -> DownloadStatus {
        let status = match result {
            Ok(status) => status,
            Err(err) => {
                if matches!(err, FetchError::Refused { .. }) {
                    self.seen.refused.store(true, Ordering::SeqCst);
                }
                match &err {
                    FetchError::NotFound { .. } => self.say(cc, &err.to_string()),
                    _ => self.say(cc, &format!("error: {err}")),
                }
                err.status()
            }
        };
        self.tally
            .lock()
            .expect("no thread panics while holding the tally")
            .add(status);
        self.bar.inc(1);
        status
    }

    /// What has been counted so far.
    pub fn counter(&self) -> Counter {
        *self
            .tally
            .lock()
            .expect("no thread panics while holding the tally")
    }

    /// Removes the progress bar from the terminal, before the final report.
    pub fn finish_progress_bar(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_lower_case_under_the_base() {
        let job = Job::new(["BR"], "http://localhost:8000/flags/", Path::new("d"));
        assert_eq!(job.flag_url("BR"), "http://localhost:8000/flags/br/br.gif");
        assert_eq!(
            job.metadata_url("BR"),
            "http://localhost:8000/flags/br/metadata.json"
        );
    }

    #[test]
    fn count_turns_errors_into_statuses_and_clones_share_the_tally() {
        let job = Job::new(["BR", "XX", "ZZ"], "http://x/flags", Path::new("d"));
        let clone = job.clone();
        assert_eq!(job.count("BR", Ok(DownloadStatus::Ok)), DownloadStatus::Ok);
        let not_found = FetchError::NotFound {
            url: job.flag_url("ZZ"),
        };
        assert_eq!(clone.count("ZZ", Err(not_found)), DownloadStatus::NotFound);
        let teapot = FetchError::Http { status: 418 };
        assert_eq!(clone.count("XX", Err(teapot)), DownloadStatus::Error);
        assert_eq!(
            job.counter(),
            Counter {
                ok: 1,
                not_found: 1,
                error: 1
            }
        );
    }

    #[test]
    fn a_closed_stdout_stops_the_run_instead_of_panicking() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let job = Job::new(["BR"], "http://x/flags", Path::new("d")).with_verbose(true);
        assert!(!job.output_closed());
        job.say_to(&mut Closed, "BR", "OK");
        assert!(job.output_closed());
        assert!(job.stop.is_cancelled(), "no new code starts");
    }

    #[test]
    fn a_refused_connection_is_remembered_for_the_hint() {
        let job = Job::new(["BR", "CN"], "http://x/flags", Path::new("d"));
        job.count("BR", Err(FetchError::Http { status: 418 }));
        assert!(!job.met_refused());
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let err = FetchError::from_client_error(Box::new(refused), DEFAULT_TIMEOUT);
        job.clone().count("CN", Err(err));
        assert!(job.met_refused(), "clones share what they met");
    }

    #[test]
    fn one_file_name_goes_to_one_code() {
        let job = Job::new(["BR", "CN"], "http://x/flags", Path::new("d"));
        assert!(job.claim_file_name("BR", "Brazil.gif").is_ok());
        assert!(
            job.claim_file_name("BR", "Brazil.gif").is_ok(),
            "again, same code"
        );
        let err = job.clone().claim_file_name("CN", "brazil.GIF").unwrap_err();
        assert_eq!(
            err.to_string(),
            "brazil.GIF is already the flag of BR: two codes, one country name"
        );
        assert_eq!(err.status(), DownloadStatus::Error);
        assert!(job.claim_file_name("CN", "China.gif").is_ok());
    }
}
