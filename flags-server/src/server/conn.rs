//! One connection: hyper's HTTP/1.1 with keep-alive on an accepted socket (or on any byte
//! stream), a slow accept, and the two faults that act on the connection itself: a reset,
//! and a hang that ends when the client leaves.

use std::future::pending;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::sync::CancellationToken;

use super::answer::answer;
use super::reply::ConnIo;
use super::state::State;
use crate::Config;

/// One accepted connection, shared by its task, its I/O wrapper and its requests.
pub(super) struct Conn {
    pub(super) id: u64,
    /// Set by a body cut short once its half is queued: the next flush ends the connection.
    pub(super) cut: AtomicBool,
    /// Cancelled to drop the connection at once: a reset, or a hang whose client left.
    pub(super) kill: CancellationToken,
    /// A second handle on the socket, which hyper owns: kept only when a reset (SO_LINGER 0)
    /// or a hang (watching for the client to leave) may be drawn, as it costs a descriptor.
    pub(super) socket: Option<socket2::Socket>,
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

pub(super) async fn serve_conn<IO>(
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
    pub(super) fn reset(&self) {
        if let Some(socket) = &self.socket {
            let _ = socket.set_linger(Some(Duration::ZERO));
        }
        self.kill.cancel();
    }

    /// Returns when the client has closed or reset its side. hyper does not watch for that
    /// while a request is unanswered (half-close is allowed), so peek at a second handle.
    pub(super) async fn client_gone(&self) {
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
