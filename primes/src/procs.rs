//! `procs.py`: the same job queue and result queue as [`threads`](crate::threads), but
//! each worker is a process: this same executable, started again with a hidden argument.
//!
//! `multiprocessing` does the same underneath: it starts a new Python running the same
//! program (`spawn`), and its queues are pipes between the processes. Here each worker
//! process reads its jobs on stdin and writes its results on stdout, one line each; in the
//! parent, one relay thread per process takes jobs from the shared queue and carries them
//! through the pipes. A worker that dies is noticed (its pipe closes) and reported,
//! naming the job it was checking: the book's version would wait for it forever.

use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::process::{self, Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, unbounded};

use crate::{NUMBERS, PrimeResult, check};

/// The hidden argument that turns this executable into a worker process (`multiprocessing`
/// passes `--multiprocessing-fork` to the Python it starts).
pub const WORKER_ARG: &str = "--worker-process";

/// Test only: a worker process asked to check this number aborts instead, so that the
/// tests can watch the parent handle a worker that dies mid-job.
pub const DIE_ON_VAR: &str = "PRIMES_TEST_WORKER_DIES_ON";

/// What a worker process answers: a result, or why there is none.
pub type Answer = Result<PrimeResult, Error>;

/// What can go wrong with worker processes.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot start a worker process")]
    Start(#[source] io::Error),
    #[error("worker process {pid} died while checking {job} ({status})")]
    Died {
        pid: u32,
        job: u64,
        status: ExitStatus,
    },
    #[error("worker process {pid} was lost while checking {job}")]
    Lost {
        pid: u32,
        job: u64,
        #[source]
        source: io::Error,
    },
    #[error("worker process {pid} answered {answer:?} when asked to check {job}")]
    Garbled { pid: u32, job: u64, answer: String },
    #[error("the workers stopped after {checked} of {total} results")]
    Stopped { checked: usize, total: usize },
    #[error("cannot write the report")]
    Output(#[source] io::Error),
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        Error::Output(err)
    }
}

/// The first line of `main` in every binary that starts worker processes: in a worker
/// process, runs [`worker`] on stdin and stdout, then exits; in the parent, returns.
pub fn serve_if_worker() {
    if env::args_os().nth(1).is_some_and(|arg| arg == WORKER_ARG) {
        let die_on = env::var(DIE_ON_VAR).ok().and_then(|n| n.parse().ok());
        match worker(io::stdin().lock(), io::stdout().lock(), die_on) {
            Ok(()) => process::exit(0),
            // The parent is gone (it closed the pipe): nobody is left to tell.
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => process::exit(0),
            Err(err) => {
                eprintln!("worker process {}: {err}", process::id());
                process::exit(1);
            }
        }
    }
}

// ANCHOR: worker
/// The book's `worker`, in a worker process: checks the numbers that come down `jobs`
/// until the stop value 0, sending each result up `results`, then the sentinel.
///
/// If `jobs` ends without a stop value, the parent is gone: the worker just ends.
pub fn worker(jobs: impl BufRead, mut results: impl Write, die_on: Option<u64>) -> io::Result<()> {
    for job in jobs.lines() {
        let job = job?;
        let n: u64 = job.trim().parse().map_err(|_| {
            io::Error::new(io::ErrorKind::InvalidData, format!("not a job: {job:?}"))
        })?;
        if n == 0 {
            return send(&mut results, PrimeResult::DONE); // the pill: say so, and end
        }
        if die_on == Some(n) {
            process::abort(); // test only, see DIE_ON_VAR
        }
        send(&mut results, check(n))?;
    }
    Ok(())
}
// ANCHOR_END: worker

/// One result per line, `n prime nanoseconds`, flushed at once: the parent is waiting.
fn send(results: &mut impl Write, result: PrimeResult) -> io::Result<()> {
    let PrimeResult { n, prime, elapsed } = result;
    writeln!(results, "{n} {prime} {}", elapsed.as_nanos())?;
    results.flush()
}

fn parse_result(line: &str) -> Option<PrimeResult> {
    let mut fields = line.split_whitespace();
    let n = fields.next()?.parse().ok()?;
    let prime = fields.next()?.parse().ok()?;
    let elapsed = Duration::from_nanos(fields.next()?.parse().ok()?);
    fields
        .next()
        .is_none()
        .then_some(PrimeResult { n, prime, elapsed })
}

/// A worker process as the parent holds it: the child, the write end of its stdin (its
/// jobs) and the read end of its stdout (its results).
#[derive(Debug)]
pub struct WorkerProcess {
    child: Child,
    jobs: ChildStdin,
    results: BufReader<ChildStdout>,
}

impl WorkerProcess {
    /// Starts this executable again, as a worker (the book's `Process(...).start()`).
    pub fn start() -> Result<Self, Error> {
        let mut child = Command::new(env::current_exe().map_err(Error::Start)?)
            .arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(Error::Start)?;
        // Both are piped, just above: `take` cannot find them missing.
        let jobs = child.stdin.take().expect("stdin is piped");
        let results = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Ok(Self {
            child,
            jobs,
            results,
        })
    }

    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `n` down the pipe and waits for the answer: its result, or the sentinel
    /// when `n` is the stop value 0 (after which the process exits).
    pub fn check(&mut self, n: u64) -> Answer {
        let mut answer = String::new();
        let answered = writeln!(self.jobs, "{n}")
            .and_then(|()| self.jobs.flush())
            .and_then(|()| self.results.read_line(&mut answer));
        match answered {
            Ok(1..) => parse_result(&answer)
                .filter(|result| result.n == n)
                .ok_or(Error::Garbled {
                    pid: self.pid(),
                    job: n,
                    answer,
                }),
            // The pipe is closed or broken: the process is gone, or going.
            Ok(0) | Err(_) => Err(self.died(n)),
        }
    }

