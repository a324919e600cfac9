//! The web services over real HTTP on 127.0.0.1, port 0: the JSON API of
//! `web_mojifinder` and the page of `http_charfinder`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::{GUARD, WebServer, charfinder_index, index};
use mojifinder::query::MAX_QUERY_CHARS;
use mojifinder::web;
use serde_json::Value;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None) // loopback only, whatever the environment says
        .timeout_global(Some(GUARD))
        .build()
        .into()
}

/// Status, Content-Type and body of `GET url`.
fn get(url: &str) -> (u16, String, String) {
    let mut response = agent().get(url).call().expect("an HTTP answer");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.body_mut().read_to_string().expect("a UTF-8 body");
    (response.status().as_u16(), content_type, body)
}

fn search(server: &WebServer, query: &str) -> (u16, Value) {
    let (status, content_type, body) = get(&server.url(&format!("/search{query}")));
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    (status, serde_json::from_str(&body).expect("a JSON body"))
}

#[test]
fn search_answers_the_json_list_of_char_and_name() {
    let server = WebServer::start(web::app(index()));
    let (status, found) = search(&server, "?q=cat%20face");
    assert_eq!(status, 200);
    let found = found.as_array().expect("a list");
    assert_eq!(found.len(), index().search("cat face").len());
    assert!(found.contains(&serde_json::json!({
        "char": "😸",
        "name": "GRINNING CAT FACE WITH SMILING EYES"
    })));
    for item in found {
        let name = item["name"].as_str().expect("a name");
        assert!(name.contains("CAT") && name.contains("FACE"), "{name}");
    }

    let (_, chess) = search(&server, "?q=chess+black");
    let chars: Vec<&str> = chess
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|item| item["char"].as_str())
        .collect();
    assert!(
        chars.starts_with(&["♚", "♛", "♜", "♝", "♞", "♟"]),
        "{chars:?}"
    );

    let (status, nothing) = search(&server, "?q=brillig");
    assert_eq!((status, nothing), (200, serde_json::json!([])));
}

#[test]
fn bad_queries_get_400_and_a_reason() {
    let server = WebServer::start(web::app(index()));
    let long = "x".repeat(MAX_QUERY_CHARS + 1);
    for (query, reason) in [
        ("", "missing"),
        ("?other=1", "missing"),
        ("?q=", "empty"),
        ("?q=+++", "empty"),
        (&format!("?q={long}") as &str, "longer than"),
        ("?q=%FF%FE", "not valid UTF-8"),
        ("?q=caf%E9", "not valid UTF-8"), // Latin-1 é
    ] {
        let (status, body) = search(&server, query);
        assert_eq!(status, 400, "{query}: {body}");
        let detail = body["detail"].as_str().expect("a detail");
        assert!(detail.contains(reason), "{query}: {detail}");
    }
}

#[test]
fn raw_bytes_that_are_not_utf8_in_the_request_line_get_a_4xx() {
    let server = WebServer::start(web::app(index()));
    let mut stream = TcpStream::connect(server.addr).expect("connect");
    stream
        .set_read_timeout(Some(GUARD))
        .expect("a read timeout");
    stream
        .write_all(b"GET /search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("an answer");
    let answer = String::from_utf8_lossy(&answer);
    let status: u16 = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("a status line: {answer}"));
    assert!((400..500).contains(&status), "{answer}");
}

#[test]
fn the_search_page_is_served_from_the_binary() {
    let server = WebServer::start(web::app(index()));
    let (status, content_type, body) = get(&server.url("/"));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert_eq!(body, web::FORM_HTML);
    assert!(body.contains("/search?q="));
    let (status, _, _) = get(&server.url("/nowhere"));
    assert_eq!(status, 404);
}

#[test]
fn the_first_editions_page_lists_the_results_and_escapes_the_query() {
    let server = WebServer::start(web::charfinder_app(charfinder_index()));
    let (status, content_type, page) = get(&server.url("/"));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(page.contains("Enter words describing characters."));
    assert!(page.contains(r#"<a href="/?query=chess""#));

    let (_, _, page) = get(&server.url("/?query=chess+black"));
    assert!(
        page.contains("<tr><td>U+265C</td><th>♜</th><td>BLACK CHESS ROOK</td></tr>"),
        "{page}"
    );
    let count = charfinder_index().find_chars("chess black", 0, None).count;
    assert!(page.contains(&format!("{count} matches for &#39;chess black&#39;")));
    assert!(page.contains(r#"value="chess black""#));

    let (status, _, page) = get(&server.url("/?query=%3Cscript%3Ealert(1)%3C/script%3E"));
    assert_eq!(status, 200);
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)"));

    let (status, _, _) = get(&server.url("/?query=%FF"));
    assert_eq!(status, 400);
}
