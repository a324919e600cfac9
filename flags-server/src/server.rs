//! The HTTP side: routing, delays and errors, the accept loop, and the in-process handle.
//!
//! Built on hyper: one task per connection, HTTP/1.1 with keep-alive. Delays are
//! `tokio::time::sleep`, so a thousand delayed requests cost a thousand timers, not a
//! thousand threads.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::Config;
use crate::gif_art::hash;

/// One request the server answered, as its log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// Which connection it came on: numbered from 1 in order of acceptance.
    pub conn: u64,
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The request path, as sent.
    pub path: String,
    /// The status answered.
    pub status: u16,
    /// How long the server waited before answering.
    pub delay: Duration,
    /// When the request arrived.
    pub arrived: Instant,
    /// When the answer was handed to the connection.
    pub finished: Instant,
}

/// What every connection of one listener shares.
struct State {
    config: Config,
    /// How many times each path was asked for: the nth request for a path draws the same
    /// delay and error on every run with the same seed.
    seen: Mutex<HashMap<String, u64>>,
    log: Mutex<Vec<Served>>,
    next_conn: AtomicU64,
}

/// Answers on one listener until `stop` is cancelled. The binary calls this for each of
/// its listeners; [`FlagServer::start`] calls it on a thread of its own.
pub async fn serve(listener: TcpListener, config: Config, stop: CancellationToken) {
    let state = Arc::new(State::new(config));
    accept_loop(listener, state, stop).await;
}

impl State {
    fn new(config: Config) -> State {
        State {
            config,
            seen: Mutex::default(),
            log: Mutex::default(),
            next_conn: AtomicU64::new(1),
        }
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>, stop: CancellationToken) {
    loop {
        let (stream, _peer) = tokio::select! {
            _ = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, or a connection reset before accept: not
                    // fatal. Wait a little so a persistent error does not spin a core.
                    eprintln!("{}: accept failed: {err}", state.config.label);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let conn = state.next_conn.fetch_add(1, Ordering::Relaxed);
        let state = state.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let service = service_fn(|req| answer(state.clone(), conn, req));
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(64 * 1024)
                // A client may shut its side after sending the request: still answer it.
                .half_close(true)
                .serve_connection(TokioIo::new(stream), service);
            // A malformed request gets its 4xx from hyper and ends only this connection.
            tokio::select! {
                _ = connection => {}
                _ = stop.cancelled() => {}
            }
        });
    }
}

/// Where a request path leads. Only these exact shapes are served; anything else (`..`,
/// `%2e%2e`, upper case, backslashes, NUL, doubled slashes) is simply not found.
#[derive(Debug, PartialEq, Eq)]
enum Route<'a> {
    Index,
    Listing,
    CountryListing(&'a str),
    Gif(&'a str),
    Metadata(&'a str),
    Unknown,
}

fn route(path: &str) -> Route<'_> {
    let is_cc = |cc: &str| cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_lowercase());
    match path {
        "/" => return Route::Index,
        "/flags" | "/flags/" => return Route::Listing,
        _ => {}
    }
    let Some(rest) = path.strip_prefix("/flags/") else {
        return Route::Unknown;
    };
    match rest.split_once('/') {
        Some((cc, "")) if is_cc(cc) => Route::CountryListing(cc),
        Some((cc, "metadata.json")) if is_cc(cc) => Route::Metadata(cc),
        Some((cc, file)) if is_cc(cc) && file.strip_suffix(".gif") == Some(cc) => Route::Gif(cc),
        _ => Route::Unknown,
    }
}

