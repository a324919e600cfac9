//! flags2_sequential on its bad days, through the suite of `flags-testkit`: every fault
//! of the flag server, the server stopped mid-run, Ctrl-C, destinations that cannot be
//! written, and every rejected command line.

use flags_testkit::suite::Binary;

flags_testkit::suite_tests!(
    flags2_sequential,
    Binary::flags2(env!("CARGO_BIN_EXE_flags2_sequential"))
);
