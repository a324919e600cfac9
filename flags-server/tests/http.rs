//! The flag server over real loopback HTTP: endpoints, statuses, data, delays, errors.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use flags_server::{Config, Delay, FlagServer, FlagStore};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

struct Got {
    status: u16,
    content_type: String,
    content_length: Option<usize>,
    body: Vec<u8>,
}

fn get(agent: &ureq::Agent, url: &str) -> Got {
    let mut response = agent
        .get(url)
        .call()
        .unwrap_or_else(|err| panic!("GET {url}: {err}"));
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type").unwrap_or_default();
    let content_length = header("content-length").and_then(|v| v.parse().ok());
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_vec().expect("a complete body");
    Got {
        status,
        content_type,
        content_length,
        body,
    }
}

fn all_codes() -> impl Iterator<Item = String> {
    let a_z = b'a'..=b'z';
    a_z.clone().flat_map(move |a| {
        a_z.clone()
            .map(move |b| String::from_utf8(vec![a, b]).unwrap())
    })
}

#[test]
fn every_code_of_the_real_set_is_served_and_every_other_is_not_found() {
    let server = FlagServer::start(Config::default()).unwrap();
    let agent = agent();
    let real: HashSet<String> = flags_common::country_codes()
        .map(str::to_ascii_lowercase)
        .collect();
    let (mut found, mut missing) = (0, 0);
    for cc in all_codes() {
        let gif = get(&agent, &format!("{}/{cc}/{cc}.gif", server.base_url()));
        let meta = get(&agent, &format!("{}/{cc}/metadata.json", server.base_url()));
        if real.contains(&cc) {
            assert_eq!((gif.status, meta.status), (200, 200), "{cc}");
            assert_eq!(gif.content_type, "image/gif");
            assert_eq!(
                gif.content_length,
                Some(gif.body.len()),
                "{cc}: Content-Length"
            );
            assert_eq!(&gif.body[..6], b"GIF89a");
            assert_eq!(meta.content_type, "application/json");
            let doc: serde_json::Value = serde_json::from_slice(&meta.body).expect("valid JSON");
            let keys: Vec<_> = doc.as_object().unwrap().keys().cloned().collect();
            assert_eq!(keys.len(), 4, "{cc}: {keys:?}");
            assert_eq!(doc["iso_cc"], cc.to_ascii_uppercase());
            for key in ["tld_cc", "country", "gec_cc"] {
                assert!(
                    doc[key].as_str().is_some_and(|v| !v.is_empty()),
                    "{cc}: {key}"
                );
            }
            found += 1;
        } else {
            assert_eq!((gif.status, meta.status), (404, 404), "{cc}");
            missing += 1;
        }
    }
    assert_eq!((found, missing), (194, 482));
    // One connection carried all 1,352 requests: the agent kept it alive.
    let conns: HashSet<u64> = server.log().iter().map(|s| s.conn).collect();
    assert_eq!(conns.len(), 1, "keep-alive");
}

#[test]
fn the_gifs_decode_with_the_gif_crate() {
    let server = FlagServer::start(Config::default()).unwrap();
    let agent = agent();
    for cc in ["br", "cn", "gb", "us", "zw"] {
        let got = get(&agent, &format!("{}/{cc}/{cc}.gif", server.base_url()));
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::RGBA);
        let mut decoder = options
            .read_info(got.body.as_slice())
            .expect("a GIF header");
        let frame = decoder
            .read_next_frame()
            .expect("a valid frame")
            .expect("one frame");
        assert_eq!(
            frame.buffer.len(),
            usize::from(frame.width) * usize::from(frame.height) * 4
        );
    }
}

#[test]
fn head_answers_headers_only_and_other_methods_are_refused() {
    let server = FlagServer::start(Config::default()).unwrap();
    let agent = agent();
    let url = format!("{}/br/br.gif", server.base_url());
    let size = get(&agent, &url).body.len();
    let mut head = agent.head(&url).call().unwrap();
    assert_eq!(head.status().as_u16(), 200);
    let length = head
        .headers()
        .get("content-length")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        length,
        size.to_string(),
        "HEAD gives the length of the GET body"
    );
    assert!(head.body_mut().read_to_vec().unwrap().is_empty());
    let post = agent.post(&url).send(&b"x"[..]).unwrap();
    assert_eq!(post.status().as_u16(), 405);
    assert_eq!(post.headers().get("allow").unwrap(), "GET, HEAD");
}

