//! `tcp_mojifinder.py` (2nd edition, ch. 21): the asyncio streams server as a tokio TCP
//! server. Each client gets its own task; all of them read one index, built once.
//!
//! ```text
//! cargo run -p mojifinder --bin tcp_mojifinder             # 127.0.0.1:2323
//! cargo run -p mojifinder --bin tcp_mojifinder -- --port 0 # any free port
//! nc 127.0.0.1 2323        # in a second terminal (or: telnet 127.0.0.1 2323)
//! ```
//!
//! Watch for: the `?> ` prompt; type `cat face` and get ten cats and a status line. Open
//! a third terminal and a second client: both are served at once, while the first sits
//! idle. The server's console shows ` From 127.0.0.1:PORT: 'cat face'` and
//! `   To 127.0.0.1:PORT: 10 results.` per query, and `Close ...` when the client hangs up
//! (Ctrl-D in `nc`) or sends a line starting with a control character (Ctrl-C in telnet,
//! then Enter). Ctrl-C or SIGTERM on the server prints `Server shut down.` and exits 130
//! (143 for SIGTERM).

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use mojifinder::charindex::InvertedIndex;
use mojifinder::{say, shutdown, tcp};
use tokio::net::TcpListener;

/// Search Unicode characters by name over TCP, one query per line (Fluent Python 2e).
#[derive(Debug, Parser)]
#[command(name = "tcp_mojifinder", version, about)]
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
    say!("Building index.");
    let index = Arc::new(InvertedIndex::new());
    let signal = shutdown::signal().context("cannot listen for Ctrl-C")?;
    let listener = TcpListener::bind((args.host, args.port))
        .await
        .with_context(|| format!("cannot listen on {}:{}", args.host, args.port))?;
    say!("Serving on {}. Hit CTRL-C to stop.", listener.local_addr()?);

    // The book's `functools.partial(finder, index)`: every session gets the same index.
    let serving = tcp::supervisor(listener, |stream, client| {
        tcp::finder(Arc::clone(&index), stream, client)
    });
    tokio::select! {
        never = serving => match never {},
        signal = signal => {
            say!("\nServer shut down.");
            Ok(signal.exit_code())
        }
    }
}
