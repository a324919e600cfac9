//! The one table of the flag server's faults: each alone on every request, and what a
//! downloader says of a code that met it. The fault suite, and the client tests of each
//! downloader crate, run down the same table.

use std::fmt;
use std::time::Duration;

use flags_server::{Fault, Faults};

/// One fault of the flag server, on every request, and what a client says of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultCase {
    /// The server's faults: one of them at rate 1, or a slow accept.
    pub faults: Faults,
    /// What the server's log records; `None` for a slow accept, which is not per request.
    pub logged: Option<Fault>,
    /// What a client says; `None` where only the client's own timeout ends the request.
    says: Option<&'static str>,
}

impl FaultCase {
    /// The message of a code that met this fault, given `timed_out`, what the client says
    /// when its timeout expires (`timed out after 0.5s`).
    pub fn says<'a>(&self, timed_out: &'a str) -> &'a str {
        self.says.unwrap_or(timed_out)
    }
}

impl fmt::Display for FaultCase {
    /// `503`, `reset`, `truncate`, `trickle`, `hang` or `slow accept`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.logged {
            Some(Fault::Unavailable) => f.write_str("503"),
            Some(fault) => fault.fmt(f),
            None => f.write_str("slow accept"),
        }
    }
}

/// How long the slow accept of [`every_fault`] holds each connection: longer than the
/// timeout of any test that runs the table, so only that timeout ends the request.
pub const SLOW_ACCEPT: Duration = Duration::from_secs(1);

/// Every fault of [`Fault::ALL`] alone, at rate 1, then a slow accept of [`SLOW_ACCEPT`].
/// A client under test needs a timeout under 1 s: a trickled flag takes over 2 s.
pub fn every_fault() -> Vec<FaultCase> {
    let alone = Fault::ALL.iter().map(|&fault| FaultCase {
        faults: Faults::only(fault),
        logged: Some(fault),
        says: client_says(fault),
    });
    let slow_accept = FaultCase {
        faults: Faults {
            slow_accept: SLOW_ACCEPT,
            ..Faults::default()
        },
        logged: None,
        says: None,
    };
    alone.chain([slow_accept]).collect()
}

/// What a client says of a request that met `fault`; `None` where it waits for its timeout.
fn client_says(fault: Fault) -> Option<&'static str> {
    match fault {
        Fault::Unavailable => Some("HTTP error 503 - Service Unavailable"),
        Fault::Reset => Some("connection reset by the server"),
        Fault::Truncate => {
            Some("response cut short: the connection closed before the promised Content-Length")
        }
        // 64 bytes every 100 ms: even the smallest flag (1.5 KB) needs over 2 s.
        Fault::Trickle => None,
        // Never answered.
        Fault::Hang => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_case_per_fault_and_a_slow_accept() {
        let cases = every_fault();
        let names: Vec<String> = cases.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            ["503", "reset", "truncate", "trickle", "hang", "slow accept"]
        );
        for case in &cases {
            assert_eq!(case.faults.check(), Ok(()), "{case}");
            assert_eq!(case.faults.any_drawn(), case.logged.is_some(), "{case}");
        }
        assert_eq!(
            cases[0].says("timed out"),
            "HTTP error 503 - Service Unavailable"
        );
        assert_eq!(cases[5].says("timed out"), "timed out");
    }
}
