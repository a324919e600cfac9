//! `countdown.py` (Fluent Python, 1st ed., `18-asyncio-py3.7/countdown.py`): four tasks
//! counting down from 3, each sleeping its own delay between numbers, all on one loop.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

use crate::{Line, Transcript};

// ANCHOR: countdown
/// The listing's four countdowns: label and delay between numbers.
pub const COUNTDOWNS: [(char, Duration); 4] = [
    ('A', Duration::from_millis(700)),
    ('B', Duration::from_secs(2)),
    ('C', Duration::from_millis(300)),
    ('D', Duration::from_secs(1)),
];

/// The listing's rule between lines: 50 heavy horizontals.
pub fn rule() -> String {
    "━".repeat(50)
}

/// Sleeps `delay`, says `A = 3`; sleeps again, says `A = 2`; and so on down to 1.
pub async fn countdown(label: char, delay: Duration, log: Transcript) {
    for n in (1..=3).rev() {
        sleep(delay).await; // the listing's `await asyncio.sleep(delay)  # <----`
        log.say(format!("{label} = {n}"));
    }
}

/// The listing's lines for one event: a rule, then the time since the start and the
/// count, shifted one tab right per letter after A, so each label keeps its own column.
pub fn book_line(line: &Line) -> String {
    let label = line.text.chars().next().unwrap_or('A');
    let tabs = "\t".repeat((u32::from(label)).saturating_sub(u32::from('A')) as usize);
    format!(
        "{}\n{:7.4}s \t{tabs}{}",
        rule(),
        line.at.as_secs_f64(),
        line.text
    )
}

/// The listing's main part: the four countdowns created as tasks, then waited for together
/// (`loop.run_until_complete(asyncio.wait(tasks))`).
pub async fn run(log: &Transcript) {
    let mut tasks = JoinSet::new();
    for (label, delay) in COUNTDOWNS {
        tasks.spawn(countdown(label, delay, log.clone())); // `loop.create_task(...)`
    }
    tasks.join_all().await;
}
// ANCHOR_END: countdown

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn each_counts_at_its_own_pace_on_one_loop() {
        let log = Transcript::quiet();
        run(&log).await;
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(log.when("C = 3"), ms(300));
        assert_eq!(log.when("C = 1"), ms(900));
        assert_eq!(log.when("A = 3"), ms(700));
        assert_eq!(log.when("A = 1"), ms(2100));
        assert_eq!(log.when("D = 1"), ms(3000));
        assert_eq!(log.when("B = 1"), ms(6000));
        // The four interleave by time: the first lines are C's, the last B's.
        let texts = log.texts();
        assert_eq!(texts[..3], ["C = 3", "C = 2", "A = 3"]);
        assert_eq!(texts.last().map(String::as_str), Some("B = 1"));
        assert_eq!(texts.len(), 12);
        // The whole run takes the longest countdown, not the sum of the four.
        assert_eq!(log.elapsed(), Duration::from_secs(6));
    }

    #[test]
    fn a_line_reads_like_the_listings() {
        let at = |ms| Duration::from_millis(ms);
        let line = |ms, text: &str| Line {
            at: at(ms),
            text: text.into(),
        };
        assert_eq!(
            book_line(&line(300, "C = 3")),
            format!("{}\n 0.3000s \t\t\tC = 3", rule())
        );
        assert_eq!(
            book_line(&line(6000, "B = 1")),
            format!("{}\n 6.0000s \t\tB = 1", rule())
        );
        assert_eq!(rule().chars().count(), 50);
    }
}
