//! `procs_race_condition.py`, and the story in the README beside it: the report loop of
//! `procs.py` as first published stopped reading results when the *job* queue was empty.
//!
//! An empty job queue only means every job was *taken*. The last jobs may still be
//! running, and results already sent may still wait on the result queue: the report
//! stops, and those lines are lost. It rarely shows, because the report usually reads
//! each result the moment it is sent; a reader, Michael Albert, made it show by adding a
//! sleep before the check. `--nap` is that sleep. The fix, kept by the book: count the
//! workers' sentinels instead.
//!
//! The two report loops differ in one line: the condition that ends them.

use std::io::Write;
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, unbounded};

use crate::NUMBERS;
use crate::procs::{Answer, Error, start_jobs};

/// Which report loop to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Stops when the job queue is empty: may lose results.
    Racy,
    /// Stops when every worker has sent its sentinel: loses nothing.
    Fixed,
}

// ANCHOR: reports
/// The report as first published: reads results until the job queue is empty.
pub fn report_racy(
    jobs: &Receiver<u64>,
    results: &Receiver<Answer>,
    nap: Duration,
    mut out: impl Write,
) -> Result<usize, Error> {
    let mut checked = 0;
    loop {
        let result = results.recv().expect("a relay thread panicked")?;
        if result.n != 0 {
            checked += 1;
            writeln!(out, "{result}")?;
        }
        thread::sleep(nap); // Albert's sleep: the report is busy elsewhere for a moment
        if jobs.is_empty() {
            break; // Warning: the race! Every job is taken, not every result is read.
        }
    }
    Ok(checked)
}

/// The fix: reads results until every worker has sent its sentinel (as `procs::report`).
pub fn report_fixed(
    procs: usize,
    results: &Receiver<Answer>,
    nap: Duration,
    mut out: impl Write,
) -> Result<usize, Error> {
    let mut checked = 0;
    let mut procs_done = 0;
    while procs_done < procs {
        let result = results.recv().expect("a relay thread panicked")?;
        if result.n != 0 {
            checked += 1;
            writeln!(out, "{result}")?;
        } else {
            procs_done += 1; // New: the sentinels, not the job queue, say when to stop.
        }
        thread::sleep(nap); // the same sleep: it only slows the report down now
    }
    Ok(checked)
}
// ANCHOR_END: reports

/// The book's `main` of `procs_race_condition.py`, with the report loop to run.
pub fn main(procs: usize, report: Report, nap: Duration, mut out: impl Write) -> Result<(), Error> {
    writeln!(
        out,
        "Checking {} numbers with {procs} processes:",
        NUMBERS.len()
    )?;
    let t0 = Instant::now();
    let (to_jobs, jobs) = unbounded();
    let (to_results, results) = unbounded();
    start_jobs(procs, (to_jobs, &jobs), to_results)?;
    let checked = match report {
        Report::Racy => report_racy(&jobs, &results, nap, &mut out)?,
        Report::Fixed => report_fixed(procs, &results, nap, &mut out)?,
    };
    let elapsed = t0.elapsed().as_secs_f64();
    writeln!(out, "{checked} checks in {elapsed:.2}s")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PrimeResult, check};

    /// The moment of the race, set up by hand: every job is taken (the job queue is
    /// empty) and three results are waiting, then the two sentinels.
    fn the_race() -> (Receiver<u64>, Receiver<Answer>) {
        let (_, jobs) = unbounded::<u64>();
        let (to_results, results) = unbounded();
        for n in [5, 7, 9] {
            to_results.send(Ok(check(n))).unwrap();
        }
        for _ in 0..2 {
            to_results.send(Ok(PrimeResult::DONE)).unwrap();
        }
        (jobs, results)
    }

    #[test]
    fn the_racy_report_loses_the_results_still_queued() {
        let (jobs, results) = the_race();
        let mut out = Vec::new();
        let checked = report_racy(&jobs, &results, Duration::ZERO, &mut out).unwrap();
        assert_eq!(checked, 1);
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
        assert_eq!(results.len(), 4, "two results and two sentinels never read");
    }

    #[test]
    fn the_fixed_report_reads_every_result() {
        let (_, results) = the_race();
        let mut out = Vec::new();
        let checked = report_fixed(2, &results, Duration::ZERO, &mut out).unwrap();
        assert_eq!(checked, 3);
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
        assert!(results.is_empty());
    }
}
