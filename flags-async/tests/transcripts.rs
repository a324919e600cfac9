//! What the async downloaders print, recorded in `tests/transcripts/*.txt` and checked run
//! by run against an in-process flag server (its URL and the download folder are written
//! `[URL]` and `[DEST]`, the elapsed time `[..]`).
//!
//! After a deliberate change of output, re-record and read the diff before committing:
//! `SNAPSHOTS=overwrite cargo test -p flags-async --test transcripts`

use flags_testkit::transcript::{download, is_code_line, is_codes_line};
use flags_testkit::{erratic, local};
use snapbox::file;

const FLAGS_ASYNCIO: &str = env!("CARGO_BIN_EXE_flags_asyncio");
const FLAGS2_ASYNCIO: &str = env!("CARGO_BIN_EXE_flags2_asyncio");
const FLAGS2_ASYNCIO_EXECUTOR: &str = env!("CARGO_BIN_EXE_flags2_asyncio_executor");
const FLAGS3_ASYNCIO: &str = env!("CARGO_BIN_EXE_flags3_asyncio");
const FLAGS_AWAIT: &str = env!("CARGO_BIN_EXE_flags_await");
const FLAGS2_AWAIT: &str = env!("CARGO_BIN_EXE_flags2_await");

/// The downloads finish in whatever order the server answers: the lesson is that they
/// overlap, so the transcript holds them in sorted order.
const COMPLETION_ORDER: &str = "the downloads finish in any order";

#[test]
fn flags_asyncio_prints_pop20_as_they_complete() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS_ASYNCIO, &server.base_url(), dest.path())
        .sorted_words(COMPLETION_ORDER, is_codes_line)
        .check(file!["transcripts/flags_asyncio.txt"]);
}

#[test]
fn flags2_asyncio_quiet() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_ASYNCIO, &server.base_url(), dest.path())
        .args(["B", "CN"])
        .check(file!["transcripts/flags2_asyncio_b_cn.txt"]);
}

#[test]
fn flags2_asyncio_verbose() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_ASYNCIO, &server.base_url(), dest.path())
        .args(["-v", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags2_asyncio_verbose.txt"]);
}

#[test]
fn flags2_asyncio_with_errors_one_request_at_a_time() {
    // The seeded server picks its 418s by the order the requests arrive: one at a time
    // (-m 1), that order is the submission order, so the same codes fail on every run.
    let server = erratic(0.25);
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_ASYNCIO, &server.base_url(), dest.path())
        .args(["-v", "-m", "1", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags2_asyncio_errors_m1.txt"]);
}

#[test]
fn flags2_asyncio_executor_verbose() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_ASYNCIO_EXECUTOR, &server.base_url(), dest.path())
        .args(["-v", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags2_asyncio_executor_verbose.txt"]);
}

#[test]
fn flags3_asyncio_verbose() {
    // flags3 asks for each code's metadata first: an unknown code is not found there.
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS3_ASYNCIO, &server.base_url(), dest.path())
        .args(["-v", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags3_asyncio_verbose.txt"]);
}

#[test]
fn flags3_asyncio_reports_a_server_that_is_not_there() {
    let dest = tempfile::tempdir().unwrap();
    let url = flags_testkit::refused_url();
    download(FLAGS3_ASYNCIO, &url, dest.path())
        .args(["-v", "BR", "CN"])
        .sorted_stdout(COMPLETION_ORDER, is_code_line)
        .check(file!["transcripts/flags3_asyncio_refused.txt"]);
}

#[test]
fn flags_await_prints_pop20_as_they_complete() {
    // The 1st edition's `flags_await.py`: the same line of codes, then its own last line.
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS_AWAIT, &server.base_url(), dest.path())
        .sorted_words(COMPLETION_ORDER, is_codes_line)
        .check(file!["transcripts/flags_await.txt"]);
}

#[test]
fn flags2_await_says_errors_and_misses_the_1st_editions_way() {
    // As flags2_asyncio_with_errors_one_request_at_a_time, so the same codes fail. The
    // `***` lines are printed by the supervisor, the others by the tasks: sorted together.
    let server = erratic(0.25);
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2_AWAIT, &server.base_url(), dest.path())
        .args(["-v", "-m", "1", "BR", "CN", "IN", "US", "ID", "XX"])
        .sorted_stdout(COMPLETION_ORDER, |line| {
            is_code_line(line) || line.starts_with("*** Error for ")
        })
        .check(file!["transcripts/flags2_await_errors_m1.txt"]);
}
