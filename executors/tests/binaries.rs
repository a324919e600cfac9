//! The three binaries as a reader runs them: the order of `demo_executor_map`'s events,
//! the shape and the results of the CPU-bound examples, bad arguments, a closed stdout.
//!
//! Nothing here asserts a timing. The order checks are the ones the program's logic
//! forces, whatever the speed of the machine: a job says it is done before its result is
//! printed, a fourth job starts only once one of the first three has finished.

use executors::cli::cpus;
use executors::sha_futures::sha;
use flags_testkit::{
    assert_help_and_version, assert_quiet_with_closed_stdout, assert_refused, run, stderr, stdout,
};

const DEMO: &str = env!("CARGO_BIN_EXE_demo_executor_map");
const ARCFOUR: &str = env!("CARGO_BIN_EXE_arcfour_futures");
const SHA: &str = env!("CARGO_BIN_EXE_sha_futures");

/// The lines of `text` without their `[HH:MM:SS] ` stamps, checking each has one.
fn unstamped(text: &str) -> Vec<&str> {
    text.lines()
        .map(|line| {
            let (stamp, rest) = line.split_at_checked(11).expect("a stamped line");
            let digits = |r: std::ops::Range<usize>| stamp[r].bytes().all(|b| b.is_ascii_digit());
            assert!(
                stamp.starts_with('[')
                    && stamp.ends_with("] ")
                    && digits(1..3)
                    && &stamp[3..4] == ":"
                    && digits(4..6)
                    && &stamp[6..7] == ":"
                    && digits(7..9),
                "not a [HH:MM:SS] stamp: {line:?}"
            );
            rest
        })
        .collect()
}

/// Runs `demo_executor_map --unit 0.01` with `extra` arguments, and checks every order
/// that the program's logic forces, for jobs submitted in the order `submitted` (the `n`
/// of each `loiter(n)`).
fn check_demo_order(extra: &[&str], submitted: [usize; 5]) {
    let mut args = vec!["--unit", "0.01"];
    args.extend_from_slice(extra);
    let output = run(DEMO, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines = unstamped(&text);
    let at = |wanted: &str| {
        let found: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == wanted).collect();
        assert_eq!(found.len(), 1, "{wanted:?} once in\n{text}");
        found[0]
    };

    assert_eq!(lines[0], "Script starting.", "{text}");
    let results = at("results: <map iterator: 5 results to come>");
    let waiting = at("Waiting for individual results:");
    assert!(results < waiting, "{text}");
    let mut result_lines = Vec::new();
    let mut done = Vec::new();
    for (i, n) in submitted.into_iter().enumerate() {
        let tabs = "\t".repeat(n);
        let nap = n as f64 * 0.01;
        let start = at(&format!("{tabs}loiter({n}): doing nothing for {nap}s..."));
        done.push(at(&format!("{tabs}loiter({n}): done.")));
        result_lines.push(at(&format!("result {i}: {}", n * 10)));
        assert!(
            start < done[i],
            "loiter({n}) starts before it is done\n{text}"
        );
        // The loop blocks on each job in turn: no result before its own job is done.
        assert!(
            done[i] < result_lines[i],
            "result {i} waits for loiter({n})\n{text}"
        );
        if i >= 3 {
            // Three workers: the 4th job waits for a free one, so 1 earlier job is done;
            // the 5th, 2.
            let freed = done[..i].iter().filter(|&&d| d < start).count();
            assert!(
                freed >= i - 2,
                "loiter({n}) waits for a free worker\n{text}"
            );
        }
    }
    assert!(waiting < result_lines[0], "{text}");
    assert!(
        result_lines.windows(2).all(|w| w[0] < w[1]),
        "results in submission order\n{text}"
    );
    assert_eq!(lines.len(), 3 + 10 + 5, "nothing else is printed\n{text}");
}

#[test]
fn demo_executor_map_prints_its_events_in_the_order_map_forces() {
    check_demo_order(&[], [0, 1, 2, 3, 4]);
}

#[test]
fn demo_executor_map_reversed_makes_every_result_wait_for_the_slowest() {
    // loiter(4) is submitted first: `result 0: 40` comes after its `done.`, and so does
    // every other result line, however early their own jobs finished.
    check_demo_order(&["--reverse"], [4, 3, 2, 1, 0]);
}

