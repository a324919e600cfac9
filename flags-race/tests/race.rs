//! The race binary at tiny sizes, so it cannot rot: the table, the timelines, the SVG.

use flags_testkit::{assert_usage_error, run, stderr, stdout};

const BIN: &str = env!("CARGO_BIN_EXE_flags-race");

/// Runs a race with `args` under the hang guard; returns its stdout once it exited 0.
fn race(args: &[&str]) -> String {
    let out = run(BIN, args);
    let stdout = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", stderr(&out));
    stdout
}

#[test]
fn a_tiny_race_prints_the_table_the_timelines_and_writes_the_svg() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("race.svg");
    let stdout = race(&[
        "--delay",
        "5ms",
        "-m",
        "3",
        "BR",
        "CN",
        "ZZ",
        "IN",
        "US",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert!(
        stdout.starts_with("Racing 5 codes (BR .. ZZ) at concurrency 3, server delay 0.005s"),
        "{stdout}"
    );
    for (strategy, concurrency) in [
        ("sequential", 1),
        ("threads", 3),
        ("rayon", 3),
        ("tokio", 3),
    ] {
        let row = stdout
            .lines()
            .find(|line| line.starts_with(&format!("{strategy:<11}")))
            .unwrap_or_else(|| panic!("no {strategy} row in {stdout}"));
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[1], "5", "{row}: 5 requests");
        assert_eq!(cells[2], concurrency.to_string(), "{row}");
        assert_eq!(cells.last(), Some(&"4/1/0"), "{row}: 4 flags, ZZ not found");
        let peak: usize = cells[7].parse().unwrap();
        assert!(
            peak >= 1 && peak <= concurrency,
            "{row}: the peak never exceeds the concurrency"
        );
        assert!(
            stdout.contains(&format!("{strategy}: 5 requests,")),
            "no {strategy} timeline"
        );
    }
    // Warmed up first, then five timed runs per concurrent strategy, one sequential.
    assert!(
        stdout.contains("warming up: one untimed round per strategy"),
        "{stdout}"
    );
    let times = |strategy: &str| {
        let line = stdout
            .lines()
            .find(|line| line.starts_with(&format!("  {strategy}")))
            .unwrap_or_else(|| panic!("no progress line for {strategy} in {stdout}"));
        let (_, after) = line.split_once("): ").or(line.split_once(": ")).unwrap();
        after
            .split_whitespace()
            .filter(|word| {
                word.strip_suffix('s')
                    .is_some_and(|n| n.parse::<f64>().is_ok())
            })
            .count()
    };
    assert_eq!(times("sequential"), 1, "{stdout}");
    for strategy in ["threads", "rayon", "tokio"] {
        assert_eq!(times(strategy), 6, "five runs and their median: {stdout}");
    }
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(picture.starts_with("<svg") && picture.contains("tokio: 5 requests"));
}

#[test]
fn a_cold_single_run_race_skips_the_warm_up_and_the_median() {
    let stdout = race(&[
        "--delay",
        "5ms",
        "--cold",
        "--runs",
        "1",
        "--strategies",
        "tokio",
        "BR",
    ]);
    assert!(!stdout.contains("warming up"), "{stdout}");
    assert!(!stdout.contains("median"), "{stdout}");
    let row: Vec<&str> = stdout
        .lines()
        .find(|line| line.starts_with("tokio "))
        .map(|row| row.split_whitespace().collect())
        .unwrap_or_default();
    assert_eq!(row.get(1..3), Some(&["1", "1"][..]), "{stdout}");
    assert_eq!(row.last(), Some(&"1/0/0"), "{stdout}");
}

#[test]
fn bad_options_exit_2_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--strategies", "gevent"],
            "sequential, threads, rayon, tokio",
        ),
        (&["--delay", "soon"], "is not a duration"),
        (&["--error-rate", "3"], "from 0 to 1"),
        (&["-m", "0"], "-m"),
        (&["B1"], "AA to ZZ"),
        (&["--timeout", "-1"], "more than 0"),
        (&["--runs", "0"], "--runs"),
        (&["--scale", "--runs", "2"], "cannot be used with"),
    ];
    for (args, why) in cases {
        assert_usage_error(BIN, args, why);
    }
}

#[test]
fn a_tiny_scale_run_measures_each_point_in_a_child() {
    let stdout = race(&["--scale", "--levels", "2,5", "--delay", "10ms"]);
    // Two rounds of m requests on the codes from AA: AA to AD at m = 2, of which only AD
    // (Andorra) is a country; AA to AJ at m = 5, of which AD, AE, AF and AG are.
    for (strategy, m, counts) in [
        ("threads", 2, "1/3/0"),
        ("threads", 5, "4/6/0"),
        ("tokio", 2, "1/3/0"),
        ("tokio", 5, "4/6/0"),
    ] {
        let row = stdout
            .lines()
            .find(|l| l.split_whitespace().take(2).eq([strategy, &m.to_string()]))
            .unwrap_or_else(|| panic!("no {strategy} {m} row in {stdout}"));
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[2], (2 * m).to_string(), "{row}: two rounds");
        assert_eq!(cells.last(), Some(&counts), "{row}");
    }
}

#[test]
fn scale_refuses_the_sequential_strategy() {
    let out = run(BIN, &["--scale", "--strategies", "sequential"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has none"), "{}", stderr(&out));
}