#[test]
fn listings_link_every_flag() {
    let server = FlagServer::start(Config::default()).unwrap();
    let agent = agent();
    let listing = get(&agent, &format!("{}/", server.base_url()));
    assert_eq!(listing.status, 200);
    let html = String::from_utf8(listing.body).unwrap();
    assert_eq!(html.matches("<li><a href=").count(), 194);
    assert!(html.contains(r#"<a href="br/">br/</a>"#));
    let country =
        String::from_utf8(get(&agent, &format!("{}/br/", server.base_url())).body).unwrap();
    assert!(country.contains("br.gif") && country.contains("metadata.json"));
    assert_eq!(
        get(&agent, &format!("{}/zz/", server.base_url())).status,
        404
    );
    let root = format!("http://{}/", server.addr());
    assert!(
        String::from_utf8(get(&agent, &root).body)
            .unwrap()
            .contains("flags/")
    );
}

#[test]
fn the_error_share_follows_the_seed() {
    let statuses = |seed| {
        let config = Config::default().with_error_rate(0.25).with_seed(seed);
        let server = FlagServer::start(config).unwrap();
        let agent = agent();
        flags_common::country_codes()
            .map(|cc| {
                get(
                    &agent,
                    &format!(
                        "{}/{}/metadata.json",
                        server.base_url(),
                        cc.to_ascii_lowercase()
                    ),
                )
                .status
            })
            .collect::<Vec<u16>>()
    };
    let first = statuses(7);
    let teapots = first.iter().filter(|s| **s == 418).count();
    assert!(first.iter().all(|s| *s == 200 || *s == 418));
    // 194 draws at p = 0.25: 48.5 expected; 25..75 is more than 5 standard deviations wide.
    assert!((25..=75).contains(&teapots), "{teapots} teapots of 194");
    assert_eq!(first, statuses(7), "the same seed gives the same answers");
    assert_ne!(first, statuses(8), "another seed gives others");
}

#[test]
fn teapots_come_with_the_book_reason_phrase_even_for_unknown_codes() {
    let server = FlagServer::start(Config::default().with_error_rate(1.0)).unwrap();
    let reply = raw(
        &server,
        b"GET /flags/zz/zz.gif HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(
        reply.starts_with("HTTP/1.1 418 I'm a Teapot\r\n"),
        "{reply}"
    );
}

#[test]
fn delays_are_waited_before_answering() {
    let delay = Duration::from_millis(60);
    let config = Config::default()
        .with_delay(Delay::Fixed(delay))
        .with_code_delay("CN", Duration::from_millis(150));
    let server = FlagServer::start(config).unwrap();
    let agent = agent();
    for (cc, expected) in [("br", delay), ("cn", Duration::from_millis(150))] {
        let t0 = Instant::now();
        assert_eq!(
            get(&agent, &format!("{}/{cc}/{cc}.gif", server.base_url())).status,
            200
        );
        // A lower bound only: a loaded machine may answer later, never sooner.
        assert!(
            t0.elapsed() >= expected,
            "{cc} answered after {:?}",
            t0.elapsed()
        );
    }
    let log = server.log();
    assert_eq!(
        log.iter().map(|s| s.delay).collect::<Vec<_>>(),
        [delay, Duration::from_millis(150)]
    );
    assert!(log.iter().all(|s| s.finished - s.arrived >= s.delay));
}

#[test]
fn ranged_delays_stay_in_their_range_and_follow_the_seed() {
    let range = Delay::Range(Duration::from_millis(5), Duration::from_millis(40));
    let delays = |seed| {
        let server =
            FlagServer::start(Config::default().with_delay(range).with_seed(seed)).unwrap();
        let agent = agent();
        for cc in ["ar", "br", "cn", "de", "eg", "fr"] {
            get(&agent, &format!("{}/{cc}/{cc}.gif", server.base_url()));
        }
        server
            .log()
            .into_iter()
            .map(|s| s.delay)
            .collect::<Vec<_>>()
    };
    let first = delays(11);
    assert!(
        first
            .iter()
            .all(|d| (Duration::from_millis(5)..=Duration::from_millis(40)).contains(d))
    );
    assert_eq!(first, delays(11));
}

#[test]
fn dir_serves_a_folder_laid_out_like_flags_zip() {
    let dir = tempfile::tempdir().unwrap();
    let flags = dir.path().join("flags");
    for (cc, bytes) in [("br", &b"GIF89a-br"[..]), ("ar", &b"GIF89a-ar"[..])] {
        std::fs::create_dir_all(flags.join(cc)).unwrap();
        std::fs::write(flags.join(cc).join(format!("{cc}.gif")), bytes).unwrap();
    }
    std::fs::write(
        flags.join("br").join("metadata.json"),
        r#"{"country": "Brasil"}"#,
    )
    .unwrap();
    std::fs::create_dir_all(flags.join("README")).unwrap(); // not a code: ignored
    std::fs::write(dir.path().join("secret.txt"), "do not serve").unwrap();

    let store = FlagStore::from_dir(dir.path()).unwrap();
    assert_eq!(store.codes().collect::<Vec<_>>(), ["ar", "br"]);
    let server = FlagServer::start(Config::default().with_store(store.into())).unwrap();
    let agent = agent();
    let base = server.base_url();
    assert_eq!(get(&agent, &format!("{base}/br/br.gif")).body, b"GIF89a-br");
    assert_eq!(
        get(&agent, &format!("{base}/br/metadata.json")).body,
        br#"{"country": "Brasil"}"#
    );
    // AR has no metadata.json: it is made from the country table.
    let ar = get(&agent, &format!("{base}/ar/metadata.json"));
    assert!(
        String::from_utf8(ar.body)
            .unwrap()
            .contains(r#""country": "Argentina""#)
    );
    assert_eq!(get(&agent, &format!("{base}/cn/cn.gif")).status, 404);
    let escape = raw(
        &server,
        b"GET /flags/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(
        escape.starts_with("HTTP/1.1 404") && !escape.contains("do not serve"),
        "{escape}"
    );
}

/// Sends raw bytes and returns what came back, lossily decoded; bounded by a timeout.
fn raw(server: &FlagServer, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // The server may close before reading everything (a huge header): that is an answer too.
    let _ = stream.write_all(request);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}
