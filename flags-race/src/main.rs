//! `flags-race`: the chapter's point in one command. Every strategy downloads the same
//! flags from one in-process flag server with a fixed delay; the table compares each run
//! with the physical limit `ceil(N/m) * delay`, and the timeline shows how the requests
//! were spread over connections.
//!
//! ```text
//! cargo run --release -p flags-race                      # POP20, 100 ms delay: a few seconds
//! cargo run --release -p flags-race -- -e -m 100 --strategies threads,rayon,tokio
//! cargo run --release -p flags-race -- --error-rate 0.25 --seed 7 --svg race.svg
//! cargo run --release -p flags-race -- --scale           # what a thread and a task cost
//! ```
//!
//! Watch for: sequential needs N delays, the pools and tokio about ceil(N/m); the peak
//! column (read from the server's log) proves how many requests really were in flight.
//! After one untimed warm-up round, each concurrent strategy is timed five times and the
//! table shows its median run. Ctrl-C (or SIGTERM) stops it within a request, removes its
//! scratch folders, and exits 130 (143).

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use clap::Parser;
use flags_common::{POP20_CC, expand_cc_args, parse_cc_arg};
use flags_race::{
    STRATEGIES, Strategy, median_run, race_with_stop, scale, svg_timeline_with, table,
    text_timeline,
};
use flags_server::{Config, Delay, FlagServer, parse_error_rate};
use tokio_util::sync::CancellationToken;

/// Prints to stdout like `print!`; a closed stdout (`| head`) ends the race quietly, its
/// scratch folders removed.
macro_rules! say {
    ($($arg:tt)*) => {
        if write!(std::io::stdout(), $($arg)*).is_err() {
            closed_stdout();
        }
    };
}

/// `println!`, with a closed stdout handled as [`say!`] does.
macro_rules! sayln {
    ($($arg:tt)*) => {
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            closed_stdout();
        }
    };
}

/// Race the download strategies (sequential, threads, rayon, tokio) on the same flags,
/// against an in-process flag server. No server to start, no network.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Country codes: two letters (BR), or one letter for all 26 starting with it [default: the 20 POP20 codes].
    #[arg(value_name = "CC", value_parser = parse_cc_arg)]
    cc: Vec<String>,

    /// All 194 codes of the real set (AD to ZW).
    #[arg(short, long, conflicts_with_all = ["every", "cc"])]
    all: bool,

    /// Every code from AA to ZZ (676 requests, 482 of them 404).
    #[arg(short, long, conflicts_with = "cc")]
    every: bool,

    /// Limit to the first N codes.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    limit: Option<u32>,

    /// Requests in flight at once for the concurrent strategies [default: all codes at once, at most 1000].
    #[arg(short, long = "max-req", value_name = "M", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    max_req: Option<u32>,

    /// The server's delay before each answer: 100ms, 0.5s, or a range 10ms..200ms
    /// [default: 100ms; 1s with --scale].
    #[arg(long, value_name = "DELAY", allow_negative_numbers = true)]
    delay: Option<Delay>,

    /// The share of requests the server answers 418, from 0 to 1.
    #[arg(long, value_name = "RATE", default_value = "0", value_parser = parse_error_rate, allow_negative_numbers = true)]
    error_rate: f64,

    /// Seed of the server's errors and delays, for a reproducible race.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,

    /// Which strategies to run, in order, comma-separated [default: sequential,threads,rayon,tokio; threads,tokio with --scale].
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_strategy)]
    strategies: Vec<Strategy>,

    /// Instead of racing, measure what concurrency costs: 2m requests at each level m
    /// (--levels), each client in a process of its own, with its wall time and peak memory.
    #[arg(long, conflicts_with_all = ["cc", "all", "every", "limit", "max_req", "svg", "runs", "cold"])]
    scale: bool,

    /// The concurrency levels of --scale.
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "10,100,1000,5000", requires = "scale",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    levels: Vec<u32>,

    /// Timeout of each request: seconds (3.1) or with a unit (500ms, 2s).
    #[arg(long, value_name = "DURATION", default_value = "3.1", value_parser = flags_common::parse_timeout, allow_negative_numbers = true)]
    timeout: Duration,

    /// Save the flags under DIR (each run in a folder of its own, deleted afterwards, even
    /// after Ctrl-C) [default: /dev/shm when there is one, so that the disk does not blur
    /// the network].
    #[arg(long, value_name = "DIR")]
    dest: Option<PathBuf>,

    /// Also draw the timelines as SVG into FILE.
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,

    #[command(flatten)]
    picture: flags_race::PictureArgs,

    /// Timed runs of each concurrent strategy; the table and the timeline show the median
    /// run. Sequential runs once: its N delays leave noise nothing to blur.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,

    /// Skip the untimed warm-up round: each strategy's figure then includes what the
    /// process pays once (its first threads' stacks and allocator arenas, first connections).
    #[arg(long)]
    cold: bool,

    /// Columns of the text timeline.
    #[arg(long, value_name = "N", default_value_t = 72, value_parser = clap::value_parser!(u16).range(8..=1000))]
    width: u16,

    /// Most connections drawn per timeline in the terminal (the SVG draws them all).
    #[arg(long, value_name = "N", default_value_t = 24)]
    rows: usize,
}

