//! Ctrl-C and SIGTERM, the servers' only way out (the book catches `KeyboardInterrupt`).

use std::process::ExitCode;

/// Which signal stopped the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Ctrl-C.
    Interrupt,
    /// `kill` or a service manager.
    Terminate,
}

impl Signal {
    /// The shell's convention: 128 + the signal number.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Signal::Interrupt => ExitCode::from(130),
            Signal::Terminate => ExitCode::from(143),
        }
    }
}

/// Listens for Ctrl-C and SIGTERM from now on (call it inside the runtime, before telling
/// anyone the server is up); the future completes at the first of them.
pub fn signal() -> std::io::Result<impl Future<Output = Signal>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => Signal::Interrupt,
                _ = terminate.recv() => Signal::Terminate,
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            // Without a handler Ctrl-C still ends the process, only less politely.
            let _ = tokio::signal::ctrl_c().await;
            Signal::Interrupt
        })
    }
}
