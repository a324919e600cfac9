//! The `flags-server` binary on its bad days: a log nobody reads (a closed pipe, a pipe
//! nobody drains, a full disk), too few file descriptors, a `--bind` that opens it to the
//! network. Each case is run for real: real pipes, `/dev/full`, `ulimit`, real signals.
//! Loopback only, and every wait is bounded.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use flags_testkit::process::listening_ports;
use flags_testkit::{HANG_GUARD, Running, stderr, wait_until};

const BIN: &str = env!("CARGO_BIN_EXE_flags-server");

/// `flags-server ARGS`, to start with the kit's [`Running`].
fn flags_server(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args);
    command
}

/// Presses Ctrl-C and waits for the exit, at most the hang guard; returns the status and
/// everything the server wrote on stderr.
fn interrupt(server: Running) -> (ExitStatus, String) {
    server.interrupt();
    let output = server.wait(HANG_GUARD);
    (output.status, stderr(&output))
}

/// The address the server listens on, found without its stdout: the listening TCP
/// sockets among its open files (`/proc/PID/fd` and `/proc/PID/net/tcp`).
fn listening_addr(server: &Running) -> SocketAddr {
    let mut found = None;
    wait_until("the server listening", HANG_GUARD, || {
        found = listening_ports(server.pid()).first().copied();
        found.is_some()
    });
    SocketAddr::from(([127, 0, 0, 1], found.expect("found when the wait ends")))
}

/// The first URL's address in `banner`, printed up to "Press Ctrl-C".
fn banner_addr(banner: &str) -> SocketAddr {
    let url = banner
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no URL in the banner: {banner}"));
    let addr: SocketAddr = url.trim_end_matches("/flags").parse().unwrap();
    SocketAddr::from(([127, 0, 0, 1], addr.port()))
}

/// Waits for the whole banner on the server's stdout; returns its first URL's address.
fn wait_for_banner(server: &Running) -> SocketAddr {
    banner_addr(&server.wait_for_stdout("the banner", |out| out.contains("Press Ctrl-C")))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// One GET that must come back whole: a 200 and a GIF.
fn get_gif(agent: &ureq::Agent, addr: SocketAddr, cc: &str) {
    let url = format!("http://{addr}/flags/{cc}/{cc}.gif");
    let mut response = agent
        .get(&url)
        .call()
        .unwrap_or_else(|err| panic!("{url}: {err}"));
    let gif = response.body_mut().read_to_vec().unwrap();
    assert_eq!(&gif[..6], b"GIF89a", "{url}");
}

/// The server serves each flag of `codes` whole though its log cannot be written, says
/// so once on stderr and nothing more of it, and stops cleanly on Ctrl-C.
fn assert_serves_without_its_log(server: Running, addr: SocketAddr, codes: &[&str]) {
    let agent = agent();
    for cc in codes {
        get_gif(&agent, addr, cc);
    }
    let (status, stderr) = interrupt(server);
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    let said = stderr.lines().filter(|l| l.contains("request log")).count();
    assert_eq!(said, 1, "said once that the log is off:\n{stderr}");
}

#[test]
fn a_closed_log_pipe_costs_no_request() {
    // `flags-server | head -3`: the reader leaves after the banner.
    let args = ["--single", "--port", "0", "--seed", "1"];
    let server = Running::spawn_as_head(BIN, &args, |line| line.starts_with("Press Ctrl-C"));
    let addr = banner_addr(&server.stdout_so_far());

    assert_serves_without_its_log(server, addr, &["br", "cn", "in", "us", "br", "ng"]);
}

#[test]
fn a_full_disk_costs_no_request() {
    // /dev/full refuses every write with ENOSPC, as a full disk does: even the banner.
    let full = File::options().write(true).open("/dev/full").unwrap();
    let server =
        Running::start_with_stdout(flags_server(&["--single", "--port", "0"]), full.into());
    let addr = listening_addr(&server);
    assert_serves_without_its_log(server, addr, &["br", "cn", "in"]);
}

#[test]
fn a_log_pipe_nobody_drains_costs_no_request() {
    // `flags-server | less`, and nobody scrolls: the pipe fills up (64 KiB, about a
    // thousand lines), and a write to it would block until someone reads.
    let mut server =
        Running::start_with_stdout(flags_server(&["--single", "--port", "0"]), Stdio::piped());
    let mut stdout = BufReader::new(server.take_stdout());
    // The banner, read on a thread so that the wait is bounded; then nobody reads.
    let (banner, read) = std::sync::mpsc::channel();
    let (go_on, resume) = std::sync::mpsc::channel::<()>();
    let (seen, lines) = std::sync::mpsc::channel();
    let reading = std::thread::spawn(move || {
        let mut text = String::new();
        let mut line = String::new();
        while stdout.read_line(&mut line).is_ok_and(|n| n > 0) {
            text += &line;
            let done = line.starts_with("Press Ctrl-C");
            line.clear();
            if done {
                break;
            }
        }
        let _ = banner.send(text);
        if resume.recv().is_err() {
            return;
        }
        let mut text = String::new();
        while stdout.read_line(&mut line).is_ok_and(|n| n > 0) {
            text += &line;
            if line.contains("dropped") {
                let _ = seen.send(text.clone());
            }
            line.clear();
        }
    });
    let addr = banner_addr(&read.recv_timeout(HANG_GUARD).expect("the banner"));

    let agent = agent();
    for _ in 0..4_000 {
        let url = format!("http://{addr}/flags/br/metadata.json");
        let text = agent
            .get(&url)
            .call()
            .unwrap_or_else(|err| panic!("{url}: {err}"))
            .body_mut()
            .read_to_string()
            .unwrap();
        assert!(text.contains("Brazil"));
    }
    // Reading again, the reader learns that lines were dropped while it was away.
    go_on.send(()).expect("the reader waits");
    let lines = lines
        .recv_timeout(HANG_GUARD)
        .expect("a line saying lines were dropped");
    assert!(
        lines.contains("LOCAL BR delay 0.00s -> 200 GET /flags/br/metadata.json"),
        "{lines}"
    );
    let (status, stderr) = interrupt(server);
    reading.join().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The soft and hard limits on open files of `pid`, from `/proc/PID/limits`.
fn open_files_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap()
        .to_string();
    let cells: Vec<&str> = line.split_whitespace().collect();
    (cells[3].to_string(), cells[4].to_string())
}

/// `sh -c 'ulimit ...; exec flags-server ARGS'`: the server under a lower limit.
fn under_ulimit(ulimit: &str, args: &[&str]) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit {ulimit} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args);
    command
}

