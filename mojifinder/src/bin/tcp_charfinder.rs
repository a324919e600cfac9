//! `tcp_charfinder.py` (1st edition, ch. 18): the 1st edition's twin of `tcp_mojifinder`,
//! with its `handle_queries` coroutine and its output.
//!
//! ```text
//! cargo run -p mojifinder --bin tcp_charfinder             # 127.0.0.1:2323
//! nc 127.0.0.1 2323        # in a second terminal (or: telnet 127.0.0.1 2323)
//! ```
//!
//! Watch for: the `?> ` prompt; `chess black` answers with the pieces and
//! `7 matches for 'chess black'`-style status lines; the console logs `Received from ...`,
//! `Sent N results` and `Close the client socket`. Ctrl-C prints `Server shutting down.`
//! and exits 130.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use mojifinder::charfinder::UnicodeNameIndex;
use mojifinder::{say, shutdown, tcp};
use tokio::net::TcpListener;

/// Search Unicode characters by name over TCP, one query per line (Fluent Python 1e).
#[derive(Debug, Parser)]
#[command(name = "tcp_charfinder", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one (printed at start).
    #[arg(long, default_value_t = 2323)]
    port: u16,
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let index = Arc::new(UnicodeNameIndex::new());
    let signal = shutdown::signal().context("cannot listen for Ctrl-C")?;
    let listener = TcpListener::bind((args.host, args.port))
        .await
        .with_context(|| format!("cannot listen on {}:{}", args.host, args.port))?;
    say!("Serving on {}. Hit CTRL-C to stop.", listener.local_addr()?);

    let serving = tcp::supervisor(listener, |stream, client| {
        tcp::handle_queries(Arc::clone(&index), stream, client)
    });
    tokio::select! {
        never = serving => match never {},
        signal = signal => {
            say!("Server shutting down.");
            Ok(signal.exit_code())
        }
    }
}
