//! Load for `tcp_mojifinder`: opens many clients that stay idle at the prompt, then has
//! one more client ask queries, and reports how long each answer took and what the
//! server's memory (RSS, from `/proc/PID/status`) was before and after. Loopback only.
//!
//! ```text
//! cargo run --release -p mojifinder --bin tcp_mojifinder -- --port 2323 &
//! cargo run --release -p mojifinder --example idle_clients -- --port 2323 --pid $! --clients 1000
//! ```
//!
//! `tools/moji-load.sh` runs it for you. Each client needs a descriptor here and one in
//! the server: raise `ulimit -n` past twice the count first.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// Hold many idle clients on a tcp_mojifinder server, then time one busy client.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// The server's port on 127.0.0.1.
    #[arg(long, default_value_t = 2323)]
    port: u16,
    /// The server's process id, to read its memory from /proc.
    #[arg(long)]
    pid: Option<u32>,
    /// How many idle clients to hold.
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// How many queries the busy client asks (at least one).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    queries: u32,
    /// What the busy client asks.
    #[arg(long, default_value = "cat face")]
    query: String,
}

const GUARD: Duration = Duration::from_secs(20);

/// The server's resident memory in KiB, or `None` without a pid or a /proc.
fn rss_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("unknown".into(), |kib| {
        format!("{:.1} MiB", kib as f64 / 1024.0)
    })
}

/// Connects and reads the `?> ` prompt: the server has started this client's session.
async fn connect(addr: SocketAddr) -> anyhow::Result<TcpStream> {
    let mut stream = timeout(GUARD, TcpStream::connect(addr)).await??;
    let mut prompt = [0; 3];
    timeout(GUARD, stream.read_exact(&mut prompt)).await??;
    if &prompt != b"?> " {
        bail!("expected the prompt, got {prompt:?}");
    }
    Ok(stream)
}

/// Opens `count` clients that sit at the prompt.
async fn open_idle(addr: SocketAddr, count: usize) -> anyhow::Result<Vec<TcpStream>> {
    let mut idle = Vec::with_capacity(count);
    for n in 0..count {
        idle.push(
            connect(addr)
                .await
                .with_context(|| format!("idle client {n}"))?,
        );
    }
    Ok(idle)
}

/// One more client asks `query` `times` times; returns how long each answer took and how
/// many results the last one had.
async fn busy_client(
    addr: SocketAddr,
    query: &str,
    times: usize,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    let busy = connect(addr).await.context("the busy client")?;
    let (reader, mut writer) = busy.into_split();
    let mut reader = BufReader::new(reader);
    let mut took = Vec::with_capacity(times);
    let mut results = 0;
    for _ in 0..times {
        let asked = Instant::now();
        writer.write_all(format!("{query}\r\n").as_bytes()).await?;
        results = 0;
        loop {
            let mut line = String::new();
            if timeout(GUARD, reader.read_line(&mut line)).await?? == 0 {
                bail!("the server closed the busy client");
            }
            if line.starts_with('─') {
                break;
            }
            results += 1;
        }
        let mut prompt = [0; 3];
        timeout(GUARD, reader.read_exact(&mut prompt)).await??;
        took.push(asked.elapsed());
    }
    Ok((took, results))
}

/// How many idle clients are still connected: a read finds nothing to read.
fn still_open(idle: &[TcpStream]) -> usize {
    let mut byte = [0; 1];
    idle.iter()
        .filter(|stream| {
            matches!(stream.try_read(&mut byte),
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock)
        })
        .count()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let before = rss_kib(args.pid);

    let started = Instant::now();
    let idle = open_idle(addr, args.clients).await?;
    let connected = started.elapsed();
    let holding = rss_kib(args.pid);

    let (mut took, results) = busy_client(addr, &args.query, args.queries as usize).await?;
    let after = rss_kib(args.pid);
    let alive = still_open(&idle);

    took.sort();
    let median = took[took.len() / 2];
    let p99 = took[(took.len() * 99 / 100).min(took.len() - 1)];
    let max = took[took.len() - 1];
    println!(
        "idle clients: {} connected in {connected:.2?}, {alive} still open at the end",
        args.clients
    );
    println!(
        "busy client: {} queries {:?} ({results} results each), median {median:.2?}, p99 {p99:.2?}, max {max:.2?}",
        args.queries, args.query
    );
    println!(
        "server RSS: {} before, {} holding the idle clients, {} after the queries",
        mib(before),
        mib(holding),
        mib(after)
    );
    Ok(())
}
