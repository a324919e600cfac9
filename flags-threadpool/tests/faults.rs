//! flags2_threadpool, flags2_rayon and flags3_threadpool on their bad days, through the suite of
//! `flags-testkit`: every fault of the flag server, the server stopped mid-run, Ctrl-C,
//! destinations that cannot be written, and every rejected command line.

use flags_testkit::suite::Binary;

flags_testkit::suite_tests!(
    flags2_threadpool,
    Binary::flags2(env!("CARGO_BIN_EXE_flags2_threadpool"))
);

flags_testkit::suite_tests!(
    flags2_rayon,
    Binary::flags2(env!("CARGO_BIN_EXE_flags2_rayon"))
);

flags_testkit::suite_tests!(
    flags3_threadpool,
    Binary::flags3(env!("CARGO_BIN_EXE_flags3_threadpool"))
);
