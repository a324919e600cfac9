//! The HTTP side: routing, delays, errors and faults, the accept loop, and the in-process
//! handle.
//!
//! Built on hyper: one task per connection, HTTP/1.1 with keep-alive. A delay is a timer,
//! so a thousand delayed requests cost a thousand timers, not a thousand threads. Faults
//! (see [`crate::Faults`]) are played with the same tools: a second handle on the socket
//! for a reset, a body that trickles or stops half-way, a future that never answers.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::{Future, pending};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::gif_art::hash;
use crate::{Config, Fault};

/// A trickled body goes out this many bytes at a time...
const TRICKLE_CHUNK: usize = 64;
/// ...with this pause between two pieces.
const TRICKLE_EVERY: Duration = Duration::from_millis(100);

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

/// What every connection of one listener shares.
struct State {
    config: Config,
    /// How many times each path was asked for: the nth request for a path draws the same
    /// delay, error and fault on every run with the same seed.
    seen: Mutex<HashMap<String, u64>>,
    log: Mutex<Vec<Served>>,
    next_conn: AtomicU64,
}

/// One accepted connection, shared by its task, its I/O wrapper and its requests.
struct Conn {
    id: u64,
    /// Set by a body cut short once its half is queued: the next flush ends the connection.
    cut: AtomicBool,
    /// Cancelled to drop the connection at once: a reset, or a hang whose client left.
    kill: CancellationToken,
    /// A second handle on the socket, which hyper owns: kept only when a reset (SO_LINGER 0)
    /// or a hang (watching for the client to leave) may be drawn, as it costs a descriptor.
    socket: Option<socket2::Socket>,
}

/// Answers on one listener until `stop` is cancelled. The binary calls this for each of
/// its listeners; [`FlagServer::start`] calls it on a thread of its own. The fault rates
/// should pass [`crate::Faults::check`] (the binary and [`FlagServer::start`] check them).
pub async fn serve(listener: TcpListener, config: Config, stop: CancellationToken) {
    let state = Arc::new(State::new(config));
    accept_loop(listener, state, stop).await;
}

/// Serves one connection on any byte stream (an in-memory pipe: the fuzz target feeds it
/// raw bytes), with a listener state of its own, until the stream ends. Without a socket a
/// reset fault can only close the stream and a hang lasts until the stream is dropped.
pub async fn serve_stream<IO>(io: IO, config: Config)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let state = Arc::new(State::new(config));
    serve_conn(io, None, 1, state, CancellationToken::new()).await;
}

/// Binds `addr` like `std::net::TcpListener::bind`, with a longer accept queue (4,096, or
/// the system's cap `net.core.somaxconn` if lower, rather than std's 128), so that
/// thousands of clients connecting at once are queued rather than retrying their SYN a
/// second later. Non-blocking, ready for tokio.
pub fn bind(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        None,
    )?;
    // As std does on Unix: a restarted server may bind while old connections linger.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(4096)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
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
    let faults = state.config.faults;
    let keep_socket = faults.reset > 0.0 || faults.hang > 0.0;
    let mut backoff = AcceptBackoff::new(&state.config.label);
    loop {
        let (stream, _peer) = tokio::select! {
            _ = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors (EMFILE), or a connection reset before
                    // accept: not fatal. The waiting connection stays queued, so retrying
                    // at once would fail at once: wait, longer each time, until one closes.
                    let (wait, say) = backoff.failed(&err, Instant::now());
                    if let Some(line) = say {
                        crate::log::warn(&line);
                    }
                    tokio::select! {
                        _ = stop.cancelled() => return,
                        _ = tokio::time::sleep(wait) => continue,
                    }
                }
            },
        };
        backoff.succeeded();
        let _ = stream.set_nodelay(true);
        let socket = if keep_socket {
            socket2::SockRef::from(&stream).try_clone().ok()
        } else {
            None
        };
        let conn = state.next_conn.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(serve_conn(
            stream,
            socket,
            conn,
            state.clone(),
            stop.clone(),
        ));
    }
}

/// What the accept loop does when `accept` fails: waits before the next try, twice as
/// long each time (5 ms up to half a second), and logs at most one line a second, which
/// counts the failures it did not log. Without it, a thousand idle connections under a
/// limit of 1,024 files fill the log with a line every few milliseconds.
struct AcceptBackoff<'a> {
    label: &'a str,
    wait: Duration,
    said_at: Option<Instant>,
    unsaid: u64,
}

