//! `flags-server`: the book's three servers in one process.
//!
//! ```text
//! cargo run -p flags-server                      # LOCAL :8000, DELAY :8001, ERROR :8002
//! cargo run -p flags-server -- --delay 100ms     # DELAY waits exactly 100 ms
//! cargo run -p flags-server -- --single --port 9000 --delay 50ms --error-rate 0.1
//! cargo run -p flags-server -- --dir /path/to/unzipped/flags   # the book's real flags.zip
//! cargo run -p flags-server -- --export /tmp/flags-data         # the embedded set, as files
//! cargo run -p flags-server -- --reset-rate 0.1 --truncate-rate 0.1 --seed 7   # a bad day
//! ```
//!
//! Then, in another terminal: `cargo run -p flags-seq`, `cargo run -p flags-async -- -s DELAY`.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{CommandFactory, Parser};
use flags_server::log::{self, warn};
use flags_server::{
    Config, Delay, Faults, FlagStore, bind, parse_duration, parse_error_rate, serve,
};
use tokio_util::sync::CancellationToken;

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
struct Args {
    /// Address to listen on. The default, 127.0.0.1, also listens on [::1] when it can;
    /// any address beyond loopback (0.0.0.0, ::) opens the server to the network.
    #[arg(long, value_name = "IP")]
    bind: Option<IpAddr>,

