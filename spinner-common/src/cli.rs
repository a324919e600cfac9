//! Command-line plumbing shared by every spinner binary, thread, async and process alike:
//! the options, the terminal the spinner draws on, and how a binary ends.

use std::io::{self, IsTerminal, Write};
use std::process::{self, ExitCode};
use std::time::Duration;

use clap::Parser;
use durations::parse_duration;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::primes::BOOK_PRIME;

const DEFAULT_MESSAGE: &str = "thinking!";
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const CLEAR_LINE: &str = "\x1b[2K";

/// Spin while a slow function works, then print the answer.
#[derive(Debug, Parser)]
#[command(version)] // the about text is the doc comment above
pub struct Args {
    /// How long the slow function works: seconds (3) or with a unit (500ms, 1m).
    #[arg(long, value_name = "DURATION", default_value = "3", value_parser = parse_duration, allow_negative_numbers = true)]
    pub seconds: Duration,
    /// The text next to the spinner.
    #[arg(long, default_value = DEFAULT_MESSAGE)]
    pub message: String,
}

/// Spin while checking whether a number is prime.
#[derive(Debug, Parser)]
#[command(version)] // the about text is the doc comment above
pub struct PrimeArgs {
    /// The number to check: the book's, or a bigger one to watch longer, such as
    /// 9223372036854775783 (the largest prime below 2^63).
    #[arg(long, default_value_t = BOOK_PRIME, value_parser = parse_number, allow_negative_numbers = true)]
    pub number: u64,
    /// The text next to the spinner.
    #[arg(long, default_value = DEFAULT_MESSAGE)]
    pub message: String,
}

/// Parses the command line into `A`, as `A::parse()` does (usage errors exit 2), except
/// that `--version` names the binary rather than this crate.
pub fn parse<A: Parser>() -> A {
    let name = std::env::args_os().next().and_then(|arg0| {
        Some(
            std::path::Path::new(&arg0)
                .file_name()?
                .to_str()?
                .to_string(),
        )
    });
    let command = A::command().name(name.unwrap_or_else(|| "spinner".into()));
    A::from_arg_matches(&command.get_matches()).unwrap_or_else(|err| err.exit())
}

/// The exit status of a spinner binary, from what its `run` returned: 0 when it went
/// well; 141 and not a word when stdout was closed under it (`| head -1`), as a shell
/// reports a tool killed by SIGPIPE; otherwise the error on stderr and 1.
pub fn exit_status(result: anyhow::Result<()>) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::SUCCESS;
    };
    let closed = err
        .downcast_ref::<io::Error>()
        .is_some_and(|err| err.kind() == io::ErrorKind::BrokenPipe);
    if closed {
        return ExitCode::from(EXIT_OUTPUT_CLOSED);
    }
    eprintln!("error: {err:#}");
    ExitCode::FAILURE
}

/// The exit status when stdout was closed under the program: 128 + SIGPIPE.
pub const EXIT_OUTPUT_CLOSED: u8 = 141;

fn parse_number(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a whole number from 0 to {}", u64::MAX))
}

/// The terminal the spinner draws on.
///
/// When stdout is a terminal, [`Terminal::open`] hides the cursor, and it is shown again
/// when the `Terminal` is dropped, or on Ctrl-C or SIGTERM, which exit with the status a
/// shell shows for them (130, 143) and leave no frame on the screen. When stdout
/// is not a terminal (a pipe, a file), the frames go nowhere: a script reading the output
/// gets the `spinner object:` and answer lines only.
#[derive(Debug)]
pub struct Terminal {
    is_tty: bool,
}

impl Terminal {
    /// Hides the cursor if stdout is a terminal, and handles Ctrl-C and SIGTERM.
    ///
    /// Call it once per process.
    pub fn open() -> io::Result<Self> {
        let is_tty = io::stdout().is_terminal();
        // signal-hook's handler only writes to a pipe; this thread reads it, and may lock.
        let mut signals = Signals::new([SIGINT, SIGTERM])?;
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Keep stdout locked until exit, so no frame is drawn after the cleanup.
                    let mut stdout = io::stdout().lock();
                    if is_tty {
                        // Exiting anyway: a failed write changes nothing.
                        let _ = write!(stdout, "\r{CLEAR_LINE}{SHOW_CURSOR}")
                            .and_then(|()| stdout.flush());
                    }
                    process::exit(128 + signal); // 130 for SIGINT, 143 for SIGTERM
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> Result<Duration, clap::Error> {
        Args::try_parse_from(["spinner", "--seconds", text]).map(|args| args.seconds)
    }

    #[test]
    fn seconds_take_fractions_and_units_and_reject_nonsense() {
        assert_eq!(seconds("3").unwrap(), Duration::from_secs(3));
        assert_eq!(seconds("0.25").unwrap(), Duration::from_millis(250));
        assert_eq!(seconds("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(seconds("1m 30s").unwrap(), Duration::from_secs(90));
        assert_eq!(seconds("0").unwrap(), Duration::ZERO);
        for bad in ["-1", "inf", "NaN", "soon", "3 parsecs", ""] {
            let err = seconds(bad).expect_err(bad);
            assert_eq!(
                err.kind(),
                clap::error::ErrorKind::ValueValidation,
                "{bad}: {err}"
            );
        }
        assert!(
            parse_number("-1")
                .unwrap_err()
                .contains("whole number from 0")
        );
        assert_eq!(parse_number("7"), Ok(7));
    }

    #[test]
    fn negative_numbers_get_the_options_own_message() {
        let err = seconds("-1").unwrap_err();
        assert!(err.to_string().contains("cannot be negative"), "{err}");
        let err = seconds("soon").unwrap_err();
        assert!(err.to_string().contains("like 3.1, or a unit"), "{err}");
        let err = PrimeArgs::try_parse_from(["spinner", "--number", "-1"]).unwrap_err();
        assert!(err.to_string().contains("not a whole number"), "{err}");
    }

    #[test]
    fn a_closed_stdout_ends_quietly_and_other_errors_say_why() {
        assert_eq!(exit_status(Ok(())), ExitCode::SUCCESS);
        let closed = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(exit_status(Err(closed)), ExitCode::from(141));
        let other = anyhow::anyhow!("the terminal went away");
        assert_eq!(exit_status(Err(other)), ExitCode::FAILURE);
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
