//! gevent's concurrent `gethostbyname`: looks names up all at once with `lookup_host`, each
//! within two seconds (gevent: `joinall(jobs, timeout=2)`).
//!
//! Watch for: results in the order asked, each an address list, an error, or "no answer
//! within 2s"; the whole run takes at most two seconds, however many names. Without a network,
//! only names like `localhost` resolve.
//!
//! ```text
//! cargo run -p async-tour --example lookup_many
//! cargo run -p async-tour --example lookup_many -- localhost www.python.org example.com
//! ```

use std::io::Write;
use std::time::Duration;

use async_tour::lookup_many::{Args, lookup_many};
use clap::Parser;

#[tokio::main]
async fn main() {
    // clap, not `std::env::args()`, which panics on a name that is not UTF-8: exit 2 instead.
    let Args { mut names } = Args::parse();
    if names.is_empty() {
        // The book's names, plus one that resolves without a network.
        names = [
            "localhost",
            "www.google.com",
            "www.example.com",
            "www.python.org",
        ]
        .map(String::from)
        .to_vec();
    }
    let results = lookup_many(&names, Duration::from_secs(2)).await;
    let mut out = std::io::stdout().lock();
    for (name, result) in names.iter().zip(results) {
        let written = match result {
            Ok(addrs) => writeln!(out, "{name:>20}: {addrs:?}"),
            Err(e) => writeln!(out, "{name:>20}: {e}"),
        };
        if written.is_err() {
            return; // stdout closed (`| head -1`): nobody is left to tell
        }
    }
}
