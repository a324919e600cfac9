//! What the three binaries share: the resolver options, the run loop, and a quiet end.

use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::Resolver;
use crate::server::{DnsServer, ZoneConfig};

/// Where the names are looked up. By default, a DNS server this program starts on
/// loopback: the book asks the internet, and this machine may have none.
#[derive(Debug, Clone, clap::Args)]
pub struct DnsArgs {
    /// Ask the operating system's resolver (getaddrinfo, as the book does) instead of the
    /// in-process server: the queries go to the system's DNS servers, on the network
    #[arg(long, conflicts_with_all = ["dns", "seed"])]
    pub system: bool,

    /// Ask this DNS server (UDP) instead of starting one
    #[arg(long, value_name = "ADDR:PORT", conflicts_with = "seed")]
    pub dns: Option<SocketAddr>,

    /// Seed for the in-process server's delays: the same seed, the same delays
    /// [default: a new one each run, printed]
    #[arg(long)]
    pub seed: Option<u64>,

    /// Give up on a name after this long: seconds (3) or with a unit (500ms)
    #[arg(long, value_name = "DURATION", default_value = "3", value_parser = durations::parse_timeout, allow_negative_numbers = true)]
    pub timeout: Duration,
}

/// The resolver to probe with, and the server it asks when we started one (it stops when
/// this is dropped).
#[derive(Debug)]
pub struct Probing {
    pub resolver: Resolver,
    pub server: Option<DnsServer>,
}

impl DnsArgs {
    /// Starts the in-process server for the zone `tld` unless `--system` or `--dns` says
    /// otherwise, and says on stderr what the answers come from.
    pub fn connect(&self, program: &str, tld: &str) -> anyhow::Result<Probing> {
        let timeout = self.timeout;
        if self.system {
            eprintln!(
                "# {program}: asking the system resolver (getaddrinfo, on tokio's blocking \
                 threads): real DNS queries"
            );
            return Ok(Probing {
                resolver: Resolver::system(timeout),
                server: None,
            });
        }
        if let Some(addr) = self.dns {
            eprintln!("# {program}: asking the DNS server at {addr}");
            return Ok(Probing {
                resolver: Resolver::dns(addr, timeout),
                server: None,
            });
        }
        let seed = self.seed.unwrap_or_else(|| fastrand::u64(..));
        let server = DnsServer::start(ZoneConfig::new(tld, seed))
            .context("cannot start the in-process DNS server")?;
        let config = server.config();
        eprintln!(
            "# {program}: asking the in-process DNS server at {} (zone {}., answers after \
             {}-{} ms; --seed {seed} gives the same delays)",
            server.addr(),
            config.tld,
            config.delays.start().as_millis(),
            config.delays.end().as_millis(),
        );
        Ok(Probing {
            resolver: Resolver::dns(server.addr(), timeout),
            server: Some(server),
        })
    }
}

/// Writes one line to stdout. A reader that went away (`| head -1`) is a `BrokenPipe`
/// error, which [`run`] turns into a quiet end.
pub fn say(line: std::fmt::Arguments<'_>) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_fmt(line)?;
    out.write_all(b"\n")
}

/// A probe without an answer: told on stderr, so stdout keeps the book's shape.
pub fn complain(program: &str, domain: &str, err: &crate::ProbeError) {
    eprintln!("{program}: {domain}: {err}");
}

/// The book's `asyncio.run(main())`: one thread, one event loop, until `program` ends or
/// Ctrl-C (exit 130) or SIGTERM (143). `program` returns how many probes had no answer;
/// any makes the exit status 1.
pub fn run(program: &str, main: impl Future<Output = anyhow::Result<usize>>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("{program}: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let status = runtime.block_on(async {
        // Listen for the signals before anything is printed: a test (or a reader) that
        // presses Ctrl-C once it sees the first line must get 130, not a killed process.
        let interrupted = match Interrupted::listen() {
            Ok(interrupted) => interrupted,
            Err(err) => {
                eprintln!("{program}: cannot listen for Ctrl-C: {err}");
                return ExitCode::FAILURE;
            }
        };
        tokio::select! {
            result = main => match result {
                Ok(0) => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("{program}: {err:#}");
                    ExitCode::FAILURE
                }
            },
            code = interrupted.recv() => {
                eprintln!("{program}: interrupted");
                ExitCode::from(code)
            }
        }
    });
    // A getaddrinfo call cannot be cancelled: do not wait for its thread to give up.
    runtime.shutdown_background();
    status
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|err| err.kind() == io::ErrorKind::BrokenPipe)
}

/// Ctrl-C and SIGTERM, listened for from the moment it is made.
struct Interrupted {
    int: Signal,
    term: Signal,
}

impl Interrupted {
    fn listen() -> io::Result<Interrupted> {
        Ok(Interrupted {
            int: signal(SignalKind::interrupt())?,
            term: signal(SignalKind::terminate())?,
        })
    }

    /// Resolves with the exit status a shell expects after Ctrl-C (130) or SIGTERM (143).
    async fn recv(mut self) -> u8 {
        tokio::select! {
            _ = self.int.recv() => 130,
            _ = self.term.recv() => 143,
        }
    }
}