#[test]
fn demo_executor_map_says_the_unit_it_uses() {
    let output = run(DEMO, &["--unit", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("\t\t\t\tloiter(4): doing nothing for 0s...\n"),
        "{text}"
    );
}

/// The status line's worker count, after checking its shape.
fn status_workers(line: &str) -> usize {
    let (workers, elapsed) = line
        .split_once(" workers, elapsed time: ")
        .unwrap_or_else(|| panic!("not a status line: {line:?}"));
    let secs = elapsed.strip_suffix('s').expect("seconds");
    assert!(secs.parse::<f64>().is_ok() && secs.split('.').nth(1).map(str::len) == Some(2));
    workers.parse().expect("a number of workers")
}

#[test]
fn arcfour_futures_prints_every_size_then_the_status() {
    let output = run(ARCFOUR, &["2", "--jobs", "5", "--size", "3000"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let (status, sizes) = text
        .lines()
        .collect::<Vec<_>>()
        .split_last()
        .map(|(s, r)| (*s, r.to_vec()))
        .unwrap();
    assert_eq!(status_workers(status), 2, "{text}");
    let mut printed: Vec<&str> = sizes;
    printed.sort();
    // The book's sizes, 3000 bytes +/- 600 a step: 4500, 3900, 3300, 2700 and 2100 bytes.
    let expected = ["2.1 KB", "2.6 KB", "3.2 KB", "3.8 KB", "4.4 KB"];
    assert_eq!(printed, expected, "{text}");
}

#[test]
fn sha_futures_prints_the_digests_of_a_sequential_run() {
    let output = run(SHA, &["3", "--jobs", "7", "--size", "5000"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let (status, digests) = lines.split_last().unwrap();
    assert_eq!(status_workers(status), 3, "{text}");
    let mut printed = digests.to_vec();
    printed.sort();
    // The same jobs, one after another on this thread.
    let sequential: Vec<String> = (0..7).map(|seed| sha(5000, seed)).collect();
    let mut expected: Vec<&str> = sequential.iter().map(String::as_str).collect();
    expected.sort();
    assert_eq!(printed, expected, "{text}");
    assert!(
        printed
            .iter()
            .all(|d| d.len() == 64 && d.bytes().all(|b| b.is_ascii_hexdigit()))
    );
}

#[test]
fn the_default_pool_has_a_worker_per_cpu() {
    for bin in [ARCFOUR, SHA] {
        let output = run(bin, &["--jobs", "2", "--size", "100"]);
        assert_eq!(output.status.code(), Some(0), "{bin}: {}", stderr(&output));
        let text = stdout(&output);
        assert_eq!(
            status_workers(text.lines().last().unwrap()),
            cpus().get(),
            "{bin}"
        );
    }
}

#[test]
fn the_bench_mode_prints_a_row_per_pool_after_the_sequential_one() {
    for bin in [ARCFOUR, SHA] {
        let output = run(
            bin,
            &[
                "--bench", "--repeat", "1", "--jobs", "3", "--size", "500", "2",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{bin}: {}", stderr(&output));
        let text = stdout(&output);
        let rows: Vec<&str> = text.lines().filter_map(|l| l.split(' ').next()).collect();
        assert_eq!(
            rows[1..],
            ["workers", "sequential", "1", "2"],
            "{bin}: {text}"
        );
    }
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let cases: [(&str, &[&str], &str); 12] = [
        (ARCFOUR, &["0"], "0 is not in 1..=256"),
        (ARCFOUR, &["257"], "257 is not in 1..=256"),
        (SHA, &["-1"], "invalid value '-1'"),
        (SHA, &["two"], "invalid digit"),
        (SHA, &["1", "2"], "unexpected argument"),
        (SHA, &["--jobs", "0"], "0 is not in 1..=10000"),
        (ARCFOUR, &["--size", "0"], "0 is not in 1..="),
        (SHA, &["--repeat", "3"], "--bench"),
        (DEMO, &["--unit", "-1"], "from 0 to 60"),
        (DEMO, &["--unit", "61"], "from 0 to 60"),
        (DEMO, &["--unit", "soon"], "is not a duration"),
        (DEMO, &["3"], "unexpected argument"),
    ];
    for (bin, args, says) in cases {
        assert_refused(bin, args, says);
    }
}

#[test]
fn help_and_version_exit_0() {
    for bin in [DEMO, ARCFOUR, SHA] {
        assert_help_and_version(bin);
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let cases: [(&str, &[&str]); 3] = [
        (DEMO, &["--unit", "0"]),
        (ARCFOUR, &["--jobs", "200", "--size", "10"]),
        (SHA, &["--jobs", "200", "--size", "10"]),
    ];
    for (bin, args) in cases {
        // Every write of the program meets a broken pipe: it stops quietly, with 0.
        assert_quiet_with_closed_stdout(bin, args, 0);
    }
}
