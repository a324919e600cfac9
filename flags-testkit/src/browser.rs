//! Debian's headless `chromium`, driven over the DevTools protocol by `chromiumoxide`, for
//! the checks that need a real browser: the mojifinder search page and the companion
//! site's pages. Behind the `browser` feature, so only the crates that open a page build
//! chromiumoxide.
//!
//! The browser stays on loopback and on disk: no sandbox (CI runs as root), no GPU, and
//! none of the background traffic (updates, sync, field trials) a fresh profile starts.
//! Every wait is bounded by [`GUARD`].

use std::path::Path;
use std::time::Duration;

pub use chromiumoxide::Page;
use chromiumoxide::browser::{Browser, BrowserConfig};
use futures::StreamExt;
use serde::de::DeserializeOwned;
use tempfile::TempDir;
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep};

/// Where Debian installs chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Every wait gives up after this long: far beyond a healthy page, so it only catches a hang.
pub const GUARD: Duration = Duration::from_secs(20);

/// A running chromium with a fresh profile of its own, deleted when it is dropped.
pub struct Chromium {
    /// The browser, to open pages with.
    pub browser: Browser,
    events: JoinHandle<()>,
    _profile: TempDir,
}

impl Chromium {
    /// Starts chromium. `Err` says what is wrong: chromium missing (and how to install it),
    /// or not starting.
    pub async fn launch() -> Result<Self, String> {
        if !Path::new(CHROMIUM).exists() {
            return Err(format!(
                "{CHROMIUM} not found: install Debian's chromium, \
                 `apt-get update && apt-get install -y --no-install-recommends chromium`"
            ));
        }
        let profile = tempfile::tempdir().map_err(|err| format!("no browser profile: {err}"))?;
        let config = BrowserConfig::builder()
            .chrome_executable(CHROMIUM)
            .no_sandbox()
            .user_data_dir(profile.path())
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
            .build()?;
        let (browser, mut handler) = Browser::launch(config)
            .await
            .map_err(|err| format!("chromium does not start: {err}"))?;
        // The protocol's events must be read for the browser to answer.
        let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
        Ok(Chromium {
            browser,
            events,
            _profile: profile,
        })
    }

    /// Opens `url` in a new tab and waits until it has loaded.
    pub async fn open(&self, url: &str) -> Result<Page, String> {
        let page = self
            .browser
            .new_page(url)
            .await
            .map_err(|err| format!("{url} does not load: {err}"))?;
        page.wait_for_navigation()
            .await
            .map_err(|err| format!("{url} does not settle: {err}"))?;
        Ok(page)
    }

    /// Closes the browser and waits for it to exit.
    pub async fn close(mut self) -> Result<(), String> {
        let closed = self.browser.close().await;
        let exited = self.browser.wait().await;
        self.events.abort();
        closed.map_err(|err| format!("chromium does not close: {err}"))?;
        exited
            .map(drop)
            .map_err(|err| format!("chromium does not exit: {err}"))
    }
}

/// Evaluates `js` in the page and reads the result as `T`.
pub async fn eval<T: DeserializeOwned>(page: &Page, js: &str) -> Result<T, String> {
    page.evaluate(js)
        .await
        .map_err(|err| format!("evaluating {js}: {err}"))?
        .into_value()
        .map_err(|err| format!("reading the result of {js}: {err}"))
}

/// Polls the page until `js` is true, for [`GUARD`] at most: what the page fetches and
/// draws happens in the browser, on its own time, so a check waits for the result.
pub async fn wait_for(page: &Page, js: &str) -> Result<(), String> {
    let deadline = Instant::now() + GUARD;
    while !eval::<bool>(page, js).await? {
        if Instant::now() >= deadline {
            return Err(format!("gave up after {GUARD:?} waiting for {js}"));
        }
        sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}
