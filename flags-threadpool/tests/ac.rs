//! flags_threadpool_ac as a reader runs it: every code scheduled once and reported once,
//! in completion order, and the codes shown by the workers.

mod common;

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use flags_server::FlagStore;
use flags_testkit::*;

use common::{Answer, raw_http};

const AC: &str = env!("CARGO_BIN_EXE_flags_threadpool_ac");
/// The first 5 POP20 codes, sorted: the order of submission.
const FIRST5: [&str; 5] = ["BR", "CN", "ID", "IN", "US"];

/// A flag server that holds the answer for BR, the first code submitted, until the
/// requests for IN and US have arrived. A worker takes a new code only after handing
/// back its last result, so by then two results are in: BR cannot be among the first
/// two. The order is forced by the program's logic, not by a delay.
fn br_held_back() -> String {
    let arrived = Arc::new((Mutex::new(Vec::<String>::new()), Condvar::new()));
    let store = FlagStore::embedded();
    raw_http(move |path: &str| -> Answer {
        let cc = path.split('/').nth(2).unwrap_or("").to_string();
        let (seen, changed) = &*arrived;
        let mut seen = seen.lock().unwrap();
        seen.push(cc.clone());
        changed.notify_all();
        if cc == "br" {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !(seen.iter().any(|c| c == "in") && seen.iter().any(|c| c == "us")) {
                let left = deadline.saturating_duration_since(Instant::now());
                assert!(!left.is_zero(), "IN and US never came: {seen:?}");
                seen = changed.wait_timeout(seen, left).unwrap().0;
            }
        }
        drop(seen);
        match store.get(&cc) {
            Some(flag) => (200, "image/gif", flag.gif.to_vec()),
            None => (404, "text/plain", b"not found".to_vec()),
        }
    })
}

#[test]
fn every_code_is_scheduled_then_reported_once_in_completion_order() {
    let base = br_held_back();
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let output = run(AC, &["--server", &base, "--dest", dest_arg]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);

    // A worker's `show(cc)` may land at the start of any line: look at the line ends.
    let scheduled: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| line.find("Scheduled for ").map(|at| (i, &line[at..])))
        .collect();
    assert_eq!(scheduled.len(), 5, "{text}");
    for (task, ((_, line), cc)) in scheduled.iter().zip(FIRST5).enumerate() {
        let head = format!("Scheduled for {cc}: <task {} state=", task + 1);
        let state = line
            .strip_prefix(&head)
            .unwrap_or_else(|| panic!("{line:?}\n{text}"));
        assert!(
            ["pending>", "running>", "finished returned String>"].contains(&state),
            "{line:?}"
        );
    }

    let results: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (_, tail) = line.split_once("<task ")?;
            tail.contains(" result: '").then_some((i, line))
        })
        .collect();
    assert_eq!(results.len(), 5, "{text}");
    let last_scheduled = scheduled.last().unwrap().0;
    assert!(results.iter().all(|&(i, _)| i > last_scheduled), "{text}");
    let mut reported = Vec::new();
    for (_, line) in &results {
        let (task, cc) = FIRST5
            .iter()
            .enumerate()
            .find(|(task, cc)| {
                line.ends_with(&format!(
                    "<task {} state=finished returned String> result: '{cc}'",
                    task + 1
                ))
            })
            .unwrap_or_else(|| panic!("not a result line: {line:?}\n{text}"));
        reported.push((task, *cc));
    }
    let mut codes: Vec<&str> = reported.iter().map(|&(_, cc)| cc).collect();
    let order = codes.clone();
    codes.sort();
    assert_eq!(codes, FIRST5, "each code once\n{text}");
    // Submitted first, BR is not among the first two to complete.
    let br = order.iter().position(|&cc| cc == "BR").unwrap();
    assert!(
        br >= 2,
        "completion order, not submission order: {order:?}\n{text}"
    );

    // Every code was shown by its worker before its result line.
    let before = |cc: &str, upto: usize| -> bool {
        text.lines()
            .take(upto + 1)
            .any(|line| line.split(' ').any(|word| word == cc))
    };
    for (&(line, _), cc) in results.iter().zip(&order) {
        assert!(before(cc, line), "{cc} shown before its result\n{text}");
    }
    assert!(text.contains("\n\n5 flags downloaded in "), "{text}");
    assert_saved_exactly(dest.path(), &FIRST5);
}

#[test]
fn the_first_error_ends_the_run_with_status_1() {
    suite::simple_binary_stops_at_a_refused_connection(AC);
}

#[test]
fn it_takes_no_codes_and_bad_options_exit_2() {
    let cases: [(&[&str], &str); 3] = [
        (&["BR"], "unexpected argument 'BR'"),
        (&["-m", "3"], "unexpected argument '-m'"),
        (&["-s", "NOWHERE"], "LOCAL, DELAY, ERROR, REMOTE"),
    ];
    for (bad, says) in cases {
        assert_usage_error(AC, bad, says);
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let server = local();
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let argv = ["-s", &server.base_url(), "--dest", dest_arg];
    // Quietly, with the status of a tool that SIGPIPE ended, as every simple example.
    assert_quiet_with_closed_stdout(AC, &argv, EXIT_OUTPUT_CLOSED);
    assert_whole_flags(dest.path(), Naming::Code, &FIRST5);
}

#[test]
fn ctrl_c_exits_130_leaving_only_whole_flags() {
    // 400 ms per flag: the run is still going when the first request has arrived.
    let server = delayed(Duration::from_millis(400));
    let dest = tempfile::tempdir().unwrap();
    let dest_arg = dest.path().to_str().unwrap();
    let running = Running::spawn(AC, &["-s", &server.base_url(), "--dest", dest_arg]);
    wait_until("a first request", Duration::from_secs(10), || {
        !server.log().is_empty()
    });
    running.interrupt();
    let output = running.wait(Duration::from_secs(10));
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Interrupted."),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_whole_flags(dest.path(), Naming::Code, &FIRST5);
}
