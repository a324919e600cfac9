//! A shared log of what happened when: printed live by the examples, read back by the tests.

use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// One event: what was said, and when, measured on tokio's clock from the transcript's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub at: Duration,
    pub text: String,
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{:>6.2}s] {}", self.at.as_secs_f64(), self.text)
    }
}

/// A cheap-to-clone handle that every task of an example can write to.
///
/// Why a std `Mutex` in async code: it is held only to push one line, never across an
/// `.await`, which is exactly when tokio's docs recommend the std lock over `tokio::sync::Mutex`.
/// Why tokio's `Instant`: under `start_paused` tests the stamps are the virtual clock's,
/// so a test can say "the second tick came at t = 1 s" without measuring anything.
#[derive(Clone)]
pub struct Transcript {
    start: Instant,
    echo: Option<fn(&Line) -> String>,
    lines: Arc<Mutex<Vec<Line>>>,
}

impl Transcript {
    /// A transcript that also prints each line as it is recorded (what the examples use).
    pub fn stdout() -> Self {
        Self::new(Some(Line::to_string))
    }

    /// A transcript that prints each line as `format` lays it out, for an example that
    /// prints what its book listing prints (`countdown`).
    pub fn stdout_as(format: fn(&Line) -> String) -> Self {
        Self::new(Some(format))
    }

    /// A transcript that only records (what the tests use).
    pub fn quiet() -> Self {
        Self::new(None)
    }

    fn new(echo: Option<fn(&Line) -> String>) -> Self {
        Self {
            start: Instant::now(),
            echo,
            lines: Arc::default(),
        }
    }

    /// Time elapsed since the transcript started, on tokio's clock.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Records (and maybe prints) one line, stamped with the elapsed time.
    pub fn say(&self, text: impl Into<String>) {
        let line = Line {
            at: self.elapsed(),
            text: text.into(),
        };
        if let Some(format) = self.echo {
            print_line(&format(&line));
        }
        // A panic while holding this lock can only come from a bug here: unwrap is right.
        self.lines.lock().unwrap().push(line);
    }

    /// Everything recorded so far, in order.
    pub fn lines(&self) -> Vec<Line> {
        self.lines.lock().unwrap().clone()
    }

    /// Just the texts, for tests that care about order and not about time.
    pub fn texts(&self) -> Vec<String> {
        self.lines().into_iter().map(|line| line.text).collect()
    }

    /// When a line with exactly this text was recorded, if it was.
    pub fn when(&self, text: &str) -> Option<Duration> {
        self.lines()
            .into_iter()
            .find(|line| line.text == text)
            .map(|line| line.at)
    }
}

/// Prints one line on stdout. If the reader has gone (`| head -1`), ends the process at once
/// and quietly with 141, as a tool killed by SIGPIPE does, where `println!` would panic.
pub fn print_line(text: &str) {
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{text}").is_err() {
        std::process::exit(141);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn lines_are_stamped_with_the_virtual_clock() {
        let log = Transcript::quiet();
        log.say("start");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        log.say("later");
        assert_eq!(log.when("start"), Some(Duration::ZERO));
        assert_eq!(log.when("later"), Some(Duration::from_millis(1500)));
        assert_eq!(log.lines()[1].to_string(), "[  1.50s] later");
    }
}
