//! The race itself: every strategy on the same codes against one in-process server, an
//! untimed warm-up round, the timed runs, then the table and the timelines.

use std::process::ExitCode;
use std::time::Duration;

use flags_common::Counter;
use flags_server::{Config, Delay, FlagServer};
use tokio_util::sync::CancellationToken;

use crate::cli::Args;
use crate::output::{flush, say, sayln};
use crate::setup::{SPARE_FILES, enough_open_files, start_server};
use crate::{
    Run, STRATEGIES, Strategy, median_run, race_with_stop, scratch_dir, scratch_parent,
    svg_timeline_with, table, text_timeline,
};

/// The server's delay when `--delay` is not given.
const DEFAULT_DELAY: Duration = Duration::from_millis(100);

/// The race: every strategy on the same codes, then the table and the timelines. Exit
/// status 0, 1 when a run failed, was interrupted or the counts disagree, 2 when the
/// open-files limit or `--dest` rules the race out.
pub fn run_race(args: &Args, stop: &CancellationToken) -> ExitCode {
    let cc_list = args.codes.cc_list();
    let m = args.max_req.map_or(cc_list.len().min(1000), |m| m as usize);
    // Client and server share this process: a socket at each end, and a file being saved.
    let in_flight = m.min(cc_list.len()) as u64;
    let what = format!("a race at concurrency {in_flight}");
    let delay = args.delay.unwrap_or(Delay::Fixed(DEFAULT_DELAY));
    let config = Config::default()
        .with_delay(delay)
        .with_error_rate(args.error_rate)
        .with_seed(args.seed);
    let server = match enough_open_files(3 * in_flight + SPARE_FILES, &what)
        .and_then(|()| start_server(config))
    {
        Ok(server) => server,
        Err(code) => return code,
    };
    let race = Race {
        args,
        server,
        cc_list,
        m,
        stop,
    };
    let strategies = args.strategies_or(STRATEGIES.to_vec());
    match race.run(&strategies, delay) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// What every run of one race shares.
struct Race<'a> {
    args: &'a Args,
    server: FlagServer,
    cc_list: Vec<String>,
    /// Requests in flight at once for the concurrent strategies.
    m: usize,
    stop: &'a CancellationToken,
}

