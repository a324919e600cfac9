//! What the integration tests share: the strategies under test, in-process servers
//! (the flag server, and raw ones that misbehave), and checks on files and logs.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use std::collections::BTreeMap;
use std::path::Path;

use flags_common::{Counter, DownloadMany, Job, safe_file_name};
use flags_server::{Config, FlagServer, FlagStore, Served};

/// A flags2-style strategy of this crate, and how it names the file of a code.
pub struct Strategy {
    pub name: &'static str,
    pub download_many: DownloadMany,
    pub file_name: fn(&str) -> String,
}

pub const STRATEGIES: [Strategy; 3] = [
    Strategy {
        name: "flags2",
        download_many: flags_async::flags2::download_many,
        file_name: cc_file_name,
    },
    Strategy {
        name: "executor",
        download_many: flags_async::executor::download_many,
        file_name: cc_file_name,
    },
    Strategy {
        name: "flags3",
        download_many: flags_async::flags3::download_many,
        file_name: country_file_name,
    },
];

fn cc_file_name(cc: &str) -> String {
    format!("{cc}.gif")
}

fn country_file_name(cc: &str) -> String {
    let country = flags_common::country(cc).expect("a code of the real set");
    format!("{}.gif", safe_file_name(country.country, cc))
}

/// Starts a flag server on a free port of 127.0.0.1.
pub fn start(config: Config) -> FlagServer {
    FlagServer::start(config).expect("the test server starts")
}

/// Every code from AA to ZZ, as `-e` gives them.
pub fn every_code() -> Vec<String> {
    let a_z = || 'A'..='Z';
    a_z()
        .flat_map(|a| a_z().map(move |b| format!("{a}{b}")))
        .collect()
}

/// The 194 codes of the real set, as `-a` gives them.
pub fn all_codes() -> Vec<String> {
    flags_common::country_codes().map(String::from).collect()
}

/// A job on `server`, saving into `dest`.
pub fn job(codes: &[String], base_url: &str, dest: &Path) -> Job {
    Job::new(codes.iter().cloned(), base_url, dest)
}

/// Checks that `dest` holds exactly the flags of `codes` that the server has, each
/// byte-identical to what it served, and nothing else (no temporary file).
pub fn assert_flags_saved(strategy: &Strategy, codes: &[String], dest: &Path) {
    let store = FlagStore::embedded();
    let mut expected = BTreeMap::new();
    for cc in codes {
        if let Some(flag) = store.get(&cc.to_ascii_lowercase()) {
            expected.insert((strategy.file_name)(cc), flag.gif);
        }
    }
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dest).expect("dest exists") {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().expect("a UTF-8 name");
        found.insert(name, std::fs::read(entry.path()).unwrap());
    }
    let (want, got): (Vec<_>, Vec<_>) = (expected.keys().collect(), found.keys().collect());
    assert_eq!(got, want, "{}: the files saved", strategy.name);
    for (name, gif) in &expected {
        assert!(
            found[name] == gif[..],
            "{}: {name} differs from what was served",
            strategy.name
        );
    }
}

/// The counter a run must report, derived from what the server answered: a code is Ok
/// when each of its requests got 200, NotFound when one got 404, Error when one got any
/// other status. Each code's requests are judged on their own.
pub fn counter_from_log(log: &[Served]) -> Counter {
    let mut per_code: BTreeMap<String, Vec<u16>> = BTreeMap::new();
    for served in log {
        let cc = served
            .path
            .split('/')
            .nth(2)
            .expect("/flags/{cc}/...")
            .to_string();
        per_code.entry(cc).or_default().push(served.status);
    }
    let mut counter = Counter::default();
    for statuses in per_code.values() {
        counter.add(match statuses.iter().find(|&&status| status != 200) {
            None => flags_common::DownloadStatus::Ok,
            Some(404) => flags_common::DownloadStatus::NotFound,
            Some(_) => flags_common::DownloadStatus::Error,
        });
    }
    counter
}

// Servers that misbehave on purpose are shared with the other downloader crates.
#[allow(unused_imports)] // each test file uses its own part of these helpers
pub use flags_server::peak_in_flight;
#[allow(unused_imports)] // each test file uses its own part of these helpers
pub use flags_testkit::{cut_short_url as short_body_base_url, refused_url as refused_base_url};
