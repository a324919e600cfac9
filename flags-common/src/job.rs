//! One run of a downloader: what to fetch, from where, how, and the tally of what happened.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::ops::Index;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio_util::sync::CancellationToken;

use crate::{BadResponse, SaveError};

/// The book's `DownloadStatus` enum: how one code ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DownloadStatus {
    /// The flag was downloaded and saved.
    Ok,
    /// The server answered 404: there is no such flag.
    NotFound,
    /// Anything else: another HTTP status, a timeout, a network or disk failure.
    Error,
}

/// The book's `Counter` of statuses.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    /// Flags downloaded and saved.
    pub ok: usize,
    /// Codes the server does not know (404).
    pub not_found: usize,
    /// Codes that failed.
    pub error: usize,
}

impl Counter {
    /// Counts one more `status`.
    pub fn add(&mut self, status: DownloadStatus) {
        match status {
            DownloadStatus::Ok => self.ok += 1,
            DownloadStatus::NotFound => self.not_found += 1,
            DownloadStatus::Error => self.error += 1,
        }
    }

    /// How many codes ended, whatever their status.
    pub fn total(&self) -> usize {
        self.ok + self.not_found + self.error
    }
}

/// `counter[DownloadStatus::Ok]`, as with Python's `Counter`.
impl Index<DownloadStatus> for Counter {
    type Output = usize;
    fn index(&self, status: DownloadStatus) -> &usize {
        match status {
            DownloadStatus::Ok => &self.ok,
            DownloadStatus::NotFound => &self.not_found,
            DownloadStatus::Error => &self.error,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why fetching or saving one flag failed: the cause is kept as the error's `source`
/// (the book's `raise FetchError(cc) from exc`). Each client crate maps its own errors
/// (ureq, reqwest) into these variants, so every strategy prints the same messages.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The server answered 404.
    #[error("not found: {url}")]
    NotFound {
        /// The URL that was not found.
        url: String,
    },
    /// The server answered with another status than 200 or 404 (the ERROR server's
    /// `418 I'm a Teapot`).
    #[error("HTTP error {status}{}", dash_reason(*.status))]
    Http {
        /// The HTTP status code.
        status: u16,
    },
    /// No complete answer within the per-request timeout.
    #[error("timed out after {}s", .after.as_secs_f64())]
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// Nothing listens at the server's address. (For the local servers, `main` says once,
    /// after the report, how to start them: see [`crate::refused_hint`].)
    #[error("connection refused")]
    Refused {
        /// The client's own error.
        #[source]
        source: BoxError,
    },
    /// Any other failure on the way: a reset connection ([`FetchError::reset`]), a body
    /// shorter than promised ([`FetchError::cut_short`]), a name that does not resolve.
    #[error("{message}")]
    Transport {
        /// A one-line description, for the verbose report.
        message: String,
        /// The client's own error.
        #[source]
        source: BoxError,
    },
    /// The server answered `200 OK` with something else than what was asked for: not a
    /// GIF, an unasked encoding, a wrong length, a body over the cap, bad metadata.
    #[error(transparent)]
    Bad(#[from] BadResponse),
    /// The flag arrived but could not be saved.
    #[error(transparent)]
    Save(#[from] SaveError),
    /// flags3: the file name of this code's country is already the flag of another code
    /// of the run. The first flag keeps the name; this one is not saved.
    #[error("{filename} is already the flag of {owner}: two codes, one country name")]
    NameTaken {
        /// The file name both codes lead to.
        filename: String,
        /// The code whose flag has it.
        owner: String,
    },
}

pub(crate) fn reason_suffix(status: u16) -> String {
    // The book's servers say "I'm a Teapot"; the HTTP registry's phrase is lower case.
    if status == 418 {
        return " I'm a Teapot".to_string();
    }
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .map(|reason| format!(" {reason}"))
        .unwrap_or_default()
}

/// The book's way to say a status (`flags2_sequential.py`): `HTTP error 418 - I'm a
/// Teapot`; a status with no reason phrase is `HTTP error 599`.
fn dash_reason(status: u16) -> String {
    match reason_suffix(status) {
        reason if reason.is_empty() => reason,
        reason => format!(" -{reason}"),
    }
}

/// What a body shorter than its `Content-Length` says.
const CUT_SHORT: &str =
    "response cut short: the connection closed before the promised Content-Length";

impl FetchError {
    /// The error for a response whose status is not `200 OK`, whatever the client: 404 is
    /// [`FetchError::NotFound`] (of `url`), another success is a [`BadResponse::Status`],
    /// the rest is [`FetchError::Http`] (the book's `raise_for_status`).
    pub fn from_status(url: &str, status: u16) -> FetchError {
        match status {
            404 => FetchError::NotFound {
                url: url.to_string(),
            },
            200..=299 => BadResponse::Status { status }.into(),
            _ => FetchError::Http { status },
        }
    }

    /// The error of a flag that arrived after Ctrl-C and was not saved: the process is
    /// about to exit, so no new file is started.
    pub fn interrupted() -> FetchError {
        let source = std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted");
        FetchError::Transport {
            message: "interrupted before saving".to_string(),
            source: Box::new(source),
        }
    }

    /// Classifies a client error by looking at its chain of causes for an `io::Error`: a
    /// refused connection and a timeout get their own variants, a reset connection and a
    /// body cut short (`UnexpectedEof`) get a message that names them, the rest becomes
    /// `Transport` with the whole chain on one line.
    pub fn from_client_error(source: BoxError, timeout: Duration) -> FetchError {
        use std::io::ErrorKind;
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(source.as_ref());
        while let Some(err) = cause {
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    ErrorKind::ConnectionRefused => return FetchError::Refused { source },
                    ErrorKind::TimedOut => return FetchError::Timeout { after: timeout },
                    ErrorKind::ConnectionReset => return FetchError::reset(source),
                    ErrorKind::UnexpectedEof => return FetchError::cut_short(source),
                    _ => {}
                }
            }
            cause = err.source();
        }
        FetchError::Transport {
            message: one_line(&*source),
            source,
        }
    }

    /// The server reset the connection (a TCP RST) before the response was complete.
    pub fn reset(source: BoxError) -> FetchError {
        FetchError::Transport {
            message: "connection reset by the server".to_string(),
            source,
        }
    }

    /// The connection closed before the whole body arrived: fewer bytes than the
    /// `Content-Length` promised. Such a body is never saved.
    pub fn cut_short(source: BoxError) -> FetchError {
        FetchError::Transport {
            message: CUT_SHORT.to_string(),
            source,
        }
    }

    /// The server closed the connection before a whole response head arrived: it hung up
    /// without answering (a server stopped mid-run).
    pub fn closed_before_response(source: BoxError) -> FetchError {
        FetchError::Transport {
            message: "connection closed before the response arrived".to_string(),
            source,
        }
    }

    /// For an error met before the response arrived (ureq's `call`, reqwest's `send`): a
    /// connection that ends early then cut short no body, it closed before the response
    /// ([`FetchError::closed_before_response`]), and the message says so.
    pub fn before_response(self) -> FetchError {
        match self {
            FetchError::Transport { message, source } if message == CUT_SHORT => {
                FetchError::closed_before_response(source)
            }
            other => other,
        }
    }

    /// How this error counts: 404 is NotFound, everything else is Error.
    pub fn status(&self) -> DownloadStatus {
        match self {
            FetchError::NotFound { .. } => DownloadStatus::NotFound,
            _ => DownloadStatus::Error,
        }
    }
}

/// An error and its causes on one line: `error sending request: connection reset`.
fn one_line(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(err) = cause {
        let more = err.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = err.source();
    }
    text
}

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
    /// `download_many` returns [`Job::counter`], and after Ctrl-C `main` reads it too. The code comes from the caller's task, never from
    /// parsing a URL back.
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
    fn counter_counts_and_indexes_like_python() {
        let mut counter = Counter::default();
        for status in [
            DownloadStatus::Ok,
            DownloadStatus::Ok,
            DownloadStatus::Error,
        ] {
            counter.add(status);
        }
        assert_eq!(counter[DownloadStatus::Ok], 2);
        assert_eq!(counter[DownloadStatus::NotFound], 0);
        assert_eq!(counter[DownloadStatus::Error], 1);
        assert_eq!(counter.total(), 3);
    }

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
    fn statuses_other_than_200_are_told_apart() {
        let url = "http://x/flags/zz/zz.gif";
        let not_found = FetchError::from_status(url, 404);
        assert_eq!(not_found.to_string(), format!("not found: {url}"));
        assert_eq!(not_found.status(), DownloadStatus::NotFound);
        let partial = FetchError::from_status(url, 206);
        assert_eq!(partial.to_string(), "HTTP 206 Partial Content, not 200 OK");
        assert_eq!(partial.status(), DownloadStatus::Error);
        let teapot = FetchError::from_status(url, 418);
        assert_eq!(teapot.to_string(), "HTTP error 418 - I'm a Teapot");
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

    #[test]
    fn error_messages_read_like_the_verbose_lines() {
        assert_eq!(
            FetchError::Http { status: 418 }.to_string(),
            "HTTP error 418 - I'm a Teapot"
        );
        assert_eq!(
            FetchError::Http { status: 599 }.to_string(),
            "HTTP error 599"
        );
        let timeout = FetchError::Timeout {
            after: DEFAULT_TIMEOUT,
        };
        assert_eq!(timeout.to_string(), "timed out after 3.1s");
        let url = "http://localhost:8000/flags/zz/zz.gif".to_string();
        assert_eq!(
            FetchError::NotFound { url }.to_string(),
            "not found: http://localhost:8000/flags/zz/zz.gif"
        );
    }

    #[test]
    fn client_errors_are_classified_by_their_causes() {
        #[derive(Debug, thiserror::Error)]
        #[error("error sending request")]
        struct Wrapper(#[source] std::io::Error);
        let t = Duration::from_secs(1);
        let refused = Wrapper(std::io::ErrorKind::ConnectionRefused.into());
        let err = FetchError::from_client_error(Box::new(refused), t);
        assert!(matches!(err, FetchError::Refused { .. }));
        assert_eq!(err.to_string(), "connection refused");
        let timed_out = Wrapper(std::io::ErrorKind::TimedOut.into());
        let err = FetchError::from_client_error(Box::new(timed_out), t);
        assert_eq!(err.to_string(), "timed out after 1s");
        let reset = Wrapper(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset by peer",
        ));
        let err = FetchError::from_client_error(Box::new(reset), t);
        // Was "error sending request: reset by peer": a reset now names itself.
        assert_eq!(err.to_string(), "connection reset by the server");
        assert!(
            std::error::Error::source(&err).is_some(),
            "the cause is kept"
        );
    }

    #[test]
    fn a_reset_and_a_body_cut_short_name_themselves_and_keep_their_cause() {
        #[derive(Debug, thiserror::Error)]
        #[error("error reading a body from connection")]
        struct Wrapper(#[source] std::io::Error);
        let t = Duration::from_millis(500);
        let eof = Wrapper(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "peer disconnected",
        ));
        let err = FetchError::from_client_error(Box::new(eof), t);
        assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "response cut short: the connection closed before the promised Content-Length"
        );
        let cause = std::error::Error::source(&err).expect("the cause is kept");
        assert!(cause.is::<Wrapper>(), "{cause:?}");
        assert_eq!(err.status(), DownloadStatus::Error);

        // The io error itself, unwrapped, as ureq hands it over.
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        let err = FetchError::from_client_error(Box::new(reset), t);
        assert!(err.to_string().contains("connection reset"), "{err}");
        assert_eq!(err.status(), DownloadStatus::Error);
    }

    #[test]
    fn a_connection_closed_before_any_response_is_not_a_body_cut_short() {
        let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        let t = Duration::from_secs(1);
        let err = FetchError::from_client_error(Box::new(eof), t).before_response();
        assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "connection closed before the response arrived"
        );
        assert!(
            std::error::Error::source(&err).is_some(),
            "the cause is kept"
        );
        // Every other error stays what it was.
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        let err = FetchError::from_client_error(Box::new(reset), t).before_response();
        assert_eq!(err.to_string(), "connection reset by the server");
        let err = FetchError::Http { status: 503 }.before_response();
        assert_eq!(err.to_string(), "HTTP error 503 - Service Unavailable");
    }

    #[test]
    fn the_first_io_error_in_the_chain_decides() {
        // A timeout that wraps a reset (a client giving up while the connection dies) is
        // reported as what the outer layer saw first.
        #[derive(Debug, thiserror::Error)]
        #[error("outer")]
        struct Outer(#[source] std::io::Error);
        let inner = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        let outer = std::io::Error::new(std::io::ErrorKind::TimedOut, Outer(inner));
        let err = FetchError::from_client_error(Box::new(outer), Duration::from_secs(2));
        assert_eq!(err.to_string(), "timed out after 2s");
    }

    #[test]
    fn other_io_errors_stay_transport_errors_with_their_chain() {
        #[derive(Debug, thiserror::Error)]
        #[error("error sending request")]
        struct Wrapper(#[source] std::io::Error);
        let other = Wrapper(std::io::Error::other("dns failure"));
        let err = FetchError::from_client_error(Box::new(other), Duration::from_secs(1));
        assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
        assert_eq!(err.to_string(), "error sending request: dns failure");
    }
}
