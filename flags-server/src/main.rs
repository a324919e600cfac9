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
//!
//! `main` reads the options (`cli.rs`); `run` then loads the flags, binds every port, says
//! what it serves and serves until Ctrl-C (exit 130) or SIGTERM (143), one function per step.

mod cli;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use flags_common::Signal;
use flags_server::log::{self, warn};
use flags_server::{Config, Faults, FlagStore, bind, serve};
use tokio_util::sync::CancellationToken;

use crate::cli::Args;

fn main() -> ExitCode {
    let args: Args = flags_common::parse_cli();
    match run(&args) {
        Ok(None) => ExitCode::SUCCESS,
        // Stopped by a signal: the status a shell shows for it (130 Ctrl-C, 143 SIGTERM).
        Ok(Some(signal)) => ExitCode::from(signal.exit_status()),
        Err(failure) => failure.exit(),
    }
}

/// The server's life: the options checked, the flags loaded (or exported), every port
/// bound, the banner, then serving until Ctrl-C or SIGTERM, which it returns.
fn run(args: &Args) -> Result<Option<Signal>, Failure> {
    raise_open_files_limit();
    let faults = args.faults().map_err(Failure::bad_input)?;
    let store = load(args.dir.as_deref())?;
    if let Some(dir) = &args.export {
        return export(&store, dir).map(|()| None);
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
    // Bind everything before serving anything, so a busy port is reported at once.
    let bound = bind_all(args.listeners(base), &args.ips())?;
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|err| Failure::fatal(format!("error: cannot start the async runtime: {err}")))?;
    // Listen for the signals before the banner says "Press Ctrl-C": one sent the moment
    // it shows must stop the server cleanly, not kill it.
    let signals = {
        let _inside = runtime.enter();
        StopSignals::listen()?
    };
    announce(args, &store, seed, &bound);
    Ok(Some(serve_until_stopped(runtime, signals, bound, store)))
}

/// Why the server stopped before serving: the message for stderr, and the exit status,
/// 2 for bad input (as for clap's own errors), 1 for anything else.
struct Failure {
    message: String,
    status: u8,
}

impl Failure {
    fn bad_input(message: String) -> Failure {
        Failure { message, status: 2 }
    }

    fn fatal(message: String) -> Failure {
        Failure { message, status: 1 }
    }

    fn exit(self) -> ExitCode {
        warn(&self.message);
        ExitCode::from(self.status)
    }
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

/// The flags to serve: the folder of `--dir`, or the embedded set.
fn load(dir: Option<&Path>) -> Result<Arc<FlagStore>, Failure> {
    match dir {
        Some(dir) => FlagStore::from_dir(dir)
            .map(Arc::new)
            .map_err(|err| Failure::bad_input(format!("error: {err}"))),
        None => Ok(FlagStore::embedded()),
    }
}

/// `--export`: writes the flags as files, laid out like `flags.zip`, and says how many.
fn export(store: &FlagStore, dir: &Path) -> Result<(), Failure> {
    let count = store
        .export(dir)
        .map_err(|err| Failure::fatal(format!("error: {err}")))?;
    // A closed stdout cannot undo the export: nothing to add.
    let _ = writeln!(
        std::io::stdout(),
        "Wrote {count} flags to {}",
        dir.join("flags").display()
    );
    Ok(())
}

/// Binds each server on each address. An address that must bind and cannot (a busy port)
/// stops the start; a missing IPv6 loopback does not.
fn bind_all(
    listeners: Vec<(u16, Config)>,
    ips: &[(IpAddr, bool)],
) -> Result<Vec<(TcpListener, Config)>, Failure> {
    let mut bound = Vec::new();
    for (port, config) in listeners {
        for &(ip, required) in ips {
            let addr = SocketAddr::new(ip, port);
            match bind(addr) {
                Ok(listener) => bound.push((listener, config.clone().with_addr(addr))),
                Err(err) if required => {
                    return Err(Failure::fatal(format!(
                        "error: cannot listen on {addr}: {err}\n\
                         (is another flags-server running? choose other ports with --local-port, \
                         --delay-port, --error-port, or --port)"
                    )));
                }
                Err(_) => {} // no IPv6 loopback here: 127.0.0.1 is enough
            }
        }
    }
    Ok(bound)
}

/// The warnings (on stderr), then the banner: the data set, the seed, a line per server.
fn announce(args: &Args, store: &FlagStore, seed: u64, bound: &[(TcpListener, Config)]) {
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
}

/// Serves every listener on one runtime until Ctrl-C or SIGTERM, then stops, giving open
/// connections and the log a second each.
fn serve_until_stopped(
    runtime: tokio::runtime::Runtime,
    mut signals: StopSignals,
    bound: Vec<(TcpListener, Config)>,
    store: Arc<FlagStore>,
) -> Signal {
    let signal = runtime.block_on(async move {
        let stop = CancellationToken::new();
        for (listener, config) in bound {
            let listener = tokio::net::TcpListener::from_std(listener).expect("inside the runtime");
            tokio::spawn(serve(listener, config, stop.clone()));
        }
        // Draw the embedded flags now, off the runtime, so the first downloads are not slowed.
        tokio::task::spawn_blocking(move || store.warm());
        let signal = signals.next().await;
        stop.cancel();
        log::line("\nShutting down.");
        signal
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    // Bounded: a stdout nobody reads must not keep the server from stopping.
    log::flush(Duration::from_secs(1));
    signal
}

/// Ctrl-C (SIGINT) and SIGTERM (`kill PID`, a service manager), listened for.
struct StopSignals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Starts listening; must be called inside the runtime.
    fn listen() -> Result<StopSignals, Failure> {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind| {
            signal(kind)
                .map_err(|err| Failure::fatal(format!("error: cannot listen for signals: {err}")))
        };
        Ok(StopSignals {
            interrupt: listen(SignalKind::interrupt())?,
            terminate: listen(SignalKind::terminate())?,
        })
    }

    /// Waits for the first of them.
    async fn next(&mut self) -> Signal {
        tokio::select! {
            _ = self.interrupt.recv() => Signal::Interrupt,
            _ = self.terminate.recv() => Signal::Terminate,
        }
    }
}
