//! asyncio's `Lock`: two workers share a counter behind a `tokio::sync::Mutex`.
//!
//! The classic mistake is a *blocking* sleep (`std::thread::sleep`, Python's `time.sleep`)
//! while holding the lock: it does not just make the other worker wait for the lock, it
//! freezes the whole thread, so every other task on it (here a heartbeat) stalls too. The fix
//! is an async sleep, which yields to the runtime while this task waits. If the sleep need
//! not be inside the critical section, dropping the guard before sleeping is better still.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time;

use crate::Transcript;

/// How many times each worker takes the lock.
pub const ROUNDS: u32 = 2;

/// The mistake: a blocking sleep while holding the lock.
pub async fn worker_blocking(
    name: &'static str,
    counter: Arc<Mutex<u32>>,
    hold: Duration,
    log: Transcript,
) {
    for _ in 0..ROUNDS {
        let mut count = counter.lock().await;
        log.say(format!("{name} has the lock"));
        std::thread::sleep(hold); // Warning: this blocks the runtime's thread, not just this task!
        *count += 1;
        log.say(format!("{name} releases the lock, count = {count}"));
    }
}

/// The fix: the same worker with an async sleep.
pub async fn worker(name: &'static str, counter: Arc<Mutex<u32>>, hold: Duration, log: Transcript) {
    for _ in 0..ROUNDS {
        let mut count = counter.lock().await;
        log.say(format!("{name} has the lock"));
        time::sleep(hold).await; // New: an async sleep lets other tasks run meanwhile.
        *count += 1;
        log.say(format!("{name} releases the lock, count = {count}"));
    }
}

/// Which worker to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Blocking,
    Fixed,
}

/// What a run ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// The shared counter: each worker added one per round.
    pub count: u32,
    /// How many times the heartbeat got to run meanwhile.
    pub beats: u32,
}

/// Runs workers A and B next to a heartbeat that means to beat four times per `hold`.
pub async fn run(version: Version, hold: Duration, log: &Transcript) -> Tally {
    let counter = Arc::new(Mutex::new(0));
    let beats = Arc::new(AtomicU32::new(0));
    let heartbeat = tokio::spawn({
        let (beats, log) = (Arc::clone(&beats), log.clone());
        async move {
            loop {
                log.say("heartbeat");
                beats.fetch_add(1, Ordering::Relaxed);
                time::sleep(hold / 4).await;
            }
        }
    });
    let workers = ["A", "B"].map(|name| {
        let (counter, log) = (Arc::clone(&counter), log.clone());
        match version {
            Version::Blocking => tokio::spawn(worker_blocking(name, counter, hold, log)),
            Version::Fixed => tokio::spawn(worker(name, counter, hold, log)),
        }
    });
    for w in workers {
        w.await.expect("a worker panicked");
    }
    heartbeat.abort();
    Tally {
        count: *counter.lock().await,
        beats: beats.load(Ordering::Relaxed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many heartbeats fell inside each stretch of holding the lock.
    fn beats_while_locked(texts: &[String]) -> Vec<usize> {
        let mut counts = Vec::new();
        let mut inside = None;
        for text in texts {
            if text.ends_with("has the lock") {
                inside = Some(0);
            } else if text.contains("releases the lock") {
                counts.extend(inside.take());
            } else if let (Some(n), "heartbeat") = (inside.as_mut(), text.as_str()) {
                *n += 1;
            }
        }
        counts
    }

    /// Who took the lock, in order.
    fn holders(log: &Transcript) -> Vec<String> {
        let texts = log.texts();
        texts
            .iter()
            .filter_map(|t| t.strip_suffix(" has the lock"))
            .map(String::from)
            .collect()
    }

    // Real time on purpose: a blocking sleep does not move tokio's virtual clock.
    #[tokio::test]
    async fn a_blocking_sleep_under_the_lock_stalls_everything() {
        let log = Transcript::quiet();
        let tally = run(Version::Blocking, Duration::from_millis(20), &log).await;
        assert_eq!(tally.count, 4);
        assert_eq!(beats_while_locked(&log.texts()), [0, 0, 0, 0]);
        // The heartbeat ran before the workers took the thread, and at most once after.
        assert!(tally.beats <= 2, "{tally:?}");
        // A never yielded, so B could not even queue for the lock: A took it twice in a row.
        assert_eq!(holders(&log), ["A", "A", "B", "B"]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_async_sleep_under_the_lock_lets_the_rest_run() {
        let log = Transcript::quiet();
        let tally = run(Version::Fixed, Duration::from_secs(1), &log).await;
        assert_eq!(tally.count, 4);
        // Beats at each quarter of a second go on while a worker holds the lock.
        assert!(
            beats_while_locked(&log.texts()).iter().all(|&n| n >= 3),
            "{:?}",
            log.texts()
        );
        // The lock still serialises the workers, in turn: A, B, A, B.
        assert_eq!(holders(&log), ["A", "B", "A", "B"]);
        assert_eq!(log.elapsed(), Duration::from_secs(4));
    }
}
