//! The workspace's test kit: a process runner under a hang guard, command-line checks,
//! misbehaving servers, the fault table, and the suites every flags downloader runs.
//!
//! The integration tests of every crate share these helpers instead of each keeping a
//! copy: [`process`] and [`cli`] serve them all; [`strategies`] holds the library tests
//! of every `download_many`, and the [`suite`] the tests of every flags2/flags3 binary, as
//! functions taking a binary's path, since `env!("CARGO_BIN_EXE_<name>")` only exists in
//! the crate that owns the binary:
//!
//! ```no_run
//! use flags_testkit::suite::{self, Binary};
//!
//! // In the tests of flags-seq: Binary::flags2(env!("CARGO_BIN_EXE_flags2_sequential")).
//! let flags2 = Binary::flags2("target/debug/flags2_sequential");
//! suite::every_fault_is_a_counted_error(&flags2);
//! ```
//!
//! [`suite_tests!`] declares one `#[test]` per function of the suite for a binary.
//!
//! Every wait in here is bounded: a binary that outlives its hang guard is killed and the
//! test fails, a server that never logs what a test waits for fails the test.

#[cfg(feature = "browser")]
pub mod browser;
pub mod cli;
pub mod faults;
pub mod files;
pub mod process;
pub mod report;
pub mod servers;
pub mod strategies;
pub mod suite;
pub mod transcript;

pub use cli::{assert_help_and_version, assert_refused, assert_usage_error};
pub use faults::{FaultCase, every_fault};
pub use files::{
    Naming, all_codes, assert_saved_exactly, assert_saved_exactly_as, assert_whole_flags,
    file_names,
};
pub use process::{
    EXIT_OUTPUT_CLOSED, HANG_GUARD, Running, assert_ends, assert_quiet_with_closed_stdout,
    children_of, has_ended, run, run_command, run_with_closed_stdout, run_with_env, stderr, stdout,
    wait_until,
};
pub use report::{Outcome, Report};
pub use servers::{
    Gate, Held, Hostile, closed_url, cut_short_url, delayed, erratic, faulty, gated_url,
    gated_urls, held_url, hostile_url, local, refused_url, slow_code, start,
};
pub use strategies::{Strategy, counter};
pub use transcript::Transcript;
