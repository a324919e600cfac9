//! The simple examples (`flags`, `flags_threadpool`, `flags_threadpool_futures`,
//! `flags_threadpool_ac`, `flags_asyncio`, `flags_await`), whose only options are
//! `--server` and `--dest`: stdout closed, SIGTERM, and nobody listening.

use std::time::Duration;

use flags_server::Config;

use crate::files::{Naming, assert_whole_flags};
use crate::process::{
    EXIT_OUTPUT_CLOSED, Running, assert_quiet_with_closed_stdout, run, stderr, wait_until,
};
use crate::servers::{local, refused_url, start};

/// A simple example with stdout closed: it ends at its first write, quietly, with 141,
/// leaving only whole flags.
pub fn simple_binary_with_closed_stdout(path: &str) {
    let server = local();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let argv = ["--server", &server.base_url(), "--dest", dest];
    assert_quiet_with_closed_stdout(path, &argv, EXIT_OUTPUT_CLOSED);
    let pop20: Vec<&str> = flags_common::POP20_CC.to_vec();
    assert_whole_flags(dir.path(), Naming::Code, &pop20);
}

/// A simple example sent SIGTERM mid-run: 143, `Terminated.` on stderr, only whole flags.
pub fn simple_binary_sigterm(path: &str) {
    // Every code 100 ms, and VN, the last, 10 s: whatever the concurrency, the run is
    // still going when the first answer has been served.
    let config = Config::default()
        .with_delay(flags_server::Delay::Fixed(Duration::from_millis(100)))
        .with_code_delay("VN", Duration::from_secs(10));
    let server = start(config);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let running = Running::spawn(path, &["--server", &server.base_url(), "--dest", dest]);
    wait_until(
        &format!("{path}: a first answer"),
        Duration::from_secs(10),
        || !server.log().is_empty(),
    );
    running.terminate();
    let output = running.wait(Duration::from_secs(10));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(143), "{path}: {err}");
    assert!(err.contains("Terminated."), "{path}: {err}");
    assert!(!err.contains("panicked"), "{path}: {err}");
    let pop20: Vec<&str> = flags_common::POP20_CC.to_vec();
    assert_whole_flags(dir.path(), Naming::Code, &pop20);
}

/// A simple example against a server where nobody listens: the first error ends the run,
/// with exit status 1 and the error on stderr.
pub fn simple_binary_stops_at_a_refused_connection(path: &str) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().to_str().expect("a UTF-8 temporary path");
    let output = run(path, &["--server", &refused_url(), "--dest", dest]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{path}: {err}");
    assert!(err.contains("error: connection refused"), "{path}: {err}");
}
