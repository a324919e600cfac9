//! `http_charfinder.py` (1st edition, ch. 18): the aiohttp server, one HTML page with the
//! results in a table, no JavaScript.
//!
//! ```text
//! cargo run -p mojifinder --bin http_charfinder            # http://127.0.0.1:8888/
//! curl 'http://127.0.0.1:8888/?query=chess+black'         # in a second terminal
//! ```
//!
//! Watch for: the sample words linked at the top of the page; each search is a new page,
//! and the console logs `Query: ...` and `Sending N results` per request. The query is
//! escaped before it goes back into the page. Ctrl-C prints `Server shutting down.` and
//! exits 130.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use mojifinder::charfinder::UnicodeNameIndex;
use mojifinder::{say, shutdown, web};
use tokio::net::TcpListener;

/// Search Unicode characters by name, one HTML page per query (Fluent Python 1e).
#[derive(Debug, Parser)]
#[command(name = "http_charfinder", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8888)]
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
    say!(
        "Serving on http://{}/. Hit CTRL-C to stop.",
        listener.local_addr()?
    );

    tokio::select! {
        served = axum::serve(listener, web::charfinder_app(index)) => {
            served.context("the server stopped")?;
            anyhow::bail!("the server stopped serving")
        }
        signal = signal => {
            say!("Server shutting down.");
            Ok(signal.exit_code())
        }
    }
}
