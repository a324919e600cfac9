//! Command-line plumbing shared by every spinner binary, thread and async alike: the
//! options, and the terminal the spinner draws on.

use std::io::{self, IsTerminal, Write};
use std::process;
use std::time::Duration;

use clap::Parser;

use crate::primes::BOOK_PRIME;

const DEFAULT_MESSAGE: &str = "thinking!";
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const CLEAR_LINE: &str = "\x1b[2K";

/// Spin while a slow function works, then print the answer.
#[derive(Debug, Parser)]
#[command(version, name = binary_name())]
pub struct Args {
    /// How long the slow function works, in seconds.
    #[arg(long, default_value = "3", value_parser = parse_seconds)]
    pub seconds: Duration,
    /// The text next to the spinner.
    #[arg(long, default_value = DEFAULT_MESSAGE)]
    pub message: String,
}

/// Spin while checking whether a number is prime.
#[derive(Debug, Parser)]
#[command(version, name = binary_name())]
pub struct PrimeArgs {
    /// The number to check: the book's, or a bigger one to watch longer, such as
    /// 9223372036854775783 (the largest prime below 2^63).
    #[arg(long, default_value_t = BOOK_PRIME)]
    pub number: u64,
    /// The text next to the spinner.
    #[arg(long, default_value = DEFAULT_MESSAGE)]
    pub message: String,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let not_seconds = || format!("`{text}` is not a number of seconds (0 or more)");
    let seconds: f64 = text.parse().map_err(|_| not_seconds())?;
    Duration::try_from_secs_f64(seconds).map_err(|_| not_seconds())
}

/// The terminal the spinner draws on.
///
/// When stdout is a terminal, [`Terminal::open`] hides the cursor, and it is shown again
/// when the `Terminal` is dropped or on Ctrl-C (which exits with status 130). When stdout
/// is not a terminal (a pipe, a file), the frames go nowhere: a script reading the output
/// gets the `spinner object:` and answer lines only.
#[derive(Debug)]
pub struct Terminal {
    is_tty: bool,
}

impl Terminal {
    /// Hides the cursor if stdout is a terminal, and installs the Ctrl-C handler.
    ///
    /// Call it once per process: Ctrl-C has only one handler.
    pub fn open() -> Result<Self, ctrlc::Error> {
        let is_tty = io::stdout().is_terminal();
        ctrlc::set_handler(move || {
            // Keep stdout locked until exit, so no frame is drawn after the cleanup.
            let mut stdout = io::stdout().lock();
            if is_tty {
                // Exiting anyway: a failed write changes nothing.
                let _ = write!(stdout, "\r{CLEAR_LINE}{SHOW_CURSOR}").and_then(|()| stdout.flush());
            }
            process::exit(130);
        })?;
        if is_tty {
            show(HIDE_CURSOR);
        }
        Ok(Self { is_tty })
    }

    /// Where the spinner draws its frames: stdout if it is a terminal, else nowhere.
    pub fn frames(&self) -> Box<dyn Write + Send> {
        if self.is_tty {
            Box::new(io::stdout())
        } else {
            Box::new(io::sink())
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if self.is_tty {
            show(SHOW_CURSOR);
        }
    }
}

/// Writes an escape sequence. The cursor is cosmetic: a failed write is ignored.
fn show(sequence: &str) {
    let mut stdout = io::stdout();
    let _ = write!(stdout, "{sequence}").and_then(|()| stdout.flush());
}

/// The name `--version` and the usage line show: the running binary's file name.
///
/// A derived command would take the name of the crate that holds it (`spinner-thread`), which is
/// shared by several binaries.
pub fn binary_name() -> String {
    std::env::args_os()
        .next()
        .as_deref()
        .and_then(|path| std::path::Path::new(path).file_stem())
        .map_or_else(
            || "spinner-thread".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_take_fractions_and_reject_nonsense() {
        assert_eq!(parse_seconds("3"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_seconds("0.25"), Ok(Duration::from_millis(250)));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("inf").is_err());
        assert!(parse_seconds("soon").is_err());
    }

    #[test]
    fn defaults_are_the_books() {
        let args = Args::try_parse_from(["spinner"]).unwrap();
        assert_eq!(
            (args.seconds, args.message.as_str()),
            (Duration::from_secs(3), "thinking!")
        );
        let args = PrimeArgs::try_parse_from(["spinner", "--number", "7"]).unwrap();
        assert_eq!((args.number, args.message.as_str()), (7, "thinking!"));
    }
}