#[test]
fn the_soft_open_files_limit_is_raised_to_the_hard_one() {
    // The common default, a soft limit of 1,024 under a much higher hard one.
    let server = Running::start(under_ulimit("-Sn 64", &["--single", "--port", "0", "-q"]));
    wait_for_banner(&server);
    let (soft, hard) = open_files_limits(server.pid());
    assert_eq!(soft, hard, "the soft limit is raised to the hard one");
    interrupt(server);
}

#[test]
fn out_of_descriptors_the_server_backs_off_logs_little_and_serves_again() {
    // A hard limit of 64 open files, and 150 idle connections: most of them wait in the
    // accept queue, where every accept fails with EMFILE until some close.
    let server = Running::start(under_ulimit(
        "-n 64",
        &["--single", "--port", "0", "-q", "--bind", "127.0.0.1"],
    ));
    let addr = wait_for_banner(&server);
    let idle: Vec<TcpStream> = (0..150)
        .map(|_| TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap())
        .collect();
    server.wait_for_stderr("a line about accept", |err| err.contains("accept"));
    let started = Instant::now();

    // A real client, queued behind the idle ones.
    let client = std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(HANG_GUARD))
            .build()
            .into();
        get_gif(&agent, addr, "br");
    });
    // The hostile condition lasts a second; then the idle ones leave.
    std::thread::sleep(Duration::from_secs(1));
    drop(idle);
    client.join().expect("the real client is served");
    let held = started.elapsed();

    let (status, stderr) = interrupt(server);
    assert_eq!(status.code(), Some(130), "{stderr}");
    let accept_lines = stderr.lines().filter(|l| l.contains("accept")).count();
    // At most one line a second, plus the first one.
    let bound = held.as_secs() as usize + 2;
    assert!(
        (1..=bound).contains(&accept_lines),
        "{accept_lines} lines about accept in {held:?}, at most {bound}:\n{stderr}"
    );
}

#[test]
fn binding_beyond_loopback_warns() {
    let args = ["--single", "--port", "0", "-q", "--bind", "0.0.0.0"];
    let server = Running::start(flags_server(&args));
    let addr = wait_for_banner(&server);
    // Still served, here through loopback.
    get_gif(&agent(), addr, "br");
    let (status, stderr) = interrupt(server);
    assert_eq!(status.code(), Some(130), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("0.0.0.0") && warnings[0].contains("network"),
        "{stderr}"
    );

    // Loopback, by default or by choice: no warning.
    for bind in [None, Some("127.0.0.1")] {
        let mut command = flags_server(&["--single", "--port", "0", "-q"]);
        if let Some(bind) = bind {
            command.args(["--bind", bind]);
        }
        let server = Running::start(command);
        wait_for_banner(&server);
        let (_, stderr) = interrupt(server);
        assert!(!stderr.contains("warning"), "{bind:?}: {stderr}");
    }
}
