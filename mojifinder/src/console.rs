//! The servers' console: one line per event, as the book's `print` calls ([`say!`]).
//!
//! [`say!`]: crate::say

use std::io::Write;

/// Prints `line` on stdout. A server must not die because nobody reads its console
/// (`tcp_mojifinder | head -3`), so a failed write is dropped, never a panic. Like the
/// book's `print`, the write blocks: fine for a console someone reads.
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

/// `text` quoted as Python's `repr` quotes a string, so lines read like the book's: in
/// single quotes, or in double quotes when it holds a single quote and no double quote;
/// backslashes, line ends, tabs and other control characters escaped (`'\x03'`).
pub fn py_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
