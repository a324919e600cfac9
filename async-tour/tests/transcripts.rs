//! What the examples print, as a reader runs them: each `tests/transcripts/*.toml` holds
//! one run (arguments, exit status, stdout, stderr), checked by trycmd. `[..]` stands for
//! part of a line that varies (a time, a port), `...` for lines that vary.
//!
//! The examples are not binaries of the crate, so cargo names no path for them: they are
//! found where `cargo test -p async-tour` builds them, beside this test's own executable.
//! After a deliberate change of output, re-record and read the diff before committing:
//! `cargo build -p async-tour --examples && TRYCMD=overwrite cargo test -p async-tour --test transcripts`

use std::path::PathBuf;
use std::time::Duration;

const EXAMPLES: [&str; 16] = [
    "as_completed",
    "countdown",
    "debug",
    "future",
    "gather",
    "lock",
    "lookup_many",
    "queue",
    "run_forever",
    "run_until_complete",
    "semaphore",
    "static_server",
    "tasks",
    "three_stages",
    "transport",
    "wrap_future",
];

/// Where cargo put the example `name`: `target/debug/examples/`, two levels above this
/// test (`target/debug/deps/transcripts-*`).
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test runs from target/<profile>/deps");
    let path = debug
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: `cargo test -p async-tour` builds the examples \
         (`--test transcripts` alone does not; run `cargo build -p async-tour --examples`)",
        path.display()
    );
    path
}

#[test]
fn transcripts() {
    // trycmd runs the cases on rayon's global pool, one thread per core by default. The
    // examples mostly sleep, so all of them at once take as long as the longest, not the
    // sum over two cores. Had the pool been built already, the cases would still all run,
    // only later: nothing to fail on.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(EXAMPLES.len())
        .build_global();
    let cases = trycmd::TestCases::new();
    for name in EXAMPLES {
        cases.register_bin(name, example(name));
    }
    // A hang guard far beyond any run here (the longest, queue, takes about 5 s).
    cases
        .timeout(Duration::from_secs(60))
        .case("tests/transcripts/*.toml");
}