async fn answer(
    state: Arc<State>,
    conn: u64,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let arrived = Instant::now();
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let route = route(&path);

    let (delay, error) = if method == Method::GET || method == Method::HEAD {
        state.draw(&path, &route)
    } else {
        (Duration::ZERO, false)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let response = if method != Method::GET && method != Method::HEAD {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served\n",
        );
        response
            .headers_mut()
            .insert(ALLOW, "GET, HEAD".parse().expect("a valid header"));
        response
    } else if error {
        let mut response = plain(StatusCode::IM_A_TEAPOT, "I'm a Teapot\n");
        // The book's slow_server.py says it this way; hyper's canonical phrase is lower case.
        response
            .extensions_mut()
            .insert(hyper::ext::ReasonPhrase::from_static(b"I'm a Teapot"));
        response
    } else {
        state.content(&route)
    };

    let status = response.status().as_u16();
    if !state.config.quiet {
        let cc = match route {
            Route::Gif(cc) | Route::Metadata(cc) | Route::CountryListing(cc) => {
                cc.to_ascii_uppercase()
            }
            _ => "--".to_string(),
        };
        println!(
            "{} {cc} {} -> {status} {method} {path}",
            state.config.label,
            delay_text(delay)
        );
    }
    if state.config.record {
        let served = Served {
            conn,
            method: method.to_string(),
            path,
            status,
            delay,
            arrived,
            finished: Instant::now(),
        };
        state
            .log
            .lock()
            .expect("no thread panics while holding the log")
            .push(served);
    }
    Ok(response)
}

fn delay_text(delay: Duration) -> String {
    format!("delay {:.2}s", delay.as_secs_f64())
}

