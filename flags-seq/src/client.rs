//! The HTTP client every blocking downloader shares: one ureq `Agent` per run, and the
//! mapping of ureq's errors to the workspace's [`FetchError`].

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use flags_common::{BadResponse, FetchError, Job, MAX_BODY_BYTES, check_metadata};
use rustls::crypto::ring;
use ureq::Agent;
use ureq::config::Config;
use ureq::http::{HeaderMap, Uri};
use ureq::tls::{RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// The one HTTP client of a run, the twin of the book's module-level `httpx` calls (and of
/// the `reqwest::Client` of `flags-async`).
///
/// An `Agent` keeps a pool of open connections, so reusing it for every request saves a
/// TCP handshake per flag; clones and `&Agent` share that pool, across threads too. The
/// pool keeps up to `job.concur_req` idle connections per host (ureq keeps 3 by default),
/// so a pool of 100 threads does not reconnect for most of its requests.
pub fn new_agent(job: &Job) -> Agent {
    let config = Agent::config_builder()
        // One budget per request, from connecting to the last byte of the body: the
        // book's `timeout=3.1`, set by `--timeout`.
        .timeout_global(Some(job.timeout))
        // `get_flag` checks the status itself, after reading the body: ureq closes the
        // connection of a response it turns into an error, so with its default every 404
        // would cost a new connection. (It reads at most `MAX_BODY_BYTES` of a body.)
        .http_status_as_error(false)
        .max_idle_connections(job.concur_req)
        .max_idle_connections_per_host(job.concur_req)
        // ureq follows HTTP_PROXY and ALL_PROXY from the environment by default. The flag
        // servers are local: a company network's proxy must not reroute them (reqwest's
        // client in flags-async says `no_proxy` for the same reason).
        .proxy(None)
        // ureq gives each new connection two zeroed 128 KiB buffers. The input buffer must
        // hold a whole response head: 64 KiB, ureq's limit for one. The output buffer holds
        // a GET of a hundred bytes. Zeroing less saves a pool of 20 threads 0.5 to 1 ms of
        // page faults (measured: POP20 at 100 ms, median 104.3 against 103.7 ms).
        .input_buffer_size(64 * 1024)
        .output_buffer_size(16 * 1024)
        // HTTPS (REMOTE only): rustls with ring, verified against the system's roots, as
        // reqwest does in flags-async.
        .tls_config(
            TlsConfig::builder()
                .root_certs(RootCerts::PlatformVerifier)
                .unversioned_rustls_crypto_provider(Arc::new(ring::default_provider()))
                .build(),
        )
        .build();
    Agent::with_parts(config, DefaultConnector::default(), LiteralFirst::default())
}

/// ureq's resolver, except that an address written as numbers (`127.0.0.1`, `[::1]`) is
/// used as it is.
///
/// With a timeout set, ureq's [`DefaultResolver`] starts a thread for every lookup, so
/// that a slow DNS server cannot outlast the timeout; it does so even for `127.0.0.1`.
/// For a pool of 20 threads opening 20 connections at once, those 20 extra threads cost
/// about 2 ms of a 100 ms race on the reference machine (POP20: 105 to 110 ms before,
/// 103 to 105 ms after). A host name still goes to the default resolver, thread and all.
#[derive(Debug, Default)]
struct LiteralFirst(DefaultResolver);

impl Resolver for LiteralFirst {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        match ip_literal(uri) {
            Some(addr) => {
                let mut addrs = self.empty();
                addrs.push(addr);
                Ok(addrs)
            }
            None => self.0.resolve(uri, config, timeout),
        }
    }
}

/// The socket address of `uri` when its host is an IP address, with the scheme's port if
/// none is given.
fn ip_literal(uri: &Uri) -> Option<SocketAddr> {
    let authority = uri.authority()?;
    let host = authority.host();
    // An IPv6 host comes in brackets: `[::1]`.
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let ip: IpAddr = host.parse().ok()?;
    let port = match (authority.port_u16(), uri.scheme_str()) {
        (Some(port), _) => port,
        (None, Some("http")) => 80,
        (None, Some("https")) => 443,
        (None, _) => return None, // a proxy scheme: let ureq decide
    };
    Some(SocketAddr::new(ip, port))
}

/// Turns a ureq error into a [`FetchError`]: 404 is `NotFound` (with the `url`), another
/// status is `Http`, running out of time is `Timeout` (after `timeout`), a refused
/// connection is `Refused`, the rest is `Transport` with ureq's error kept as the source
/// (the book's `raise FetchError(cc) from exc`).
pub fn fetch_error(err: ureq::Error, url: &str, timeout: Duration) -> FetchError {
    match err {
        ureq::Error::StatusCode(404) => FetchError::NotFound {
            url: url.to_string(),
        },
        ureq::Error::StatusCode(status) => FetchError::Http { status },
        ureq::Error::Timeout(_) => FetchError::Timeout { after: timeout },
        // The `limit` of `get_flag`: the same error, and words, as the async client's.
        ureq::Error::BodyExceedsLimit(_) => BadResponse::TooLarge.into(),
        // Refused, reset (`ConnectionReset`), or cut short: a body shorter than its
        // Content-Length ends in `UnexpectedEof`. The io error's kind classifies it.
        ureq::Error::Io(io) => FetchError::from_client_error(Box::new(io), timeout),
        other => FetchError::from_client_error(Box::new(other), timeout),
    }
}

