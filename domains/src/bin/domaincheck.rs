//! `domaincheck.py` (*Fluent Python*, 2nd ed., ch. 21, `21-async/domains/asyncio`): which
//! short Python keywords are taken under a TLD? Two columns, FOUND and NOT FOUND, filled
//! as the answers arrive, from the async generator `multi_probe` of `domainlib.py`.
//!
//! ```text
//! cargo run -p domains --bin domaincheck -- dev
//! cargo run -p domains --bin domaincheck -- com.br --seed 7
//! cargo run -p domains --bin domaincheck -- dev --joinset    # curio's TaskGroup variant
//! ```
//!
//! Watch for: each name lands in its column the moment its answer arrives, so both
//! columns grow together, in completion order. The book's `async for ... in
//! multi_probe(domains)` is `while let Some(..) = results.next().await` over a `Stream`.
//! By default the in-process DNS server answers for the TLD given (the same keywords
//! exist under any TLD; stderr names the server and the seed); `--system` asks the
//! operating system's resolver as the book does (`getaddrinfo` on tokio's blocking
//! threads: real DNS queries). `--joinset` uses `domains::taskgroup::multi_probe`, the
//! twin of `curio/domainlib.py`: a task per probe, owned by a `JoinSet`.

use std::process::ExitCode;

use clap::Parser;
use domains::cli::{self, DnsArgs};
use domains::{DomainResult, keyword_domains, multi_probe, taskgroup};
use futures::StreamExt;

/// Checks NAME.TLD for each short Python keyword: FOUND in the first column, NOT FOUND in
/// the second, in the order the answers arrive.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)]
struct Args {
    /// The top-level domain to check under, as the book takes it: dev, COM.BR, .org.
    #[arg(value_parser = tld)]
    tld: String,

    /// Probe in tasks owned by a JoinSet (the book's curio TaskGroup variant)
    #[arg(long)]
    joinset: bool,

    #[command(flatten)]
    dns: DnsArgs,
}

fn tld(text: &str) -> Result<String, String> {
    let tld = text.trim_matches('.');
    match tld.is_empty() {
        true => Err("a TLD needs a letter or two, e.g. COM.BR".to_string()),
        false => Ok(tld.to_string()),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::run("domaincheck", domaincheck(args))
}

async fn domaincheck(args: Args) -> anyhow::Result<usize> {
    let tld = args.tld.to_lowercase();
    let probing = args.dns.connect("domaincheck", &tld)?;
    let domains = keyword_domains(&tld);
    let mut results = match args.joinset {
        false => multi_probe(&probing.resolver, domains).boxed_local(),
        true => taskgroup::multi_probe(&probing.resolver, domains).boxed_local(),
    };
    cli::say(format_args!("FOUND\t\tNOT FOUND"))?;
    cli::say(format_args!("=====\t\t========="))?;
    let mut errors = 0;
    while let Some(DomainResult { domain, found }) = results.next().await {
        match found {
            Ok(found) => {
                let indent = if found { "" } else { "\t\t" };
                cli::say(format_args!("{indent}{domain}"))?;
            }
            Err(err) => {
                cli::complain("domaincheck", &domain, &err);
                errors += 1;
            }
        }
    }
    Ok(errors)
}
