//! `curio/domainlib.py`: the same `multi_probe`, with a task per probe owned by a group.
//!
//! curio's `TaskGroup` is structured concurrency: the tasks it spawns cannot outlive the
//! `async with` block; leaving it (or an error inside it) cancels what is still running.
//! tokio's [`JoinSet`] is the same idea: it owns its tasks, `join_next` hands back each
//! one as it finishes, and dropping the set aborts every task still in it.
//!
//! The difference from [`crate::multi_probe`]: here each probe is a spawned task (it may
//! run on another worker thread), so the resolver is cloned into each one.

use futures::Stream;
use tokio::task::JoinSet;

use crate::{DomainResult, Resolver, probe};

/// Spawns a probe per domain into a `JoinSet`, and yields the results as the tasks finish.
/// Dropping the stream drops the set, which aborts the probes still running.
///
/// Call it inside a tokio runtime: it spawns at once, as curio's `group.spawn` does.
pub fn multi_probe(
    resolver: &Resolver,
    domains: impl IntoIterator<Item = String>,
) -> impl Stream<Item = DomainResult> + 'static {
    let mut group = JoinSet::new();
    for domain in domains {
        let resolver = resolver.clone(); // a spawned task owns what it uses
        group.spawn(async move { probe(&resolver, domain).await });
    }
    futures::stream::unfold(group, |mut group| async move {
        let result = join(group.join_next().await?);
        Some((result, group))
    })
}

/// A finished task's value. A probe never panics and the set is never aborted while we
/// wait, so a `JoinError` is a bug: pass its panic on.
pub fn join<T>(finished: Result<T, tokio::task::JoinError>) -> T {
    match finished {
        Ok(value) => value,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(err) => panic!("a probe task was cancelled while its group waited for it: {err}"),
    }
}
