//! asyncio's tasks: `create_task` / `ensure_future`, `current_task`, `all_tasks`, `Task.cancel`.
//!
//! `tokio::spawn` (here `JoinSet::spawn`) is `create_task`: the task starts running without
//! being awaited. A bare future, unlike a coroutine wrapped by `ensure_future`, does nothing
//! at all until it is spawned or awaited. Aborting a task drops its future at its next `.await`.

use std::collections::HashMap;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::task::{self, Id, JoinSet};
use tokio::time::sleep;

use crate::Transcript;

/// How a task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    Cancelled,
}

/// What the tour saw, for the tests.
#[derive(Debug)]
pub struct Seen {
    /// `task::try_id()` in the calling future: `None` for `block_on`'s future, which is no task.
    pub caller_id: Option<Id>,
    /// Ids the workers saw for themselves (`task::id()`), by name.
    pub self_ids: HashMap<&'static str, Id>,
    /// Our list of live tasks (`all_tasks`), from the ids `spawn` handed back.
    pub listed: HashMap<Id, &'static str>,
    /// Live tasks according to the runtime's own metrics.
    pub alive: usize,
    /// How each task ended, in the order they ended.
    pub ended: Vec<(&'static str, Outcome)>,
}

/// A worker: says its own id (asyncio's `current_task()`), sleeps, and returns its name.
pub async fn worker(name: &'static str, secs: u64, log: Transcript) -> (&'static str, Id) {
    let me = task::id();
    log.say(format!("{name}: running as task {me}, done in {secs}s"));
    sleep(Duration::from_secs(secs)).await;
    (name, me)
}

/// Spawns three workers, lists and counts them, aborts one, and collects how each ended.
pub async fn tour(log: &Transcript) -> Seen {
    let caller_id = task::try_id();
    log.say(format!("caller: current task is {caller_id:?}"));

    let mut set = JoinSet::new();
    let mut listed = HashMap::new();
    for (name, secs) in [("fast", 1), ("slow", 2)] {
        let handle = set.spawn(worker(name, secs, log.clone())); // asyncio: `create_task(...)`
        listed.insert(handle.id(), name);
    }
    let stuck = set.spawn(worker("stuck", 3600, log.clone()));
    listed.insert(stuck.id(), "stuck");

    task::yield_now().await; // Let the new tasks take their first step.
    let alive = Handle::current().metrics().num_alive_tasks();
    log.say(format!(
        "{} tasks in the set, {alive} alive in the runtime",
        set.len()
    ));
    let mut names: Vec<_> = listed
        .iter()
        .map(|(id, name)| format!("{name}={id}"))
        .collect();
    names.sort();
    log.say(format!("all_tasks: {}", names.join(", ")));

    stuck.abort(); // asyncio: `task.cancel()`, through the `AbortHandle` that `spawn` returned.

    let mut self_ids = HashMap::new();
    let mut ended = Vec::new();
    while let Some(joined) = set.join_next_with_id().await {
        match joined {
            Ok((id, (name, me))) => {
                log.say(format!("{name} (task {id}) finished"));
                self_ids.insert(name, me);
                ended.push((name, Outcome::Finished));
            }
            Err(e) if e.is_cancelled() => {
                let name = listed[&e.id()];
                log.say(format!("{name} (task {}) was cancelled", e.id()));
                ended.push((name, Outcome::Cancelled));
            }
            Err(e) => std::panic::resume_unwind(e.into_panic()), // A worker panicked: so do we.
        }
    }
    Seen {
        caller_id,
        self_ids,
        listed,
        alive,
        ended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spawns_lists_and_aborts() {
        let log = Transcript::quiet();
        let seen = tour(&log).await;

        assert_eq!(seen.caller_id, None, "a block_on future is not a task");
        assert_eq!(seen.listed.len(), 3);
        assert_eq!(seen.alive, 3);
        // What each worker saw as its own id is the id `spawn` gave us.
        for (name, id) in &seen.self_ids {
            assert_eq!(seen.listed[id], *name);
        }
        assert_eq!(
            seen.ended,
            [
                ("stuck", Outcome::Cancelled),
                ("fast", Outcome::Finished),
                ("slow", Outcome::Finished),
            ]
        );
        // The stuck task did not keep us waiting an hour: the tour ended with "slow", at 2 s.
        assert_eq!(log.elapsed(), Duration::from_secs(2));
    }
}
