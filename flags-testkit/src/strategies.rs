//! The tests every flags2-style `download_many` runs, as a library: the sequential, the
//! thread-pool and the async twins share one signature ([`DownloadMany`]), so each test is
//! written once here and called from the tests of each crate, for each of its strategies.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use flags_common::{Counter, DownloadMany, DownloadStatus, Job};
use flags_server::Served;

use crate::files::{Naming, assert_whole_flags, file_names};
use crate::process::{HANG_GUARD, wait_until};
use crate::servers::{cut_short_url, delayed, erratic, held_url, local, refused_url};

/// A `download_many` under test, named for messages.
#[derive(Debug, Clone, Copy)]
pub struct Strategy {
    /// Its name in messages: `flags2`, `rayon`, `executor`...
    pub name: &'static str,
    /// The function a reader's binary calls.
    pub download_many: DownloadMany,
    /// How it names the files it saves.
    pub naming: Naming,
}

impl Strategy {
    /// A flags2 strategy: saves `{CC}.gif`.
    pub const fn flags2(name: &'static str, download_many: DownloadMany) -> Strategy {
        Strategy {
            name,
            download_many,
            naming: Naming::Code,
        }
    }

    /// A flags3 strategy: saves `{Country}.gif`.
    pub const fn flags3(name: &'static str, download_many: DownloadMany) -> Strategy {
        Strategy {
            name,
            download_many,
            naming: Naming::Country,
        }
    }
}

/// The counter of a run that found `ok` flags, `not_found` unknown codes, and `error` errors.
pub fn counter(ok: usize, not_found: usize, error: usize) -> Counter {
    Counter {
        ok,
        not_found,
        error,
    }
}

/// Every code from AA to ZZ, as `-e` gives them.
pub fn every_code() -> Vec<String> {
    flags_common::expand_cc_args(true, false, &[])
}

/// The counter a run must report, from what the server answered: a code is OK when each
/// of its requests got 200, not found when one got 404, an error when one got any other
/// status. Each code's requests are judged on their own.
pub fn counter_from_log(log: &[Served]) -> Counter {
    let mut per_code: BTreeMap<&str, Vec<u16>> = BTreeMap::new();
    for served in log {
        let cc = served.path.split('/').nth(2).expect("/flags/{cc}/...");
        per_code.entry(cc).or_default().push(served.status);
    }
    let mut counter = Counter::default();
    for statuses in per_code.values() {
        counter.add(match statuses.iter().find(|&&status| status != 200) {
            None => DownloadStatus::Ok,
            Some(404) => DownloadStatus::NotFound,
            Some(_) => DownloadStatus::Error,
        });
    }
    counter
}

/// The 78 codes from AA to CZ, known and unknown, against a server that answers a seeded
/// quarter of its requests with 418: every code is counted once, as exactly what the
/// server answered for it (an error never leaks into the downloads that complete after
/// it, the book's flags3 bug), and only the flags counted OK are saved, whole. Returns the
/// counter: the server decides per path, so every strategy gets the same one.
pub fn errors_and_not_found_are_told_apart(strategy: &Strategy, concur_req: usize) -> Counter {
    let name = strategy.name;
    let codes: Vec<String> = every_code().into_iter().take(78).collect();
    let server = erratic(0.25);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let job =
        Job::new(codes.iter().cloned(), &server.base_url(), dir.path()).with_concur_req(concur_req);
    let got = (strategy.download_many)(&job);
    assert_eq!(got.total(), codes.len(), "{name}: every code counted once");
    assert!(
        got.ok > 0 && got.not_found > 0 && got.error > 0,
        "{name}: {got:?}"
    );
    assert_eq!(
        got,
        counter_from_log(&server.log()),
        "{name}: what was answered"
    );
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    let saved = assert_whole_flags(dir.path(), strategy.naming, &codes);
    assert_eq!(saved.len(), got.ok, "{name}: a file for each flag counted");
    got
}

/// The server stops with requests in flight (held, unanswered, until then): those are
/// cut off, the later ones find nobody; every code is an error, nothing is saved, and
/// the run ends without waiting for its timeout.
pub fn a_server_stopped_mid_run(strategy: &Strategy, concur_req: usize) {
    let name = strategy.name;
    let codes = ["BR", "CN", "DE", "FR", "IN", "US"];
    let (base_url, server) = held_url();
    let dir = tempfile::tempdir().expect("a temporary folder");
    // A timeout far longer than the test: only the stop may end these requests.
    let job = Job::new(codes, &base_url, dir.path())
        .with_concur_req(concur_req)
        .with_timeout(Duration::from_secs(60));
    let got = std::thread::scope(|scope| {
        scope.spawn(|| {
            server.wait_for_requests(1);
            server.stop();
        });
        (strategy.download_many)(&job)
    });
    assert_eq!(got, counter(0, 0, codes.len()), "{name}");
    assert!(
        file_names(dir.path()).is_empty(),
        "{name}: {:?}",
        file_names(dir.path())
    );
}

/// A server slower than the timeout (300 ms against 100 ms): every request reaches it,
/// none is answered in time, every code is an error, nothing is saved.
pub fn a_slow_server_is_an_error_per_code(strategy: &Strategy, concur_req: usize) {
    let name = strategy.name;
    let codes = ["BR", "CN", "FR", "US"];
    let server = delayed(Duration::from_millis(300));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let job = Job::new(codes, &server.base_url(), dir.path())
        .with_concur_req(concur_req)
        .with_timeout(Duration::from_millis(100));
    assert_eq!((strategy.download_many)(&job), counter(0, 0, 4), "{name}");
    assert!(file_names(dir.path()).is_empty(), "{name}: nothing saved");
    // The server logs a request once its delay is over, after the client left: each
    // code was asked for, so each error is the wait, not a request never made.
    let asked = || server.log().len() == codes.len();
    wait_until(&format!("{name}: every code asked for"), HANG_GUARD, asked);
}

/// Nobody listening: every code is an error. The timeout is minutes long: only a
/// connection refused on the spot keeps the test short.
pub fn nobody_listening_is_an_error_per_code(strategy: &Strategy, concur_req: usize) {
    let name = strategy.name;
    let codes = flags_common::POP20_CC;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let job = Job::new(codes, &refused_url(), dir.path())
        .with_concur_req(concur_req)
        .with_timeout(HANG_GUARD * 10);
    assert_eq!(
        (strategy.download_many)(&job),
        counter(0, 0, codes.len()),
        "{name}"
    );
}

/// A body shorter than its `Content-Length`: an error, and no file, not even a part.
pub fn a_body_cut_short_saves_nothing(strategy: &Strategy, concur_req: usize) {
    let name = strategy.name;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let job = Job::new(["BR", "CN"], &cut_short_url(), dir.path()).with_concur_req(concur_req);
    assert_eq!((strategy.download_many)(&job), counter(0, 0, 2), "{name}");
    assert!(
        file_names(dir.path()).is_empty(),
        "{name}: {:?}",
        file_names(dir.path())
    );
}

/// A destination nobody may create (a folder in `/proc`, refused even to root): each
/// flag is an error of its own, and an unknown code is still not found.
pub fn an_unwritable_destination_is_an_error_per_flag(strategy: &Strategy, concur_req: usize) {
    let name = strategy.name;
    let server = local();
    let dest = Path::new("/proc/flags-testkit-destination");
    let job =
        Job::new(["BR", "CN", "US", "ZZ"], &server.base_url(), dest).with_concur_req(concur_req);
    // Every save fails on its own: none is lost, not even one left to another thread.
    assert_eq!((strategy.download_many)(&job), counter(0, 1, 3), "{name}");
}
