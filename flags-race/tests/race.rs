//! The race binary at tiny sizes, so it cannot rot: the table, the timelines, the SVG.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_flags-race");

#[test]
fn a_tiny_race_prints_the_table_the_timelines_and_writes_the_svg() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("race.svg");
    let out = Command::new(BIN)
        .args([
            "--delay", "5ms", "-m", "3", "BR", "CN", "ZZ", "IN", "US", "--svg",
        ])
        .arg(&svg)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    let out = Command::new(BIN)
        .args([
            "--delay",
            "5ms",
            "--cold",
            "--runs",
            "1",
            "--strategies",
            "tokio",
            "BR",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
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
        let out = Command::new(BIN).args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(why),
            "{args:?}: {stderr:?} does not say {why:?}"
        );
    }
}

#[test]
fn a_tiny_scale_run_measures_each_point_in_a_child() {
    let out = Command::new(BIN)
        .args(["--scale", "--levels", "2,5", "--delay", "10ms"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (strategy, m) in [("threads", 2), ("threads", 5), ("tokio", 2), ("tokio", 5)] {
        let row = stdout
            .lines()
            .find(|l| l.split_whitespace().take(2).eq([strategy, &m.to_string()]))
            .unwrap_or_else(|| panic!("no {strategy} {m} row in {stdout}"));
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[2], (2 * m).to_string(), "{row}: two rounds");
        let codes = flags_race::scale::codes(2 * m);
        let found = codes
            .iter()
            .filter(|cc| flags_common::country(cc).is_some())
            .count();
        let expected = format!("{found}/{}/0", 2 * m - found);
        assert_eq!(cells.last(), Some(&expected.as_str()), "{row}");
    }
}

#[test]
fn scale_refuses_the_sequential_strategy() {
    let out = Command::new(BIN)
        .args(["--scale", "--strategies", "sequential"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has none"));
}
