//! The log of what was served: one [`Served`] per request, printed as a line (through
//! [`crate::log`], unless quiet) and kept for [`crate::FlagServer::log`] (when recording).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::route::{Route, route_path};
use super::state::State;
use crate::Fault;

/// One request the server answered, as its log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// Which connection it came on: numbered from 1 in order of acceptance.
    pub conn: u64,
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The request path, as sent.
    pub path: String,
    /// The status answered; 0 when no status line was sent (a reset, a hang).
    pub status: u16,
    /// How long the server waited before answering.
    pub delay: Duration,
    /// When the request arrived.
    pub arrived: Instant,
    /// When the answer was handed to the connection; for a reset, when the connection was
    /// reset; for a hang, when the request was given up (client gone or server stopped).
    pub finished: Instant,
    /// The fault the request met, if any.
    pub fault: Option<Fault>,
}

impl State {
    /// Prints the request's log line (unless quiet) and keeps it (when recording).
    pub(super) fn log(&self, served: Served) {
        if !self.config.quiet {
            let cc = match route_path(&served.path) {
                Route::Gif(cc) | Route::Metadata(cc) | Route::CountryListing(cc) => {
                    cc.to_ascii_uppercase()
                }
                _ => "--".to_string(),
            };
            let status = match served.status {
                0 => "---".to_string(),
                status => status.to_string(),
            };
            let fault = served.fault.map_or(String::new(), |f| format!(" [{f}]"));
            // Queued, not printed: a log nobody reads must not cost a request (see `log`).
            crate::log::line(format!(
                "{} {cc} {} -> {status} {} {}{fault}",
                self.config.label,
                delay_text(served.delay),
                served.method,
                served.path,
            ));
        }
        if self.config.record {
            self.log
                .lock()
                .expect("no thread panics while holding the log")
                .push(served);
        }
    }
}

/// Writes a request to the log when dropped: a hung request ends when hyper drops it
/// (its client left, or the server stopped), and only then is it logged.
pub(super) struct LogOnDrop {
    pub(super) state: Arc<State>,
    pub(super) served: Option<Served>,
}

impl Drop for LogOnDrop {
    fn drop(&mut self) {
        if let Some(mut served) = self.served.take() {
            served.finished = Instant::now();
            self.state.log(served);
        }
    }
}

fn delay_text(delay: Duration) -> String {
    format!("delay {:.2}s", delay.as_secs_f64())
}
