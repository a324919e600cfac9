//! The binary's command line: its options, and the servers, fault rates and addresses
//! they ask for. Declared by `main.rs`; not part of the library.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::time::Duration;

use clap::{CommandFactory, Parser};
use flags_server::{Config, Delay, Faults, parse_duration, parse_error_rate};

/// Serve the flags of the book's examples: LOCAL on 8000 (no delay), DELAY on 8001 (a
/// random 0.5 s to 5 s before each answer) and ERROR on 8002 (every answer delayed 0.5 s,
/// a quarter of them `418 I'm a Teapot`), all on 127.0.0.1.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Delays: 100ms, 0.5s, 2 (seconds), or a range 0.5s..5s drawn uniformly.\n\
        Rates: 0 to 1 (0.25) or a percentage (25%). The fault rates apply to every server,\n\
        each request meeting at most one fault, so they add up to at most 1.\n\
        Try: curl -i http://localhost:8000/flags/br/metadata.json"
)]
pub struct Args {
    /// Address to listen on. The default, 127.0.0.1, also listens on [::1] when it can;
    /// any address beyond loopback (0.0.0.0, ::) opens the server to the network.
    #[arg(long, value_name = "IP")]
    pub bind: Option<IpAddr>,

    /// Port of the LOCAL server.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8000
    )]
    pub local_port: u16,

    /// Port of the DELAY server.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8001
    )]
    pub delay_port: u16,

    /// Port of the ERROR server.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8002
    )]
    pub error_port: u16,

    /// The DELAY server's delay [default: 0.5s..5s]; with --single, the one server's [default: 0].
    #[arg(long, value_name = "DELAY", allow_negative_numbers = true)]
    pub delay: Option<Delay>,

    /// The ERROR server's share of 418 answers, 0 to 1 [default: 0.25]; with --single, the one server's [default: 0].
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, allow_negative_numbers = true)]
    pub error_rate: Option<f64>,

    /// The ERROR server's delay.
    #[arg(
        long,
        value_name = "DELAY",
        default_value = "0.5s",
        allow_negative_numbers = true
    )]
    pub error_delay: Delay,

    /// Seed for delays and errors: the same seed gives the same answers, run after run.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Serve this folder, laid out like the book's flags.zip (xx/xx.gif, xx/metadata.json),
    /// instead of the embedded data set.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Write the embedded data set to DIR/flags (the layout of flags.zip) and exit, to serve
    /// the same bytes with `python3 -m http.server` or nginx.
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    pub export: Option<PathBuf>,

    /// Share of requests answered `503 Service Unavailable` with `Retry-After: 1`.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    pub unavailable_rate: f64,

    /// Share of connections reset (TCP RST) before any byte of the response.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    pub reset_rate: f64,

    /// Share of responses cut short: the full Content-Length, half the body, then closed.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    pub truncate_rate: f64,

    /// Share of responses trickled, 64 bytes every 100 ms.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    pub trickle_rate: f64,

    /// Share of requests read and never answered.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    pub hang_rate: f64,

    /// Wait this long before serving each accepted connection (a slow accept).
    #[arg(long, value_name = "DELAY", value_parser = parse_duration, default_value = "0", allow_negative_numbers = true)]
    pub slow_accept: Duration,

    /// Run one server only, on --port, with --delay and --error-rate.
    #[arg(long)]
    pub single: bool,

    /// Port of the server started by --single.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8000,
        requires = "single"
    )]
    pub port: u16,

    /// No log line per request.
    #[arg(short, long)]
    pub quiet: bool,
}

impl Args {
    /// The fault options, checked together. Each rate parsed on its own; only their sum
    /// can be wrong, and then the error reads like clap's own, usage line included.
    pub fn faults(&self) -> Result<Faults, String> {
        let faults = Faults {
            unavailable: self.unavailable_rate,
            reset: self.reset_rate,
            truncate: self.truncate_rate,
            trickle: self.trickle_rate,
            hang: self.hang_rate,
            slow_accept: self.slow_accept,
        };
        faults.check().map_err(|why| {
            format!(
                "error: {why}\n\n{}\n\nFor more information, try '--help'.",
                Args::command().render_usage()
            )
        })?;
        Ok(faults)
    }

    /// The servers to start, as (port, config) pairs built on `base`: LOCAL, DELAY and
    /// ERROR, or the one of `--single`.
    pub fn listeners(&self, base: Config) -> Vec<(u16, Config)> {
        if self.single {
            let delay = self.delay.unwrap_or_default();
            return vec![(
                self.port,
                base.with_delay(delay)
                    .with_error_rate(self.error_rate.unwrap_or(0.0)),
            )];
        }
        let delay = self.delay.unwrap_or(Delay::Range(
            Duration::from_millis(500),
            Duration::from_secs(5),
        ));
        let error_rate = self.error_rate.unwrap_or(0.25);
        vec![
            (
                self.local_port,
                Config {
                    label: "LOCAL".into(),
                    ..base.clone()
                },
            ),
            (
                self.delay_port,
                Config {
                    label: "DELAY".into(),
                    ..base.clone()
                }
                .with_delay(delay),
            ),
            (
                self.error_port,
                Config {
                    label: "ERROR".into(),
                    ..base
                }
                .with_delay(self.error_delay)
                .with_error_rate(error_rate),
            ),
        ]
    }

    /// The addresses to listen on, each with whether it must bind: `--bind`, or by
    /// default 127.0.0.1 and, where the machine has it, [::1].
    pub fn ips(&self) -> Vec<(IpAddr, bool)> {
        match self.bind {
            Some(ip) => vec![(ip, true)],
            None => vec![
                (IpAddr::V4(Ipv4Addr::LOCALHOST), true),
                (IpAddr::V6(Ipv6Addr::LOCALHOST), false),
            ],
        }
    }
}
