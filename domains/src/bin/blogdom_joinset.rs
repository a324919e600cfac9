//! `blogdom.py` of `21-async/domains/curio` (*Fluent Python*, 2nd ed., ch. 21): the same
//! probe of short keywords under `.dev`, with curio's `TaskGroup` instead of
//! `asyncio.as_completed`. tokio's `JoinSet` is that task group.
//!
//! ```text
//! cargo run -p domains --bin blogdom_joinset
//! cargo run -p domains --bin blogdom_joinset -- --seed 7
//! ```
//!
//! Watch for: the same output as `blogdom`, with the same `--seed` the same order. What
//! changed is who owns the probes: each is a spawned task, and the `JoinSet` owns them
//! all. `join_next` hands back each task as it finishes (curio: `async for task in
//! group`); when the set is dropped, at the end of `blogdom` or on Ctrl-C, every task
//! still running is aborted, as leaving curio's `async with TaskGroup()` cancels them.
//! No probe can outlive the function that started it: structured concurrency.

use std::process::ExitCode;

use clap::Parser;
use domains::cli::{self, DnsArgs};
use domains::taskgroup::join;
use domains::{DomainResult, keyword_domains, probe};
use tokio::task::JoinSet;

/// Probes NAME.dev for each short Python keyword in a JoinSet of tasks, printing each
/// answer as its task finishes.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)]
struct Args {
    #[command(flatten)]
    dns: DnsArgs,
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::run("blogdom_joinset", blogdom(args))
}

async fn blogdom(args: Args) -> anyhow::Result<usize> {
    let probing = args.dns.connect("blogdom_joinset", "dev")?;
    let mut group = JoinSet::new(); // curio: async with TaskGroup() as group
    for domain in keyword_domains("dev") {
        let resolver = probing.resolver.clone(); // a task owns what it uses
        group.spawn(async move { probe(&resolver, domain).await });
    }
    let mut errors = 0;
    while let Some(task) = group.join_next().await {
        let DomainResult { domain, found } = join(task);
        match found {
            Ok(found) => {
                let mark = if found { '+' } else { ' ' };
                cli::say(format_args!("{mark} {domain}"))?;
            }
            Err(err) => {
                cli::complain("blogdom_joinset", &domain, &err);
                errors += 1;
            }
        }
    }
    Ok(errors)
}
