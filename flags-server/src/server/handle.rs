//! The server in-process: [`FlagServer`] runs a listener on a thread and runtime of its
//! own, lends its log, and stops on `shutdown` or when dropped.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::listen::{accept_loop, bind};
use super::served::Served;
use super::state::State;
use crate::Config;

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
