//! The HTTP side every example shares: one reqwest `Client` per run, one GET, and the
//! mapping of reqwest's errors to the workspace's `FetchError`.

use std::time::Duration;

use bytes::Bytes;
use flags_common::{BadResponse, Counter, FetchError, Job, MAX_BODY_BYTES};
use reqwest::header::HeaderMap;
use reqwest::{Client, StatusCode};

/// The one `Client` of a run (the book's `async with httpx.AsyncClient() as client`).
///
/// A `Client` is a handle to a connection pool: clones share the pool, so every
/// download reuses kept-alive connections instead of opening one per flag. The timeout
/// covers a whole request, from connecting to the last byte of the body.
pub fn http_client(job: &Job) -> Result<Client, FetchError> {
    // reqwest is built without a TLS crypto provider of its own: it takes the process's
    // default, ring, the same provider ureq uses in flags-seq. `Err` means one is set.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = Client::builder()
        .timeout(job.timeout)
        // Room to keep every connection of the semaphore alive between requests.
        .pool_max_idle_per_host(job.concur_req)
        // The flag servers are local: an `HTTP_PROXY` in the environment must not
        // reroute them.
        .no_proxy();
    let builder = if job.base_url.starts_with("http://") {
        // Plain HTTP needs no certificates. Loading the system's roots costs 7-10 ms per
        // client, 10% of a 100 ms race, for a TLS handshake that never happens.
        builder.tls_certs_only([])
    } else {
        // HTTPS (REMOTE): verify with the system's roots. A system without any (a minimal
        // container) makes this fail, and every code reports why.
        builder
    };
    builder.build().map_err(|err| fetch_error(err, job.timeout))
}

/// GETs `url` and returns the headers and the body of its `200 OK`: the book's
/// `client.get(url)`, `resp.raise_for_status()` and `resp.content` in one step. The
/// caller checks what the body holds (`check_flag`, `check_metadata`).
///
/// 404 is `NotFound`, any other status an error ([`FetchError::from_status`]); a body
/// shorter than its `Content-Length` is an error, never a short flag; reading stops at
/// [`MAX_BODY_BYTES`], an error too: a hostile server may send gigabytes, and reqwest
/// (unlike ureq) sets no limit of its own.
pub async fn http_get(
    client: &Client,
    url: &str,
    timeout: Duration,
) -> Result<(HeaderMap, Bytes), FetchError> {
    let mut resp = client
        .get(url)
        .send()
        .await
        // A connection closed before the head arrived is no answer, not a body cut short.
        .map_err(|err| fetch_error(err, timeout).before_response())?;
    let status = resp.status().as_u16();
    if status != 200 {
        return Err(FetchError::from_status(url, status));
    }
    // A Content-Length over the cap is refused before a byte of the body is read.
    let promised = resp.content_length().unwrap_or(0);
    if promised > MAX_BODY_BYTES {
        return Err(BadResponse::TooLarge.into());
    }
    let headers = std::mem::take(resp.headers_mut());
    let mut body = Vec::with_capacity(promised as usize); // one allocation for a flag
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|err| fetch_error(err, timeout))?
    {
        if (body.len() + chunk.len()) as u64 > MAX_BODY_BYTES {
            return Err(BadResponse::TooLarge.into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok((headers, body.into()))
}

/// Maps a reqwest error to a `FetchError`, keeping reqwest's error as the `source` (the
/// book's `raise FetchError(cc) from exc`). `timeout` is the one the client was built
/// with, for the message.
pub fn fetch_error(err: reqwest::Error, timeout: Duration) -> FetchError {
    if err.is_timeout() {
        return FetchError::Timeout { after: timeout };
    }
    match err.status() {
        Some(StatusCode::NOT_FOUND) => FetchError::NotFound {
            url: err.url().map(|url| url.to_string()).unwrap_or_default(),
        },
        Some(status) => FetchError::Http {
            status: status.as_u16(),
        },
        // hyper's words for a server that hangs up before its response head; ureq's
        // twin sees an early end of file, and both say the same.
        None if closed_before_response(&err) => FetchError::closed_before_response(err.into()),
        // The chain of causes tells a refused connection, a reset (`ConnectionReset`) and
        // a body cut short (hyper's `IncompleteBody` is an `UnexpectedEof`) apart; the
        // rest (a name that does not resolve) is a transport error.
        None => FetchError::from_client_error(Box::new(err), timeout),
    }
}

/// Whether hyper, somewhere in the chain of causes, saw the connection close before a
/// whole message ("connection closed before message completed").
fn closed_before_response(err: &reqwest::Error) -> bool {
    let mut cause = std::error::Error::source(err);
    while let Some(err) = cause {
        if let Some(hyper) = err.downcast_ref::<hyper::Error>() {
            return hyper.is_incomplete_message();
        }
        cause = err.source();
    }
    false
}

/// What a supervisor returns when not even the client could be built: every code of the
/// job counted as an error, with the reason, so the run still ends with its report.
pub(crate) fn no_client(job: &Job, err: &FetchError) -> Counter {
    for cc in &job.cc_list {
        let why = FetchError::Transport {
            message: err.to_string(),
            source: err.to_string().into(),
        };
        job.count(cc, Err(why));
    }
    job.counter()
}

/// The runtime every `download_many` starts: the book's `asyncio.run(supervisor(...))`.
///
/// A `current_thread` runtime, as asyncio has a single event loop: the downloads spend
/// their time waiting on the network, not computing, so one thread drives hundreds of
/// them at once and more worker threads would not make a run faster. Blocking work
/// handed to `spawn_blocking` still runs on tokio's separate pool of blocking threads.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        // Only fails when the OS refuses an epoll instance or a timer: nothing to recover.
        .expect("the OS could not start a tokio runtime")
}
