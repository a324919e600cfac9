//! Every command line a flags2 binary must refuse, and how it refuses.

use std::path::Path;

use super::Binary;
use crate::cli::assert_usage_error;

/// Every argument the flags2 command line rejects, and what the message must say.
pub const BAD_COMMAND_LINES: [(&[&str], &str); 15] = [
    (&["B1"], "AA to ZZ"),
    (&["ABC"], "AA to ZZ"),
    (&["-m", "0"], "at least 1"),
    (&["-m", "-1"], "at least 1"),
    (&["-m", "many"], "whole number"),
    (&["-l", "0"], "at least 1"),
    (&["-l", "x"], "whole number"),
    (&["-s", "NOWHERE"], "LOCAL, DELAY, ERROR, REMOTE"),
    (&["-s", "ftp://example.com/flags"], "only http and https"),
    (&["--timeout", "-1"], "more than 0"),
    (&["--timeout", "0"], "more than 0"),
    (&["--timeout", "soon"], "number of seconds"),
    (&["-a", "-e"], "cannot be used with"),
    (&["-a", "BR"], "cannot be used with"),
    (&["--bogus"], "unexpected argument"),
];

/// Each bad command line of [`BAD_COMMAND_LINES`]: exit status 2, the reason and a
/// `Usage:` line on stderr, nothing on stdout, nothing created.
pub fn bad_command_lines(bin: &Binary) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("never");
    let dest = dest.to_str().expect("a UTF-8 temporary path");
    for (bad, says) in BAD_COMMAND_LINES {
        let mut argv = vec!["--dest", dest];
        argv.extend_from_slice(bad);
        assert_usage_error(bin.path, &argv, says);
        let what = format!("{} {}", bin.name(), bad.join(" "));
        assert!(!Path::new(dest).exists(), "{what}: nothing is created");
    }
}
