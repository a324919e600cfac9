//! The simple `flags_asyncio` as a library: the 20 flags gathered, and the first error
//! ending the run.

mod common;

use std::time::Duration;

use flags_common::{FetchError, Job, POP20_CC};
use flags_server::Config;
use flags_testkit::start;

#[test]
fn downloads_the_20_flags() {
    let server = start(Config::default());
    let dir = tempfile::tempdir().unwrap();
    let job = Job::new(POP20_CC, &server.base_url(), dir.path());
    assert_eq!(flags_async::flags_asyncio::download_many(&job).unwrap(), 20);
    let codes: Vec<String> = POP20_CC.iter().map(|cc| cc.to_string()).collect();
    common::assert_flags_saved(&common::STRATEGIES[0], &codes, dir.path());
    assert_eq!(server.log().len(), 20, "one request per flag");
}

#[test]
fn every_download_starts_at_once() {
    let delay = flags_server::Delay::Fixed(Duration::from_millis(100));
    let server = start(Config::default().with_delay(delay));
    let dir = tempfile::tempdir().unwrap();
    let job = Job::new(POP20_CC, &server.base_url(), dir.path());
    assert_eq!(flags_async::flags_asyncio::download_many(&job).unwrap(), 20);
    assert_eq!(flags_server::peak_in_flight(&server.log()), 20);
}

#[test]
fn the_first_error_ends_the_run() {
    let server = start(Config::default().with_error_rate(1.0));
    let dir = tempfile::tempdir().unwrap();
    let job = Job::new(POP20_CC, &server.base_url(), dir.path());
    let err = flags_async::flags_asyncio::download_many(&job).unwrap_err();
    assert!(matches!(err, FetchError::Http { status: 418 }), "{err:?}");

    let job = Job::new(POP20_CC, &flags_testkit::refused_url(), dir.path());
    let err = flags_async::flags_asyncio::download_many(&job).unwrap_err();
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
