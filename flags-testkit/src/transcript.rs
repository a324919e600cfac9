//! Recorded transcripts of runs that need a server started first.
//!
//! A transcript is one text file holding a whole run: the command line, the exit status,
//! stdout and stderr, the way a reader sees them in a terminal. [`Transcript::check`] runs
//! the binary under the [`HANG_GUARD`](crate::HANG_GUARD) and compares the run with the
//! file through snapbox, so the file may elide what varies: `[..]` for part of a line,
//! `...` for whole lines, and placeholders such as `[URL]` for what the test chose at run
//! time (a port). Self-contained runs need none of this: their transcripts are trycmd
//! files.
//!
//! To re-record after a deliberate change of output, run the crate's transcript test with
//! `SNAPSHOTS=overwrite` and read the diff before committing it:
//!
//! ```text
//! SNAPSHOTS=overwrite cargo test -p flags-seq --test transcripts
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use snapbox::{Assert, Data, Redactions};

use crate::process::{Running, spawn_lock};

/// One run of a binary, described before it runs; see the [module](self) docs.
#[must_use = "a transcript does nothing until it is checked"]
pub struct Transcript {
    bin: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    redactions: Redactions,
    sorted_stdout: Option<Sorted>,
    interrupt: Option<Interrupt>,
    stop: Stop,
    /// Printed this many times before the stop: see [`Transcript::stop_once_printed`].
    last_words: Option<(&'static str, usize)>,
}

/// When to stop a server, and what to do first: see [`Transcript::interrupt_when`] and
/// [`Transcript::client_when`].
struct Interrupt {
    ready: &'static str,
    before: Before,
    /// The title of the client's part of the transcript, when there is one.
    client: Option<&'static str>,
}

/// Called with what the server printed so far and its process id; returns what a client
/// saw, recorded under its title, or nothing.
type Before = Box<dyn FnOnce(&str, u32) -> Option<String>>;

/// How [`Transcript::interrupt_when`] stops the program: Ctrl-C unless
/// [`Transcript::terminate_instead`] says `kill`.
#[derive(Clone, Copy)]
enum Stop {
    /// SIGINT, as Ctrl-C in a terminal.
    Interrupt,
    /// SIGTERM, as `kill PID` or a service manager.
    Terminate,
}

/// Why some lines of stdout are sorted, and which: see [`Transcript::sorted_stdout`] and
/// [`Transcript::sorted_words`].
type Sorted = (&'static str, Sort);

#[derive(Clone, Copy)]
enum Sort {
    /// The picked lines, among their own places.
    Lines(fn(&str) -> bool),
    /// The words inside each picked line.
    Words(fn(&str) -> bool),
}

impl Transcript {
    /// A run of the binary at `bin` (an `env!("CARGO_BIN_EXE_<name>")` path), shown in the
    /// transcript by its file name only.
    pub fn new(bin: &str) -> Self {
        Self {
            bin: bin.to_string(),
            args: Vec::new(),
            env: Vec::new(),
            redactions: Redactions::new(),
            sorted_stdout: None,
            interrupt: None,
            stop: Stop::Interrupt,
            last_words: None,
        }
    }

    /// Adds arguments, in order.
    pub fn args<S: AsRef<str>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args
            .extend(args.into_iter().map(|arg| arg.as_ref().to_string()));
        self
    }

    /// Adds a variable to the binary's environment.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Writes `value` as `placeholder` (`[URL]`, `[DEST]`: capitals in brackets) wherever
    /// it appears, in the command line as in the output, so that the file does not depend
    /// on a port or a temporary folder.
    pub fn redact(mut self, placeholder: &'static str, value: &str) -> Self {
        // A bad placeholder is a mistake in the test itself: failing loudly is right.
        self.redactions
            .insert(placeholder, value.to_string())
            .expect("a placeholder in capitals between brackets");
        self
    }

    /// [`redact`](Self::redact) for a path.
    pub fn redact_path(self, placeholder: &'static str, path: &Path) -> Self {
        let value = path.to_str().expect("a UTF-8 temporary path").to_string();
        self.redact(placeholder, &value)
    }

    /// Sorts the lines of stdout that `varies` picks, each to one of their own places (the
    /// other lines stay where they are), for runs whose completion order is the lesson's
    /// randomness; `why` is written into the transcript, beside the output.
    pub fn sorted_stdout(mut self, why: &'static str, varies: fn(&str) -> bool) -> Self {
        self.sorted_stdout = Some((why, Sort::Lines(varies)));
        self
    }

    /// Sorts the words of the lines of stdout that `varies` picks, for a program that
    /// prints its results on one line as they complete (`flags_asyncio`).
    pub fn sorted_words(mut self, why: &'static str, varies: fn(&str) -> bool) -> Self {
        self.sorted_stdout = Some((why, Sort::Words(varies)));
        self
    }

    /// For a program that runs until Ctrl-C (a server): once `ready` appears in its
    /// stdout or stderr, calls `before` with all it printed so far (to read a port, send a
    /// request), then presses Ctrl-C (SIGINT) and records the whole run. Every wait is
    /// bounded by the [`HANG_GUARD`](crate::HANG_GUARD).
    pub fn interrupt_when(
        mut self,
        ready: &'static str,
        before: impl FnOnce(&str) + 'static,
    ) -> Self {
        self.interrupt = Some(Interrupt {
            ready,
            before: Box::new(|log, _pid| {
                before(log);
                None
            }),
            client: None,
        });
        self
    }

    /// For a server a client talks to: as [`interrupt_when`](Self::interrupt_when), but
    /// `client` is called with all the server printed so far and its process id, plays
    /// the client, and returns what the client saw (what it typed, what came back),
    /// recorded after the server's stderr under `--- {title}`, with the same redactions.
    pub fn client_when(
        mut self,
        ready: &'static str,
        title: &'static str,
        client: impl FnOnce(&str, u32) -> String + 'static,
    ) -> Self {
        self.interrupt = Some(Interrupt {
            ready,
            before: Box::new(|log, pid| Some(client(log, pid))),
            client: Some(title),
        });
        self
    }

    /// Stops the program of [`interrupt_when`](Self::interrupt_when) or
    /// [`client_when`](Self::client_when) with SIGTERM (`kill PID`) instead of Ctrl-C.
    pub fn terminate_instead(mut self) -> Self {
        self.stop = Stop::Terminate;
        self
    }

    /// Stops the program of [`interrupt_when`](Self::interrupt_when) or
    /// [`client_when`](Self::client_when) only once `text` is in its output `times` times
    /// (a wait bounded by the [`HANG_GUARD`](crate::HANG_GUARD)): for a server that logs a
    /// client's departure after the client has seen it go.
    pub fn stop_once_printed(mut self, text: &'static str, times: usize) -> Self {
        self.last_words = Some((text, times));
        self
    }

    /// Runs the binary and compares the run with `expected` (a `snapbox::file![...]`),
    /// failing the test with a diff when they differ; with `SNAPSHOTS=overwrite` in the
    /// environment, writes the run into the file instead.
    #[track_caller]
    pub fn check(self, expected: Data) {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect();
        let mut client = None;
        let output = match self.interrupt {
            None => crate::process::run_with_env(&self.bin, &args, &env),
            Some(interrupt) => {
                let title = interrupt.client;
                let (output, saw) = run_until_ready(
                    &self.bin,
                    &args,
                    &env,
                    interrupt,
                    self.stop,
                    self.last_words,
                );
                client = title.zip(saw);
                output
            }
        };
        let name = Path::new(&self.bin)
            .file_name()
            .map_or(self.bin.clone(), |name| name.to_string_lossy().into_owned());

        let mut actual = format!("$ {name}");
        for arg in &self.args {
            actual.push(' ');
            actual.push_str(&shell_quoted(arg));
        }
        let status = output
            .status
            .code()
            .map_or_else(|| format!("{:?}", output.status), |code| code.to_string());
        actual.push_str(&format!("\n? {status}\n"));
        let mut stdout = crate::stdout(&output);
        match self.sorted_stdout {
            None => actual.push_str("--- stdout\n"),
            Some((why, Sort::Lines(varies))) => {
                actual.push_str(&format!("--- stdout, some lines sorted: {why}\n"));
                stdout = sort_lines(&stdout, varies);
            }
            Some((why, Sort::Words(varies))) => {
                actual.push_str(&format!("--- stdout, words sorted: {why}\n"));
                stdout = sort_words(&stdout, varies);
            }
        }
        actual.push_str(&stdout);
        actual.push_str("--- stderr\n");
        actual.push_str(&crate::stderr(&output));
        if let Some((title, saw)) = client {
            actual.push_str(&format!("--- {title}\n{saw}"));
            if !saw.is_empty() && !saw.ends_with('\n') {
                actual.push('\n');
            }
        }

        Assert::new()
            .action_env("SNAPSHOTS")
            // A backslash is what the program printed (JSON's `\"`), not a Windows path.
            .normalize_paths(false)
            .redact_with(self.redactions)
            .eq(actual, expected);
    }
}

/// A run of a downloader against the server at `url`, saving into `dest`: the URL and the
/// folder are written `[URL]` and `[DEST]`.
pub fn download(bin: &str, url: &str, dest: &Path) -> Transcript {
    Transcript::new(bin)
        .args(["--server", url, "--dest"])
        .args([dest.to_str().expect("a UTF-8 temporary path")])
        .redact("[URL]", url)
        .redact_path("[DEST]", dest)
}

/// Runs `bin` until `interrupt.ready` shows in its output, then calls `interrupt.before`,
/// waits for the `last_words` if any, and stops it with `stop`; returns the run and what
/// `before` returned.
fn run_until_ready(
    bin: &str,
    args: &[&str],
    env: &[(&str, &str)],
    interrupt: Interrupt,
    stop: Stop,
    last_words: Option<(&'static str, usize)>,
) -> (std::process::Output, Option<String>) {
    let running = Running::spawn_with_env(bin, args, env);
    let so_far = running.wait_for_text(interrupt.ready);
    // A failed check in `before` panics: dropping `running` then kills the server.
    let saw = (interrupt.before)(&so_far, running.pid());
    if let Some((words, times)) = last_words {
        running.wait_for_times(words, times);
    }
    match stop {
        Stop::Interrupt => running.interrupt(),
        Stop::Terminate => running.terminate(),
    }
    (running.wait(crate::HANG_GUARD), saw)
}

/// `text` with the lines that `varies` picks sorted among their own places.
fn sort_lines(text: &str, varies: fn(&str) -> bool) -> String {
    let mut sorted: Vec<&str> = text.lines().filter(|line| varies(line)).collect();
    sorted.sort_unstable();
    let mut sorted = sorted.into_iter();
    text.lines()
        .map(|line| {
            let line = if varies(line) {
                // As many picked lines as places for them: the iterator cannot run dry.
                sorted.next().expect("one sorted line per picked place")
            } else {
                line
            };
            format!("{line}\n")
        })
        .collect()
}

/// `text` with the words of the lines that `varies` picks sorted, a trailing space kept.
fn sort_words(text: &str, varies: fn(&str) -> bool) -> String {
    text.lines()
        .map(|line| {
            if !varies(line) {
                return format!("{line}\n");
            }
            let mut words: Vec<&str> = line.split_whitespace().collect();
            words.sort_unstable();
            let trailing = if line.ends_with(' ') { " " } else { "" };
            format!("{}{trailing}\n", words.join(" "))
        })
        .collect()
}

/// A line of country codes only, as `flags.py` and its twins print them.
pub fn is_codes_line(line: &str) -> bool {
    !line.trim().is_empty()
        && line
            .split_whitespace()
            .all(|word| word.len() == 2 && word.bytes().all(|b| b.is_ascii_uppercase()))
}

/// A line of a downloader's verbose output: a country code, a space, what became of it.
pub fn is_code_line(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 3 && bytes[..2].iter().all(u8::is_ascii_uppercase) && bytes[2] == b' '
}

/// The first loopback address with a port (`127.0.0.1:PORT`) in `log`: where a server
/// said it listens. Fails the test when there is none.
pub fn loopback_addr(log: &str) -> String {
    const HOST: &str = "127.0.0.1:";
    log.match_indices(HOST)
        .find_map(|(at, _)| {
            let port: String = log[at + HOST.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (!port.is_empty()).then(|| format!("{HOST}{port}"))
        })
        .unwrap_or_else(|| panic!("no {HOST}PORT in the server's output:\n{log}"))
}

/// GETs `path` from the HTTP server at `addr` (`127.0.0.1:PORT`) and returns the answer as
/// `curl -i` shows it: the status line, the headers, a blank line, the body, with `\n`
/// for `\r\n`. One request, `Connection: close`; every read bounded by the
/// [`HANG_GUARD`](crate::HANG_GUARD). The `date` header changes every second: a transcript
/// writes it `date: [..]`.
pub fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)
        .unwrap_or_else(|err| panic!("cannot connect to {addr}: {err}"));
    stream
        .set_read_timeout(Some(crate::HANG_GUARD))
        .expect("a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request goes out");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .unwrap_or_else(|err| panic!("no whole answer from {addr}{path}: {err}"));
    String::from_utf8_lossy(&answer).replace("\r\n", "\n")
}

/// `arg` as a reader would type it into a shell.
fn shell_quoted(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=,[]".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// The path of the example `name` of `package`, built first.
///
/// Cargo names no path for an example (there is no `CARGO_BIN_EXE_` for them), and
/// `cargo test --all-targets` builds examples only as test harnesses, so the program a
/// reader runs with `cargo run --example` may be missing, or older than its source. This
/// builds the package's examples once per test process, with the cargo that runs the
/// tests, into the same target folder (`target/<profile>/examples/`, two levels above
/// the test's own executable); when they are fresh, cargo has nothing to do. The
/// package's features are all on, so an example that requires one is built too.
pub fn example(package: &str, name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let exe = std::env::current_exe().expect("the test knows its own path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test runs from target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    // One build per package and test process; a poisoned lock means another test's build
    // failed, which that test reports.
    let mut built = BUILT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !built.iter().any(|p| p == package) {
        let mut build = Command::new(env!("CARGO"));
        build
            .args([
                "build",
                "--quiet",
                "--package",
                package,
                "--examples",
                "--all-features",
            ])
            .stdout(Stdio::piped());
        if profile_dir.ends_with("release") {
            build.arg("--release");
        }
        // Bounded like every wait of the kit, but long enough for a cold build of the
        // examples (their dependencies are already built for the test itself).
        let running = {
            let _alone = spawn_lock();
            Running::spawn_locked(build, "cargo")
        };
        let output = running.wait(Duration::from_secs(600));
        assert!(
            output.status.success(),
            "cargo build -p {package} --examples failed:\n{}",
            crate::process::stderr(&output)
        );
        built.push(package.to_string());
    }
    assert!(
        path.is_file(),
        "{} is missing after building the examples of {package}",
        path.display()
    );
    path
}
