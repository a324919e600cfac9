//! What a thread and a task cost: N = 2m requests at a long delay, for m from 10 to 5,000,
//! with the client in a process of its own so that its peak memory is its own.
//!
//! The parent runs the flag server; each point re-runs this binary as a child that only
//! downloads (`download_many`) and reports its wall time and memory. Two rounds of m
//! requests each: the ideal is `2 * delay` at every m, so the growth is the overhead.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use flags_common::{Counter, Job};
use tokio_util::sync::CancellationToken;

use crate::{Strategy, scratch_dir, strategy};

/// The first argument that turns the binary into a scale child.
pub const CHILD_ARG: &str = "__scale-child";

/// One point of the scale table.
#[derive(Debug, Clone)]
pub struct Point {
    /// Strategy name.
    pub strategy: &'static str,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests made (two rounds).
    pub requests: usize,
    /// Wall time of `download_many` in the child.
    pub elapsed: Duration,
    /// How the codes ended.
    pub counter: Counter,
    /// The child's resident memory before the run, in KiB.
    pub rss_before_kib: u64,
    /// The child's peak resident memory (VmHWM), in KiB.
    pub peak_kib: u64,
}

impl Point {
    /// Memory the run added, per request in flight, in KiB.
    pub fn kib_per_in_flight(&self) -> f64 {
        self.peak_kib.saturating_sub(self.rss_before_kib) as f64 / self.concurrency as f64
    }
}

/// The codes of a scale run: AA, AB, ... repeated as needed to make `n` requests.
pub fn codes(n: usize) -> Vec<String> {
    let every = flags_common::expand_cc_args(true, false, &[]);
    every.iter().cycle().take(n).cloned().collect()
}

/// How often [`measure`] looks whether its child is done or the run was stopped.
const POLL: Duration = Duration::from_millis(20);

/// Runs one point in a child process and parses its report. The child saves into a
/// scratch folder made here, under `dest`, so that the folder goes whatever becomes of
/// the child. When `stop` is cancelled (Ctrl-C), the child is killed and reaped at once.
pub fn measure(
    strategy: &Strategy,
    base_url: &str,
    m: usize,
    timeout: Duration,
    dest: Option<&Path>,
    stop: &CancellationToken,
) -> Result<Point, String> {
    let exe = std::env::current_exe().map_err(|err| format!("cannot find this program: {err}"))?;
    let scratch = scratch_dir(dest).map_err(|err| format!("no scratch folder: {err}"))?;
    let mut command = Command::new(exe);
    command
        .args([
            CHILD_ARG,
            strategy.name,
            base_url,
            &m.to_string(),
            &timeout.as_secs_f64().to_string(),
        ])
        .arg(scratch.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A group of its own: Ctrl-C in the terminal reaches only this process, which then
    // stops the child itself, and only once it is gone removes the child's folder.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .map_err(|err| format!("cannot run the child: {err}"))?;
    let status = loop {
        if stop.is_cancelled() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{} at {m}: interrupted", strategy.name));
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(POLL),
            Err(err) => return Err(format!("cannot wait for the child: {err}")),
        }
    };
    // The child prints one short line, and a few on failure: the pipes never fill up
    // before it exits, so they are read after.
    let (mut text, mut errors) = (String::new(), String::new());
    if let Some(out) = child.stdout.as_mut() {
        let _ = out.read_to_string(&mut text);
    }
    if let Some(err) = child.stderr.as_mut() {
        let _ = err.read_to_string(&mut errors);
    }
    let fields: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    match (status.success(), fields.as_slice()) {
        (true, &[micros, ok, not_found, error, rss_before_kib, peak_kib]) => Ok(Point {
            strategy: strategy.name,
            concurrency: m,
            requests: 2 * m,
            elapsed: Duration::from_micros(micros),
            counter: Counter {
                ok: ok as usize,
                not_found: not_found as usize,
                error: error as usize,
            },
            rss_before_kib,
            peak_kib,
        }),
        _ => Err(format!(
            "{} at {m}: the child failed ({status}): {text}{errors}",
            strategy.name,
        )),
    }
}

