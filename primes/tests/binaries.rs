//! End to end: every primes binary, run for real under a hang guard. The answers are
//! checked against a Miller-Rabin test written here, not against the crate's `is_prime`.

use std::thread;

use flags_testkit::{
    HANG_GUARD, Running, assert_refused, children_of, has_ended, run, run_with_env, stderr, stdout,
    wait_until,
};

const SEQUENTIAL: &str = env!("CARGO_BIN_EXE_sequential");
const THREADS: &str = env!("CARGO_BIN_EXE_threads");
const PROCS: &str = env!("CARGO_BIN_EXE_procs");
const RACE: &str = env!("CARGO_BIN_EXE_procs_race_condition");
const RACE_FIXED: &str = env!("CARGO_BIN_EXE_procs_race_fixed");
const PROC_POOL: &str = env!("CARGO_BIN_EXE_proc_pool");
const THREAD_POOL: &str = env!("CARGO_BIN_EXE_thread_pool");
const RAYON_POOL: &str = env!("CARGO_BIN_EXE_rayon_pool");
const PRIMES: &str = env!("CARGO_BIN_EXE_primes");

/// The book's 20 numbers, in its order (`primes.py`), typed in again.
const NUMBERS: [u64; 20] = [
    2,
    142702110479723,
    299593572317531,
    3333333333333301,
    3333333333333333,
    3333335652092209,
    4444444444444423,
    4444444444444444,
    4444444488888889,
    5555553133149889,
    5555555555555503,
    5555555555555555,
    6666666666666666,
    6666666666666719,
    6666667141414921,
    7777777536340681,
    7777777777777753,
    7777777777777777,
    9999999999999917,
    9999999999999999,
];

/// Miller-Rabin with the first 12 primes as bases: exact for every `u64`.
fn miller_rabin(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    if let Some(&p) = BASES.iter().find(|&&p| n.is_multiple_of(p)) {
        return n == p;
    }
    let mul = |a: u64, b: u64| (u128::from(a) * u128::from(b) % u128::from(n)) as u64;
    let pow = |mut base: u64, mut exp: u64| {
        let mut acc = 1;
        while exp > 0 {
            if exp & 1 == 1 {
                acc = mul(acc, base);
            }
            base = mul(base, base);
            exp >>= 1;
        }
        acc
    };
    let (mut d, mut s) = (n - 1, 0);
    while d.is_multiple_of(2) {
        d /= 2;
        s += 1;
    }
    BASES.iter().all(|&a| {
        let mut x = pow(a, d);
        if x == 1 || x == n - 1 {
            return true;
        }
        for _ in 1..s {
            x = mul(x, x);
            if x == n - 1 {
                return true;
            }
        }
        false
    })
}

#[test]
fn miller_rabin_agrees_with_the_books_fixture() {
    let primes: Vec<u64> = NUMBERS.into_iter().filter(|&n| miller_rabin(n)).collect();
    // The book's PRIME_FIXTURE marks these nine True.
    let book = [
        2,
        142702110479723,
        299593572317531,
        3333333333333301,
        4444444444444423,
        5555555555555503,
        6666666666666719,
        7777777777777753,
        9999999999999917,
    ];
    assert_eq!(primes, book);
    let small: Vec<u64> = (0..50).filter(|&n| miller_rabin(n)).collect();
    assert_eq!(
        small,
        [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
    );
    assert!(!miller_rabin(4444444488888889)); // 66666667², no small factor
}

/// One result line, `f'{n:16}  {label} {elapsed:9.6f}s'`: checks its layout and its
/// answer, and returns the number.
fn check_line(line: &str) -> u64 {
    assert_eq!(line.len(), 30, "{line:?}");
    let (n, rest) = line.split_at(16);
    let n: u64 = n
        .trim_start()
        .parse()
        .unwrap_or_else(|_| panic!("{line:?}"));
    let label = if miller_rabin(n) { 'P' } else { ' ' };
    assert_eq!(&rest[..3], format!("  {label}"), "wrong answer: {line:?}");
    let elapsed = rest[3..].strip_suffix('s').expect("seconds");
    assert_eq!(elapsed.len(), 10, "{line:?}"); // a space, then `{:9.6}`
    let (whole, fraction) = elapsed.trim_start().split_once('.').expect("a point");
    assert!(
        whole.parse::<u64>().is_ok() && fraction.len() == 6,
        "{line:?}"
    );
    n
}

/// The total line: `prefix`, then seconds with two decimals.
fn check_total(line: &str, prefix: &str) {
    let seconds = line
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix('s'))
        .unwrap_or_else(|| panic!("{line:?} is not {prefix:?}..s"));
    let (_, decimals) = seconds.split_once('.').expect("a point");
    assert!(
        seconds.parse::<f64>().is_ok() && decimals.len() == 2,
        "{line:?}"
    );
}

/// Runs `program` and checks the book's shape: the header, one correct line per number
/// (returned in printed order), and the total line.
fn run_report(program: &str, args: &[&str], header: &str, total: &str) -> Vec<u64> {
    let output = run(program, args);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(stderr(&output), "");
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.first(), Some(&header), "{out}");
    assert_eq!(lines.len(), 22, "{out}");
    check_total(lines[21], total);
    lines[1..21].iter().map(|line| check_line(line)).collect()
}

fn sorted(mut numbers: Vec<u64>) -> Vec<u64> {
    numbers.sort_unstable();
    numbers
}

fn cpus() -> usize {
    thread::available_parallelism().unwrap().get()
}