impl<'a> AcceptBackoff<'a> {
    const FIRST: Duration = Duration::from_millis(5);
    const MOST: Duration = Duration::from_millis(500);
    const SAY_EVERY: Duration = Duration::from_secs(1);

    fn new(label: &'a str) -> Self {
        AcceptBackoff {
            label,
            wait: Self::FIRST,
            said_at: None,
            unsaid: 0,
        }
    }

    /// Notes a failed accept at `now`; returns how long to wait before the next try, and
    /// the line to log, if it is time for one.
    fn failed(&mut self, err: &io::Error, now: Instant) -> (Duration, Option<String>) {
        let due = self
            .said_at
            .is_none_or(|said| now.duration_since(said) >= Self::SAY_EVERY);
        let say = if due {
            let (label, n) = (self.label, self.unsaid + 1);
            self.said_at = Some(now);
            self.unsaid = 0;
            Some(match n {
                1 => format!(
                    "{label}: accept failed: {err} (retrying; at most one such line a second)"
                ),
                n => format!("{label}: accept failed {n} times since the last line: {err}"),
            })
        } else {
            self.unsaid += 1;
            None
        };
        let wait = self.wait;
        self.wait = (self.wait * 2).min(Self::MOST);
        (wait, say)
    }

    /// A connection was accepted: the next failure waits briefly again.
    fn succeeded(&mut self) {
        self.wait = Self::FIRST;
    }
}

async fn serve_conn<IO>(
    io: IO,
    socket: Option<socket2::Socket>,
    id: u64,
    state: Arc<State>,
    stop: CancellationToken,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let slow_accept = state.config.faults.slow_accept;
    if !slow_accept.is_zero() {
        // A slow accept: the handshake is done but nobody reads yet. Waited in the
        // connection's own task, so the accept loop goes on accepting the others.
        tokio::select! {
            _ = tokio::time::sleep(slow_accept) => {}
            _ = stop.cancelled() => return,
        }
    }
    let conn = Arc::new(Conn {
        id,
        cut: AtomicBool::new(false),
        kill: CancellationToken::new(),
        socket,
    });
    let service = {
        let (conn, stop) = (conn.clone(), stop.clone());
        service_fn(move |req| answer(state.clone(), conn.clone(), stop.clone(), req))
    };
    let io = ConnIo {
        io,
        conn: conn.clone(),
    };
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10))
        .max_buf_size(64 * 1024)
        // A client may shut its side after sending the request: still answer it.
        .half_close(true)
        .serve_connection(TokioIo::new(io), service);
    // A malformed request gets its 4xx from hyper and ends only this connection.
    tokio::select! {
        _ = connection => {}
        _ = conn.kill.cancelled() => {}
        _ = stop.cancelled() => {}
    }
    // The connection (and its socket) is dropped here; then `conn`, the last handle on a
    // socket set to SO_LINGER 0, so the kernel sends a RST rather than a FIN.
}

impl Conn {
    /// Resets the connection: SO_LINGER 0 turns the close into a RST, and the connection
    /// task drops the connection at once.
    fn reset(&self) {
        if let Some(socket) = &self.socket {
            let _ = socket.set_linger(Some(Duration::ZERO));
        }
        self.kill.cancel();
    }

    /// Returns when the client has closed or reset its side. hyper does not watch for that
    /// while a request is unanswered (half-close is allowed), so peek at a second handle.
    async fn client_gone(&self) {
        let watch = self
            .socket
            .as_ref()
            .and_then(|socket| socket.try_clone().ok())
            .and_then(|socket| tokio::net::TcpStream::from_std(socket.into()).ok());
        let Some(watch) = watch else {
            return pending().await; // no socket (an in-memory stream): wait for the stop
        };
        match watch.peek(&mut [0u8; 1]).await {
            Ok(0) | Err(_) => {} // end of stream or reset: nobody waits for this answer
            // Bytes hyper has not read (a pipelined request): cannot tell, so wait for the stop.
            Ok(_) => pending().await,
        }
    }
}

