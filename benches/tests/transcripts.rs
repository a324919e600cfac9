//! The recorded run of `bench_charts` (the benches' chart maker) before any bench ran.
//! The charts themselves are checked in `tests/bench_charts.rs`, from saved results the
//! test writes.

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        .register_bin(
            "bench_charts",
            std::path::Path::new(env!("CARGO_BIN_EXE_bench_charts")),
        )
        .case("tests/transcripts/*.toml");
}
