//! Several tasks counting down at their own pace: `asyncio.sleep` and `create_task`,
//! interleaved on one runtime and printed with the time since the start.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

use crate::Transcript;

/// Says `from`, `from - 1`, ... `1`, one number every `pace`, then "liftoff".
pub async fn countdown(label: &'static str, from: u32, pace: Duration, log: Transcript) {
    for n in (1..=from).rev() {
        log.say(format!("{label}: {n}"));
        sleep(pace).await;
    }
    log.say(format!("{label}: liftoff"));
}

/// The three countdowns of the example, run as three tasks.
pub async fn run(log: &Transcript) {
    let ms = Duration::from_millis;
    let mut set = JoinSet::new();
    for (label, from, pace) in [("A", 3, ms(1000)), ("B", 5, ms(400)), ("C", 2, ms(1500))] {
        set.spawn(countdown(label, from, pace, log.clone())); // asyncio: `create_task(...)`
    }
    set.join_all().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn each_counts_at_its_own_pace() {
        let log = Transcript::quiet();
        run(&log).await;
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(log.when("A: 3"), ms(0));
        assert_eq!(log.when("A: 1"), ms(2000));
        assert_eq!(log.when("A: liftoff"), ms(3000));
        assert_eq!(log.when("B: 4"), ms(400));
        assert_eq!(log.when("B: liftoff"), ms(2000));
        assert_eq!(log.when("C: 1"), ms(1500));
        assert_eq!(log.when("C: liftoff"), ms(3000));
        // All three interleave on one runtime: the whole run takes the longest countdown.
        assert_eq!(log.elapsed(), Duration::from_secs(3));
    }
}