impl Race<'_> {
    /// Announces the race, warms up, times each strategy and reports. `Err` is the exit
    /// status of a race that failed or was stopped.
    fn run(&self, strategies: &[Strategy], delay: Delay) -> Result<(), ExitCode> {
        let fixed = match delay {
            Delay::None => Some(Duration::ZERO),
            Delay::Fixed(d) => Some(d),
            Delay::Range(..) => None, // no single ideal for a random delay
        };
        self.announce(delay)?;
        if !self.args.cold {
            self.warm_up(strategies)?;
        }
        let mut runs = Vec::new();
        let mut counts = Vec::new();
        for strategy in strategies {
            match self.time(strategy, fixed, &mut counts)? {
                Some(run) => runs.push(run),
                None => break, // Ctrl-C: a run cut short has no time to show
            }
        }
        if self.stop.is_cancelled() {
            // The strategies that finished, and nothing more.
            if !runs.is_empty() {
                sayln!("\n{}", table(&runs, fixed));
            }
            return Err(ExitCode::FAILURE);
        }
        self.report(&runs, fixed, &counts)
    }

    /// The first lines: what is raced, and where the flags go. A folder that cannot be
    /// written (`--dest`) fails here, before any run.
    fn announce(&self, delay: Delay) -> Result<(), ExitCode> {
        let cc_list = &self.cc_list;
        sayln!(
            "Racing {} codes ({} .. {}) at concurrency {}, server {}, {:.0}% errors, on {} cores.",
            cc_list.len(),
            cc_list.first().map_or("", String::as_str),
            cc_list.last().map_or("", String::as_str),
            self.m,
            delay,
            self.args.error_rate * 100.0,
            std::thread::available_parallelism().map_or(1, |n| n.get()),
        );
        let dest = self.args.dest.as_deref();
        match scratch_dir(dest) {
            Ok(_probe) => sayln!("Flags are saved under {}.", scratch_parent(dest).display()),
            Err(err) => {
                eprintln!("error: cannot create a folder for the flags: {err}");
                return Err(ExitCode::from(2));
            }
        }
        Ok(())
    }

    /// As criterion warms up before it measures: one round of each strategy, untimed, so
    /// that no strategy is charged for costs the process pays only once.
    fn warm_up(&self, strategies: &[Strategy]) -> Result<(), ExitCode> {
        sayln!("  warming up: one untimed round per strategy (--cold to skip) ...");
        for strategy in strategies {
            let round = &self.cc_list[..strategy.concurrency(self.m).min(self.cc_list.len())];
            if let Ok(dest) = scratch_dir(self.args.dest.as_deref()) {
                let (server, timeout) = (&self.server, self.args.timeout);
                race_with_stop(
                    strategy,
                    server,
                    round,
                    self.m,
                    timeout,
                    dest.path(),
                    self.stop,
                );
            }
            if self.stop.is_cancelled() {
                return Err(ExitCode::FAILURE);
            }
        }
        Ok(())
    }

    /// Times `strategy` (once if sequential, else `--runs` times), printing each time as
    /// it comes, and returns its median run (`None` after Ctrl-C); each run's counts go
    /// to `counts`.
    fn time(
        &self,
        strategy: &Strategy,
        fixed: Option<Duration>,
        counts: &mut Vec<Counter>,
    ) -> Result<Option<Run>, ExitCode> {
        let times = if strategy.sequential {
            1
        } else {
            self.args.runs
        };
        match (strategy.sequential, fixed) {
            (true, Some(d)) => say!(
                "  {} (about {:.1}s): ",
                strategy.name,
                (d * self.cc_list.len() as u32).as_secs_f64()
            ),
            _ => say!("  {}: ", strategy.name),
        }
        let mut tries = Vec::new();
        for _ in 0..times {
            let dest = scratch_dir(self.args.dest.as_deref()).map_err(|err| {
                eprintln!("\nerror: cannot create a temporary folder for the flags: {err}");
                ExitCode::FAILURE
            })?;
            let (server, timeout) = (&self.server, self.args.timeout);
            let run = race_with_stop(
                strategy,
                server,
                &self.cc_list,
                self.m,
                timeout,
                dest.path(),
                self.stop,
            );
            if self.stop.is_cancelled() {
                sayln!("interrupted");
                return Ok(None);
            }
            say!("{:.3}s ", run.elapsed.as_secs_f64());
            flush();
            counts.push(run.counter);
            tries.push(run);
        }
        let run = median_run(tries);
        if times > 1 {
            say!("-> median {:.3}s", run.elapsed.as_secs_f64());
        }
        sayln!();
        Ok(Some(run))
    }

    /// The table, a timeline per run (and the SVG), and a check that every strategy ended
    /// with the same counts when the server made no errors on purpose.
    fn report(
        &self,
        runs: &[Run],
        fixed: Option<Duration>,
        counts: &[Counter],
    ) -> Result<(), ExitCode> {
        sayln!("\n{}", table(runs, fixed));
        for run in runs {
            sayln!(
                "{}",
                text_timeline(run, usize::from(self.args.width), self.args.rows)
            );
        }
        sayln!("Legend: █ ▓ a 200 (alternating per request), ░ a 404, x an error.");
        if let Some(path) = &self.args.svg {
            let caption = self.args.picture.caption_lines();
            match svg_timeline_with(runs, path, self.args.picture.svg_rows, &caption) {
                Ok(()) => sayln!("Timelines written to {}", path.display()),
                Err(err) => {
                    eprintln!("error: cannot write {}: {err}", path.display());
                    return Err(ExitCode::FAILURE);
                }
            }
        }
        if self.args.error_rate == 0.0 && counts.windows(2).any(|w| w[0] != w[1]) {
            eprintln!("warning: the strategies did not all end with the same counts: {counts:?}");
            return Err(ExitCode::FAILURE);
        }
        Ok(())
    }
}
