//! The search page of `web_mojifinder` in a real headless browser: Debian's `chromium`,
//! driven over the DevTools protocol by `chromiumoxide`. The test serves the page on
//! 127.0.0.1, port 0, types a query as a person would, and reads the rendered table.
//!
//! Needs `/usr/bin/chromium` (`apt-get install chromium`; `.ci/run` installs it). Without
//! it the test fails and says so: a skipped browser test would prove nothing.

mod common;

use common::{WebServer, index};
use flags_testkit::browser::{Chromium, GUARD, Page, eval, wait_for};
use mojifinder::web;
use tokio::time::timeout;

async fn type_query_and_submit(page: &Page, query: &str) -> Result<(), String> {
    let input = page.find_element("#query").await.expect("the search box");
    input.click().await.expect("focus the search box");
    // Clear what is there, as a person would select it all and type over it.
    eval::<bool>(page, "(document.getElementById('query').value = '') === ''").await?;
    if !query.is_empty() {
        input.type_str(query).await.expect("type the query");
    }
    input.press_key("Enter").await.expect("press Enter");
    Ok(())
}

async fn search_page_in_chromium(server: &WebServer) -> Result<(), String> {
    let chromium = Chromium::launch().await?;
    let page = chromium.open(&server.url("/")).await?;
    assert_eq!(eval::<String>(&page, "document.title").await?, "Mojifinder");

    type_query_and_submit(&page, "cat face").await?;
    let expected = index().search("cat face").len();
    wait_for(&page, "document.querySelectorAll('#results tr').length > 0").await?;
    let rows: Vec<String> = eval(
        &page,
        "Array.from(document.querySelectorAll('#results tr'), tr => tr.innerText)",
    )
    .await?;
    assert_eq!(rows.len(), expected, "{rows:?}");
    assert!(
        rows.iter().any(|row| row.contains("U+1F638")
            && row.contains('😸')
            && row.contains("GRINNING CAT FACE WITH SMILING EYES")),
        "{rows:?}"
    );
    let caption: String = eval(&page, "document.getElementById('status').textContent").await?;
    assert_eq!(caption, format!("{expected} characters found"));
    let address: String = eval(&page, "location.search").await?;
    assert_eq!(
        address, "?q=cat%20face",
        "the search is kept in the address bar"
    );

    // A blank query is refused by the server, and the page says why.
    type_query_and_submit(&page, "").await?;
    wait_for(
        &page,
        "document.querySelectorAll('#results tr').length === 0",
    )
    .await?;
    wait_for(
        &page,
        "document.getElementById('status').textContent.includes('empty')",
    )
    .await?;

    // A shared link, /?q=sun, searches as soon as the page opens.
    let linked = chromium.open(&server.url("/?q=sun")).await?;
    let suns = index().search("sun").len();
    wait_for(
        &linked,
        &format!("document.querySelectorAll('#results tr').length === {suns}"),
    )
    .await?;
    let first: String = eval(&linked, "document.querySelector('#results tr').innerText").await?;
    assert!(first.contains("SUN"), "{first}");

    chromium.close().await
}

#[test]
fn the_search_page_renders_results_in_headless_chromium() {
    let server = WebServer::start(web::app(index()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the browser");
    let checked =
        runtime.block_on(async { timeout(GUARD * 6, search_page_in_chromium(&server)).await });
    match checked {
        Ok(Ok(())) => {}
        Ok(Err(problem)) => panic!("{problem}"),
        Err(_) => panic!("the browser test did not finish in {:?}", GUARD * 6),
    }
}
