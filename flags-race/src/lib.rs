//! The race: every download strategy on the same codes, against one in-process flag
//! server, measured against the physical limit `ceil(N/m) * delay`.
//!
//! The strategies are the very `download_many` functions the reader runs
//! (`flags2_sequential`, `flags2_threadpool`, `flags2_rayon`, `flags2_asyncio`); the server
//! is `flags-server` on port 0, whose request log gives the peak number of requests in
//! flight and the timeline. The `benches` crate races the same [`STRATEGIES`].

pub mod cli;
mod output;
pub mod picture;
mod run_race;
mod run_scale;
pub mod scale;
mod setup;
mod signals;
mod timeline;

pub use picture::{PictureArgs, Rows};
pub use run_race::run_race;
pub use run_scale::run_scale;
pub use signals::stop_on_signals;
pub use timeline::{svg_timeline, svg_timeline_with, text_timeline};

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use flags_common::{Counter, DownloadMany, Job};
pub use flags_server::peak_in_flight;
use flags_server::{FlagServer, Served};
use tokio_util::sync::CancellationToken;

/// A scratch folder for a run's flags, deleted when dropped: under `parent` if given,
/// else in RAM (`/dev/shm`) when the system has it, else in the temporary folder.
///
/// The limit `ceil(N/m) * d` is about the network. Creating a file on this project's
/// reference machine's disk costs about 300 µs (42 µs on tmpfs), which for 194 flags is
/// 60 ms of I/O inside a 700 ms race: the race saves to RAM unless told otherwise.
pub fn scratch_dir(parent: Option<&Path>) -> std::io::Result<Scratch> {
    let dir = tempfile::tempdir_in(scratch_parent(parent))?;
    live_scratch().push(dir.path().to_path_buf());
    Ok(Scratch { dir })
}

/// A scratch folder made by [`scratch_dir`]: removed when dropped, and listed meanwhile,
/// so that a race stopped by a signal can remove it even from another thread
/// ([`remove_scratch_dirs`]).
#[derive(Debug)]
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// Where the folder is.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        live_scratch().retain(|path| path != self.dir.path());
        // Then the `TempDir` removes the folder.
    }
}

/// The scratch folders alive now.
fn live_scratch() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    // A panic while holding this lock leaves the list whole: go on with it.
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes every scratch folder still alive: the last resort of a race stopped by a signal
/// whose runs did not wind down in time (a request cannot be cancelled mid-flight).
/// Returns how many were removed.
pub fn remove_scratch_dirs() -> usize {
    live_scratch()
        .drain(..)
        .filter(|path| std::fs::remove_dir_all(path).is_ok())
        .count()
}

/// Where [`scratch_dir`] makes its folders: `parent` if given, else `/dev/shm` when the
/// system has it, else the temporary folder.
pub fn scratch_parent(parent: Option<&Path>) -> PathBuf {
    let ram = Path::new("/dev/shm");
    match parent {
        Some(parent) => parent.to_path_buf(),
        None if ram.is_dir() => ram.to_path_buf(),
        None => std::env::temp_dir(),
    }
}

/// One way to download: a name and the crate function that does it.
#[derive(Debug, Clone, Copy)]
pub struct Strategy {
    /// `sequential`, `threads`, `rayon` or `tokio`: the name in tables and benches.
    pub name: &'static str,
    /// The Python file it retells.
    pub book: &'static str,
    /// The strategy's `download_many`, as the binary calls it.
    pub download_many: DownloadMany,
    /// One request at a time, whatever the concurrency asked for.
    pub sequential: bool,
}

/// The four strategies, slowest first.
pub const STRATEGIES: [Strategy; 4] = [
    Strategy {
        name: "sequential",
        book: "flags2_sequential.py",
        download_many: flags_seq::download_many,
        sequential: true,
    },
    Strategy {
        name: "threads",
        book: "flags2_threadpool.py",
        download_many: flags_threadpool::flags2::download_many,
        sequential: false,
    },
    Strategy {
        name: "rayon",
        book: "flags2_threadpool.py, on a rayon pool",
        download_many: flags_threadpool::rayon_pool::download_many,
        sequential: false,
    },
    Strategy {
        name: "tokio",
        book: "flags2_asyncio.py",
        download_many: flags_async::flags2::download_many,
        sequential: false,
    },
];

/// Looks a strategy up by name.
pub fn strategy(name: &str) -> Option<Strategy> {
    STRATEGIES
        .iter()
        .copied()
        .find(|s| s.name.eq_ignore_ascii_case(name))
}