/// The child's side: `__scale-child STRATEGY BASE_URL M TIMEOUT DEST`, saving into the
/// folder DEST (made and removed by the parent). Prints
/// `micros ok not_found error rss_before_kib peak_kib` on one line.
pub fn child_main(args: &[OsString]) -> Result<(), String> {
    let usage = || format!("usage: {CHILD_ARG} STRATEGY BASE_URL M TIMEOUT DEST");
    let [name, base_url, m, timeout, dest] = args else {
        return Err(usage());
    };
    // Only DEST may be any path; the rest the parent wrote as text.
    let text = |arg: &OsString| arg.to_str().map(str::to_string).ok_or_else(usage);
    let (name, base_url, m, timeout) = (text(name)?, text(base_url)?, text(m)?, text(timeout)?);
    let dest = PathBuf::from(dest);
    let strategy = strategy(&name).ok_or_else(|| format!("no strategy {name}"))?;
    let m: usize = m.parse().map_err(|_| format!("bad concurrency {m}"))?;
    let timeout: f64 = timeout
        .parse()
        .map_err(|_| format!("bad timeout {timeout}"))?;
    let job = Job::new(codes(2 * m), &base_url, &dest)
        .with_concur_req(m)
        .with_timeout(Duration::from_secs_f64(timeout));
    let rss_before_kib = status_kib("VmRSS")?;
    let t0 = std::time::Instant::now();
    let counter = (strategy.download_many)(&job);
    let elapsed = t0.elapsed();
    let peak_kib = status_kib("VmHWM")?;
    println!(
        "{} {} {} {} {rss_before_kib} {peak_kib}",
        elapsed.as_micros(),
        counter.ok,
        counter.not_found,
        counter.error
    );
    Ok(())
}

/// A memory figure of this process from `/proc/self/status`, in KiB (Linux only).
fn status_kib(key: &str) -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|err| format!("no /proc/self/status: {err}"))?;
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(key)?
                .strip_prefix(':')?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .ok_or_else(|| format!("no {key} in /proc/self/status"))
}

/// The scale table.
pub fn table(points: &[Point], delay: Duration) -> String {
    let ideal = 2 * delay;
    let mut out = format!(
        "{:<8} {:>11} {:>8} {:>9} {:>13} {:>10} {:>10} {:>16}  {}\n",
        "strategy",
        "concurrency",
        "requests",
        "elapsed",
        "elapsed/ideal",
        "RSS before",
        "peak RSS",
        "KiB per request",
        "ok/404/error"
    );
    for p in points {
        out += &format!(
            "{:<8} {:>11} {:>8} {:>8.3}s {:>12.3}x {:>6.1} MiB {:>6.1} MiB {:>16.1}  {}/{}/{}\n",
            p.strategy,
            p.concurrency,
            p.requests,
            p.elapsed.as_secs_f64(),
            p.elapsed.as_secs_f64() / ideal.as_secs_f64(),
            p.rss_before_kib as f64 / 1024.0,
            p.peak_kib as f64 / 1024.0,
            p.kib_per_in_flight(),
            p.counter.ok,
            p.counter.not_found,
            p.counter.error,
        );
    }
    out + &format!(
        "(ideal {:.3}s: two rounds of the server's delay; KiB per request = (peak - before) / concurrency)\n",
        ideal.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_cycle_through_aa_to_zz() {
        let list = codes(680);
        assert_eq!(
            (
                list[0].as_str(),
                list[675].as_str(),
                list[676].as_str(),
                list.len()
            ),
            ("AA", "ZZ", "AA", 680)
        );
    }

    #[test]
    fn memory_figures_are_read_from_proc() {
        let rss = status_kib("VmRSS").unwrap();
        assert!(rss > 0 && status_kib("VmHWM").unwrap() >= rss);
        assert!(status_kib("NoSuchKey").is_err());
    }
}
