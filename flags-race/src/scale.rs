//! What a thread and a task cost: N = 2m requests at a long delay, for m from 10 to 5,000,
//! with the client in a process of its own so that its peak memory is its own.
//!
//! The parent runs the flag server; each point re-runs this binary as a child that only
//! downloads (`download_many`) and reports its wall time and memory. Two rounds of m
//! requests each: the ideal is `2 * delay` at every m, so the growth is the overhead.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use flags_common::{Counter, Job};

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

/// Runs one point in a child process and parses its report.
pub fn measure(
    strategy: &Strategy,
    base_url: &str,
    m: usize,
    timeout: Duration,
    dest: Option<&Path>,
) -> Result<Point, String> {
    let exe = std::env::current_exe().map_err(|err| format!("cannot find this program: {err}"))?;
    let mut child = Command::new(exe);
    child.args([
        CHILD_ARG,
        strategy.name,
        base_url,
        &m.to_string(),
        &timeout.as_secs_f64().to_string(),
    ]);
    if let Some(dest) = dest {
        child.arg(dest);
    }
    let out = child
        .output()
        .map_err(|err| format!("cannot run the child: {err}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    match (out.status.success(), fields.as_slice()) {
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
            "{} at {m}: the child failed: {}{}",
            strategy.name,
            text,
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

/// The child's side: `__scale-child STRATEGY BASE_URL M TIMEOUT [DEST]`. Prints
/// `micros ok not_found error rss_before_kib peak_kib` on one line.
pub fn child_main(args: &[String]) -> Result<(), String> {
    let [name, base_url, m, timeout, rest @ ..] = args else {
        return Err(format!(
            "usage: {CHILD_ARG} STRATEGY BASE_URL M TIMEOUT [DEST]"
        ));
    };
    let strategy = strategy(name).ok_or_else(|| format!("no strategy {name}"))?;
    let m: usize = m.parse().map_err(|_| format!("bad concurrency {m}"))?;
    let timeout: f64 = timeout
        .parse()
        .map_err(|_| format!("bad timeout {timeout}"))?;
    let dest = scratch_dir(rest.first().map(Path::new))
        .map_err(|err| format!("no scratch folder: {err}"))?;
    let job = Job::new(codes(2 * m), base_url, dest.path())
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
