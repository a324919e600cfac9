//! What every binary of the workspace owes the reader at its command line: `--help` and
//! `--version` answer on stdout and exit 0; a command line it refuses exits 2, says why
//! on stderr, points to the usage, and prints nothing on stdout.

use std::process::Output;

use crate::process::{run, stderr, stdout};

/// `bin --help` and `bin --version` exit 0; the help shows the usage, the version starts
/// with the binary's own name (`blogdom 0.1.0`, not the crate's). Returns the help.
pub fn assert_help_and_version(bin: &str) -> String {
    let name = bin.rsplit('/').next().unwrap_or(bin);
    let help = run(bin, &["--help"]);
    assert_eq!(help.status.code(), Some(0), "{name} --help: {help:?}");
    let text = stdout(&help);
    assert!(text.contains("Usage:"), "{name} --help: {text}");
    let version = run(bin, &["--version"]);
    assert_eq!(
        version.status.code(),
        Some(0),
        "{name} --version: {version:?}"
    );
    let version = stdout(&version);
    assert!(
        version.starts_with(&format!("{name} ")),
        "{name} --version: {version}"
    );
    text
}

/// `bin args` is refused: exit status 2, a message on stderr that contains `says` and
/// points to the usage (the usage itself, or `--help`), no panic, nothing on stdout.
/// Returns the run.
pub fn assert_refused(bin: &str, args: &[&str], says: &str) -> Output {
    let name = bin.rsplit('/').next().unwrap_or(bin);
    let output = run(bin, args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{name} {args:?}: {err}");
    assert!(
        err.contains(says),
        "{name} {args:?}: {err:?} does not say {says:?}"
    );
    assert!(
        err.contains("Usage:") || err.contains("--help"),
        "{name} {args:?}: no pointer to the usage in {err:?}"
    );
    assert!(!err.contains("panicked"), "{name} {args:?}: {err}");
    assert!(
        output.stdout.is_empty(),
        "{name} {args:?}: {}",
        stdout(&output)
    );
    output
}

/// [`assert_refused`], with the usage itself on stderr (`Usage: ...`).
pub fn assert_usage_error(bin: &str, args: &[&str], says: &str) -> Output {
    let output = assert_refused(bin, args, says);
    let err = stderr(&output);
    assert!(
        err.contains("Usage:"),
        "{bin} {args:?}: no usage line in {err:?}"
    );
    output
}