#[test]
fn sequential_checks_every_number_in_the_books_order() {
    let printed = run_report(
        SEQUENTIAL,
        &[],
        "Checking 20 numbers sequentially:",
        "Total time: ",
    );
    assert_eq!(printed, NUMBERS);
}

/// `program` with 1, 2 and 4 workers (`unit`: threads or processes), and with as many as
/// there are CPUs by default: each number checked once, whatever the order.
fn assert_every_number_once(program: &str, unit: &str) {
    for workers in ["1", "2", "4"] {
        let header = format!("Checking 20 numbers with {workers} {unit}:");
        let printed = run_report(program, &[workers], &header, "20 checks in ");
        assert_eq!(sorted(printed), NUMBERS, "{workers} {unit}");
    }
    let header = format!("Checking 20 numbers with {} {unit}:", cpus());
    run_report(program, &[], &header, "20 checks in ");
}

#[test]
fn threads_check_every_number_once() {
    assert_every_number_once(THREADS, "threads");
}

#[test]
fn processes_check_every_number_once() {
    assert_every_number_once(PROCS, "processes");
}

#[test]
fn the_pools_map_in_order_biggest_first() {
    let mut biggest_first = NUMBERS.to_vec();
    biggest_first.reverse();
    for (program, what) in [
        (PROC_POOL, "processes"),
        (THREAD_POOL, "threads"),
        (RAYON_POOL, "rayon threads"),
    ] {
        let header = format!("Checking 20 numbers with 3 {what}:");
        let printed = run_report(program, &["3"], &header, "Total time: ");
        assert_eq!(printed, biggest_first, "{program}");
    }
    let header = format!("Checking 20 numbers with {} processes:", cpus());
    run_report(PROC_POOL, &[], &header, "Total time: ");
}

#[test]
fn the_racy_report_may_lose_lines_but_never_miscounts() {
    // Whether results are lost depends on timing: check only what always holds.
    let output = run(RACE, &["2", "--nap", "0.05"]);
    assert!(output.status.success(), "{output:?}");
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Checking 20 numbers with 2 processes:");
    let printed: Vec<u64> = lines[1..lines.len() - 1]
        .iter()
        .map(|line| check_line(line))
        .collect();
    assert!(!printed.is_empty() && printed.len() <= 20, "{out}");
    let total = format!("{} checks in ", printed.len());
    check_total(lines[lines.len() - 1], &total);
}

#[test]
fn the_fixed_report_reads_every_result_even_with_a_nap() {
    let header = "Checking 20 numbers with 2 processes:";
    let printed = run_report(RACE_FIXED, &["2", "--nap", "0.05"], header, "20 checks in ");
    assert_eq!(sorted(printed), NUMBERS);
}

#[test]
fn primes_prints_the_fixture() {
    let output = run(PRIMES, &[]);
    assert!(output.status.success(), "{output:?}");
    let expected: String = NUMBERS
        .iter()
        .map(|&n| format!("{n} {}\n", miller_rabin(n)))
        .collect();
    assert_eq!(stdout(&output), expected);
}

#[test]
fn a_worker_process_that_dies_is_reported_by_job_never_a_hang() {
    let dies_on = [("PRIMES_TEST_WORKER_DIES_ON", "4444444488888889")];
    for program in [PROCS, PROC_POOL, RACE, RACE_FIXED] {
        let output = run_with_env(program, &["2"], &dies_on);
        assert_eq!(output.status.code(), Some(1), "{program}: {output:?}");
        let err = stderr(&output);
        assert!(
            err.contains("died while checking 4444444488888889") && err.contains("SIGABRT"),
            "{program}: {err}"
        );
        assert!(!err.contains("panicked"), "{program}: {err}");
        assert!(!stdout(&output).contains("4444444488888889"), "{output:?}");
    }
}

#[test]
fn bad_worker_counts_exit_2_with_a_message() {
    let programs = [
        THREADS,
        PROCS,
        RACE,
        RACE_FIXED,
        PROC_POOL,
        THREAD_POOL,
        RAYON_POOL,
    ];
    for program in programs {
        for bad in ["0", "-1", "two", "257", "99999999999999999999999"] {
            assert_refused(program, &[bad], "is not a number of workers");
        }
    }
    assert_refused(RACE, &["2", "--nap", "soon"], "is not a duration");
}

#[test]
fn workers_end_when_the_parent_is_killed() {
    for (program, signal) in [(PROCS, "TERM"), (PROC_POOL, "KILL")] {
        let parent = Running::spawn(program, &["2"]);
        let mut workers = Vec::new();
        wait_until("two worker processes", HANG_GUARD, || {
            workers = children_of(parent.pid());
            workers.len() == 2
        });
        parent.signal(signal);
        let output = parent.wait(HANG_GUARD);
        assert!(!output.status.success(), "{output:?}");
        // Each worker reads the end of its pipe, at the latest after the job in hand.
        for worker in workers {
            wait_until(&format!("worker {worker} to end"), HANG_GUARD, || {
                has_ended(worker)
            });
        }
    }
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    for program in [SEQUENTIAL, THREADS, PROCS, PROC_POOL, RAYON_POOL] {
        // `| head -1`: the first line read, the pipe closes; the next line meets it.
        let running = Running::spawn_as_head(program, &[], |_| true);
        let output = running.wait(HANG_GUARD);
        let (first, err) = (stdout(&output), stderr(&output));
        assert!(first.starts_with("Checking 20 numbers"), "{first:?}");
        assert_eq!(output.status.code(), Some(0), "{program}: {err}");
        assert_eq!(err, "", "{program}");
    }
}
