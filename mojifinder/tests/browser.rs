//! The search page of `web_mojifinder` in a real headless browser: Debian's `chromium`,
//! driven over the DevTools protocol by `chromiumoxide`. The test serves the page on
//! 127.0.0.1, port 0, types a query as a person would, and reads the rendered table.
//!
//! Needs `/usr/bin/chromium` (`apt-get install chromium`; `.ci/run` installs it). Without
//! it the test fails and says so: a skipped browser test would prove nothing.

mod common;

use std::path::Path;
use std::time::Duration;

use chromiumoxide::Page;
use chromiumoxide::browser::{Browser, BrowserConfig};
use common::{GUARD, WebServer, index};
use futures::StreamExt;
use mojifinder::web;
use serde::de::DeserializeOwned;
use tokio::time::{Instant, sleep, timeout};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium on loopback only: no sandbox (CI runs as root), no GPU, and none of the
/// background traffic (updates, sync, field trials) a fresh profile would start.
fn browser_config(profile: &Path) -> BrowserConfig {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} not found: this test needs Debian's chromium. Install it with \
         `apt-get update && apt-get install -y --no-install-recommends chromium`"
    );
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
        .expect("a valid browser configuration")
}

/// Evaluates `js` in the page and reads the result as `T`.
async fn eval<T: DeserializeOwned>(page: &Page, js: &str) -> T {
    page.evaluate(js)
        .await
        .unwrap_or_else(|err| panic!("evaluating {js}: {err}"))
        .into_value()
        .unwrap_or_else(|err| panic!("reading the result of {js}: {err}"))
}

/// Polls the page until `js` is true: the fetch and the table update happen in the
/// browser, on its own time, so the test waits for their result, bounded by [`GUARD`].
async fn wait_for(page: &Page, js: &str) {
    let deadline = Instant::now() + GUARD;
    while !eval::<bool>(page, js).await {
        assert!(
            Instant::now() < deadline,
            "gave up after {GUARD:?} waiting for {js}"
        );
        sleep(Duration::from_millis(50)).await;
    }
}

async fn type_query_and_submit(page: &Page, query: &str) {
    let input = page.find_element("#query").await.expect("the search box");
    input.click().await.expect("focus the search box");
    // Clear what is there, as a person would select it all and type over it.
    eval::<bool>(page, "(document.getElementById('query').value = '') === ''").await;
    if !query.is_empty() {
        input.type_str(query).await.expect("type the query");
    }
    input.press_key("Enter").await.expect("press Enter");
}

async fn search_page_in_chromium(server: &WebServer) {
    let profile = tempfile::tempdir().expect("a fresh browser profile");
    let (mut browser, mut handler) = Browser::launch(browser_config(profile.path()))
        .await
        .expect("chromium starts");
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });

    let page = browser
        .new_page(server.url("/"))
        .await
        .expect("the page loads");
    page.wait_for_navigation().await.expect("the page settles");
    assert_eq!(eval::<String>(&page, "document.title").await, "Mojifinder");

    type_query_and_submit(&page, "cat face").await;
    let expected = index().search("cat face").len();
    wait_for(&page, "document.querySelectorAll('#results tr').length > 0").await;
    let rows: Vec<String> = eval(
        &page,
        "Array.from(document.querySelectorAll('#results tr'), tr => tr.innerText)",
    )
    .await;
    assert_eq!(rows.len(), expected, "{rows:?}");
    assert!(
        rows.iter().any(|row| row.contains("U+1F638")
            && row.contains('😸')
            && row.contains("GRINNING CAT FACE WITH SMILING EYES")),
        "{rows:?}"
    );
    let caption: String = eval(&page, "document.getElementById('status').textContent").await;
    assert_eq!(caption, format!("{expected} characters found"));
    let address: String = eval(&page, "location.search").await;
    assert_eq!(
        address, "?q=cat%20face",
        "the search is kept in the address bar"
    );

    // A blank query is refused by the server, and the page says why.
    type_query_and_submit(&page, "").await;
    wait_for(
        &page,
        "document.querySelectorAll('#results tr').length === 0",
    )
    .await;
    wait_for(
        &page,
        "document.getElementById('status').textContent.includes('empty')",
    )
    .await;

    // A shared link, /?q=sun, searches as soon as the page opens.
    let linked = browser
        .new_page(server.url("/?q=sun"))
        .await
        .expect("the page loads");
    let suns = index().search("sun").len();
    wait_for(
        &linked,
        &format!("document.querySelectorAll('#results tr').length === {suns}"),
    )
    .await;
    let first: String = eval(&linked, "document.querySelector('#results tr').innerText").await;
    assert!(first.contains("SUN"), "{first}");

    browser.close().await.expect("chromium closes");
    browser.wait().await.expect("chromium exits");
    events.abort();
}

#[test]
fn the_search_page_renders_results_in_headless_chromium() {
    let server = WebServer::start(web::app(index()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the browser");
    runtime.block_on(async {
        timeout(GUARD * 6, search_page_in_chromium(&server))
            .await
            .expect("the browser test finished in time");
    });
}