impl Strategy {
    /// The concurrency this strategy really uses when `m` is asked for.
    pub fn concurrency(&self, m: usize) -> usize {
        if self.sequential { 1 } else { m.max(1) }
    }
}

/// What one strategy did in the race.
#[derive(Debug, Clone)]
pub struct Run {
    /// The strategy's name.
    pub strategy: &'static str,
    /// Codes asked for (one request each).
    pub requests: usize,
    /// Requests allowed in flight at once.
    pub concurrency: usize,
    /// Wall time of `download_many`, client set-up included.
    pub elapsed: Duration,
    /// How each code ended.
    pub counter: Counter,
    /// What the server saw, in order of completion.
    pub log: Vec<Served>,
    /// When `download_many` was called: the origin of the timeline.
    pub started: Instant,
}

impl Run {
    /// The most requests the server had in flight at one moment.
    pub fn peak_in_flight(&self) -> usize {
        peak_in_flight(&self.log)
    }

    /// Where the time went: (until the first request reached the server, from then until
    /// the last answer left it, after that until `download_many` returned).
    pub fn phases(&self) -> (Duration, Duration, Duration) {
        let first = self
            .log
            .iter()
            .map(|s| s.arrived)
            .min()
            .unwrap_or(self.started);
        let last = self.log.iter().map(|s| s.finished).max().unwrap_or(first);
        let end = self.started + self.elapsed;
        (
            first - self.started,
            last - first,
            end.saturating_duration_since(last),
        )
    }

    /// The physical limit for this run: `ceil(N/m) * delay`.
    pub fn ideal(&self, delay: Duration) -> Duration {
        ideal(self.requests, self.concurrency, delay)
    }
}

/// The physical limit for `n` requests, `m` at a time, each waiting `delay` at the server.
///
/// ```
/// use std::time::Duration;
/// use flags_race::ideal;
///
/// let delay = Duration::from_millis(100);
/// // 20 flags, 5 at a time: 4 waves of one delay each.
/// assert_eq!(ideal(20, 5, delay), Duration::from_millis(400));
/// // A partial last wave still costs a whole delay.
/// assert_eq!(ideal(21, 5, delay), Duration::from_millis(500));
/// assert_eq!(ideal(20, 100, delay), delay);
/// ```
pub fn ideal(n: usize, m: usize, delay: Duration) -> Duration {
    delay * u32::try_from(n.div_ceil(m.max(1))).unwrap_or(u32::MAX)
}

/// Runs one strategy on `cc_list` against `server`, saving into `dest`, and returns what
/// happened. The server's log is cleared first, so the run's log is its own.
pub fn race(
    strategy: &Strategy,
    server: &FlagServer,
    cc_list: &[String],
    concurrency: usize,
    timeout: Duration,
    dest: &Path,
) -> Run {
    let stop = CancellationToken::new();
    race_with_stop(strategy, server, cc_list, concurrency, timeout, dest, &stop)
}

/// [`race`], stopped early when `stop` is cancelled (Ctrl-C): the strategy takes no new
/// code, and the run returns once the requests in flight have ended.
pub fn race_with_stop(
    strategy: &Strategy,
    server: &FlagServer,
    cc_list: &[String],
    concurrency: usize,
    timeout: Duration,
    dest: &Path,
    stop: &CancellationToken,
) -> Run {
    let concurrency = strategy.concurrency(concurrency);
    let mut job = Job::new(cc_list.iter().cloned(), &server.base_url(), dest)
        .with_concur_req(concurrency)
        .with_timeout(timeout);
    job.stop = stop.clone();
    server.take_log();
    let started = Instant::now();
    let counter = (strategy.download_many)(&job);
    let elapsed = started.elapsed();
    Run {
        strategy: strategy.name,
        requests: cc_list.len(),
        concurrency,
        elapsed,
        counter,
        log: server.take_log(),
        started,
    }
}

/// The run of median wall time: the one the race reports when a strategy runs several
/// times (with an even count, the faster of the middle two). `runs` must not be empty.
pub fn median_run(mut runs: Vec<Run>) -> Run {
    assert!(!runs.is_empty(), "a median needs at least one run");
    runs.sort_by_key(|run| run.elapsed);
    runs.swap_remove((runs.len() - 1) / 2)
}