fn parse_strategy(name: &str) -> Result<Strategy, String> {
    let names: Vec<&str> = STRATEGIES.iter().map(|s| s.name).collect();
    flags_race::strategy(name).ok_or_else(|| format!("expected one of {}", names.join(", ")))
}

/// Files a process needs besides one per connection (and per flag being saved): its
/// standard streams, the runtimes' epoll and timers, the server's listener.
const SPARE_FILES: u64 = 64;

/// After Ctrl-C, how long the runs may take to wind down (a request in flight cannot be
/// cancelled) before the race removes its scratch folders and exits regardless.
const GRACE: Duration = Duration::from_secs(2);

fn main() -> ExitCode {
    // `args_os`: an argument that is not UTF-8 must reach clap (exit 2), not panic here.
    let argv: Vec<OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|arg| arg == scale::CHILD_ARG) {
        return match scale::child_main(&argv[2..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let args: Args = flags_common::parse_cli();
    let stop = CancellationToken::new();
    let caught = stop_on_signals(&stop);
    let code = if args.scale {
        scale_main(&args, &stop)
    } else {
        race_main(&args, &stop)
    };
    // By now every scratch folder is dropped, so removed.
    match caught.load(Ordering::SeqCst) {
        0 => code,
        signal => {
            eprintln!("\nInterrupted: stopped, and its scratch folders removed.");
            ExitCode::from(128 + signal as u8)
        }
    }
}

/// Ctrl-C (SIGINT) and SIGTERM cancel `stop`: the runs take no new code and end, their
/// scratch folders are removed as they are dropped, and `main` exits 128 + the signal.
/// Returns the signal caught (0 until one is). Should the runs not end within [`GRACE`],
/// this thread removes the folders itself and exits.
fn stop_on_signals(stop: &CancellationToken) -> Arc<AtomicI32> {
    let caught = Arc::new(AtomicI32::new(0));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        match signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
            Ok(mut signals) => {
                let (stop, caught) = (stop.clone(), caught.clone());
                std::thread::spawn(move || {
                    let Some(signal) = signals.forever().next() else {
                        return;
                    };
                    caught.store(signal, Ordering::SeqCst);
                    stop.cancel();
                    std::thread::sleep(GRACE);
                    flags_race::remove_scratch_dirs();
                    let _ = writeln!(
                        std::io::stderr(),
                        "\nInterrupted: the runs did not end within {GRACE:?}; scratch folders removed."
                    );
                    std::process::exit(128 + signal);
                });
            }
            Err(err) => eprintln!("warning: Ctrl-C would leave the scratch folders behind: {err}"),
        }
    }
    caught
}

/// A closed stdout (`flags-race | head`): nobody reads the table, so stop now, quietly,
/// leaving no scratch folder behind (`exit` runs no destructor).
fn closed_stdout() -> ! {
    flags_race::remove_scratch_dirs();
    std::process::exit(0)
}

