//! The race's command line: which codes (the same options as the flags2 downloaders'),
//! the server's delay and errors, the strategies, and `--scale`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use flags_common::CcArgs;
use flags_server::{Delay, parse_error_rate};

use crate::{STRATEGIES, Strategy};

/// Race the download strategies (sequential, threads, rayon, tokio) on the same flags
/// (by default the top 20 countries), against an in-process flag server. No server to
/// start, no network.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
    /// Which codes: `CC...`, `-a`, `-e`, `-l`, as in the flags2 downloaders.
    #[command(flatten)]
    pub codes: CcArgs,

    /// Requests in flight at once for the concurrent strategies [default: all codes at once, at most 1000].
    #[arg(short, long = "max-req", value_name = "M", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub max_req: Option<u32>,

    /// The server's delay before each answer: 100ms, 0.5s, or a range 10ms..200ms
    /// [default: 100ms; 1s with --scale].
    #[arg(long, value_name = "DELAY", allow_negative_numbers = true)]
    pub delay: Option<Delay>,

    /// The share of requests the server answers 418, from 0 to 1.
    #[arg(long, value_name = "RATE", default_value = "0", value_parser = parse_error_rate, allow_negative_numbers = true)]
    pub error_rate: f64,

    /// Seed of the server's errors and delays, for a reproducible race.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,

    /// Which strategies to run, in order, comma-separated [default: sequential,threads,rayon,tokio; threads,tokio with --scale].
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_strategy)]
    pub strategies: Vec<Strategy>,

    /// Instead of racing, measure what concurrency costs: 2m requests at each level m
    /// (--levels), each client in a process of its own, with its wall time and peak memory.
    #[arg(long, conflicts_with_all = ["cc", "all", "every", "limit", "max_req", "svg", "runs", "cold"])]
    pub scale: bool,

    /// The concurrency levels of --scale.
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "10,100,1000,5000", requires = "scale",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub levels: Vec<u32>,

    /// Timeout of each request: seconds (3.1) or with a unit (500ms, 2s).
    #[arg(long, value_name = "DURATION", default_value = "3.1", value_parser = flags_common::parse_timeout, allow_negative_numbers = true)]
    pub timeout: Duration,

    /// Save the flags under DIR (each run in a folder of its own, deleted afterwards, even
    /// after Ctrl-C) [default: /dev/shm when there is one, so that the disk does not blur
    /// the network].
    #[arg(long, value_name = "DIR")]
    pub dest: Option<PathBuf>,

    /// Also draw the timelines as SVG into FILE.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,

    /// How the SVG draws its rows, and the caption under it.
    #[command(flatten)]
    pub picture: crate::PictureArgs,

    /// Timed runs of each concurrent strategy; the table and the timeline show the median
    /// run. Sequential runs once: its N delays leave noise nothing to blur.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,

    /// Skip the untimed warm-up round: each strategy's figure then includes what the
    /// process pays once (its first threads' stacks and allocator arenas, first connections).
    #[arg(long)]
    pub cold: bool,

    /// Columns of the text timeline.
    #[arg(long, value_name = "N", default_value_t = 72, value_parser = clap::value_parser!(u16).range(8..=1000))]
    pub width: u16,

    /// Most connections drawn per timeline in the terminal (the SVG draws them all).
    #[arg(long, value_name = "N", default_value_t = 24)]
    pub rows: usize,
}

impl Args {
    /// The strategies asked for with `--strategies`, in order, or else `default`.
    pub fn strategies_or(&self, default: Vec<Strategy>) -> Vec<Strategy> {
        if self.strategies.is_empty() {
            default
        } else {
            self.strategies.clone()
        }
    }
}

fn parse_strategy(name: &str) -> Result<Strategy, String> {
    let names: Vec<&str> = STRATEGIES.iter().map(|s| s.name).collect();
    crate::strategy(name).ok_or_else(|| format!("expected one of {}", names.join(", ")))
}
