//! One page of the built companion site, as a reader sees it: opened in a real headless
//! browser (Debian's `chromium`, driven over the DevTools protocol by `chromiumoxide`),
//! it must show the Rust listing it includes in a code block, every line of it, and load
//! every picture on it.
//!
//! ```text
//! mdbook build site
//! cargo run -p flags-testkit --example site_page -- site/book/ch20/web-downloads.html flags-seq/src/flags.rs
//! ```
//!
//! `.ci/run` runs it after `mdbook build site`. It is a program rather than a test
//! because it needs the built site, and so mdBook: `cargo test` stays runnable on a
//! machine that has neither (it still compiles this file). The page is opened from disk
//! (`file://`), with no server and no network. Exit status 0 when the page is right, 1
//! with what is wrong, 2 for bad arguments.
//!
//! The browser is launched as `mojifinder/tests/browser.rs` launches it: the same flags,
//! and every wait bounded by the same guard.

use std::path::{Path, PathBuf};

use clap::Parser;
use std::fs;
use std::process::ExitCode;
use std::time::Duration;

use chromiumoxide::Page;
use chromiumoxide::browser::{Browser, BrowserConfig};
use futures::StreamExt;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::de::DeserializeOwned;
use tokio::time::{Instant, sleep, timeout};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Every wait gives up after this long: far beyond a healthy page, so it only catches a hang.
const GUARD: Duration = Duration::from_secs(20);

/// What a `file://` URL's path must escape.
const PATH: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'?');

/// Check one page of the built companion site in headless chromium: its Rust listing
/// shown whole, its pictures loaded.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The built page, e.g. site/book/ch20/web-downloads.html (after `mdbook build site`).
    page: PathBuf,
    /// The source file the page includes, e.g. flags-seq/src/flags.rs.
    listing: PathBuf,
}

fn main() -> ExitCode {
    let Args { page, listing } = Args::parse();
    let page = page.display().to_string();
    match check(Path::new(&page), &listing) {
        Ok(report) => {
            println!("{page}: {report}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{page}: {problems}");
            ExitCode::FAILURE
        }
    }
}

fn check(page: &Path, listing: &Path) -> Result<String, String> {
    let page = page.canonicalize().map_err(|err| {
        format!("cannot open the page ({err}): build the site first, `mdbook build site`")
    })?;
    let source = fs::read_to_string(listing)
        .map_err(|err| format!("cannot read the listing {}: {err}", listing.display()))?;
    // Blank lines and indentation are the highlighter's business; the text must be there.
    let lines: Vec<String> = source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect();
    if lines.is_empty() {
        return Err(format!("the listing {} is empty", listing.display()));
    }
    if !Path::new(CHROMIUM).exists() {
        return Err(format!(
            "{CHROMIUM} not found: install Debian's chromium, \
             `apt-get update && apt-get install -y --no-install-recommends chromium`"
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start a runtime: {err}"))?;
    let url = format!(
        "file://{}",
        utf8_percent_encode(&page.to_string_lossy(), PATH)
    );
    runtime.block_on(async {
        timeout(GUARD * 6, in_chromium(&url, listing, &lines))
            .await
            .map_err(|_| format!("gave up after {:?}", GUARD * 6))?
    })
}

/// Chromium on loopback only, as `mojifinder/tests/browser.rs` launches it: no sandbox
/// (CI runs as root), no GPU, and none of a fresh profile's background traffic.
fn browser_config(profile: &Path) -> Result<BrowserConfig, String> {
    BrowserConfig::builder()
        .chrome_executable(CHROMIUM)
        .no_sandbox()
        .user_data_dir(profile)
        .launch_timeout(GUARD)
        .request_timeout(GUARD)
        .args([
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-domain-reliability",
            "--no-proxy-server",
        ])
        .build()
}

async fn in_chromium(url: &str, listing: &Path, lines: &[String]) -> Result<String, String> {
    let profile = tempfile::tempdir().map_err(|err| format!("no browser profile: {err}"))?;
    let (mut browser, mut handler) = Browser::launch(browser_config(profile.path())?)
        .await
        .map_err(|err| format!("chromium does not start: {err}"))?;
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
    let checked = read_page(&browser, url, listing, lines).await;
    let closed = browser.close().await;
    let _ = browser.wait().await;
    events.abort();
    let report = checked?;
    closed.map_err(|err| format!("chromium does not close: {err}"))?;
    Ok(report)
}

async fn read_page(
    browser: &Browser,
    url: &str,
    listing: &Path,
    lines: &[String],
) -> Result<String, String> {
    let page = browser
        .new_page(url)
        .await
        .map_err(|err| format!("the page does not load: {err}"))?;
    page.wait_for_navigation()
        .await
        .map_err(|err| format!("the page does not settle: {err}"))?;
    let title: String = eval(&page, "document.title").await?;

    // The listing: one code block, shown (it has a height), holding every line of the file.
    let blocks: Vec<(String, f64)> = eval(
        &page,
        "Array.from(document.querySelectorAll('pre code'), c => [c.textContent, c.offsetHeight])",
    )
    .await?;
    let shown = blocks.iter().find(|(text, height)| {
        let block: Vec<&str> = text.lines().map(str::trim).collect();
        *height > 0.0 && lines.iter().all(|line| block.contains(&line.as_str()))
    });
    if shown.is_none() {
        let missing = lines
            .iter()
            .find(|line| !blocks.iter().any(|(text, _)| text.contains(line.as_str())))
            .map_or(String::new(), |line| {
                format!("; not on the page at all: {line:?}")
            });
        return Err(format!(
            "\"{title}\": no shown code block of its {} holds the {} lines of {}{missing}",
            blocks.len(),
            lines.len(),
            listing.display()
        ));
    }

    // The pictures: each loaded, with a width. A missing file loads as broken: width 0.
    wait_for(&page, "Array.from(document.images).every(i => i.complete)").await?;
    let mut images: Vec<(String, f64)> = eval(
        &page,
        "Array.from(document.images, i => [i.getAttribute('src'), i.naturalWidth])",
    )
    .await?;
    images.sort_by(|a, b| a.0.cmp(&b.0));
    if images.is_empty() {
        return Err(format!("\"{title}\": no picture on the page"));
    }
    let mut broken: Vec<&str> = images
        .iter()
        .filter(|(_, width)| *width <= 0.0)
        .map(|(src, _)| src.as_str())
        .collect();
    broken.dedup(); // each picture is there twice: on the page, and zoomed
    if !broken.is_empty() {
        return Err(format!("\"{title}\": pictures not loaded: {broken:?}"));
    }
    let mut pictures: Vec<String> = images
        .iter()
        .map(|(src, width)| format!("{src} ({width} px wide)"))
        .collect();
    pictures.dedup();
    Ok(format!(
        "\"{title}\" shows the {} lines of {} in a code block, and loaded {}",
        lines.len(),
        listing.display(),
        pictures.join(", ")
    ))
}

/// Evaluates `js` in the page and reads the result as `T`.
async fn eval<T: DeserializeOwned>(page: &Page, js: &str) -> Result<T, String> {
    page.evaluate(js)
        .await
        .map_err(|err| format!("evaluating {js}: {err}"))?
        .into_value()
        .map_err(|err| format!("reading the result of {js}: {err}"))
}

/// Polls the page until `js` is true, for [`GUARD`] at most.
async fn wait_for(page: &Page, js: &str) -> Result<(), String> {
    let deadline = Instant::now() + GUARD;
    while !eval::<bool>(page, js).await? {
        if Instant::now() >= deadline {
            return Err(format!("gave up after {GUARD:?} waiting for {js}"));
        }
        sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}
