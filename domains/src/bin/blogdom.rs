//! `blogdom.py` (*Fluent Python*, 2nd ed., ch. 21, `21-async/domains/asyncio`): is
//! `and.dev` taken? `def.dev`? Probes a `.dev` domain for every Python keyword of up to
//! four letters, all at once, and prints each answer as it arrives: `+` for a name that
//! exists.
//!
//! ```text
//! cargo run -p domains --bin blogdom
//! cargo run -p domains --bin blogdom -- --seed 7       # the same order every time
//! cargo run -p domains --bin blogdom -- --system       # the book's way: the real DNS
//! ```
//!
//! Watch for: the names do not come out in the order they were asked (`none.dev`,
//! `true.dev`, `and.dev`, ...) but in the order the answers came back; run it again and
//! the order changes (with `--seed N`, it does not). By default the answers come from a
//! DNS server this program starts on 127.0.0.1, which makes each answer wait a seeded
//! delay (20 to 300 ms), as the internet would; the first line of stderr says which
//! server it is. `--system` asks the operating system's resolver, as the book does
//! (`getaddrinfo`, run on a blocking thread by `tokio::net::lookup_host`, as asyncio runs
//! it in its executor): that sends real DNS queries over the network.
//!
//! The book's `asyncio.as_completed(coros)` is a `FuturesUnordered` here: `next().await`
//! gives the next probe to finish. `domaincheck` wraps the same loop in a stream.

use std::process::ExitCode;

use clap::Parser;
use domains::cli::{self, DnsArgs};
use domains::{DomainResult, keyword_domains, probe};
use futures::StreamExt;
use futures::stream::FuturesUnordered;

/// Probes NAME.dev for each short Python keyword, printing each answer as it arrives.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)]
struct Args {
    #[command(flatten)]
    dns: DnsArgs,
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::run("blogdom", blogdom(args))
}

async fn blogdom(args: Args) -> anyhow::Result<usize> {
    let probing = args.dns.connect("blogdom", "dev")?;
    let resolver = &probing.resolver;
    let domains = keyword_domains("dev"); // and.dev, as.dev, ..., with.dev
    let mut probes: FuturesUnordered<_> = domains.map(|domain| probe(resolver, domain)).collect();
    let mut errors = 0;
    while let Some(DomainResult { domain, found }) = probes.next().await {
        match found {
            Ok(found) => {
                let mark = if found { '+' } else { ' ' };
                cli::say(format_args!("{mark} {domain}"))?;
            }
            Err(err) => {
                cli::complain("blogdom", &domain, &err);
                errors += 1;
            }
        }
    }
    Ok(errors)
}
