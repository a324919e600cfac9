//! flags2_asyncio, flags2_asyncio_executor, flags2_await and flags3_asyncio on their bad days, through
//! the suite of `flags-testkit`: every fault of the flag server, the server stopped
//! mid-run, Ctrl-C, destinations that cannot be written, and every rejected command line.

use flags_testkit::suite::Binary;

flags_testkit::suite_tests!(
    flags2_asyncio,
    Binary::flags2(env!("CARGO_BIN_EXE_flags2_asyncio"))
);

flags_testkit::suite_tests!(
    flags2_asyncio_executor,
    Binary::flags2(env!("CARGO_BIN_EXE_flags2_asyncio_executor"))
);

// flags3 names each file after the country: Brazil.gif.
flags_testkit::suite_tests!(
    flags3_asyncio,
    Binary::flags3(env!("CARGO_BIN_EXE_flags3_asyncio"))
);

/// flags2_await: the suite's checks that do not read the verbose lines, which are the 1st
/// edition's (`*** Error for BR: ...`, tested in tests/binaries.rs), not the suite's.
mod flags2_await {
    use flags_testkit::suite::{self, Binary};

    const BINARY: Binary = Binary::flags2(env!("CARGO_BIN_EXE_flags2_await"));

    #[test]
    fn ctrl_c_mid_run() {
        suite::ctrl_c_mid_run(&BINARY);
    }

    #[test]
    fn sigterm_mid_run() {
        suite::sigterm_mid_run(&BINARY);
    }

    #[test]
    fn closed_stdout_ends_quietly() {
        suite::closed_stdout_ends_quietly(&BINARY);
        suite::closed_stdout_mid_run_ends_quietly(&BINARY);
    }

    #[test]
    fn leftover_partial_files_are_removed() {
        suite::leftover_partial_files_are_removed(&BINARY);
    }

    #[test]
    fn bad_command_lines() {
        suite::bad_command_lines(&BINARY);
    }
}
