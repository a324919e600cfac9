//! The race on its bad days: Ctrl-C and SIGTERM in the middle of a run (with `--scale` too),
//! an argument that is not UTF-8, and `--scale` under a low open-files limit. Real signals,
//! real limits; every wait bounded.
#![cfg(target_os = "linux")]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use flags_testkit::process::{HANG_GUARD, Running, run_command, stderr, stdout, wait_until};

const BIN: &str = env!("CARGO_BIN_EXE_flags-race");

/// Every file and folder under `dir`, as paths relative to it.
fn everything_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found
}

/// True once some flag has been saved under `dest`: the race is under way.
fn a_flag_saved(dest: &Path) -> bool {
    everything_under(dest).iter().any(|p| p.ends_with(".gif"))
}

/// The processes whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            String::from_utf8_lossy(&cmdline)
                .contains(needle)
                .then_some(pid)
        })
        .collect()
}

/// A race of the 20 POP20 codes at 300 ms each, long enough to be interrupted, stopped by
/// `signal` once a flag is saved: it exits with `code`, promptly, and leaves nothing in `--dest`.
fn interrupted_race(extra: &[&str], signal_name: &str, code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().to_str().unwrap().to_string();
    let mut args = vec!["--delay", "300ms", "--cold", "--runs", "1", "--dest", &dest];
    args.extend_from_slice(extra);
    let running = Running::spawn(BIN, &args);
    wait_until("a flag saved", HANG_GUARD, || a_flag_saved(dir.path()));
    running.signal(signal_name);
    let output = running.wait(Duration::from_secs(10));
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(code), "{out}\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("Interrupted"), "{err}");
    assert_eq!(everything_under(dir.path()), Vec::<String>::new(), "{err}");
    out
}

#[test]
fn ctrl_c_mid_race_removes_the_scratch_folders_and_exits_130() {
    let out = interrupted_race(&["--strategies", "sequential,tokio"], "INT", 130);
    assert!(
        out.contains("  sequential (about 6.0s): interrupted"),
        "{out}"
    );
}

#[test]
fn ctrl_c_after_a_strategy_reports_what_was_done() {
    // tokio's five runs take about 2 s in all, then sequential 6 s: Ctrl-C lands in it.
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().to_str().unwrap();
    let args = [
        "--delay",
        "300ms",
        "--cold",
        "--strategies",
        "tokio,sequential",
        "--dest",
        dest,
    ];
    let running = Running::spawn(BIN, &args);
    // Its line of times ends once tokio is done: sequential starts right after.
    running.wait_for_stdout("tokio's five runs", |out| out.contains("-> median"));
    running.interrupt();
    let output = running.wait(Duration::from_secs(10));
    let (out, status) = (stdout(&output), output.status);
    assert_eq!(status.code(), Some(130), "{out}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|line| line.starts_with("tokio ") || line.starts_with("sequential "))
        .collect();
    assert_eq!(rows.len(), 1, "a row for tokio only: {out}");
    assert!(
        rows[0].starts_with("tokio ") && rows[0].ends_with("20/0/0"),
        "{out}"
    );
    assert!(
        out.contains("sequential (about 6.0s): interrupted"),
        "{out}"
    );
    assert_eq!(everything_under(dir.path()), Vec::<String>::new());
}

#[test]
fn sigterm_mid_race_removes_the_scratch_folders_and_exits_143() {
    let _ = interrupted_race(
        &["--strategies", "threads,sequential", "-m", "2"],
        "TERM",
        143,
    );
}

#[test]
fn ctrl_c_mid_scale_leaves_no_child_and_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().to_str().unwrap().to_string();
    let args = [
        "--scale",
        "--levels",
        "4",
        "--strategies",
        "tokio",
        "--delay",
        "3s",
        "--dest",
        &dest,
    ];
    let running = Running::spawn(BIN, &args);
    // The child's scratch folder appears: the child is running.
    wait_until("a child at work", HANG_GUARD, || {
        !everything_under(dir.path()).is_empty() && processes_mentioning(&dest).len() >= 2
    });
    running.interrupt();
    let output = running.wait(Duration::from_secs(10));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(130), "{err}");
    assert!(err.contains("Interrupted"), "{err}");
    assert_eq!(
        processes_mentioning(&dest),
        Vec::<u32>::new(),
        "a child left behind"
    );
    assert_eq!(everything_under(dir.path()), Vec::<String>::new(), "{err}");
}

#[test]
fn an_argument_that_is_not_utf8_exits_2_with_a_message() {
    for args in [
        vec![OsString::from_vec(b"B\xffR".to_vec())],
        vec![
            OsString::from("--seed"),
            OsString::from_vec(b"\xff".to_vec()),
        ],
        vec![OsString::from_vec(b"\xff".to_vec()), OsString::from("BR")],
    ] {
        let output = {
            let mut command = Command::new(BIN);
            command.args(&args);
            run_command(command)
        };
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("UTF-8"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn scale_under_a_low_open_files_limit_refuses_and_says_what_it_needs() {
    // A hard limit of 256 open files: 1,000 connections at once cannot be held.
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -n 256 && exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(["--scale", "--levels", "2,1000", "--strategies", "tokio"])
        .args(["--delay", "10ms"]);
    let output = run_command(command);
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(2), "{out}\n{err}");
    assert!(
        err.contains("256") && err.contains("1000") && err.contains("ulimit -n"),
        "{err}"
    );
    assert!(!out.contains("elapsed/ideal"), "no table of errors: {out}");
}