impl State {
    /// This request's delay and whether it fails, drawn from (seed, path, how many times
    /// the path was asked before), so concurrent arrival order does not change the draw.
    fn draw(&self, path: &str, route: &Route<'_>) -> (Duration, bool) {
        let config = &self.config;
        if config.delay == crate::Delay::None
            && config.error_rate == 0.0
            && config.code_delays.is_empty()
        {
            return (Duration::ZERO, false); // LOCAL: nothing to draw, no lock to take
        }
        let key = if matches!(route, Route::Unknown) {
            "?"
        } else {
            path
        }; // bounded map
        let nth = {
            let mut seen = self
                .seen
                .lock()
                .expect("no thread panics while holding the counts");
            let n = seen.entry(key.to_string()).or_insert(0);
            *n += 1;
            *n
        };
        let mut rng = fastrand::Rng::with_seed(
            config.seed ^ hash(key.as_bytes()) ^ nth.wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
        let (unit_delay, unit_error) = (rng.f64(), rng.f64());
        let code_delay = match route {
            Route::Gif(cc) | Route::Metadata(cc) => {
                config.code_delays.get(&cc.to_ascii_uppercase())
            }
            _ => None,
        };
        let delay = code_delay
            .copied()
            .unwrap_or_else(|| config.delay.pick(unit_delay));
        (delay, unit_error < config.error_rate)
    }

    fn content(&self, route: &Route<'_>) -> Response<Full<Bytes>> {
        let store = &self.config.store;
        match *route {
            Route::Gif(cc) => match store.get(cc) {
                Some(flag) => body(StatusCode::OK, "image/gif", flag.gif.clone()),
                None => not_found(),
            },
            Route::Metadata(cc) => match store.get(cc) {
                Some(flag) => body(StatusCode::OK, "application/json", flag.metadata.clone()),
                None => not_found(),
            },
            Route::CountryListing(cc) if store.get(cc).is_some() => listing(
                &format!("/flags/{cc}/"),
                [format!("{cc}.gif"), "metadata.json".to_string()],
            ),
            Route::Listing => listing("/flags/", store.codes().map(|cc| format!("{cc}/"))),
            Route::Index => listing("/", ["flags/".to_string()]),
            Route::CountryListing(_) | Route::Unknown => not_found(),
        }
    }
}

fn body(status: StatusCode, content_type: &'static str, bytes: Bytes) -> Response<Full<Bytes>> {
    let length = bytes.len();
    let mut response = Response::new(Full::new(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type.parse().expect("a valid header"));
    headers.insert(CONTENT_LENGTH, length.into());
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    body(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(text.as_bytes()),
    )
}

fn not_found() -> Response<Full<Bytes>> {
    plain(StatusCode::NOT_FOUND, "404 Not Found\n")
}

/// A directory listing like `python3 -m http.server` draws.
fn listing(title: &str, entries: impl IntoIterator<Item = String>) -> Response<Full<Bytes>> {
    let mut html = format!(
        "<!DOCTYPE HTML>\n<html>\n<head><title>Directory listing for {title}</title></head>\n<body>\n<h1>Directory listing for {title}</h1>\n<hr>\n<ul>\n"
    );
    for entry in entries {
        html += &format!("<li><a href=\"{entry}\">{entry}</a></li>\n");
    }
    html += "</ul>\n<hr>\n</body>\n</html>\n";
    body(StatusCode::OK, "text/html; charset=utf-8", html.into())
}

/// A flag server running on a thread of its own, for tests, benches and the race: start
/// it on port 0, ask its address, read back its log. Dropping it shuts it down.
///
/// ```no_run
/// use flags_server::{Config, Delay, FlagServer};
/// use std::time::Duration;
///
/// let server = FlagServer::start(Config::default().with_delay(Delay::Fixed(Duration::from_millis(10))))?;
/// println!("serving on {}", server.base_url()); // http://127.0.0.1:PORT/flags
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct FlagServer {
    addr: SocketAddr,
    state: Arc<State>,
    stop: CancellationToken,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FlagServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlagServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl FlagServer {
    /// Binds `config.addr` and serves on a new thread with a runtime of its own, so it works
    /// the same from synchronous and asynchronous callers.
    pub fn start(config: Config) -> io::Result<FlagServer> {
        let listener = std::net::TcpListener::bind(config.addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = match config.threads {
            0 | 1 => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?,
            n => tokio::runtime::Builder::new_multi_thread()
                .worker_threads(n)
                .enable_all()
                .build()?,
        };
        let state = Arc::new(State::new(config));
        let stop = CancellationToken::new();
        let (thread_state, thread_stop) = (state.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name(format!("flags-server {addr}"))
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => accept_loop(listener, thread_state, thread_stop).await,
                        Err(err) => eprintln!("flags-server: cannot listen on {addr}: {err}"),
                    }
                });
                // Dropping the runtime here ends every connection still open.
            })?;
        Ok(FlagServer {
            addr,
            state,
            stop,
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL for the clients: `http://127.0.0.1:PORT/flags`.
    pub fn base_url(&self) -> String {
        format!("http://{}/flags", self.addr)
    }

    /// The requests answered so far, in order of completion.
    pub fn log(&self) -> Vec<Served> {
        self.state
            .log
            .lock()
            .expect("no thread panics while holding the log")
            .clone()
    }

    /// Returns the log and starts a new one (a bench between two runs).
    pub fn take_log(&self) -> Vec<Served> {
        std::mem::take(
            &mut *self
                .state
                .log
                .lock()
                .expect("no thread panics while holding the log"),
        )
    }

    /// Stops accepting, closes every connection, and waits for the server thread.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stop.cancel();
        if let Some(thread) = self.thread.take() {
            // The server thread only panics on a bug; there is nothing to add to its message.
            let _ = thread.join();
        }
    }
}

impl Drop for FlagServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_accept_only_the_exact_shapes() {
        assert_eq!(route("/"), Route::Index);
        assert_eq!(route("/flags/"), Route::Listing);
        assert_eq!(route("/flags/br/br.gif"), Route::Gif("br"));
        assert_eq!(route("/flags/br/metadata.json"), Route::Metadata("br"));
        assert_eq!(route("/flags/br/"), Route::CountryListing("br"));
        for unknown in [
            "/flags/br/ar.gif",
            "/flags/BR/BR.gif",
            "/flags/br/br.gif/",
            "/flags/br//br.gif",
            "/flags//br/br.gif",
            "/flags/../flags/br/br.gif",
            "/flags/br/../br/br.gif",
            "/flags/%2e%2e/br/br.gif",
            "/flags/br/%2e%2e%2fbr.gif",
            "/flags/bra/bra.gif",
            "/flags/b/b.gif",
            "/flags/br\\br.gif",
            "/flags/br/br.gif\0",
            "/etc/passwd",
            "//etc/passwd",
            "/flags/br",
            "",
        ] {
            assert_eq!(route(unknown), Route::Unknown, "{unknown:?}");
        }
    }
}
