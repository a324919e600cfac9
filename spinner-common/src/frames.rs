//! How each edition of the book draws its spinner: the same four bars, in a different
//! order, and a different way back to the start of the line.
//!
//! - 1st edition (`fluentpython/example-code`, `18-asyncio/spinner_*.py`):
//!   `itertools.cycle('|/-\\')`; each frame is written, flushed, then followed by one
//!   backspace (`\x08`) per character, and the line is cleared with blanks then
//!   backspaces.
//! - 2nd edition (`fluentpython/example-code-2e`, `19-concurrency/spinner_*.py`):
//!   `itertools.cycle(r'\|/-')`; each frame starts with `\r`, and the line is cleared with
//!   `\r`, blanks, `\r`.

use std::io::{self, Write};
use std::time::Duration;

/// How long each frame stays on screen (the book's `.1`, in both editions).
pub const FRAME_INTERVAL: Duration = Duration::from_millis(100);

/// Which edition of *Fluent Python* a spinner draws like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    /// The 1st edition (2015): backspaces.
    First,
    /// The 2nd edition (2022): carriage returns.
    Second,
}

impl Edition {
    /// The frames, in the order the edition draws them.
    pub const fn frames(self) -> [char; 4] {
        match self {
            Edition::First => ['|', '/', '-', '\\'],
            Edition::Second => ['\\', '|', '/', '-'],
        }
    }

    /// Draws `status` (a frame, a space, the message) over the previous one.
    pub fn draw(self, out: &mut impl Write, status: &str) -> io::Result<()> {
        match self {
            Edition::First => {
                write!(out, "{status}")?;
                out.flush()?;
                // Unflushed, like the book's: it goes out with the next frame.
                write!(out, "{}", "\x08".repeat(width(status)))
            }
            Edition::Second => {
                write!(out, "\r{status}")?;
                out.flush()
            }
        }
    }

    /// Wipes the last `status` drawn, leaving the cursor at the start of the line.
    pub fn clear(self, out: &mut impl Write, status: &str) -> io::Result<()> {
        let width = width(status);
        match self {
            Edition::First => write!(out, "{}{}", " ".repeat(width), "\x08".repeat(width))?,
            // The book's `status` holds its leading `\r`, so it writes one blank more.
            Edition::Second => write!(out, "\r{}\r", " ".repeat(width + 1))?,
        }
        out.flush()
    }
}

/// Columns on screen: characters, not bytes.
fn width(status: &str) -> usize {
    status.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(edition: Edition, status: &str) -> (String, String) {
        let (mut draw, mut clear) = (Vec::new(), Vec::new());
        edition.draw(&mut draw, status).unwrap();
        edition.clear(&mut clear, status).unwrap();
        (
            String::from_utf8(draw).unwrap(),
            String::from_utf8(clear).unwrap(),
        )
    }

    #[test]
    fn the_first_edition_backs_up_with_backspaces() {
        assert_eq!(Edition::First.frames(), ['|', '/', '-', '\\']);
        let (draw, clear) = drawn(Edition::First, "| hé");
        assert_eq!(draw, "| hé\x08\x08\x08\x08");
        assert_eq!(clear, "    \x08\x08\x08\x08");
    }

    #[test]
    fn the_second_edition_returns_the_carriage() {
        assert_eq!(Edition::Second.frames(), ['\\', '|', '/', '-']);
        let (draw, clear) = drawn(Edition::Second, "\\ hé");
        assert_eq!(draw, "\r\\ hé");
        assert_eq!(clear, "\r     \r");
    }
}