/// GETs `url` and returns the head and the body of a `200 OK`: the book's
/// `httpx.get(url)` and `resp.raise_for_status()` in one step, shared by
/// [`get_flag`](crate::get_flag) and [`get_country`].
///
/// 404 is [`FetchError::NotFound`], another status an error (see
/// [`FetchError::from_status`]); a body cut short or over [`MAX_BODY_BYTES`] is an error,
/// never a shorter or a truncated one. What the body must be is the caller's check.
pub fn http_get(
    agent: &Agent,
    url: &str,
    timeout: Duration,
) -> Result<(HeaderMap, Vec<u8>), FetchError> {
    let fail = |err| fetch_error(err, url, timeout);
    // A connection closed before the head arrived is no answer, not a body cut short.
    let mut resp = agent
        .get(url)
        .call()
        .map_err(|err| fail(err).before_response())?;
    // The body is read whatever the status: a response read to its end hands its
    // connection back to the agent, so a 404 does not cost a new connection. Never more
    // than the cap: a hostile server may send gigabytes.
    let body = resp
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES)
        .read_to_vec();
    let status = resp.status().as_u16();
    if status != 200 {
        return Err(FetchError::from_status(url, status));
    }
    let body = body.map_err(fail)?;
    Ok((resp.headers().clone(), body))
}

/// Downloads the metadata of `cc` and returns the country's name, `"Korea, South"`: the
/// book's `get_country(base_url, cc)` of `flags3_threadpool.py`, on the same agent as
/// [`get_flag`](crate::get_flag). The document must be the one asked for
/// ([`check_metadata`]).
pub fn get_country(agent: &Agent, job: &Job, cc: &str) -> Result<String, FetchError> {
    let (headers, body) = http_get(agent, &job.metadata_url(cc), job.timeout)?;
    Ok(check_metadata(cc, &headers, &body)?.country)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    fn map(err: ureq::Error) -> FetchError {
        fetch_error(err, "http://x/flags/zz/zz.gif", Duration::from_millis(100))
    }

    #[test]
    fn statuses_split_into_not_found_and_http() {
        assert_eq!(
            map(ureq::Error::StatusCode(404)).to_string(),
            "not found: http://x/flags/zz/zz.gif"
        );
        assert_eq!(
            map(ureq::Error::StatusCode(418)).to_string(),
            "HTTP error 418 - I'm a Teapot"
        );
        assert_eq!(
            map(ureq::Error::StatusCode(503)).to_string(),
            "HTTP error 503 - Service Unavailable"
        );
    }

    #[test]
    fn a_timeout_reports_the_job_timeout() {
        let err = map(ureq::Error::Timeout(ureq::Timeout::Global));
        assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
        assert_eq!(err.to_string(), "timed out after 0.1s");
    }

    #[test]
    fn io_errors_keep_their_cause() {
        let refused = map(io::Error::from(io::ErrorKind::ConnectionRefused).into());
        assert!(matches!(refused, FetchError::Refused { .. }), "{refused:?}");
        let eof = io::Error::new(io::ErrorKind::UnexpectedEof, "Peer disconnected");
        let cut = map(eof.into());
        assert!(matches!(cut, FetchError::Transport { .. }), "{cut:?}");
        // Was ureq's own "Peer disconnected": a short body now says what happened.
        assert_eq!(
            cut.to_string(),
            "response cut short: the connection closed before the promised Content-Length"
        );
        assert!(std::error::Error::source(&cut).is_some());
        let reset = map(io::Error::from(io::ErrorKind::ConnectionReset).into());
        assert!(matches!(reset, FetchError::Transport { .. }), "{reset:?}");
        assert_eq!(reset.to_string(), "connection reset by the server");
        let timed_out = map(io::Error::from(io::ErrorKind::TimedOut).into());
        assert_eq!(timed_out.to_string(), "timed out after 0.1s");
    }

    #[test]
    fn a_response_head_up_to_ureqs_limit_is_still_read() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}/flags", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut request = [0u8; 1024];
            let _ = conn.read(&mut request).unwrap();
            // A 60 KB head, just under ureq's 64 KiB limit: the input buffer must hold it all.
            let cookie = "x".repeat(60_000);
            let head =
                format!("HTTP/1.1 200 OK\r\nset-cookie: big={cookie}\r\ncontent-length: 7\r\n\r\n");
            conn.write_all(head.as_bytes()).unwrap();
            conn.write_all(b"GIF89a;").unwrap();
        });
        let job = Job::new(
            ["BR".to_string()],
            &base_url,
            std::path::Path::new("unused"),
        );
        let body = crate::get_flag(&new_agent(&job), &job, "BR").unwrap();
        assert_eq!(body, b"GIF89a;");
        server.join().unwrap();
    }

    #[test]
    fn numeric_hosts_need_no_lookup_and_names_do() {
        let addr = |uri: &str| ip_literal(&uri.parse().unwrap());
        assert_eq!(
            addr("http://127.0.0.1:8001/flags/br/br.gif"),
            Some("127.0.0.1:8001".parse().unwrap())
        );
        assert_eq!(
            addr("http://[::1]/flags"),
            Some("[::1]:80".parse().unwrap())
        );
        assert_eq!(
            addr("https://127.0.0.9/flags"),
            Some("127.0.0.9:443".parse().unwrap())
        );
        assert_eq!(addr("http://localhost:8001/flags"), None);
        assert_eq!(addr("https://www.fluentpython.com/data/flags"), None);
    }

    #[test]
    fn other_errors_are_transport_errors() {
        let err = map(ureq::Error::HostNotFound);
        assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
        assert_eq!(err.to_string(), "host not found");
    }
}
