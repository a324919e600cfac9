//! Each flags2-style strategy (flags2, executor, flags3) against in-process servers:
//! files and counts, NotFound against Error, timeouts, refused and broken connections,
//! an unwritable destination, the semaphore's bound, and Ctrl-C.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::STRATEGIES;
use flags_server::{Config, Delay};
use flags_testkit::strategies::{self, every_code};
use flags_testkit::{HANG_GUARD, counter, start, wait_until};

#[test]
fn every_code_gives_194_byte_identical_flags_and_482_not_found() {
    let server = start(Config::default());
    let codes = every_code();
    for strategy in &STRATEGIES {
        let dir = tempfile::tempdir().unwrap();
        let job = common::job(&codes, &server.base_url(), dir.path()).with_concur_req(100);
        assert_eq!(
            (strategy.download_many)(&job),
            counter(194, 482, 0),
            "{}",
            strategy.name
        );
        assert_eq!(
            job.counter(),
            counter(194, 482, 0),
            "{}: the shared tally",
            strategy.name
        );
        common::assert_flags_saved(strategy, &codes, dir.path());
    }
}

#[test]
fn all_codes_give_194_flags() {
    let server = start(Config::default());
    let codes = common::all_codes();
    for strategy in &STRATEGIES {
        let dir = tempfile::tempdir().unwrap();
        let job = common::job(&codes, &server.base_url(), dir.path()).with_concur_req(20);
        assert_eq!(
            (strategy.download_many)(&job),
            counter(194, 0, 0),
            "{}",
            strategy.name
        );
        common::assert_flags_saved(strategy, &codes, dir.path());
    }
}

#[test]
fn errors_and_not_found_are_told_apart_code_by_code() {
    for strategy in &STRATEGIES {
        strategies::errors_and_not_found_are_told_apart(strategy, 10);
    }
}

#[test]
fn a_server_slower_than_the_timeout_gives_errors() {
    for strategy in &STRATEGIES {
        strategies::a_slow_server_is_an_error_per_code(strategy, 4);
    }
}

#[test]
fn refused_connections_fail_every_code_without_waiting_for_the_timeout() {
    for strategy in &STRATEGIES {
        strategies::nobody_listening_is_an_error_per_code(strategy, 5);
    }
}

#[test]
fn a_connection_closed_mid_body_is_an_error_and_saves_nothing() {
    for strategy in &STRATEGIES {
        strategies::a_body_cut_short_saves_nothing(strategy, 2);
    }
}

#[test]
fn a_server_stopped_mid_run_ends_the_run_with_the_rest_as_errors() {
    for strategy in &STRATEGIES {
        strategies::a_server_stopped_mid_run(strategy, 2);
    }
}

#[test]
fn a_destination_that_cannot_be_written_counts_every_flag_as_an_error() {
    // The executor version awaits its writes: a failed one is not lost.
    for strategy in &STRATEGIES {
        strategies::an_unwritable_destination_is_an_error_per_flag(strategy, 4);
    }
}

#[test]
fn the_semaphore_caps_the_requests_in_flight() {
    let codes = common::all_codes()[..12].to_vec();
    for concur_req in [1, 4] {
        for strategy in &STRATEGIES {
            let delay = Delay::Fixed(Duration::from_millis(20));
            let server = start(Config::default().with_delay(delay));
            let dir = tempfile::tempdir().unwrap();
            let job =
                common::job(&codes, &server.base_url(), dir.path()).with_concur_req(concur_req);
            assert_eq!((strategy.download_many)(&job), counter(12, 0, 0));
            let peak = flags_server::peak_in_flight(&server.log());
            assert_eq!(
                peak, concur_req,
                "{} with {concur_req} permits",
                strategy.name
            );
        }
    }
}

#[test]
fn ctrl_c_cancels_the_downloads_in_flight_and_returns_what_was_done() {
    let codes = ["BR", "CN", "DE", "FR"].map(String::from);
    for strategy in &STRATEGIES {
        // BR answers at once; the others would take a minute.
        let slow = Duration::from_secs(60);
        let config = Config::default()
            .with_code_delay("CN", slow)
            .with_code_delay("DE", slow)
            .with_code_delay("FR", slow);
        let server = start(config);
        let dir = tempfile::tempdir().unwrap();
        let job = common::job(&codes, &server.base_url(), dir.path())
            .with_concur_req(4)
            .with_timeout(slow * 2);
        let (done, finished) = mpsc::channel();
        let worker_job = job.clone();
        let download_many = strategy.download_many;
        std::thread::spawn(move || done.send(download_many(&worker_job)));
        wait_until("BR counted", HANG_GUARD, || job.counter().ok > 0);
        job.stop.cancel(); // What the Ctrl-C handler of flags_common::main does.
        let got = finished
            .recv_timeout(Duration::from_secs(10))
            .expect("download_many returns long before the slow answers");
        assert_eq!(got, counter(1, 0, 0), "{}", strategy.name);
        assert_eq!(
            flags_testkit::file_names(dir.path()),
            [strategy.naming.file_name("BR")],
            "{}: no partial file",
            strategy.name
        );
    }
}
