//! What executors's binaries print, as a reader runs them: each `tests/transcripts/*.toml`
//! holds one run (arguments, exit status, stdout, stderr), checked by trycmd. `[..]`
//! stands for part of a line that varies, `...` for lines that vary.
//!
//! After a deliberate change of output, re-record and read the diff before committing:
//! `TRYCMD=overwrite cargo test -p executors --test transcripts`

use std::time::Duration;

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        // A hang guard far beyond any run here (each takes well under a second).
        .timeout(Duration::from_secs(30))
        .case("tests/transcripts/*.toml");
}