/// The socket as hyper sees it, with one twist: once a body cut short has queued its half,
/// the flush that sends it fails, which makes hyper drop the connection right after the
/// bytes are out (hyper would flush nothing if the body itself ended early or failed).
struct ConnIo<IO> {
    io: IO,
    conn: Arc<Conn>,
}

impl<IO: AsyncRead + Unpin> AsyncRead for ConnIo<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for ConnIo<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.io).poll_flush(cx))?;
        if self.conn.cut.load(Ordering::Acquire) {
            return Poll::Ready(Err(io::Error::other("response cut short on purpose")));
        }
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// A response body: whole, trickled, or cut short.
enum Reply {
    Whole(Option<Bytes>),
    Trickle {
        rest: Bytes,
        length: u64,
        pause: Option<Pin<Box<tokio::time::Sleep>>>,
    },
    Cut {
        half: Option<Bytes>,
        length: u64,
        conn: Arc<Conn>,
    },
}

impl Reply {
    fn whole(bytes: Bytes) -> Reply {
        Reply::Whole(Some(bytes).filter(|b| !b.is_empty()))
    }

    fn bytes(self) -> Bytes {
        match self {
            Reply::Whole(bytes) => bytes.unwrap_or_default(),
            Reply::Trickle { rest, .. } => rest,
            Reply::Cut { half, .. } => half.unwrap_or_default(),
        }
    }

    /// The same bytes, `TRICKLE_CHUNK` at a time.
    fn trickle(self) -> Reply {
        let rest = self.bytes();
        Reply::Trickle {
            length: rest.len() as u64,
            rest,
            pause: None,
        }
    }

    /// Half the bytes, then the connection closes: the Content-Length promised the whole.
    fn cut(self, conn: Arc<Conn>) -> Reply {
        let mut bytes = self.bytes();
        let length = bytes.len() as u64;
        bytes.truncate(bytes.len() / 2);
        Reply::Cut {
            half: Some(bytes),
            length,
            conn,
        }
    }
}

impl Body for Reply {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Reply::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Reply::Trickle { rest, pause, .. } => {
                if rest.is_empty() {
                    return Poll::Ready(None);
                }
                if let Some(pause) = pause {
                    ready!(pause.as_mut().poll(cx));
                }
                let piece = rest.split_to(TRICKLE_CHUNK.min(rest.len()));
                *pause = Some(Box::pin(tokio::time::sleep(TRICKLE_EVERY)));
                Poll::Ready(Some(Ok(Frame::data(piece))))
            }
            Reply::Cut { half, conn, .. } => match half.take() {
                Some(half) => {
                    conn.cut.store(true, Ordering::Release);
                    Poll::Ready(Some(Ok(Frame::data(half))))
                }
                // Never more: the flush of the half ends the connection (see `ConnIo`).
                None => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Reply::Whole(bytes) => bytes.is_none(),
            Reply::Trickle { rest, .. } => rest.is_empty(),
            Reply::Cut { .. } => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Reply::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Reply::Trickle { length, .. } | Reply::Cut { length, .. } => {
                SizeHint::with_exact(*length)
            }
        }
    }
}

