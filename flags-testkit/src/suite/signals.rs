//! Ctrl-C and SIGTERM in the middle of a run: the binary stops, reports what it did, and
//! leaves only whole flags.

use std::time::{Duration, Instant};

use super::{Binary, UnderWay, under_way};
use crate::files::assert_whole_flags;
use crate::process::{Running, stderr, stdout};
use crate::report::Report;

/// How a reader stops a run, and what the binary answers.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// Ctrl-C: SIGINT.
    CtrlC,
    /// `kill PID`, a service manager, a closing terminal session: SIGTERM.
    Sigterm,
}

impl Stop {
    fn send(self, running: &Running) {
        match self {
            Stop::CtrlC => running.interrupt(),
            Stop::Sigterm => running.terminate(),
        }
    }

    /// The exit status a shell gives the signal: 128 + its number.
    fn status(self) -> i32 {
        match self {
            Stop::CtrlC => 130,
            Stop::Sigterm => 143,
        }
    }

    /// The first word of what the binary says on stderr.
    fn says(self) -> &'static str {
        match self {
            Stop::CtrlC => "Interrupted",
            Stop::Sigterm => "Terminated",
        }
    }
}

/// Ctrl-C (SIGINT) in the middle of a run against a delayed server: exit status 130, a
/// final report on stdout, what was done on stderr, and only whole flags on disk. Returns
/// how long the binary took to exit after the signal (not asserted: a timing is a
/// measurement, never a test; the hang guard alone bounds it).
pub fn ctrl_c_mid_run(bin: &Binary) -> Duration {
    stopped_mid_run(bin, Stop::CtrlC)
}

/// SIGTERM (`kill PID`) in the middle of a run: handled like Ctrl-C, with the status a
/// shell gives SIGTERM (143), a final report, and only whole flags on disk.
pub fn sigterm_mid_run(bin: &Binary) {
    stopped_mid_run(bin, Stop::Sigterm);
}

/// A run stopped by `stop` once the server has answered a first request; returns how long
/// the binary took to exit after the signal.
fn stopped_mid_run(bin: &Binary, stop: Stop) -> Duration {
    let what = format!("{} after {stop:?}", bin.name());
    let codes = ["AR", "BR", "CN", "DE", "EG", "FR", "IN", "JP", "NG", "US"];
    // 10 codes, 2 at a time, 400 ms each: a whole run would take 2 s. A timeout longer
    // than the delay: nothing times out before the signal.
    let UnderWay {
        running,
        dest,
        server: _server,
        _dir,
    } = under_way(bin, &what, &codes, 400, "5");
    let sent = Instant::now();
    stop.send(&running);
    let output = running.wait(Duration::from_secs(10));
    let took = sent.elapsed();
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(stop.status()), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: a panic\n{err}");
    let report = Report::parse(&out);
    let done = report.counter.total();
    assert!(
        done < codes.len(),
        "{what}: it stopped before the end\n{out}"
    );
    let said = format!("{}: {done} of {} codes done.", stop.says(), codes.len());
    assert!(err.contains(&said), "{what}: {err}");
    // Only whole flags: no `.part` file survives the signal.
    let saved = assert_whole_flags(&dest, bin.naming, &codes);
    for cc in report.ok_codes() {
        assert!(
            saved.iter().any(|s| s == cc),
            "{what}: {cc} counted, not saved\n{out}"
        );
    }
    // A save already running when the signal lands may still finish, whole, after the
    // count stopped (a blocking write cannot be cancelled): at most one per request in
    // flight.
    assert!(
        saved.len() <= report.counter.ok + 2,
        "{what}: {saved:?} saved, {} counted\n{out}",
        report.counter.ok
    );
    took
}
