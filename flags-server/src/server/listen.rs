//! Listening: a socket bound with a long accept queue, and the accept loop, which gives
//! each connection a task of its own and backs off while `accept` fails (out of files).

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::conn::serve_conn;
use super::state::State;
use crate::Config;

/// Answers on one listener until `stop` is cancelled. The binary calls this for each of
/// its listeners; [`FlagServer::start`](crate::FlagServer::start) calls it on a thread of
/// its own. The fault rates should pass [`crate::Faults::check`] (the binary and
/// `FlagServer::start` check them).
pub async fn serve(listener: TcpListener, config: Config, stop: CancellationToken) {
    let state = Arc::new(State::new(config));
    accept_loop(listener, state, stop).await;
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

pub(super) async fn accept_loop(listener: TcpListener, state: Arc<State>, stop: CancellationToken) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
