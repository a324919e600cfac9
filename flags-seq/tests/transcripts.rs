//! What `flags` and `flags2_sequential` print, recorded in `tests/transcripts/*.txt` and
//! checked run by run against an in-process flag server (its URL and the download folder
//! are written `[URL]` and `[DEST]`, the elapsed time `[..]`).
//!
//! After a deliberate change of output, re-record and read the diff before committing:
//! `SNAPSHOTS=overwrite cargo test -p flags-seq --test transcripts`

use flags_testkit::transcript::download;
use flags_testkit::{erratic, local};
use snapbox::file;

const FLAGS: &str = env!("CARGO_BIN_EXE_flags");
const FLAGS2: &str = env!("CARGO_BIN_EXE_flags2_sequential");

#[test]
fn flags_downloads_pop20_in_sorted_order() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS, &server.base_url(), dest.path()).check(file!["transcripts/flags.txt"]);
}

#[test]
fn flags_reports_a_server_that_is_not_there() {
    let dest = tempfile::tempdir().unwrap();
    let url = flags_testkit::refused_url();
    download(FLAGS, &url, dest.path()).check(file!["transcripts/flags_refused.txt"]);
}

#[test]
fn flags2_sequential_quiet() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2, &server.base_url(), dest.path())
        .args(["B", "CN"])
        .check(file!["transcripts/flags2_sequential_b_cn.txt"]);
}

#[test]
fn flags2_sequential_verbose_with_errors() {
    // Seeded: the same requests get the same 418s on every run, and one request after
    // another keeps the lines in order.
    let server = erratic(0.25);
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2, &server.base_url(), dest.path())
        .args(["-v", "BR", "CN", "IN", "US", "ID", "XX"])
        .check(file!["transcripts/flags2_sequential_verbose_errors.txt"]);
}

#[test]
fn flags2_sequential_rejects_a_bad_code() {
    let dest = tempfile::tempdir().unwrap();
    download(FLAGS2, "http://127.0.0.1:9/flags", dest.path())
        .args(["BRA"])
        .check(file!["transcripts/flags2_sequential_bad_code.txt"]);
}
