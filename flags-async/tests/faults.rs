//! flags2_asyncio, flags2_asyncio_executor and flags3_asyncio on their bad days, through
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
