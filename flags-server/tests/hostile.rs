//! The `flags-server` binary on its bad days: a log nobody reads (a closed pipe, a pipe
//! nobody drains, a full disk), too few file descriptors, a `--bind` that opens it to the
//! network. Each case is run for real: real pipes, `/dev/full`, `ulimit`, real signals.
//! Loopback only, and every wait is bounded.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_flags-server");

/// Far beyond anything these tests wait for: it only ever catches a hang.
const GUARD: Duration = Duration::from_secs(20);

/// The server under test. Its stderr is collected by a thread, readable while it runs;
/// dropped while still running, it is killed.
struct Server {
    child: Child,
    stderr: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts `command` (the binary, or a shell that execs it) with `stdout` as its stdout.
    fn start(command: &mut Command, stdout: Stdio) -> Server {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut pipe = child.stderr.take().expect("a piped stderr");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buf) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Server {
            child,
            stderr,
            reader: Some(reader),
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits, at most `GUARD`, until the server's stderr says `what`.
    fn wait_stderr(&self, what: &str) {
        wait_until(&format!("{what:?} on stderr"), || {
            self.stderr().contains(what)
        });
    }

    /// The address the server listens on, found without its stdout: the listening TCP
    /// sockets among its open files (`/proc/PID/fd` and `/proc/PID/net/tcp`).
    fn listening_addr(&mut self) -> SocketAddr {
        let pid = self.child.id();
        let mut found = None;
        wait_until("the server listening", || {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the server exited ({status}) before listening: {}",
                    self.stderr()
                );
            }
            found = listening_port(pid);
            found.is_some()
        });
        SocketAddr::from(([127, 0, 0, 1], found.unwrap()))
    }

    /// Presses Ctrl-C and waits for the exit, at most `GUARD`; returns the status and
    /// everything the server wrote on stderr.
    fn interrupt(mut self) -> (ExitStatus, String) {
        signal(self.child.id(), "INT");
        let deadline = Instant::now() + GUARD;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop within {GUARD:?} of Ctrl-C: {}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        // The pipe closes with the process, so the reader ends.
        self.reader.take().unwrap().join().unwrap();
        (status, self.stderr())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn signal(pid: u32, name: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{name} {pid}");
}

/// Polls `done` every 10 ms until it holds; fails after `GUARD`.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + GUARD;
    while !done() {
        assert!(Instant::now() < deadline, "gave up after {GUARD:?}: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The port of a listening IPv4 socket that `pid` holds, if any.
fn listening_port(pid: u32) -> Option<u16> {
    let inodes: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .ok()?
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter_map(|link| {
            let link = link.to_string_lossy().into_owned();
            Some(
                link.strip_prefix("socket:[")?
                    .strip_suffix(']')?
                    .to_string(),
            )
        })
        .collect();
    let table = std::fs::read_to_string(format!("/proc/{pid}/net/tcp")).ok()?;
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    table.lines().skip(1).find_map(|line| {
        let cells: Vec<&str> = line.split_whitespace().collect();
        let listening = cells.get(3) == Some(&"0A");
        if listening && inodes.iter().any(|i| Some(&i.as_str()) == cells.get(9)) {
            let port = cells.get(1)?.split_once(':')?.1;
            u16::from_str_radix(port, 16).ok()
        } else {
            None
        }
    })
}

/// Reads the banner up to "Press Ctrl-C" and returns its first URL's address.
fn banner_addr(stdout: &mut BufReader<ChildStdout>) -> SocketAddr {
    let mut banner = String::new();
    loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "banner ended early: {banner}"
        );
        banner += &line;
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    let url = banner
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no URL in the banner: {banner}"));
    let addr: SocketAddr = url.trim_end_matches("/flags").parse().unwrap();
    SocketAddr::from(([127, 0, 0, 1], addr.port()))
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

/// The server says, once, that its log is gone, and then says nothing more of it.
fn assert_said_once_the_log_is_off(stderr: &str) {
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    let said = stderr.lines().filter(|l| l.contains("request log")).count();
    assert_eq!(said, 1, "said once that the log is off:\n{stderr}");
}

#[test]
fn a_closed_log_pipe_costs_no_request() {
    // `flags-server | head -3`: the reader leaves after the banner.
    let mut server = Server::start(
        Command::new(BIN).args(["--single", "--port", "0", "--seed", "1"]),
        Stdio::piped(),
    );
    let mut stdout = BufReader::new(server.child.stdout.take().unwrap());
    let addr = banner_addr(&mut stdout);
    drop(stdout);

    let agent = agent();
    for cc in ["br", "cn", "in", "us", "br", "ng"] {
        get_gif(&agent, addr, cc);
    }
    let (status, stderr) = server.interrupt();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_said_once_the_log_is_off(&stderr);
}

#[test]
fn a_full_disk_costs_no_request() {
    // /dev/full refuses every write with ENOSPC, as a full disk does: even the banner.
    let full = File::options().write(true).open("/dev/full").unwrap();
    let mut server = Server::start(
        Command::new(BIN).args(["--single", "--port", "0"]),
        full.into(),
    );
    let addr = server.listening_addr();
    let agent = agent();
    for cc in ["br", "cn", "in"] {
        get_gif(&agent, addr, cc);
    }
    let (status, stderr) = server.interrupt();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_said_once_the_log_is_off(&stderr);
}

#[test]
fn a_log_pipe_nobody_drains_costs_no_request() {
    // `flags-server | less`, and nobody scrolls: the pipe fills up (64 KiB, about a
    // thousand lines), and a write to it would block until someone reads.
    let mut server = Server::start(
        Command::new(BIN).args(["--single", "--port", "0"]),
        Stdio::piped(),
    );
    let mut stdout = BufReader::new(server.child.stdout.take().unwrap());
    let addr = banner_addr(&mut stdout);

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
    let (seen, lines) = std::sync::mpsc::channel();
    let reading = std::thread::spawn(move || {
        let mut text = String::new();
        let mut line = String::new();
        while stdout.read_line(&mut line).unwrap() > 0 {
            text += &line;
            if line.contains("dropped") {
                let _ = seen.send(text.clone());
            }
            line.clear();
        }
    });
    let lines = lines
        .recv_timeout(GUARD)
        .expect("a line saying lines were dropped");
    assert!(
        lines.contains("LOCAL BR delay 0.00s -> 200 GET /flags/br/metadata.json"),
        "{lines}"
    );
    let (status, stderr) = server.interrupt();
    reading.join().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
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
    let mut server = Server::start(
        &mut under_ulimit("-Sn 64", &["--single", "--port", "0", "-q"]),
        Stdio::piped(),
    );
    let mut stdout = BufReader::new(server.child.stdout.take().unwrap());
    banner_addr(&mut stdout);
    let (soft, hard) = open_files_limits(server.child.id());
    assert_eq!(soft, hard, "the soft limit is raised to the hard one");
    server.interrupt();
}

#[test]
fn out_of_descriptors_the_server_backs_off_logs_little_and_serves_again() {
    // A hard limit of 64 open files, and 150 idle connections: most of them wait in the
    // accept queue, where every accept fails with EMFILE until some close.
    let mut server = Server::start(
        &mut under_ulimit(
            "-n 64",
            &["--single", "--port", "0", "-q", "--bind", "127.0.0.1"],
        ),
        Stdio::piped(),
    );
    let mut stdout = BufReader::new(server.child.stdout.take().unwrap());
    let addr = banner_addr(&mut stdout);
    let idle: Vec<TcpStream> = (0..150)
        .map(|_| TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap())
        .collect();
    server.wait_stderr("accept");
    let started = Instant::now();

    // A real client, queued behind the idle ones.
    let client = std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(GUARD))
            .build()
            .into();
        get_gif(&agent, addr, "br");
    });
    // The hostile condition lasts a second; then the idle ones leave.
    std::thread::sleep(Duration::from_secs(1));
    drop(idle);
    client.join().expect("the real client is served");
    let held = started.elapsed();

    let (status, stderr) = server.interrupt();
    assert_eq!(status.code(), Some(0), "{stderr}");
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
    let mut server = Server::start(
        Command::new(BIN).args(["--single", "--port", "0", "-q", "--bind", "0.0.0.0"]),
        Stdio::piped(),
    );
    let mut stdout = BufReader::new(server.child.stdout.take().unwrap());
    let addr = banner_addr(&mut stdout);
    // Still served, here through loopback.
    get_gif(&agent(), addr, "br");
    let (status, stderr) = server.interrupt();
    assert_eq!(status.code(), Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("0.0.0.0") && warnings[0].contains("network"),
        "{stderr}"
    );

    // Loopback, by default or by choice: no warning.
    for bind in [None, Some("127.0.0.1")] {
        let mut command = Command::new(BIN);
        command.args(["--single", "--port", "0", "-q"]);
        if let Some(bind) = bind {
            command.args(["--bind", bind]);
        }
        let mut server = Server::start(&mut command, Stdio::piped());
        let mut stdout = BufReader::new(server.child.stdout.take().unwrap());
        banner_addr(&mut stdout);
        let (_, stderr) = server.interrupt();
        assert!(!stderr.contains("warning"), "{bind:?}: {stderr}");
    }
}
