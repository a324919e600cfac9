//! The binaries, run as a reader runs them, each under a hang guard: the book's output
//! shape, the exit statuses, a dead DNS server, a closed stdout, Ctrl-C and SIGTERM.
//!
//! Every run asks the DNS server the binary starts on 127.0.0.1, or a silent socket of
//! this test (`--dns`). None uses `--system`: that would send the probes' names to the
//! system's DNS servers, off this machine.

use std::collections::HashSet;
use std::net::UdpSocket;
use std::os::unix::process::ExitStatusExt;

use domains::server::REGISTERED;
use flags_testkit::process::{HANG_GUARD, Running, run, stderr, stdout, wait_until};
use flags_testkit::{assert_help_and_version, assert_refused};

const BLOGDOM: &str = env!("CARGO_BIN_EXE_blogdom");
const BLOGDOM_JOINSET: &str = env!("CARGO_BIN_EXE_blogdom_joinset");
const DOMAINCHECK: &str = env!("CARGO_BIN_EXE_domaincheck");

/// The book's names to probe: Python's keywords of four letters or fewer, lower case.
const NAMES: [&str; 18] = [
    "none", "true", "and", "as", "def", "del", "elif", "else", "for", "from", "if", "in", "is",
    "not", "or", "pass", "try", "with",
];

/// `NAMES` under `tld`: `none.dev`...
fn domains_under(tld: &str) -> HashSet<String> {
    NAMES.iter().map(|name| format!("{name}.{tld}")).collect()
}

fn is_registered(domain: &str) -> bool {
    REGISTERED.contains(&domain.split('.').next().unwrap_or_default())
}

/// Checks the book's blogdom lines: `+ name.dev` for a name that exists, `  name.dev` for
/// one that does not, each of the 18 names once.
fn assert_blogdom_output(out: &str) {
    let mut seen = HashSet::new();
    for line in out.lines() {
        let (mark, domain) = line.split_at(2);
        let expected = if is_registered(domain) { "+ " } else { "  " };
        assert_eq!(mark, expected, "line {line:?}");
        assert!(seen.insert(domain.to_string()), "{domain} twice");
    }
    assert_eq!(seen, domains_under("dev"));
}

#[test]
fn blogdom_marks_the_names_that_exist() {
    for bin in [BLOGDOM, BLOGDOM_JOINSET] {
        let output = run(bin, &["--seed", "11"]);
        assert!(output.status.success(), "{bin}: {}", stderr(&output));
        assert_blogdom_output(&stdout(&output));
        let err = stderr(&output);
        assert!(err.contains("in-process DNS server at 127.0.0.1:"), "{err}");
        assert!(err.contains("--seed 11"), "{err}");
    }
}

#[test]
fn domaincheck_fills_the_found_and_not_found_columns() {
    for args in [
        &["dev", "--seed", "12"][..],
        &["COM.BR.", "--seed", "12"],
        &[".dev", "--joinset"],
    ] {
        let output = run(DOMAINCHECK, args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let out = stdout(&output);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("FOUND\t\tNOT FOUND"));
        assert_eq!(lines.next(), Some("=====\t\t========="));
        let tld = args[0].trim_matches('.').to_lowercase();
        let mut seen = HashSet::new();
        for line in lines {
            let domain = line.trim_start_matches('\t');
            let indent = &line[..line.len() - domain.len()];
            let expected = if is_registered(domain) { "" } else { "\t\t" };
            assert_eq!(indent, expected, "{args:?}: line {line:?}");
            assert!(seen.insert(domain.to_string()), "{domain} twice");
        }
        assert_eq!(seen, domains_under(&tld), "{args:?}");
    }
}