/// The race's table: one row per run, with the ideal and the speed-up over the first
/// sequential run. `delay` is the server's fixed delay, if it has one.
pub fn table(runs: &[Run], delay: Option<Duration>) -> String {
    let sequential = runs
        .iter()
        .find(|r| r.concurrency == 1 && r.strategy == "sequential");
    let mut out = format!(
        "{:<11} {:>8} {:>11} {:>9} {:>9} {:>13} {:>8} {:>8}  {}\n",
        "strategy",
        "requests",
        "concurrency",
        "elapsed",
        "ideal",
        "elapsed/ideal",
        "speed-up",
        "peak",
        "ok/404/error"
    );
    for run in runs {
        let (ideal, ratio) = match delay {
            Some(delay) if !delay.is_zero() => {
                let ideal = run.ideal(delay);
                (
                    secs(ideal),
                    format!("{:.3}x", run.elapsed.as_secs_f64() / ideal.as_secs_f64()),
                )
            }
            _ => ("-".to_string(), "-".to_string()),
        };
        let speed_up = sequential
            .map(|s| {
                format!(
                    "{:.1}x",
                    s.elapsed.as_secs_f64() / run.elapsed.as_secs_f64()
                )
            })
            .unwrap_or_else(|| "-".to_string());
        let c = &run.counter;
        out += &format!(
            "{:<11} {:>8} {:>11} {:>9} {:>9} {:>13} {:>8} {:>8}  {}/{}/{}\n",
            run.strategy,
            run.requests,
            run.concurrency,
            secs(run.elapsed),
            ideal,
            ratio,
            speed_up,
            run.peak_in_flight(),
            c.ok,
            c.not_found,
            c.error
        );
    }
    out
}

fn secs(d: Duration) -> String {
    format!("{:.3}s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served(conn: u64, t0: Instant, from_ms: u64, to_ms: u64) -> Served {
        Served {
            conn,
            method: "GET".into(),
            path: "/flags/br/br.gif".into(),
            status: 200,
            delay: Duration::ZERO,
            arrived: t0 + Duration::from_millis(from_ms),
            finished: t0 + Duration::from_millis(to_ms),
            fault: None,
        }
    }

    #[test]
    fn the_ideal_is_rounds_times_delay() {
        let d = Duration::from_millis(100);
        assert_eq!(ideal(20, 1, d), Duration::from_secs(2));
        assert_eq!(ideal(20, 20, d), d);
        assert_eq!(ideal(676, 100, d), Duration::from_millis(700));
        assert_eq!(ideal(676, 676, d), d);
        assert_eq!(ideal(21, 20, d), 2 * d);
    }

    #[test]
    fn peak_counts_overlap_not_back_to_back() {
        let t0 = Instant::now();
        let chain = [
            served(1, t0, 0, 10),
            served(1, t0, 10, 20),
            served(1, t0, 20, 30),
        ];
        assert_eq!(peak_in_flight(&chain), 1);
        let wall: Vec<_> = (0..5).map(|i| served(i, t0, i, 50)).collect();
        assert_eq!(peak_in_flight(&wall), 5);
        let bands = [
            served(1, t0, 0, 10),
            served(2, t0, 1, 11),
            served(1, t0, 12, 20),
            served(2, t0, 12, 22),
        ];
        assert_eq!(peak_in_flight(&bands), 2);
        assert_eq!(peak_in_flight(&[]), 0);
    }

    #[test]
    fn the_median_run_is_the_middle_one_by_wall_time() {
        let run = |ms: u64| Run {
            strategy: "tokio",
            requests: 1,
            concurrency: 1,
            elapsed: Duration::from_millis(ms),
            counter: Counter::default(),
            log: Vec::new(),
            started: Instant::now(),
        };
        let ms = |r: Run| r.elapsed.as_millis();
        assert_eq!(ms(median_run(vec![run(107), run(103), run(105)])), 105);
        assert_eq!(
            ms(median_run(vec![run(104), run(190), run(101), run(103)])),
            103
        );
        assert_eq!(ms(median_run(vec![run(120)])), 120);
    }

    #[test]
    fn scratch_folders_are_listed_while_alive_and_removable_from_afar() {
        let parent = tempfile::tempdir().unwrap();
        let kept = scratch_dir(Some(parent.path())).unwrap();
        let dropped = scratch_dir(Some(parent.path())).unwrap();
        std::fs::write(kept.path().join("br.gif"), "GIF89a").unwrap();
        let dropped_path = dropped.path().to_path_buf();
        drop(dropped);
        assert!(!dropped_path.exists());
        // The interrupted race's last resort: remove what is still alive.
        assert!(remove_scratch_dirs() >= 1);
        assert!(!kept.path().exists());
        assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 0);
    }

    #[test]
    fn strategies_are_found_by_name() {
        assert_eq!(strategy("TOKIO").map(|s| s.name), Some("tokio"));
        assert!(strategy("gevent").is_none());
        assert_eq!(strategy("sequential").unwrap().concurrency(50), 1);
        assert_eq!(strategy("rayon").unwrap().concurrency(50), 50);
    }
}
