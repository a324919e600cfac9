//! The servers' console: one line per event, as the book's `print` calls ([`say!`]).
//!
//! [`say!`]: crate::say

use std::io::Write;

/// Prints `line` on stdout. A server must not die because nobody reads its console
/// (`tcp_mojifinder | head -3`), so a failed write is dropped, never a panic.
#[doc(hidden)]
pub fn print_line(line: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// `say!("...", args)`: prints a line on the console like `println!`, but a closed stdout
/// is ignored instead of a panic.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::console::print_line(format_args!($($arg)*))
    };
}
