//! The binaries as a reader runs them: verbose lines, reports, exit statuses, Ctrl-C.

use std::time::Duration;

use flags_common::POP20_CC;
use flags_testkit::*;

const FLAGS: &str = env!("CARGO_BIN_EXE_flags");
const FLAGS2: &str = env!("CARGO_BIN_EXE_flags2_sequential");

#[test]
fn verbose_lines_and_exit_status_0() {
    let server = local();
    let base = server.base_url();
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let out = run(
        FLAGS2,
        &["-v", "--server", &base, "--dest", dest_arg, "br", "ZZ"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let expected = format!(
        "URL site: {base}\n\
         Searching for 2 flags: BR, ZZ\n\
         1 connection will be used.\n\
         BR OK\n\
         ZZ not found: {base}/zz/zz.gif\n\
         --------------------\n  \
         1 flag downloaded.\n  \
         1 not found.\n\
         Elapsed time: "
    );
    assert!(text.starts_with(&expected), "{text}");
    assert_saved_exactly(dest.path(), &["BR"]);
}

#[test]
fn an_error_is_a_line_and_exit_status_1() {
    let server = erratic(1.0);
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let out = run(
        FLAGS2,
        &["-v", "-s", &server.base_url(), "--dest", dest_arg, "XX"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("\nXX error: HTTP 418 I'm a Teapot\n"),
        "{text}"
    );
    assert!(text.contains("\n  1 error.\n"), "{text}");
}

#[test]
fn no_server_is_a_hint_per_code_and_exit_status_1() {
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let out = run(
        FLAGS2,
        &["-v", "-s", &refused_url(), "--dest", dest_arg, "BR", "CN"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for cc in ["BR", "CN"] {
        let line = format!(
            "\n{cc} error: connection refused (is the server running? cargo run -p flags-server)\n"
        );
        assert!(text.contains(&line), "{text}");
    }
}

#[test]
fn the_simple_version_rejects_bad_arguments_with_exit_status_2() {
    // flags2_sequential's rejected arguments are the fault suite's (tests/faults.rs).
    let out = run(FLAGS, &["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Usage:"), "{}", stderr(&out));
}

#[test]
fn one_after_another_in_sorted_order_even_when_the_first_is_slow() {
    let server = slow_code("BD", Duration::from_millis(300));
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let out = run(
        FLAGS2,
        &[
            "-v",
            "-s",
            &server.base_url(),
            "--dest",
            dest_arg,
            "BD",
            "BR",
            "CN",
        ],
    );
    let lines: Vec<String> = stdout(&out)
        .lines()
        .filter(|line| line.ends_with(" OK"))
        .map(String::from)
        .collect();
    assert_eq!(lines, ["BD OK", "BR OK", "CN OK"]);
}

#[test]
fn flags_prints_pop20_in_sorted_order_then_the_count() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let out = run(FLAGS, &["--server", &server.base_url(), "--dest", dest_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut sorted = POP20_CC.to_vec();
    sorted.sort();
    let expected = format!("{} \n20 downloads in ", sorted.join(" "));
    assert!(stdout(&out).starts_with(&expected), "{}", stdout(&out));
    assert_saved_exactly(dest.path(), &POP20_CC);

    let out = run(FLAGS, &["--server", &refused_url(), "--dest", dest_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: connection refused"),
        "{}",
        stderr(&out)
    );
}
