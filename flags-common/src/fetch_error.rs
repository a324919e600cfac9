//! Why one flag failed ([`FetchError`]): one set of messages for every client, whatever
//! its own errors (ureq's, reqwest's) look like.

use std::time::Duration;

use crate::{BadResponse, DownloadStatus, SaveError};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_TIMEOUT;

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