    /// Port of the LOCAL server.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8000
    )]
    local_port: u16,

    /// Port of the DELAY server.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8001
    )]
    delay_port: u16,

    /// Port of the ERROR server.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8002
    )]
    error_port: u16,

    /// The DELAY server's delay [default: 0.5s..5s]; with --single, the one server's [default: 0].
    #[arg(long, value_name = "DELAY", allow_negative_numbers = true)]
    delay: Option<Delay>,

    /// The ERROR server's share of 418 answers, 0 to 1 [default: 0.25]; with --single, the one server's [default: 0].
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, allow_negative_numbers = true)]
    error_rate: Option<f64>,

    /// The ERROR server's delay.
    #[arg(
        long,
        value_name = "DELAY",
        default_value = "0.5s",
        allow_negative_numbers = true
    )]
    error_delay: Delay,

    /// Seed for delays and errors: the same seed gives the same answers, run after run.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    seed: Option<u64>,

    /// Serve this folder, laid out like the book's flags.zip (xx/xx.gif, xx/metadata.json),
    /// instead of the embedded data set.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,

    /// Write the embedded data set to DIR/flags (the layout of flags.zip) and exit, to serve
    /// the same bytes with `python3 -m http.server` or nginx.
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    export: Option<PathBuf>,

    /// Share of requests answered `503 Service Unavailable` with `Retry-After: 1`.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    unavailable_rate: f64,

    /// Share of connections reset (TCP RST) before any byte of the response.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    reset_rate: f64,

    /// Share of responses cut short: the full Content-Length, half the body, then closed.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    truncate_rate: f64,

    /// Share of responses trickled, 64 bytes every 100 ms.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    trickle_rate: f64,

    /// Share of requests read and never answered.
    #[arg(long, value_name = "RATE", value_parser = parse_error_rate, default_value = "0", allow_negative_numbers = true)]
    hang_rate: f64,

    /// Wait this long before serving each accepted connection (a slow accept).
    #[arg(long, value_name = "DELAY", value_parser = parse_duration, default_value = "0", allow_negative_numbers = true)]
    slow_accept: Duration,

    /// Run one server only, on --port, with --delay and --error-rate.
    #[arg(long)]
    single: bool,

    /// Port of the server started by --single.
    #[arg(
        long,
        value_name = "PORT",
        allow_negative_numbers = true,
        default_value_t = 8000,
        requires = "single"
    )]
    port: u16,

    /// No log line per request.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let args: Args = flags_common::parse_cli();
    raise_open_files_limit();
    let faults = Faults {
        unavailable: args.unavailable_rate,
        reset: args.reset_rate,
        truncate: args.truncate_rate,
        trickle: args.trickle_rate,
        hang: args.hang_rate,
        slow_accept: args.slow_accept,
    };
    if let Err(why) = faults.check() {
        // Each rate parsed; only together are they wrong: say so the way clap would.
        warn(&format!(
            "error: {why}\n\n{}\n\nFor more information, try '--help'.",
            Args::command().render_usage()
        ));
        return ExitCode::from(2);
    }
    let store = match &args.dir {
        Some(dir) => match FlagStore::from_dir(dir) {
            Ok(store) => Arc::new(store),
            Err(err) => {
                warn(&format!("error: {err}"));
                return ExitCode::from(2);
            }
        },
        None => FlagStore::embedded(),
    };
    if let Some(dir) = &args.export {
        return match store.export(dir) {
            Ok(count) => {
                // A closed stdout cannot undo the export: nothing to add.
                let _ = writeln!(
                    std::io::stdout(),
                    "Wrote {count} flags to {}",
                    dir.join("flags").display()
                );
                ExitCode::SUCCESS
            }
            Err(err) => {
                warn(&format!("error: {err}"));
                ExitCode::FAILURE
            }
        };
    }
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let base = Config {
        store: store.clone(),
        seed,
        quiet: args.quiet,
        record: false,
        faults,
        ..Config::default()
    };
    let listeners = if args.single {
        let delay = args.delay.unwrap_or_default();
        vec![(
            args.port,
            base.clone()
                .with_delay(delay)
                .with_error_rate(args.error_rate.unwrap_or(0.0)),
        )]
    } else {
        let delay = args.delay.unwrap_or(Delay::Range(
            Duration::from_millis(500),
            Duration::from_secs(5),
        ));
        let error_rate = args.error_rate.unwrap_or(0.25);
        vec![
            (
                args.local_port,
                Config {
                    label: "LOCAL".into(),
                    ..base.clone()
                },
            ),
            (
                args.delay_port,
                Config {
                    label: "DELAY".into(),
                    ..base.clone()
                }
                .with_delay(delay),
            ),
            (
                args.error_port,
                Config {
                    label: "ERROR".into(),
                    ..base
                }
                .with_delay(args.error_delay)
                .with_error_rate(error_rate),
            ),
        ]
    };

    // Bind everything before serving anything, so a busy port is reported at once.
    let ips = match args.bind {
        Some(ip) => vec![(ip, true)],
        None => vec![
            (IpAddr::V4(Ipv4Addr::LOCALHOST), true),
            (IpAddr::V6(Ipv6Addr::LOCALHOST), false),
        ],
    };
    let mut bound = Vec::new();
    for (port, config) in listeners {
        for &(ip, required) in &ips {
            let addr = SocketAddr::new(ip, port);
            match bind(addr) {
                Ok(listener) => bound.push((listener, config.clone().with_addr(addr))),
                Err(err) if required => {
                    warn(&format!(
                        "error: cannot listen on {addr}: {err}\n\
                         (is another flags-server running? choose other ports with --local-port, \
                         --delay-port, --error-port, or --port)"
                    ));
                    return ExitCode::FAILURE;
                }
                Err(_) => {} // no IPv6 loopback here: 127.0.0.1 is enough
            }
        }
    }

    let source = match &args.dir {
        Some(dir) => format!("from {}", dir.display()),
        None => "embedded data set".to_string(),
    };
    if let Some(ip) = args.bind.filter(|ip| !ip.to_canonical().is_loopback()) {
        warn(&format!(
            "warning: listening on {ip}, beyond loopback: anyone on your network can reach \
             this server (the default, 127.0.0.1, keeps it to this machine)"
        ));
    }
    for path in store.refused() {
        warn(&format!(
            "warning: not serving {}: it leads out of the folder (a symbolic link)",
            path.display()
        ));
    }
    // The banner goes through the request log: a stdout that refuses it costs nothing.
    log::line(format!(
        "Serving {} flags ({source}), seed {seed}",
        store.len()
    ));
    for (listener, config) in bound
        .iter()
        .filter(|(_, c)| c.addr.is_ipv4() || args.bind.is_some())
    {
        let addr = listener.local_addr().map_or(config.addr, |a| a);
        let errors = match config.error_rate {
            0.0 => "no errors".to_string(),
            rate => format!("{:.0}% 418 I'm a Teapot", rate * 100.0),
        };
        let faults = match config.faults {
            faults if faults == Faults::default() => String::new(),
            faults => format!(", {faults}"),
        };
        log::line(format!(
            "{:<5}  http://{addr}/flags  {}, {errors}{faults}",
            config.label, config.delay
        ));
    }
    log::line("Press Ctrl-C to stop.");

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            warn(&format!("error: cannot start the async runtime: {err}"));
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let stop = CancellationToken::new();
        for (listener, config) in bound {
            let listener = tokio::net::TcpListener::from_std(listener).expect("inside the runtime");
            tokio::spawn(serve(listener, config, stop.clone()));
        }
        // Draw the embedded flags now, off the runtime, so the first downloads are not slowed.
        tokio::task::spawn_blocking(move || store.warm());
        let _ = tokio::signal::ctrl_c().await;
        stop.cancel();
        log::line("\nShutting down.");
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    // Bounded: a stdout nobody reads must not keep the server from stopping.
    log::flush(Duration::from_secs(1));
    ExitCode::SUCCESS
}

/// Raises the soft limit on open files to the hard limit: each connection holds one, and
/// the common soft limit of 1,024 lets a thousand idle clients lock the others out.
fn raise_open_files_limit() {
    #[cfg(unix)]
    if let Err(err) = rlimit::increase_nofile_limit(u64::MAX) {
        warn(&format!(
            "warning: cannot raise the open-files limit ({err}): it caps the connections held at once"
        ));
    }
}
