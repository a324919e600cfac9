//! `http_get` and `fetch_error`: each way a request can fail becomes the right
//! `FetchError`, with reqwest's error kept as its source.

use std::error::Error;
use std::time::Duration;

use flags_async::client::{http_client, http_get};
use flags_common::{FetchError, Job};
use flags_server::{Config, Delay, FlagStore};
use flags_testkit::start;

/// GETs `path` under `base_url` with a client built as every strategy builds it.
fn get(base_url: &str, path: &str, timeout: Duration) -> Result<bytes::Bytes, FetchError> {
    let job = Job::new(["BR"], base_url, "unused".as_ref()).with_timeout(timeout);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = http_client(&job)?;
        let (_headers, body) =
            http_get(&client, &format!("{base_url}/{path}"), job.timeout).await?;
        Ok(body)
    })
}

const T: Duration = Duration::from_secs(5);

#[test]
fn a_flag_comes_back_byte_for_byte() {
    let server = start(Config::default());
    let body = get(&server.base_url(), "br/br.gif", T).unwrap();
    assert_eq!(body, FlagStore::embedded().get("br").unwrap().gif);
}

#[test]
fn statuses_become_not_found_and_http_errors() {
    let server = start(Config::default());
    let err = get(&server.base_url(), "zz/zz.gif", T).unwrap_err();
    let url = format!("{}/zz/zz.gif", server.base_url());
    assert!(
        matches!(&err, FetchError::NotFound { url: u } if *u == url),
        "{err:?}"
    );
    assert_eq!(err.to_string(), format!("not found: {url}"));

    let teapots = start(Config::default().with_error_rate(1.0));
    for path in ["br/br.gif", "zz/zz.gif"] {
        let err = get(&teapots.base_url(), path, T).unwrap_err();
        assert!(
            matches!(err, FetchError::Http { status: 418 }),
            "{path}: {err:?}"
        );
    }
}

#[test]
fn a_slow_answer_is_a_timeout() {
    let server = start(Config::default().with_delay(Delay::Fixed(Duration::from_millis(300))));
    let err = get(&server.base_url(), "br/br.gif", Duration::from_millis(100)).unwrap_err();
    assert!(
        matches!(err, FetchError::Timeout { after } if after == Duration::from_millis(100)),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "timed out after 0.1s");
}

#[test]
fn a_refused_connection_says_so_and_keeps_its_cause() {
    let err = get(&flags_testkit::refused_url(), "br/br.gif", T).unwrap_err();
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
    // The hint to start the server is main's, once, for the local labels only.
    assert_eq!(err.to_string(), "connection refused");
    let source = err.source().expect("reqwest's error is the source");
    assert!(source.is::<reqwest::Error>(), "{source:?}");
}

#[test]
fn a_body_shorter_than_its_content_length_is_an_error() {
    let err = get(&flags_testkit::cut_short_url(), "br/br.gif", T).unwrap_err();
    assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
    assert!(err.source().is_some(), "the cause is kept");
    assert!(err.to_string().starts_with("response cut short: "), "{err}");
}

#[test]
fn each_fault_of_the_server_is_an_error_that_names_it() {
    // One thread per fault: three of them cost a timeout each.
    std::thread::scope(|s| {
        for case in flags_testkit::every_fault() {
            s.spawn(move || {
                let server = flags_testkit::faulty(case.faults);
                let err =
                    get(&server.base_url(), "br/br.gif", Duration::from_millis(300)).unwrap_err();
                let says = case.says("timed out after 0.3s");
                assert_eq!(err.to_string(), says, "{case}: {err:?}");
                if matches!(err, FetchError::Transport { .. }) {
                    assert!(err.source().is_some(), "{case}: the cause is kept");
                }
            });
        }
    });
}

#[test]
fn a_server_that_hangs_up_without_answering_is_not_a_body_cut_short() {
    let err = get(&flags_testkit::closed_url(), "br/br.gif", T).unwrap_err();
    assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "connection closed before the response arrived"
    );
    let source = err.source().expect("reqwest's error is the source");
    assert!(source.is::<reqwest::Error>(), "{source:?}");
}
