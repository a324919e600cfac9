//! A response body on the wire: whole, trickled (a slow network) or cut short (a broken
//! one), and the connection's I/O, which ends the connection once the half of a cut body
//! is out.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::conn::Conn;

/// A trickled body goes out this many bytes at a time...
const TRICKLE_CHUNK: usize = 64;
/// ...with this pause between two pieces.
const TRICKLE_EVERY: Duration = Duration::from_millis(100);

/// The socket as hyper sees it, with one twist: once a body cut short has queued its half,
/// the flush that sends it fails, which makes hyper drop the connection right after the
/// bytes are out (hyper would flush nothing if the body itself ended early or failed).
pub(super) struct ConnIo<IO> {
    pub(super) io: IO,
    pub(super) conn: Arc<Conn>,
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
pub(super) enum Reply {
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
    pub(super) fn whole(bytes: Bytes) -> Reply {
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
    pub(super) fn trickle(self) -> Reply {
        let rest = self.bytes();
        Reply::Trickle {
            length: rest.len() as u64,
            rest,
            pause: None,
        }
    }

    /// Half the bytes, then the connection closes: the Content-Length promised the whole.
    pub(super) fn cut(self, conn: Arc<Conn>) -> Reply {
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
