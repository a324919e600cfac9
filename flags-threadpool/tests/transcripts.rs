//! What the thread-pool downloaders print, recorded in `tests/transcripts/*.txt` and
//! checked run by run against an in-process flag server (its URL and the download folder
//! are written `[URL]` and `[DEST]`, the elapsed time `[..]`).
//!
//! After a deliberate change of output, re-record and read the diff before committing:
//! `SNAPSHOTS=overwrite cargo test -p flags-threadpool --test transcripts`

use flags_testkit::transcript::{download, is_code_line, is_codes_line};
use flags_testkit::{erratic, local};
use snapbox::file;

const FLAGS_THREADPOOL: &str = env!("CARGO_BIN_EXE_flags_threadpool");
const FLAGS_THREADPOOL_FUTURES: &str = env!("CARGO_BIN_EXE_flags_threadpool_futures");
const FLAGS2_THREADPOOL: &str = env!("CARGO_BIN_EXE_flags2_threadpool");
const FLAGS2_RAYON: &str = env!("CARGO_BIN_EXE_flags2_rayon");
const FLAGS_THREADPOOL_AC: &str = env!("CARGO_BIN_EXE_flags_threadpool_ac");
const FLAGS3_THREADPOOL: &str = env!("CARGO_BIN_EXE_flags3_threadpool");

/// The downloads finish in whatever order the threads get their answers: the lesson is
/// that they overlap, so the transcript holds their lines in sorted order.
const COMPLETION_ORDER: &str = "the threads finish in any order";

#[test]
fn flags_threadpool_prints_pop20_in_sorted_order() {
    // Each code is printed as its download completes, on one line, as in the book.
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS_THREADPOOL, &server.base_url(), dest.path())
        .sorted_words(COMPLETION_ORDER, is_codes_line)
        .check(file!["transcripts/flags_threadpool.txt"]);
}

#[test]
fn flags_threadpool_futures_schedules_in_order_and_completes_in_any() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    // As in the book, each code is printed mid-line the moment its download completes,
    // between the `Scheduled for` lines, and each future's state (running, finished) is
    // what it was at that moment: no sorting makes that stable, so the transcript keeps
    // the first line's shape and the count, and elides the rest with `...`.
    download(FLAGS_THREADPOOL_FUTURES, &server.base_url(), dest.path())
        .check(file!["transcripts/flags_threadpool_futures.txt"]);
}

#[test]
fn flags2_threadpool_quiet() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_THREADPOOL, &server.base_url(), dest.path())
        .args(["B", "CN"])
        .check(file!["transcripts/flags2_threadpool_b_cn.txt"]);
}

#[test]
fn flags2_threadpool_verbose() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_THREADPOOL, &server.base_url(), dest.path())
        .args(["-v", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags2_threadpool_verbose.txt"]);
}

#[test]
fn flags2_threadpool_with_errors_one_request_at_a_time() {
    // The seeded server picks its 418s by the order the requests arrive: one at a time
    // (-m 1), that order is the submission order, so the same codes fail on every run.
    // Their lines still come out in any order (seen: CN's error after IN's OK), so sorted.
    let server = erratic(0.25);
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_THREADPOOL, &server.base_url(), dest.path())
        .args(["-v", "-m", "1", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags2_threadpool_errors_m1.txt"]);
}

#[test]
fn flags2_rayon_verbose() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_RAYON, &server.base_url(), dest.path())
        .args(["-v", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags2_rayon_verbose.txt"]);
}

#[test]
fn flags2_rayon_rejects_too_many_requests() {
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_RAYON, "http://127.0.0.1:9/flags", dest.path())
        .args(["-m", "0", "BR"])
        .check(file!["transcripts/flags2_rayon_bad_max_req.txt"]);
}

#[test]
fn flags_threadpool_ac_schedules_in_order_and_completes_in_any() {
    // The 1st edition's `submit` + `as_completed`: as flags_threadpool_futures, each
    // worker's code lands mid-line and each state is a moment's, so the transcript keeps
    // the first line's shape and the last line, and elides the rest with `...`.
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS_THREADPOOL_AC, &server.base_url(), dest.path())
        .check(file!["transcripts/flags_threadpool_ac.txt"]);
}

#[test]
fn flags3_threadpool_verbose() {
    // The country's metadata first, then its flag: an unknown code is not found there.
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS3_THREADPOOL, &server.base_url(), dest.path())
        .args(["-v", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags3_threadpool_verbose.txt"]);
}
