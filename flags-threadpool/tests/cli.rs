//! The binaries as a reader runs them: result order, verbose lines, exit statuses, Ctrl-C.

use flags_common::POP20_CC;
use flags_testkit::*;

const MAP: &str = env!("CARGO_BIN_EXE_flags_threadpool");
const FUTURES: &str = env!("CARGO_BIN_EXE_flags_threadpool_futures");
const FLAGS2: &str = env!("CARGO_BIN_EXE_flags2_threadpool");
const RAYON: &str = env!("CARGO_BIN_EXE_flags2_rayon");

/// Starts `bin` against a server that holds the answers for `held` until the test lets
/// them go, saving into a new folder; returns the run, the gate, and the folder.
fn held_back(bin: &str, held: &str, args: &[&str]) -> (Running, Gate, tempfile::TempDir) {
    let (base_url, gate) = gated_url(held);
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let argv = [&["--server", &base_url, "--dest", dest_arg][..], args].concat();
    (Running::spawn(bin, &argv), gate, dest)
}

/// The codes a worker printed at the start of `line` (`CN ID `), and the rest of the line.
fn split_codes(line: &str) -> (Vec<&str>, &str) {
    let mut codes = Vec::new();
    let mut rest = line;
    while rest.len() >= 3
        && rest.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
        && rest.as_bytes()[2] == b' '
    {
        codes.push(&rest[..2]);
        rest = &rest[3..];
    }
    (codes, rest)
}

#[test]
fn map_workers_print_in_completion_order() {
    // BD, the first of POP20 sorted, is submitted first; it is answered once the 19
    // others are printed.
    let (running, gate, dest) = held_back(MAP, "BD", &[]);
    running.wait_for_stdout("19 codes", |out| out.split_whitespace().count() == 19);
    gate.open();
    let out = running.wait(HANG_GUARD);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let (first, rest) = text.split_once('\n').unwrap();
    let (mut printed, tail) = split_codes(first);
    assert_eq!(tail, "", "{text}");
    assert_eq!(
        printed.last(),
        Some(&"BD"),
        "submitted first, done last: {text}"
    );
    printed.sort();
    let mut sorted = POP20_CC.to_vec();
    sorted.sort();
    assert_eq!(printed, sorted, "{text}");
    assert!(rest.starts_with("20 downloads in "), "{text}");
    assert_saved_exactly(dest.path(), &POP20_CC);
}

#[test]
fn futures_shows_states_then_completion_order() {
    // BR, the first of the first 5 POP20 sorted, is answered once the 4 others are.
    let (running, gate, _dest) = held_back(FUTURES, "BR", &[]);
    running.wait_for_stdout("4 results", |out| out.matches(" result: '").count() == 4);
    gate.open();
    let out = running.wait(HANG_GUARD);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // A worker prints its code when its download ends, wherever the main thread is.
    let mut worker_codes = Vec::new();
    let mut lines = Vec::new();
    for line in text.lines() {
        let (codes, rest) = split_codes(line);
        worker_codes.extend(codes);
        lines.push(rest);
    }
    for (line, (n, cc)) in lines[..5]
        .iter()
        .zip(["BR", "CN", "ID", "IN", "US"].iter().enumerate())
    {
        let head = format!("Scheduled for {cc}: <task {} state=", n + 1);
        let state = line.strip_prefix(&head).unwrap_or_else(|| panic!("{text}"));
        // Three workers: the first three tasks are taken at once, the others wait
        // (unless a worker is already free again).
        let states: &[&str] = if n < 3 {
            &["running>", "finished returned String>"]
        } else {
            &["running>", "pending>", "finished returned String>"]
        };
        assert!(states.contains(&state), "{text}");
    }
    let mut results = lines[5..10].to_vec();
    assert_eq!(
        results.last(),
        Some(&"<task 1 state=finished returned String> result: 'BR'"),
        "{text}"
    );
    results.sort();
    let expected: Vec<String> = ["BR", "CN", "ID", "IN", "US"]
        .iter()
        .enumerate()
        .map(|(n, cc)| {
            format!(
                "<task {} state=finished returned String> result: '{cc}'",
                n + 1
            )
        })
        .collect();
    assert_eq!(results, expected);
    assert_eq!(worker_codes.last(), Some(&"BR"), "{text}");
    worker_codes.sort();
    assert_eq!(worker_codes, ["BR", "CN", "ID", "IN", "US"], "{text}");
    assert!(lines[11].starts_with("5 downloads in "), "{text}");
}

#[test]
fn flags2_versions_report_in_completion_order() {
    for bin in [FLAGS2, RAYON] {
        // BD, submitted first, is answered once BR and CN are reported.
        let (running, gate, _dest) = held_back(bin, "BD", &["-v", "-m", "3", "BD", "BR", "CN"]);
        let reported = |out: &str, line: &str| out.lines().any(|l| l == line);
        running.wait_for_stdout("BR and CN", |out| {
            reported(out, "BR OK") && reported(out, "CN OK")
        });
        gate.open();
        let out = running.wait(HANG_GUARD);
        assert_eq!(out.status.code(), Some(0), "{bin}: {}", stderr(&out));
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().filter(|line| line.ends_with(" OK")).collect();
        assert_eq!(lines.len(), 3, "{bin}: {text}");
        assert_eq!(
            lines[2], "BD OK",
            "{bin}: submitted first, reported last: {text}"
        );
    }
}

#[test]
fn the_simple_versions_take_no_codes() {
    // The flags2 binaries' rejected arguments are the fault suite's (tests/faults.rs).
    for bin in [MAP, FUTURES] {
        assert_usage_error(bin, &["BR"], "unexpected argument 'BR'");
    }
}

#[test]
fn the_pools_use_a_connection_per_code_up_to_max_req() {
    // The rest of the flags2 binaries' report, lines and statuses is the suite's.
    for bin in [FLAGS2, RAYON] {
        let server = local();
        let base = server.base_url();
        let dest = tempfile::tempdir().unwrap();
        let dest_arg = dest.path().to_str().unwrap();
        let out = run(bin, &["--server", &base, "--dest", dest_arg, "BR", "ZZ"]);
        assert_eq!(out.status.code(), Some(0), "{bin}: {}", stderr(&out));
        let head = format!(
            "URL site: {base}\nSearching for 2 flags: BR, ZZ\n2 concurrent connections will be used.\n"
        );
        assert!(stdout(&out).starts_with(&head), "{bin}: {}", stdout(&out));
    }
}

#[test]
fn the_simple_versions_stop_at_a_refused_connection() {
    for bin in [MAP, FUTURES] {
        suite::simple_binary_stops_at_a_refused_connection(bin);
    }
}

#[test]
fn the_simple_versions_end_quietly_when_stdout_is_closed() {
    for bin in [MAP, FUTURES] {
        suite::simple_binary_with_closed_stdout(bin);
    }
}

#[test]
fn the_simple_versions_stop_on_sigterm_leaving_whole_flags_only() {
    for bin in [MAP, FUTURES] {
        suite::simple_binary_sigterm(bin);
    }
}
