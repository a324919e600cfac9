//! Ending a run early, as a well-behaved command-line tool does: Ctrl-C (SIGINT) and
//! SIGTERM stop it with the status a shell reports for the signal; a closed stdout
//! (`| head -1`) ends it quietly with the status of SIGPIPE.

use std::io;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Exit status after Ctrl-C, as a shell reports a process ended by SIGINT (128 + 2).
pub const EXIT_INTERRUPTED: u8 = 130;
/// Exit status when stdout was closed under the run, as a shell reports a process ended
/// by SIGPIPE (128 + 13). Rust ignores SIGPIPE, so a write fails instead, and the program
/// ends itself with this status, quietly.
pub const EXIT_OUTPUT_CLOSED: u8 = 141;
/// Exit status after SIGTERM (`kill PID`), as a shell reports it (128 + 15).
pub const EXIT_TERMINATED: u8 = 143;

/// A request to stop that the process received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT: Ctrl-C in the terminal.
    Interrupt,
    /// SIGTERM: `kill PID`, a service manager, a closing session.
    Terminate,
}

impl Signal {
    /// The exit status a shell shows for a process this signal ended.
    pub fn exit_status(self) -> u8 {
        match self {
            Signal::Interrupt => EXIT_INTERRUPTED,
            Signal::Terminate => EXIT_TERMINATED,
        }
    }

    /// How the run ended, for the last line on stderr: `Interrupted`, `Terminated`.
    pub fn outcome(self) -> &'static str {
        match self {
            Signal::Interrupt => "Interrupted",
            Signal::Terminate => "Terminated",
        }
    }
}

/// Runs `handler` on a thread of its own for each SIGINT or SIGTERM the process receives,
/// from now on. (signal-hook's handler only writes to a pipe, as a signal handler must;
/// the thread reads it and may then lock, allocate and print.)
pub fn on_signal(mut handler: impl FnMut(Signal) + Send + 'static) -> io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for number in signals.forever() {
                handler(match number {
                    SIGTERM => Signal::Terminate,
                    _ => Signal::Interrupt,
                });
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_signal_ends_with_the_status_a_shell_shows() {
        assert_eq!(Signal::Interrupt.exit_status(), 130);
        assert_eq!(Signal::Terminate.exit_status(), 143);
        assert_eq!(Signal::Terminate.outcome(), "Terminated");
    }
}
