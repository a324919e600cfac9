//! Request smuggling: a second request hidden behind a first, or inside its body, is never
//! taken for a request of its own.

use flags_server::{Config, FlagServer};

use super::{SECRET, root_with_secrets, send, status, still_serves};

#[test]
fn a_request_smuggled_behind_a_get_is_never_a_file() {
    let server = FlagServer::start(Config::default()).unwrap();
    let reply = send(
        &server,
        b"GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\n\r\nGET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        reply.matches("HTTP/1.1 ").count(),
        2,
        "two pipelined answers: {reply}"
    );
    assert!(reply.contains("HTTP/1.1 404") && !reply.contains("root:"));
    still_serves(&server);
}

/// A request whose body hides a second request for Argentina's metadata: a server that takes
/// the body for a request answers it ("smuggling").
const INNER: &str = "GET /flags/ar/metadata.json HTTP/1.1\r\nHost: x\r\n\r\n";

#[test]
fn smuggling_attempts_are_refused_and_a_body_is_never_taken_for_a_request() {
    let top = tempfile::tempdir().unwrap();
    let server = root_with_secrets(top.path());
    let len = INNER.len();
    // (name, request, the status of the first answer)
    let cases: Vec<(&str, String, u16)> = vec![
        (
            "Content-Length then Transfer-Encoding",
            format!(
                "POST /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{INNER}"
            ),
            405,
        ),
        (
            "Transfer-Encoding then Content-Length",
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: {len}\r\n\r\n0\r\n\r\n{INNER}"
            ),
            405,
        ),
        (
            "GET with Content-Length and Transfer-Encoding",
            format!(
                "GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{INNER}"
            ),
            200,
        ),
        (
            "two different Content-Lengths",
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: {len}\r\n\r\n{INNER}"
            ),
            400,
        ),
        (
            "a Content-Length list",
            format!("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0, {len}\r\n\r\n{INNER}"),
            400,
        ),
        (
            "a signed Content-Length",
            format!("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +0\r\n\r\n{INNER}"),
            400,
        ),
        (
            "a Content-Length past u64",
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n{INNER}"
            ),
            400,
        ),
        (
            "an unknown transfer coding",
            format!("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n{INNER}"),
            400,
        ),
        (
            "chunked not last",
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n{INNER}"
            ),
            400,
        ),
        (
            "a space before the colon",
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: {len}\r\n\r\n{INNER}"
            ),
            400,
        ),
        (
            "Transfer-Encoding folded onto a second line (obs-fold)",
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n{INNER}"
            ),
            400,
        ),
        (
            "chunked on HTTP/1.0",
            format!("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{INNER}"),
            400,
        ),
        (
            "a GET whose body is a request",
            format!(
                "GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nContent-Length: {len}\r\n\r\n{INNER}"
            ),
            200,
        ),
        (
            "a chunk that holds a request",
            format!(
                "GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{len:x}\r\n{INNER}\r\n0\r\n\r\n"
            ),
            200,
        ),
        (
            "a chunk size past u64",
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{INNER}\r\n0\r\n\r\n"
            ),
            405,
        ),
        (
            "chunk garbage",
            format!(
                "GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{INNER}"
            ),
            200,
        ),
        (
            "a chunk without its CRLF",
            format!(
                "GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd{INNER}"
            ),
            200,
        ),
        (
            "a NUL in a header value",
            format!("GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n{INNER}"),
            400,
        ),
    ];
    for (name, request, first) in &cases {
        let reply = send(&server, request.as_bytes());
        assert_eq!(status(&reply), *first, "{name}: {reply:.120}");
        assert!(
            !reply.contains("Argentina"),
            "{name}: the hidden request was answered: {reply}"
        );
        assert!(!reply.contains(SECRET), "{name}");
        still_serves(&server);
    }
}