    fn died(&mut self, job: u64) -> Error {
        let pid = self.pid();
        // Its stdout closed, so it is exiting: this wait is short.
        match self.child.wait() {
            Ok(status) => Error::Died { pid, job, status },
            Err(source) => Error::Lost { pid, job, source },
        }
    }

    /// Closes the job pipe and waits for the process to end. A process that was sent
    /// the stop value has ended already; any other ends when it reads the end of its jobs.
    pub fn close(self) -> io::Result<ExitStatus> {
        let Self {
            mut child, jobs, ..
        } = self;
        drop(jobs);
        child.wait()
    }
}

/// Runs in the parent, one thread per worker process: takes jobs from the shared queue,
/// as the book's `worker` does, and hands each to its process. The relay ends when its
/// process has answered the stop value (with the sentinel), or died.
fn relay(process: WorkerProcess, jobs: Receiver<u64>, results: Sender<Answer>) {
    let mut process = process;
    while let Ok(n) = jobs.recv() {
        let answer = process.check(n);
        let last = !matches!(answer, Ok(PrimeResult { n: 1.., .. }));
        if results.send(answer).is_err() || last {
            break; // sent the sentinel or an error; or nobody listens any more
        }
    }
    let _ = process.close(); // reaps it; an error here changes nothing for the report
}

/// The book's `start_jobs`: queues every number, then starts the worker processes (and
/// their relays), with one stop value per worker behind the numbers.
pub fn start_jobs(
    procs: usize,
    jobs: (Sender<u64>, &Receiver<u64>),
    results: Sender<Answer>,
) -> Result<(), Error> {
    let (to_jobs, jobs) = jobs;
    for n in NUMBERS {
        to_jobs
            .send(n)
            .expect("the queue's receiver is alive: we hold it");
    }
    for _ in 0..procs {
        let process = WorkerProcess::start()?;
        let (jobs, results) = (jobs.clone(), results.clone());
        thread::Builder::new()
            .name(format!("relay-{}", process.pid()))
            .spawn(move || relay(process, jobs, results))
            .map_err(Error::Start)?;
        to_jobs
            .send(0)
            .expect("the queue's receiver is alive: we hold it");
    }
    Ok(())
}

/// The book's `report`: prints results as they come, until every worker has sent its
/// sentinel; returns how many numbers were checked. A dead worker ends it with an error.
pub fn report(
    procs: usize,
    results: &Receiver<Answer>,
    mut out: impl Write,
) -> Result<usize, Error> {
    let mut checked = 0;
    let mut procs_done = 0;
    while procs_done < procs {
        // Every sender is a relay's, and a relay always sends its last answer before it
        // ends: the queue cannot close before every sentinel or error is in.
        let result = results.recv().expect("a relay thread panicked")?;
        if result.n == 0 {
            procs_done += 1;
        } else {
            checked += 1;
            writeln!(out, "{result}")?;
        }
    }
    Ok(checked)
}

/// The book's `main`, with the worker count already parsed.
pub fn main(procs: usize, mut out: impl Write) -> Result<(), Error> {
    writeln!(
        out,
        "Checking {} numbers with {procs} processes:",
        NUMBERS.len()
    )?;
    let t0 = Instant::now();
    let (to_jobs, jobs) = unbounded();
    let (to_results, results) = unbounded();
    start_jobs(procs, (to_jobs, &jobs), to_results)?;
    let checked = report(procs, &results, &mut out)?;
    let elapsed = t0.elapsed().as_secs_f64();
    writeln!(out, "{checked} checks in {elapsed:.2}s")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_worker(jobs: &str) -> (io::Result<()>, String) {
        let mut results = Vec::new();
        let ended = worker(jobs.as_bytes(), &mut results, None);
        (ended, String::from_utf8(results).unwrap())
    }

    #[test]
    fn a_worker_answers_each_job_then_the_sentinel() {
        let (ended, results) = run_worker("7\n8\n0\n11\n");
        ended.unwrap();
        let results: Vec<PrimeResult> = results.lines().map(|l| parse_result(l).unwrap()).collect();
        let got: Vec<(u64, bool)> = results.iter().map(|r| (r.n, r.prime)).collect();
        assert_eq!(got, [(7, true), (8, false), (0, false)]);
    }

    #[test]
    fn a_worker_whose_parent_is_gone_just_ends() {
        let (ended, results) = run_worker("7\n");
        ended.unwrap();
        assert_eq!(results.lines().count(), 1, "no sentinel: {results:?}");
    }

    #[test]
    fn a_worker_rejects_a_garbled_job() {
        let (ended, _) = run_worker("seven\n");
        assert_eq!(ended.unwrap_err().kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn results_cross_the_pipe_unchanged() {
        let sent = check(999_999_999_989);
        let mut line = Vec::new();
        send(&mut line, sent).unwrap();
        assert_eq!(
            parse_result(std::str::from_utf8(&line).unwrap()),
            Some(sent)
        );
        for garbled in [
            "",
            "7",
            "7 true",
            "7 yes 10",
            "7 true 10 extra",
            "-7 true 10",
        ] {
            assert_eq!(parse_result(garbled), None, "{garbled:?}");
        }
    }
}