#[test]
fn a_dead_dns_server_is_an_error_per_name_then_exit_1() {
    let silent = UdpSocket::bind("127.0.0.1:0").expect("bind port 0");
    let dns = silent.local_addr().expect("bound").to_string();
    for bin in [BLOGDOM, BLOGDOM_JOINSET] {
        let output = run(bin, &["--dns", &dns, "--timeout", "0.3"]);
        assert_eq!(output.status.code(), Some(1), "{bin}");
        assert_eq!(
            stdout(&output),
            "",
            "{bin}: nothing found, nothing not found"
        );
        let err = stderr(&output);
        let errors = err
            .lines()
            .filter(|line| line.ends_with(": no answer within 300ms"));
        assert_eq!(errors.count(), 18, "{bin}: {err}");
    }
    // The same timeout with a unit: the workspace's one duration syntax.
    let output = run(DOMAINCHECK, &["dev", "--dns", &dns, "--timeout", "300ms"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "FOUND\t\tNOT FOUND\n=====\t\t=========\n");
    assert!(stderr(&output).contains("domaincheck: and.dev: no answer within 300ms"));
}

#[test]
fn help_version_and_bad_arguments() {
    for bin in [BLOGDOM, BLOGDOM_JOINSET, DOMAINCHECK] {
        // The version is named after the binary, not the crate: `blogdom 0.1.0`.
        let help = assert_help_and_version(bin);
        assert!(help.contains("--system"), "{bin}");
        for bad in [
            &["--timeout", "0"][..],
            &["--timeout", "-1"],
            &["--timeout", "2h"],
            &["--timeout", "soon"],
            &["--seed", "-1"],
            &["--dns", "nowhere"],
            &["--system", "--seed", "1"],
        ] {
            let mut args = bad.to_vec();
            if bin == DOMAINCHECK {
                args.insert(0, "dev");
            }
            let output = assert_refused(bin, &args, "error: ");
            assert!(stderr(&output).starts_with("error: "), "{bin} {args:?}");
        }
    }
    // A timeout out of range says the range.
    let output = run(BLOGDOM, &["--timeout", "0"]);
    assert!(
        stderr(&output).contains("a timeout must be more than 0 and at most 3600 seconds"),
        "{}",
        stderr(&output)
    );
    // The book's domaincheck wants exactly one TLD.
    for args in [&[][..], &["dev", "org"], &["..."]] {
        let output = run(DOMAINCHECK, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    for bin in [BLOGDOM, BLOGDOM_JOINSET] {
        // `| head -1`: the reader is gone after the first line.
        let running = Running::spawn_as_head(bin, &[], |_| true);
        let output = running.wait(HANG_GUARD);
        let (first, err) = (stdout(&output), stderr(&output));
        assert!(first.ends_with(".dev\n"), "{first:?}");
        assert!(output.status.success(), "{bin}: {:?} {err}", output.status);
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Starts `args` against a DNS server that never answers, waits until its first query
/// arrives (the program is then waiting, its signal handlers in place), and sends `signal`.
fn interrupt_while_waiting(bin: &str, signal: &str) -> std::process::Output {
    let silent = UdpSocket::bind("127.0.0.1:0").expect("bind port 0");
    silent.set_nonblocking(true).expect("nonblocking");
    let dns = silent.local_addr().expect("bound").to_string();
    let mut args = vec!["--dns", &dns, "--timeout", "60"];
    if bin == DOMAINCHECK {
        args.insert(0, "dev");
    }
    let running = Running::spawn(bin, &args);
    let mut buf = [0; 512];
    wait_until("a first query", HANG_GUARD, || {
        silent.recv_from(&mut buf).is_ok()
    });
    running.signal(signal);
    running.wait(HANG_GUARD)
}

#[test]
fn ctrl_c_stops_the_probes_at_once_with_130() {
    for bin in [BLOGDOM, BLOGDOM_JOINSET, DOMAINCHECK] {
        let output = interrupt_while_waiting(bin, "INT");
        assert_eq!(output.status.code(), Some(130), "{bin}: {output:?}");
        assert!(
            stderr(&output).ends_with("interrupted\n"),
            "{}",
            stderr(&output)
        );
        assert_eq!(output.status.signal(), None, "ended by itself, not killed");
    }
}

#[test]
fn sigterm_stops_the_probes_with_143() {
    let output = interrupt_while_waiting(DOMAINCHECK, "TERM");
    assert_eq!(output.status.code(), Some(143), "{output:?}");
}
