//! What the integration tests share beyond the kit: the strategies under test, and a job
//! on a list of codes.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use std::path::Path;

use flags_common::Job;
use flags_testkit::Strategy;

pub const STRATEGIES: [Strategy; 3] = [
    Strategy::flags2("flags2", flags_async::flags2::download_many),
    Strategy::flags2("executor", flags_async::executor::download_many),
    Strategy::flags3("flags3", flags_async::flags3::download_many),
];

/// The 194 codes of the real set, as `-a` gives them.
pub fn all_codes() -> Vec<String> {
    flags_common::country_codes().map(String::from).collect()
}

/// A job on `server`, saving into `dest`.
pub fn job(codes: &[String], base_url: &str, dest: &Path) -> Job {
    Job::new(codes.iter().cloned(), base_url, dest)
}

/// Checks that `dest` holds exactly the flags of `codes` that the server has, under the
/// names `strategy` gives them, each byte-identical to what it served, and nothing else.
pub fn assert_flags_saved(strategy: &Strategy, codes: &[String], dest: &Path) {
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    flags_testkit::assert_saved_exactly_as(dest, strategy.naming, &codes);
}
