//! flags3_threadpool beyond the fault suite (`tests/faults.rs`, which also sends it bad
//! metadata and closes its stdout): the country-name files of every flag.

use flags_testkit::*;

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
fn help_and_version_exit_0() {
    for bin in [FLAGS3, env!("CARGO_BIN_EXE_flags_threadpool_ac")] {
        assert_help_and_version(bin);
    }
}