/// Raises the soft open-files limit to the hard one, then refuses (exit 2) a run that
/// would still need more: its table would be one of errors, not of strategies.
fn enough_open_files(needed: u64, what: &str) -> Result<(), ExitCode> {
    #[cfg(unix)]
    if let Ok(limit) = rlimit::increase_nofile_limit(u64::MAX)
        && limit < needed
    {
        eprintln!(
            "error: {what} needs about {needed} open files (one per connection and per flag \
             being saved), but this process may open only {limit}: raise the limit \
             (ulimit -n {needed}) or ask for less concurrency"
        );
        return Err(ExitCode::from(2));
    }
    #[cfg(not(unix))]
    let _ = (needed, what); // no limit to check here
    Ok(())
}

/// The race itself: every strategy on the same codes, then the table and the timelines.
fn race_main(args: &Args, stop: &CancellationToken) -> ExitCode {
    let mut cc_list = expand_cc_args(args.every, args.all, &args.cc);
    if cc_list.is_empty() {
        cc_list = POP20_CC.iter().map(|cc| cc.to_string()).collect();
        cc_list.sort();
    }
    cc_list.truncate(args.limit.map_or(usize::MAX, |l| l as usize));
    let m = args.max_req.map_or(cc_list.len().min(1000), |m| m as usize);
    // Client and server share this process: a socket at each end, and a file being saved.
    let in_flight = m.min(cc_list.len()) as u64;
    let what = format!("a race at concurrency {in_flight}");
    if let Err(code) = enough_open_files(3 * in_flight + SPARE_FILES, &what) {
        return code;
    }

    let delay = args
        .delay
        .unwrap_or(Delay::Fixed(Duration::from_millis(100)));
    let strategies = if args.strategies.is_empty() {
        STRATEGIES.to_vec()
    } else {
        args.strategies.clone()
    };
    let config = Config {
        threads: 1,
        ..Config::default()
    }
    .with_delay(delay)
    .with_error_rate(args.error_rate)
    .with_seed(args.seed);
    config.store.warm(); // draw the GIFs now, not during the first run
    let server = match FlagServer::start(config) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot start the flag server on loopback: {err}");
            return ExitCode::FAILURE;
        }
    };
    let fixed = match delay {
        Delay::None => Some(Duration::ZERO),
        Delay::Fixed(d) => Some(d),
        Delay::Range(..) => None, // no single ideal for a random delay
    };
    sayln!(
        "Racing {} codes ({} .. {}) at concurrency {m}, server {}, {:.0}% errors, on {} cores.",
        cc_list.len(),
        cc_list.first().map_or("", String::as_str),
        cc_list.last().map_or("", String::as_str),
        delay,
        args.error_rate * 100.0,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );

    // A folder that cannot be written (--dest) fails here, before any run.
    match flags_race::scratch_dir(args.dest.as_deref()) {
        Ok(_probe) => sayln!(
            "Flags are saved under {}.",
            flags_race::scratch_parent(args.dest.as_deref()).display()
        ),
        Err(err) => {
            eprintln!("error: cannot create a folder for the flags: {err}");
            return ExitCode::from(2);
        }
    }
    let timeout = args.timeout;
    if !args.cold {
        // As criterion warms up before it measures: one round of each strategy, untimed,
        // so that no strategy is charged for costs the process pays only once.
        sayln!("  warming up: one untimed round per strategy (--cold to skip) ...");
        for strategy in &strategies {
            let round = &cc_list[..strategy.concurrency(m).min(cc_list.len())];
            if let Ok(dest) = flags_race::scratch_dir(args.dest.as_deref()) {
                race_with_stop(strategy, &server, round, m, timeout, dest.path(), stop);
            }
            if stop.is_cancelled() {
                return ExitCode::FAILURE;
            }
        }
    }
    let mut runs = Vec::new();
    let mut counts = Vec::new();
    'strategies: for strategy in &strategies {
        let times = if strategy.sequential { 1 } else { args.runs };
        match (strategy.sequential, fixed) {
            (true, Some(d)) => say!(
                "  {} (about {:.1}s): ",
                strategy.name,
                (d * cc_list.len() as u32).as_secs_f64()
            ),
            _ => say!("  {}: ", strategy.name),
        }
        let mut tries = Vec::new();
        for _ in 0..times {
            let dest = match flags_race::scratch_dir(args.dest.as_deref()) {
                Ok(dir) => dir,
                Err(err) => {
                    eprintln!("\nerror: cannot create a temporary folder for the flags: {err}");
                    return ExitCode::FAILURE;
                }
            };
            let run = race_with_stop(strategy, &server, &cc_list, m, timeout, dest.path(), stop);
            if stop.is_cancelled() {
                sayln!("interrupted");
                break 'strategies; // a run cut short has no time to show
            }
            say!("{:.3}s ", run.elapsed.as_secs_f64());
            // Each time as it comes: a run may take a while.
            if std::io::stdout().flush().is_err() {
                closed_stdout();
            }
            counts.push(run.counter);
            tries.push(run);
        }
        let run = median_run(tries);
        if times > 1 {
            say!("-> median {:.3}s", run.elapsed.as_secs_f64());
        }
        sayln!();
        runs.push(run);
    }

    if stop.is_cancelled() {
        // Ctrl-C: the strategies that finished, and nothing more.
        if !runs.is_empty() {
            sayln!("\n{}", table(&runs, fixed));
        }
        return ExitCode::FAILURE;
    }
    sayln!("\n{}", table(&runs, fixed));
    for run in &runs {
        sayln!("{}", text_timeline(run, usize::from(args.width), args.rows));
    }
    sayln!("Legend: █ ▓ a 200 (alternating per request), ░ a 404, x an error.");
    if let Some(path) = &args.svg {
        let caption = args.picture.caption_lines();
        match svg_timeline_with(&runs, path, args.picture.svg_rows, &caption) {
            Ok(()) => sayln!("Timelines written to {}", path.display()),
            Err(err) => {
                eprintln!("error: cannot write {}: {err}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    if args.error_rate == 0.0 && counts.windows(2).any(|w| w[0] != w[1]) {
        eprintln!("warning: the strategies did not all end with the same counts: {counts:?}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `--scale`: the cost of concurrency, one child process per point.
fn scale_main(args: &Args, stop: &CancellationToken) -> ExitCode {
    let delay = match args.delay.unwrap_or(Delay::Fixed(Duration::from_secs(1))) {
        Delay::Fixed(d) => d,
        _ => {
            eprintln!("error: --scale needs a fixed --delay, like 1s");
            return ExitCode::from(2);
        }
    };
    let strategies: Vec<Strategy> = if args.strategies.is_empty() {
        ["threads", "tokio"]
            .iter()
            .filter_map(|name| flags_race::strategy(name))
            .collect()
    } else {
        args.strategies.clone()
    };
    if let Some(s) = strategies.iter().find(|s| s.sequential) {
        eprintln!(
            "error: --scale measures concurrency; {} has none (use threads, rayon, tokio)",
            s.name
        );
        return ExitCode::from(2);
    }
    // The server here, the client in the child: each holds a socket per request in
    // flight, and the child a file per flag being saved.
    let most = args.levels.iter().copied().max().unwrap_or(1);
    let what = format!("--scale at {most} requests in flight");
    if let Err(code) = enough_open_files(2 * u64::from(most) + SPARE_FILES, &what) {
        return code;
    }
    let config = Config {
        threads: 1,
        ..Config::default()
    }
    .with_delay(Delay::Fixed(delay))
    .with_seed(args.seed);
    config.store.warm();
    let server = match FlagServer::start(Config {
        record: false,
        ..config
    }) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot start the flag server on loopback: {err}");
            return ExitCode::FAILURE;
        }
    };
    sayln!(
        "Cost of concurrency: 2m requests (AA, AB, ... repeated) at a {}s delay, each client in its own process.",
        delay.as_secs_f64()
    );
    // Each request waits `delay`: give it that plus the book's 3.1 s.
    let timeout = delay + args.timeout;
    let mut points = Vec::new();
    for strategy in &strategies {
        for &m in &args.levels {
            sayln!("  {} at {m} ...", strategy.name);
            match scale::measure(
                strategy,
                &server.base_url(),
                m as usize,
                timeout,
                args.dest.as_deref(),
                stop,
            ) {
                Ok(point) => points.push(point),
                Err(_) if stop.is_cancelled() => return ExitCode::FAILURE,
                Err(err) => {
                    eprintln!("error: {err}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    sayln!("\n{}", scale::table(&points, delay));
    ExitCode::SUCCESS
}
