//! Recorded runs of the kit's own program, `site_page` (the companion site's browser
//! check): what it says before the site is built, and to a bad command line.

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        .register_bin(
            "site_page",
            flags_testkit::transcript::example("flags-testkit", "site_page"),
        )
        .case("tests/transcripts/*.toml");
}
