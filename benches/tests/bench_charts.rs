//! `bench_charts` as a reader runs it: help and version, bad arguments, a folder without
//! results, and a chart drawn from a criterion-like folder.

use std::path::Path;
use std::process::Output;

/// `bench_charts ARGS`, under the kit's hang guard.
fn bench_charts(args: &[&str]) -> Output {
    flags_testkit::run(env!("CARGO_BIN_EXE_bench_charts"), args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_version_and_bad_arguments() {
    let help = bench_charts(&["--help"]);
    assert!(help.status.success());
    assert!(text(&help.stdout).contains("--criterion"));
    let version = bench_charts(&["--version"]);
    assert!(version.status.success());
    assert!(text(&version.stdout).starts_with("bench_charts "));
    let bad = bench_charts(&["downloads"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("pop20"), "{}", text(&bad.stderr));
}

#[test]
fn no_saved_results_is_an_error_that_says_how_to_make_them() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("criterion");
    let out = bench_charts(&[
        "--criterion",
        missing.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "scale",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cargo bench -p benches"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// One saved benchmark, as criterion lays it out.
fn save(dir: &Path, strategy: &str, workers: &str, median_ns: f64) {
    let new = dir.join("primes").join(strategy).join(workers).join("new");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(
        new.join("benchmark.json"),
        format!(r#"{{"group_id":"primes","function_id":"{strategy}","value_str":"{workers}"}}"#),
    )
    .unwrap();
    let stat = |ns: f64| {
        format!(
            r#"{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{},"upper_bound":{}}},"point_estimate":{ns},"standard_error":1.0}}"#,
            ns * 0.99,
            ns * 1.01
        )
    };
    std::fs::write(
        new.join("estimates.json"),
        format!(
            r#"{{"mean":{},"median":{}}}"#,
            stat(median_ns),
            stat(median_ns)
        ),
    )
    .unwrap();
}

#[test]
fn a_chart_is_drawn_from_saved_results_with_its_caption() {
    let dir = tempfile::tempdir().unwrap();
    let criterion = dir.path().join("criterion");
    let cores = benches::cores();
    save(&criterion, "sequential", "1", 980e6);
    save(&criterion, "threads", &cores.to_string(), 540e6);
    // Another machine's: left out, and said.
    save(&criterion, "threads", &(cores + 6).to_string(), 300e6);
    let out = bench_charts(&[
        "--criterion",
        criterion.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--caption",
        "a line of the test",
        "primes",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("bench-primes.svg: 2 bars"), "{stdout}");
    let left_out = format!(
        "left out, no longer run by the benches: threads/{}",
        cores + 6
    );
    assert!(stdout.contains(&left_out), "{stdout}");
    let svg = std::fs::read_to_string(dir.path().join("bench-primes.svg")).unwrap();
    let ideal = benches::cpu_ideal(std::time::Duration::from_millis(980), cores);
    let label = format!(
        "540.0 ms: {:.2}x the ideal {}",
        0.540 / ideal.as_secs_f64(),
        benches::charts::human(ideal)
    );
    assert!(svg.contains(&label), "{label}");
    assert!(svg.contains("980.0 ms (the baseline)"));
    assert!(svg.contains("a line of the test") && svg.contains("Measured on "));
}
