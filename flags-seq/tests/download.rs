//! The sequential strategies against an in-process flag server: counts, files, and every
//! kind of failure.

use std::time::Duration;

use flags_common::{FetchError, Job, POP20_CC, expand_cc_args};
use flags_seq::{download_many, download_one, get_flag, new_agent};
use flags_testkit::strategies::{self, Strategy};
use flags_testkit::*;

/// The strategy of this crate, for the tests every flags2 strategy runs.
const SEQUENTIAL: Strategy = Strategy::flags2("sequential", download_many);

#[test]
fn every_code_gives_194_flags_and_482_not_found() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(
        expand_cc_args(true, false, &[]),
        &server.base_url(),
        dest.path(),
    );
    assert_eq!(job.cc_list.len(), 676);
    assert_eq!(download_many(&job), counter(194, 482, 0));
    assert_eq!(
        job.counter(),
        counter(194, 482, 0),
        "the job's tally agrees"
    );
    assert_saved_exactly(dest.path(), &all_codes());
    let log = server.log();
    assert!(
        log.iter().all(|served| served.conn == log[0].conn),
        "one agent per run: a 404 does not cost a new connection"
    );
}

#[test]
fn all_gives_194_flags_in_order_on_one_connection() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(all_codes(), &server.base_url(), dest.path());
    assert_eq!(download_many(&job), counter(194, 0, 0));
    assert_saved_exactly(dest.path(), &all_codes());
    let log = server.log();
    let paths: Vec<String> = log.iter().map(|served| served.path.clone()).collect();
    let expected: Vec<String> = all_codes()
        .iter()
        .map(|cc| {
            let cc = cc.to_ascii_lowercase();
            format!("/flags/{cc}/{cc}.gif")
        })
        .collect();
    assert_eq!(
        paths, expected,
        "one request after another, in sorted order"
    );
    assert!(
        log.iter().all(|served| served.conn == log[0].conn),
        "one agent per run: the connection is kept alive and reused"
    );
}

#[test]
fn not_found_and_errors_add_up_with_a_seeded_error_server() {
    strategies::errors_and_not_found_are_told_apart(&SEQUENTIAL, 1);
}

#[test]
fn a_slow_server_times_out() {
    let server = delayed(Duration::from_millis(300));
    let dest = tempfile::tempdir().unwrap();
    let timeout = Duration::from_millis(100);
    let job = Job::new(["BR"], &server.base_url(), dest.path()).with_timeout(timeout);
    let err = get_flag(&new_agent(&job), &job, "BR").unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert_eq!(err.to_string(), "timed out after 0.1s");
    strategies::a_slow_server_is_an_error_per_code(&SEQUENTIAL, 1);
}

#[test]
fn no_server_means_refused_for_every_code() {
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(["BR"], &refused_url(), dest.path());
    let err = get_flag(&new_agent(&job), &job, "BR").unwrap_err();
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
    assert_eq!(err.to_string(), "connection refused");
    strategies::nobody_listening_is_an_error_per_code(&SEQUENTIAL, 1);
}

#[test]
fn a_body_cut_short_is_an_error_and_saves_nothing() {
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(["BR"], &cut_short_url(), dest.path());
    let err = get_flag(&new_agent(&job), &job, "BR").unwrap_err();
    assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "response cut short: the connection closed before the promised Content-Length"
    );
    strategies::a_body_cut_short_saves_nothing(&SEQUENTIAL, 1);
}

#[test]
fn a_destination_that_cannot_be_written_is_an_error_per_flag() {
    let server = local();
    // Nobody, root included, may create a folder in /proc.
    let dest = std::path::Path::new("/proc/flags-seq-test");
    let job = Job::new(["BR"], &server.base_url(), dest);
    let err = download_one(&new_agent(&job), &job, "BR").unwrap_err();
    assert!(matches!(err, FetchError::Save(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("cannot save /proc/flags-seq-test/BR.gif")
    );
    strategies::an_unwritable_destination_is_an_error_per_flag(&SEQUENTIAL, 1);
}

#[test]
fn a_server_stopped_mid_run_ends_the_run_with_errors() {
    // The first request is cut off by the stop, the others find nobody.
    strategies::a_server_stopped_mid_run(&SEQUENTIAL, 1);
}

#[test]
fn after_ctrl_c_nothing_new_starts_and_nothing_is_saved() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(["BR", "CN"], &server.base_url(), dest.path());
    job.stop.cancel();
    assert_eq!(download_many(&job), counter(0, 0, 0));
    assert!(server.log().is_empty(), "no request was made");
    // A flag that arrives after Ctrl-C is not saved.
    let err = download_one(&new_agent(&job), &job, "BR").unwrap_err();
    assert_eq!(err.to_string(), "interrupted before saving");
    assert_eq!(std::fs::read_dir(dest.path()).unwrap().count(), 0);
}

#[test]
fn flags_py_downloads_pop20_and_stops_at_the_first_error() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(POP20_CC, &server.base_url(), dest.path());
    assert_eq!(flags_seq::flags::download_many(&job).unwrap(), 20);
    assert_saved_exactly(dest.path(), &POP20_CC);

    let job = Job::new(["BR", "ZZ", "CN"], &server.base_url(), dest.path());
    let err = flags_seq::flags::download_many(&job).unwrap_err();
    assert!(matches!(err, FetchError::NotFound { .. }), "{err:?}");

    let job = Job::new(POP20_CC, &refused_url(), dest.path());
    let err = flags_seq::flags::download_many(&job).unwrap_err();
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
}

#[test]
fn each_fault_of_the_server_is_an_error_that_names_it_and_saves_nothing() {
    // One thread per fault: three of them cost a timeout each.
    std::thread::scope(|s| {
        for case in every_fault() {
            s.spawn(move || one_fault(&case));
        }
    });
}

fn one_fault(case: &FaultCase) {
    let server = faulty(case.faults);
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(["BR", "CN"], &server.base_url(), dest.path())
        .with_timeout(Duration::from_millis(300));
    let err = get_flag(&new_agent(&job), &job, "BR").unwrap_err();
    assert_eq!(err.to_string(), case.says("timed out after 0.3s"), "{case}");
    assert!(
        !matches!(err, FetchError::NotFound { .. }),
        "{case}: an error"
    );
    assert_eq!(download_many(&job), counter(0, 0, 2), "{case}");
    assert_eq!(std::fs::read_dir(dest.path()).unwrap().count(), 0, "{case}");
}

#[test]
fn a_server_that_hangs_up_without_answering_is_not_a_body_cut_short() {
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(["BR"], &closed_url(), dest.path());
    let err = get_flag(&new_agent(&job), &job, "BR").unwrap_err();
    assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "connection closed before the response arrived"
    );
    assert_eq!(download_many(&job), counter(0, 0, 1));
}
