//! flags3_threadpool beyond the fault suite: the country-name files of every flag, and a
//! metadata document that is not what was asked for.

mod common;

use flags_testkit::*;

use common::{raw_http, run_with_stdout_closed};

const FLAGS3: &str = env!("CARGO_BIN_EXE_flags3_threadpool");

#[test]
fn all_194_flags_are_saved_under_their_country_names() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let output = run(
        FLAGS3,
        &[
            "-a",
            "-m",
            "20",
            "-s",
            &server.base_url(),
            "--dest",
            dest_arg,
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = Report::parse(&stdout(&output));
    assert_eq!(report.counter.ok, 194, "{}", stdout(&output));
    let codes = all_codes();
    assert_eq!(
        assert_whole_flags(dest.path(), Naming::Country, &codes),
        codes
    );
    for name in ["Korea_South.gif", "Côte_dIvoire.gif", "Brazil.gif"] {
        assert!(dest.path().join(name).is_file(), "{name}");
    }
    // Two requests per code, the metadata first.
    let log = server.log();
    assert_eq!(log.len(), 2 * 194);
    let first_br = log
        .iter()
        .find(|s| s.path.starts_with("/flags/br/"))
        .unwrap();
    assert_eq!(first_br.path, "/flags/br/metadata.json");
}

#[test]
fn metadata_that_is_not_json_is_an_error_and_saves_nothing() {
    let base = raw_http(|path| {
        if path.ends_with("metadata.json") {
            (200, "application/json", b"<html>not json</html>".to_vec())
        } else {
            (200, "image/gif", b"GIF89a".to_vec())
        }
    });
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let output = run(FLAGS3, &["-v", "-s", &base, "--dest", dest_arg, "BR", "CN"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = Report::parse(&stdout(&output));
    assert_eq!(report.counter.error, 2, "{}", stdout(&output));
    for (cc, message) in report.errors() {
        assert!(
            message.starts_with("bad metadata.json: "),
            "{cc}: {message}"
        );
    }
    assert_eq!(std::fs::read_dir(dest.path()).unwrap().count(), 0);
}

#[test]
fn help_and_version_exit_0() {
    for bin in [FLAGS3, env!("CARGO_BIN_EXE_flags_threadpool_ac")] {
        for flag in ["--help", "--version"] {
            let output = run(bin, &[flag]);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{bin} {flag}: {}",
                stderr(&output)
            );
            assert!(!output.stdout.is_empty(), "{bin} {flag}");
        }
    }
}

#[test]
fn a_closed_stdout_silences_the_run_without_stopping_it() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let args = [
        "-v",
        "-a",
        "-m",
        "10",
        "-s",
        &server.base_url(),
        "--dest",
        dest_arg,
    ];
    let (status, err) = run_with_stdout_closed(FLAGS3, &args);
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let codes = all_codes();
    assert_eq!(
        assert_whole_flags(dest.path(), Naming::Country, &codes),
        codes
    );
}
