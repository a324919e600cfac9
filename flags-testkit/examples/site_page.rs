//! One page of the built companion site, as a reader sees it: opened in a real headless
//! browser (Debian's `chromium`, driven over the DevTools protocol by `chromiumoxide`),
//! it must show the Rust listing it includes in a code block, every line of it, and load
//! every picture on it.
//!
//! ```text
//! mdbook build site
//! cargo run -p flags-testkit --features browser --example site_page -- site/book/ch20/web-downloads.html flags-seq/src/flags.rs
//! ```
//!
//! `.ci/run` runs it after `mdbook build site`. It is a program rather than a test
//! because it needs the built site, and so mdBook: `cargo test` stays runnable on a
//! machine that has neither (it still compiles this file). The page is opened from disk
//! (`file://`), with no server and no network. Exit status 0 when the page is right, 1
//! with what is wrong, 2 for bad arguments.
//!
//! The browser is the kit's ([`flags_testkit::browser`]), as mojifinder's browser test
//! launches it, every wait bounded by the same guard. `--features browser` builds it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use flags_testkit::browser::{Chromium, GUARD, eval, wait_for};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use tokio::time::timeout;

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

async fn in_chromium(url: &str, listing: &Path, lines: &[String]) -> Result<String, String> {
    let chromium = Chromium::launch().await?;
    let checked = read_page(&chromium, url, listing, lines).await;
    let closed = chromium.close().await;
    let report = checked?;
    closed?;
    Ok(report)
}

async fn read_page(
    chromium: &Chromium,
    url: &str,
    listing: &Path,
    lines: &[String],
) -> Result<String, String> {
    let page = chromium.open(url).await?;
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
