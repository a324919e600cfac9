//! `web_mojifinder.py` (2nd edition, ch. 21): the FastAPI service as an axum one. The
//! search page and its JavaScript are built into the binary.
//!
//! ```text
//! cargo run -p mojifinder --bin web_mojifinder             # http://127.0.0.1:8000/
//! cargo run -p mojifinder --bin web_mojifinder -- --port 0 # any free port
//! curl 'http://127.0.0.1:8000/search?q=cat+face'           # in a second terminal
//! ```
//!
//! Watch for: open the printed address in a browser, type `cat face`, press Enter: the
//! page asks `/search` and fills the table with ten cats, and the address bar shows
//! `/?q=cat%20face`, a link that opens with the results. `curl` shows the JSON list of
//! `{"char": ..., "name": ...}`; `/search` without `q`, or with `%FF`, answers 400 and
//! says why. Ctrl-C prints `Server shut down.` and exits 130.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use mojifinder::charindex::InvertedIndex;
use mojifinder::{say, shutdown, web};
use tokio::net::TcpListener;

/// Search Unicode characters by name in a browser, or as a JSON API (Fluent Python 2e).
#[derive(Debug, Parser)]
#[command(name = "web_mojifinder", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Port to listen on (uvicorn's default); 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    port: u16,
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let index = Arc::new(InvertedIndex::new());
    let signal = shutdown::signal().context("cannot listen for Ctrl-C")?;
    let listener = TcpListener::bind((args.host, args.port))
        .await
        .with_context(|| format!("cannot listen on {}:{}", args.host, args.port))?;
    say!(
        "Serving on http://{}/. Hit CTRL-C to stop.",
        listener.local_addr()?
    );

    tokio::select! {
        served = axum::serve(listener, web::app(index)) => {
            served.context("the server stopped")?;
            anyhow::bail!("the server stopped serving")
        }
        signal = signal => {
            say!("\nServer shut down.");
            Ok(signal.exit_code())
        }
    }
}
