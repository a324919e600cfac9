//! The thread-pool strategies against an in-process flag server: counts, files, and every
//! kind of failure, for the std-thread pool and the rayon pool alike.

use std::time::Duration;

use flags_common::{DownloadMany, Job, POP20_CC, expand_cc_args};
use flags_testkit::strategies::{self, Strategy};
use flags_testkit::*;
use flags_threadpool::{flags2, rayon_pool};

/// The flags2 strategies of this crate.
const STRATEGIES: [Strategy; 2] = [
    Strategy::flags2("flags2", flags2::download_many),
    Strategy::flags2("rayon", rayon_pool::download_many),
];

/// Each strategy's name and `download_many`.
fn pools() -> [(&'static str, DownloadMany); 2] {
    STRATEGIES.map(|strategy| (strategy.name, strategy.download_many))
}

#[test]
fn every_code_with_100_threads_gives_194_flags_and_482_not_found() {
    for (name, download_many) in pools() {
        let server = local();
        let dest = tempfile::tempdir().unwrap();
        let codes = expand_cc_args(true, false, &[]);
        let job = Job::new(codes, &server.base_url(), dest.path()).with_concur_req(100);
        assert_eq!(download_many(&job), counter(194, 482, 0), "{name}");
        assert_saved_exactly(dest.path(), &all_codes());
        let log = server.log();
        assert_eq!(log.len(), 676, "{name}: one request per code");
        let peak = flags_server::peak_in_flight(&log);
        assert!(
            peak <= 100,
            "{name}: at most 100 requests at once, not {peak}"
        );
    }
}

#[test]
fn all_gives_194_flags() {
    for (name, download_many) in pools() {
        let server = local();
        let dest = tempfile::tempdir().unwrap();
        let job = Job::new(all_codes(), &server.base_url(), dest.path()).with_concur_req(30);
        assert_eq!(download_many(&job), counter(194, 0, 0), "{name}");
        assert_saved_exactly(dest.path(), &all_codes());
    }
}

#[test]
fn the_downloads_overlap() {
    // 4 codes, 4 threads, 200 ms each: all four requests are in the server at once.
    for (name, download_many) in pools() {
        let server = delayed(Duration::from_millis(200));
        let dest = tempfile::tempdir().unwrap();
        let job =
            Job::new(["BR", "CN", "FR", "US"], &server.base_url(), dest.path()).with_concur_req(4);
        assert_eq!(download_many(&job), counter(4, 0, 0), "{name}");
        let log = server.log();
        let last_arrival = log.iter().map(|s| s.arrived).max().unwrap();
        let first_answer = log.iter().map(|s| s.finished).min().unwrap();
        assert!(
            last_arrival < first_answer,
            "{name}: every request arrived before the first answer"
        );
    }
}

#[test]
fn not_found_and_errors_add_up_with_a_seeded_error_server() {
    let counts =
        STRATEGIES.map(|strategy| strategies::errors_and_not_found_are_told_apart(&strategy, 8));
    // The server decides per path, not per arrival order: same seed, same counts.
    assert_eq!(counts[0], counts[1], "both pools see the same answers");
}

#[test]
fn a_slow_server_times_out() {
    for strategy in STRATEGIES {
        strategies::a_slow_server_is_an_error_per_code(&strategy, 3);
    }
}

#[test]
fn no_server_means_an_error_for_every_code() {
    for strategy in STRATEGIES {
        strategies::nobody_listening_is_an_error_per_code(&strategy, 2);
    }
}

#[test]
fn a_body_cut_short_is_an_error_and_saves_nothing() {
    for strategy in STRATEGIES {
        strategies::a_body_cut_short_saves_nothing(&strategy, 2);
    }
}

#[test]
fn a_destination_that_cannot_be_written_is_an_error_per_flag() {
    for strategy in STRATEGIES {
        strategies::an_unwritable_destination_is_an_error_per_flag(&strategy, 3);
    }
}

#[test]
fn a_server_stopped_mid_run_ends_the_run_with_errors() {
    // The two requests in flight are cut off, the others find nobody.
    for strategy in STRATEGIES {
        strategies::a_server_stopped_mid_run(&strategy, 2);
    }
}

#[test]
fn after_ctrl_c_no_new_code_starts() {
    for (name, download_many) in pools() {
        let server = local();
        let dest = tempfile::tempdir().unwrap();
        let job = Job::new(["BR", "CN", "US"], &server.base_url(), dest.path()).with_concur_req(2);
        job.stop.cancel();
        assert_eq!(download_many(&job), counter(0, 0, 0), "{name}");
        assert!(server.log().is_empty(), "{name}: no request was made");
    }
}

#[test]
fn ctrl_c_mid_run_stops_taking_codes() {
    for (name, download_many) in pools() {
        let server = delayed(Duration::from_millis(100));
        let dest = tempfile::tempdir().unwrap();
        let codes = expand_cc_args(false, false, &["B".into()]);
        let job = Job::new(codes, &server.base_url(), dest.path()).with_concur_req(2);
        // Ctrl-C once a first answer is in: the run is under way, 24 codes to go.
        let counter = std::thread::scope(|scope| {
            scope.spawn(|| {
                wait_until("a first answer", HANG_GUARD, || !server.log().is_empty());
                job.stop.cancel();
            });
            download_many(&job)
        });
        assert!(
            counter.total() < 26,
            "{name}: it stopped early: {counter:?}"
        );
        assert_eq!(
            server.log().len(),
            counter.total(),
            "{name}: every request started was counted"
        );
    }
}

#[test]
fn the_simple_versions_download_pop20() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(POP20_CC, &server.base_url(), dest.path());
    let mut sorted = POP20_CC.to_vec();
    sorted.sort();
    assert_eq!(
        flags_threadpool::threadpool::download_many_in_order(&job).unwrap(),
        sorted,
        "map yields in submission order"
    );
    assert_saved_exactly(dest.path(), &POP20_CC);

    let dest = tempfile::tempdir().unwrap();
    let job = Job::new(POP20_CC, &server.base_url(), dest.path());
    assert_eq!(
        flags_threadpool::futures::download_many(&job).unwrap(),
        5,
        "the first 5 codes"
    );
    assert_saved_exactly(dest.path(), &["BR", "CN", "ID", "IN", "US"]);

    let job = Job::new(POP20_CC, &refused_url(), dest.path());
    assert!(flags_threadpool::threadpool::download_many(&job).is_err());
    assert!(flags_threadpool::futures::download_many(&job).is_err());
}
