//! asyncio's `Queue`: news producers and a reader, with a bounded `mpsc` channel.
//!
//! `queue.put` is `tx.send(..).await`: with the channel full it waits, which slows the
//! newsrooms down to the reader's pace (backpressure). The clean end needs no sentinel and
//! no `queue.join()` plus `cancel()`: when every `Sender` is dropped, `recv` returns `None`.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

use crate::Transcript;

/// One item of news.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub desk: &'static str,
    pub title: &'static str,
}

/// A newsroom: writes a headline every `pace` and queues it, waiting while the queue is full.
pub async fn producer(
    desk: &'static str,
    titles: &[&'static str],
    pace: Duration,
    queue: mpsc::Sender<Headline>,
    log: Transcript,
) {
    for &title in titles {
        sleep(pace).await;
        if queue.send(Headline { desk, title }).await.is_err() {
            return; // The reader is gone: nobody to write for.
        }
        log.say(format!("{desk} queued: {title}"));
    }
    log.say(format!("{desk}: no more news"));
} // `queue` (this Sender) is dropped here.

/// The reader: takes a headline, reads it for `pace`, until every newsroom has closed.
pub async fn consumer(
    mut queue: mpsc::Receiver<Headline>,
    pace: Duration,
    log: Transcript,
) -> Vec<Headline> {
    let mut read = Vec::new();
    while let Some(headline) = queue.recv().await {
        log.say(format!("reader: [{}] {}", headline.desk, headline.title));
        sleep(pace).await;
        read.push(headline);
    }
    log.say("reader: every newsroom has closed, done");
    read
}

/// Two newsrooms and one slow reader on a queue of `capacity`; returns what was read.
pub async fn run(capacity: usize, log: &Transcript) -> Vec<Headline> {
    let (tx, rx) = mpsc::channel(capacity); // asyncio: `asyncio.Queue(maxsize=capacity)`
    let second = Duration::from_secs(1);
    let desks = [
        (
            "world",
            &[
                "Rust 2024 ships",
                "tokio 1.0 is stable",
                "Python 3.13 frees the GIL",
            ][..],
        ),
        ("sports", &["Home team wins", "Marathon record falls"][..]),
    ];
    for (desk, titles) in desks {
        tokio::spawn(producer(desk, titles, second / 4, tx.clone(), log.clone()));
    }
    drop(tx); // Ours too, or the reader would wait forever for news from us.
    consumer(rx, second, log.clone()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn every_headline_is_read_and_the_reader_ends() {
        let log = Transcript::quiet();
        let read = run(2, &log).await;

        assert_eq!(read.len(), 5);
        let titles = |desk| -> Vec<_> {
            read.iter()
                .filter(|h| h.desk == desk)
                .map(|h| h.title)
                .collect()
        };
        assert_eq!(
            titles("world"),
            [
                "Rust 2024 ships",
                "tokio 1.0 is stable",
                "Python 3.13 frees the GIL"
            ]
        );
        assert_eq!(
            titles("sports"),
            ["Home team wins", "Marathon record falls"]
        );
        assert_eq!(
            log.texts().last().unwrap(),
            "reader: every newsroom has closed, done"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_queue_slows_the_producers_down() {
        let log = Transcript::quiet();
        run(2, &log).await;
        // Unhindered, "world" would queue its third headline at 0.75 s. With room for only
        // two and a reader taking a second each, a slot frees up at 1.25 s (taken by "sports",
        // which has waited longer: waiters are served in turn) and the next at 2.25 s.
        let third = log.when("world queued: Python 3.13 frees the GIL").unwrap();
        assert_eq!(third, Duration::from_millis(2250));
    }
}