/// Where a request path leads (see [`route_path`]).
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Route<'a> {
    /// `/`
    Index,
    /// `/flags` or `/flags/`
    Listing,
    /// `/flags/{cc}/`
    CountryListing(&'a str),
    /// `/flags/{cc}/{cc}.gif`
    Gif(&'a str),
    /// `/flags/{cc}/metadata.json`
    Metadata(&'a str),
    /// Anything else: a 404.
    Unknown,
}

/// Where a request path leads. Only these exact shapes are served, `cc` being two
/// lower-case ASCII letters; anything else (`..`, `%2e%2e`, upper case, backslashes, NUL,
/// doubled slashes) is simply [`Route::Unknown`]. Public for the fuzz target.
pub fn route_path(path: &str) -> Route<'_> {
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

/// Writes a request to the log when dropped: a hung request ends when hyper drops it
/// (its client left, or the server stopped), and only then is it logged.
struct LogOnDrop {
    state: Arc<State>,
    served: Option<Served>,
}

impl Drop for LogOnDrop {
    fn drop(&mut self) {
        if let Some(mut served) = self.served.take() {
            served.finished = Instant::now();
            self.state.log(served);
        }
    }
}

async fn answer(
    state: Arc<State>,
    conn: Arc<Conn>,
    stop: CancellationToken,
    req: Request<Incoming>,
) -> Result<Response<Reply>, Infallible> {
    let arrived = Instant::now();
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let route = route_path(&path);
    let get_or_head = method == Method::GET || method == Method::HEAD;

    let (delay, error, fault) = if get_or_head {
        state.draw(&path, &route)
    } else {
        (Duration::ZERO, false, None)
    };
    if !delay.is_zero() {
        // Not `tokio::time::sleep`: tokio's timer counts whole milliseconds and wakes 0.5 to
        // 2.5 ms late, which the race would charge to the clients (2% of a 100 ms delay).
        // async-io's timer (a timerfd, on its own thread) answers within a few hundred µs.
        async_io::Timer::after(delay).await;
    }
    let served = Served {
        conn: conn.id,
        method: method.to_string(),
        path: path.clone(),
        status: 0,
        delay,
        arrived,
        finished: Instant::now(),
        fault,
    };
    match fault {
        Some(Fault::Reset) => {
            state.log(served);
            conn.reset();
            // The connection task drops this future along with the connection.
            return pending().await;
        }
        Some(Fault::Hang) => {
            let _log = LogOnDrop {
                state: state.clone(),
                served: Some(served),
            };
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = conn.client_gone() => conn.kill.cancel(),
            }
            return pending().await;
        }
        _ => {}
    }

    let response = if !get_or_head {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served\n",
        );
        response
            .headers_mut()
            .insert(ALLOW, "GET, HEAD".parse().expect("a valid header"));
        response
    } else if fault == Some(Fault::Unavailable) {
        let mut response = plain(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable\n");
        response.headers_mut().insert(RETRY_AFTER, 1.into());
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
    let response = match fault {
        Some(Fault::Trickle) => response.map(Reply::trickle),
        Some(Fault::Truncate) => response.map(|body| body.cut(conn.clone())),
        _ => response,
    };
    state.log(Served {
        status: response.status().as_u16(),
        finished: Instant::now(),
        ..served
    });
    Ok(response)
}

fn delay_text(delay: Duration) -> String {
    format!("delay {:.2}s", delay.as_secs_f64())
}

impl State {
    /// This request's delay, whether it fails with a 418, and the fault it meets, drawn
    /// from (seed, path, how many times the path was asked before), so concurrent arrival
    /// order does not change the draw. A fault takes the place of a 418.
    fn draw(&self, path: &str, route: &Route<'_>) -> (Duration, bool, Option<Fault>) {
        let config = &self.config;
        if config.delay == crate::Delay::None
            && config.error_rate == 0.0
            && config.code_delays.is_empty()
            && !config.faults.any_drawn()
        {
            return (Duration::ZERO, false, None); // LOCAL: nothing to draw, no lock to take
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
        // Drawn in this order, so adding faults leaves the delays and errors of a seed as they were.
        let (unit_delay, unit_error, unit_fault) = (rng.f64(), rng.f64(), rng.f64());
        let code_delay = match route {
            Route::Gif(cc) | Route::Metadata(cc) => {
                config.code_delays.get(&cc.to_ascii_uppercase())
            }
            _ => None,
        };
        let delay = code_delay
            .copied()
            .unwrap_or_else(|| config.delay.pick(unit_delay));
        let fault = config.faults.pick(unit_fault);
        (
            delay,
            fault.is_none() && unit_error < config.error_rate,
            fault,
        )
    }

    /// Prints the request's log line (unless quiet) and keeps it (when recording).
    fn log(&self, served: Served) {
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

    fn content(&self, route: &Route<'_>) -> Response<Reply> {
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

fn body(status: StatusCode, content_type: &'static str, bytes: Bytes) -> Response<Reply> {
    let length = bytes.len();
    let mut response = Response::new(Reply::whole(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type.parse().expect("a valid header"));
    headers.insert(CONTENT_LENGTH, length.into());
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response<Reply> {
    body(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(text.as_bytes()),
    )
}

fn not_found() -> Response<Reply> {
    plain(StatusCode::NOT_FOUND, "404 Not Found\n")
}

/// A directory listing like `python3 -m http.server` draws.
fn listing(title: &str, entries: impl IntoIterator<Item = String>) -> Response<Reply> {
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
    /// Fault rates that fail [`crate::Faults::check`] are an `InvalidInput` error.
    pub fn start(config: Config) -> io::Result<FlagServer> {
        config
            .faults
            .check()
            .map_err(|why| io::Error::new(io::ErrorKind::InvalidInput, why))?;
        let listener = bind(config.addr)?;
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
                        Err(err) => crate::log::warn(&format!(
                            "flags-server: cannot listen on {addr}: {err}"
                        )),
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
        assert_eq!(route_path("/"), Route::Index);
        assert_eq!(route_path("/flags/"), Route::Listing);
        assert_eq!(route_path("/flags/br/br.gif"), Route::Gif("br"));
        assert_eq!(route_path("/flags/br/metadata.json"), Route::Metadata("br"));
        assert_eq!(route_path("/flags/br/"), Route::CountryListing("br"));
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
            assert_eq!(route_path(unknown), Route::Unknown, "{unknown:?}");
        }
    }

    #[test]
    fn accept_failures_back_off_and_log_once_a_second() {
        let emfile = io::Error::from_raw_os_error(24);
        let mut backoff = AcceptBackoff::new("LOCAL");
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let (wait, say) = backoff.failed(&emfile, t0);
        assert_eq!(wait, ms(5));
        assert!(say.unwrap().starts_with("LOCAL: accept failed: "));
        // Failing on, every 5 ms for 2.5 s: waits double up to half a second...
        let mut waits = vec![wait];
        let mut lines = Vec::new();
        for step in 1..=500 {
            let (wait, say) = backoff.failed(&emfile, t0 + ms(5 * step));
            waits.push(wait);
            lines.extend(say);
        }
        assert_eq!(waits[..9], [5, 10, 20, 40, 80, 160, 320, 500, 500].map(ms));
        // ...and a line a second, counting the failures in between.
        assert_eq!(
            lines,
            [
                "LOCAL: accept failed 200 times since the last line: Too many open files (os error 24)",
                "LOCAL: accept failed 200 times since the last line: Too many open files (os error 24)",
            ]
        );
        // An accept that works: the next failure waits briefly again.
        backoff.succeeded();
        assert_eq!(backoff.failed(&emfile, t0 + ms(3_000)).0, ms(5));
    }

    #[test]
    fn every_fault_keeps_its_share_and_the_seed_keeps_its_delays_and_errors() {
        use crate::{Delay, Faults};
        let base = Config::default()
            .with_seed(5)
            .with_delay(Delay::Range(Duration::ZERO, Duration::from_secs(1)))
            .with_error_rate(0.25);
        let faults = Faults {
            unavailable: 0.1,
            reset: 0.1,
            truncate: 0.1,
            trickle: 0.1,
            hang: 0.1,
            slow_accept: Duration::ZERO,
        };
        let plain = State::new(base.clone());
        let faulty = State::new(base.with_faults(faults));
        let paths: Vec<String> = crate::FlagStore::embedded()
            .codes()
            .map(|cc| format!("/flags/{cc}/{cc}.gif"))
            .collect();
        let mut counts: HashMap<Option<Fault>, usize> = HashMap::new();
        let (mut teapots, mut draws) = (0, 0);
        for _round in 0..100 {
            for path in &paths {
                let route = route_path(path);
                let (delay, error, none) = plain.draw(path, &route);
                let (same_delay, faulty_error, fault) = faulty.draw(path, &route);
                assert_eq!(none, None);
                assert_eq!(delay, same_delay, "faults leave the delays as they were");
                // A fault takes the place of a 418; otherwise the 418s are those of the seed.
                assert_eq!(faulty_error, error && fault.is_none());
                *counts.entry(fault).or_default() += 1;
                teapots += usize::from(error);
                draws += 1;
            }
        }
        // 19,400 draws at 10%: a mean of 1,940 and a standard deviation of 42.
        for fault in Fault::ALL {
            let n = counts.get(&Some(fault)).copied().unwrap_or(0);
            assert!((1_740..=2_140).contains(&n), "{fault}: {n} of {draws}");
        }
        assert!(
            (4_550..=5_150).contains(&teapots),
            "{teapots} 418s of {draws}"
        );
    }
}
