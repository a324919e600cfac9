//! `charindex.py` (2nd edition, ch. 21) as a command-line search: every word given must be
//! in a character's name.
//!
//! ```text
//! cargo run -p mojifinder --bin charindex -- cat face
//! cargo run -p mojifinder --bin charindex -- chess black
//! ```
//!
//! Watch for: one line per character (`U+1F638  😸  GRINNING CAT FACE WITH SMILING EYES`),
//! in code point order, then a rule and the count; a word no name has finds nothing
//! (`0 found`). Hyphens split words, case does not matter. The 1st edition's spelling of
//! the same tool is `--bin charfinder`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use mojifinder::charindex::{InvertedIndex, format_results, status_line};

/// Find Unicode characters by the words of their names (Fluent Python 2e, charindex.py).
#[derive(Debug, Parser)]
#[command(name = "charindex", version, about)]
struct Args {
    /// Words to look for, like `cat face`: a character is found when its name has them all.
    words: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.words.is_empty() {
        eprintln!("Please give one or more words to search.");
        return ExitCode::from(2); // command-line usage error, as in the book
    }
    let index = InvertedIndex::new();
    let chars = index.search(&args.words.join(" "));
    let printed = (|| {
        let mut out = io::stdout().lock();
        for line in format_results(&chars) {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "{}", status_line(chars.len()))?;
        out.flush()
    })();
    match printed {
        // `charindex letter | head` closes the pipe early: that is a normal end.
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}
