//! The 1st edition's `flags_asyncio.py` and `flags_await.py` (ch. 17): the 20 flags,
//! every download a task, all waited for with `asyncio.wait`, which hands back a pair of
//! sets, `(done, pending)`.
//!
//! The two listings are one program: `flags_asyncio.py` writes its coroutines with
//! `@asyncio.coroutine` and `yield from`, `flags_await.py` with `async def` and `await`,
//! the only syntax Rust has. Where the 2nd edition's `flags_asyncio.py` ([`crate::flags_asyncio`])
//! gathers results, this one waits for tasks: a task's error stays in it, and
//! nothing is cancelled when one fails.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use flags_common::simple::print;
use flags_common::{FetchError, Job, check_flag, save_flag};
use reqwest::Client;
use tokio::task::{JoinError, JoinSet};
use tokio::time::{Instant, timeout_at};

use crate::client::{http_client, http_get, runtime};

/// Downloads the flag of `cc`.
pub async fn get_flag(client: &Client, job: &Job, cc: &str) -> Result<Bytes, FetchError> {
    let (headers, body) = http_get(client, &job.flag_url(cc), job.timeout).await?;
    check_flag(&headers, &body)?; // the checks of every client: a 200 is not yet a flag
    Ok(body)
}

// ANCHOR: download_many
/// Downloads one flag, shows its code, then saves it: the 1st edition's order (`show(cc)`
/// before `save_flag`), on the one runtime thread, as the book's loop does.
pub async fn download_one(client: &Client, job: &Job, cc: &str) -> Result<String, FetchError> {
    let image = get_flag(client, job, cc).await?;
    print(job, &format!("{cc} ")); // the book's `show(cc)`: flushed, no newline
    save_flag(&image, &job.dest, &format!("{cc}.gif"))?;
    Ok(cc.to_string())
}

/// `asyncio.wait(tasks, timeout=...)`: waits until every task is done or the time is up,
/// and returns `(done, pending)`: the outputs of the tasks that ended, in the order they
/// ended, and the tasks still running, still running. Without a timeout, `pending` comes
/// back empty. (A task that panicked is done too: its `JoinError` is in `done`.)
pub async fn wait<T: 'static>(
    mut tasks: JoinSet<T>,
    timeout: Option<Duration>,
) -> (Vec<Result<T, JoinError>>, JoinSet<T>) {
    let deadline = timeout.map(|timeout| Instant::now() + timeout);
    let mut done = Vec::with_capacity(tasks.len());
    loop {
        let next = match deadline {
            Some(deadline) => match timeout_at(deadline, tasks.join_next()).await {
                Ok(next) => next,
                Err(_elapsed) => break,
            },
            None => tasks.join_next().await,
        };
        let Some(output) = next else { break };
        done.push(output);
    }
    (done, tasks)
}

/// The book's `download_many`: a task per code, in sorted order, then
/// `res, _ = loop.run_until_complete(asyncio.wait(to_do))` and `len(res)`.
///
/// The book's `len(res)` counts the failed downloads too, and their exceptions go unseen
/// (asyncio only logs "Task exception was never retrieved"). Here each done task is looked
/// at: the first error, in completion order, is the run's error, once every task is done.
pub fn download_many(job: &Job) -> Result<usize, FetchError> {
    runtime().block_on(async {
        let client = http_client(job)?;
        let shared_job = Arc::new(job.clone());
        let mut cc_list = job.cc_list.clone();
        cc_list.sort();
        let mut to_do = JoinSet::new();
        for cc in cc_list {
            let (client, job) = (client.clone(), Arc::clone(&shared_job));
            to_do.spawn(async move { download_one(&client, &job, &cc).await });
        }
        let (done, _pending) = wait(to_do, None).await;
        let mut count = 0;
        for result in done {
            // A panic in a download is a bug: carry it on, as a panic, to the main thread.
            result.unwrap_or_else(|err| std::panic::resume_unwind(err.into_panic()))?;
            count += 1;
        }
        Ok(count)
    })
}
// ANCHOR_END: download_many

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::sleep;

    #[tokio::test(start_paused = true)]
    async fn wait_splits_done_from_pending_at_the_timeout() {
        let mut tasks = JoinSet::new();
        for secs in [3, 1, 2] {
            tasks.spawn(async move {
                sleep(Duration::from_secs(secs)).await;
                secs
            });
        }
        let (done, pending) = wait(tasks, Some(Duration::from_millis(2500))).await;
        let done: Vec<u64> = done.into_iter().map(Result::unwrap).collect();
        assert_eq!(done, [1, 2], "in the order they ended");
        assert_eq!(pending.len(), 1, "the 3 s task is still running");
        let (rest, pending) = wait(pending, None).await;
        assert_eq!(
            rest.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
            [3]
        );
        assert!(pending.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn an_error_stays_in_its_task_and_the_others_run_on() {
        let mut tasks = JoinSet::new();
        tasks.spawn(async { Err::<u8, &str>("boom") });
        tasks.spawn(async {
            sleep(Duration::from_secs(1)).await;
            Ok(7)
        });
        let (done, pending) = wait(tasks, None).await;
        let done: Vec<Result<u8, &str>> = done.into_iter().map(Result::unwrap).collect();
        assert_eq!(done, [Err("boom"), Ok(7)]);
        assert!(pending.is_empty());
    }
}
