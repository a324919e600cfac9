//! `charfinder.py` (1st edition, ch. 18) as a command-line search: the 2nd edition's
//! `charindex` with the 1st edition's output.
//!
//! ```text
//! cargo run -p mojifinder --bin charfinder -- rook
//! cargo run -p mojifinder --bin charfinder -- "jabberwocky's vest"
//! cargo run -p mojifinder --bin charfinder -- --word-report 10
//! ```
//!
//! Watch for: the status line in parentheses, `(2 matches for 'rook')`, and quoted as
//! Python quotes it (`(No match for "jabberwocky's vest")`); words are runs of letters
//! and digits, so the apostrophe splits `jabberwocky's` in two. `--word-report` lists the
//! most common words of the names, led by `CJK`, `IDEOGRAPH` and `UNIFIED`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use mojifinder::charfinder::UnicodeNameIndex;

/// Find Unicode characters by the words of their names (Fluent Python 1e, charfinder.py).
#[derive(Debug, Parser)]
#[command(name = "charfinder", version, about)]
struct Args {
    /// Words to look for, like `white bishop`: a character is found when its name has them all.
    #[arg(required_unless_present = "word_report")]
    words: Vec<String>,

    /// Instead of searching, list the N words found in the most names, with their counts.
    #[arg(long, value_name = "N")]
    word_report: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let index = UnicodeNameIndex::new();
    let printed = (|| {
        let mut out = io::stdout().lock();
        if let Some(top) = args.word_report {
            for (postings, word) in index.word_rank(Some(top)) {
                writeln!(out, "{postings:5} {word}")?;
            }
        } else {
            let query = args.words.join(" ");
            let mut n = 0;
            for line in index.find_description_strs(&query) {
                writeln!(out, "{line}")?;
                n += 1;
            }
            writeln!(out, "({})", UnicodeNameIndex::status(&query, n))?;
        }
        out.flush()
    })();
    match printed {
        // `charfinder letter | head` closes the pipe early: that is a normal end.
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}
