//! The Twisted example's static file server: serves a folder on http://127.0.0.1:8888/ with
//! hyper + hyper-util and tower-http's `ServeDir`, until Ctrl-C.
//!
//! Watch for: one log line per request (method, path, status); `/` serves `index.html` if
//! the folder has one, and otherwise lists the folder as Twisted does ("Directory listing
//! for /"); paths that try to leave the folder get 404, and so do symbolic links that
//! lead out of it (`ln -s /etc/passwd folder/pw`, then `curl .../pw`: 404). Ctrl-C (or
//! `kill`) lets the requests under way finish, then exits 130 (143).
//!
//! ```text
//! cargo run -p async-tour --example static_server -- path/to/folder [--port 8888]
//! curl http://127.0.0.1:8888/README.md     # in a second terminal
//! ```

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use async_tour::static_server::{DEFAULT_PORT, serve};
use clap::Parser;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// Serve a folder over HTTP, like Twisted's static file server.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The folder to serve.
    #[arg(default_value = ".")]
    folder: PathBuf,
    /// The port to listen on, on 127.0.0.1.
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    // RUST_LOG chooses what is logged (info by default); colour only on a terminal, so a
    // pipe or a file gets plain text.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::builder()
                .with_default_directive(LevelFilter::INFO.into())
                .from_env_lossy(),
        )
        .with_ansi(std::io::stdout().is_terminal())
        .with_target(false)
        .init();
    if !args.folder.is_dir() {
        eprintln!("error: {} is not a folder", args.folder.display());
        return Ok(ExitCode::from(2));
    }

    let (mut ctrl_c, mut term) = (
        signal(SignalKind::interrupt())?,
        signal(SignalKind::terminate())?,
    );
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
    tracing::info!(
        "serving {} on http://{}/ (Ctrl-C to stop)",
        args.folder.display(),
        listener.local_addr()?
    );
    let mut status = 0;
    let stopped = async {
        status = tokio::select! {
            _ = ctrl_c.recv() => 130, // what a shell shows for a program ended by Ctrl-C
            _ = term.recv() => 143,   // and by `kill`
        }
    };
    serve(listener, args.folder, stopped).await;
    Ok(ExitCode::from(status))
}
