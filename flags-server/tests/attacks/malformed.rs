//! Malformed requests: bytes no request may hold, overlong lines and headers, odd request
//! targets and a client that says nothing get a refusal, never a crash or a stall.

use std::io::Write;
use std::net::TcpStream;

use flags_server::{Config, FlagServer};

use super::{SECRET, root_with_secrets, send, status, still_serves};

#[test]
fn malformed_requests_get_a_4xx_and_the_server_keeps_serving() {
    let server = FlagServer::start(Config::default()).unwrap();
    // hyper checks its 64 KiB head limit only while a head is incomplete after a read
    // (hyperium/hyper#4081), so a head must outgrow a single read to be refused: 1 MB does.
    let huge_header = format!(
        "GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1_000_000)
    );
    let many_headers = format!(
        "GET /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..500)
            .map(|i| format!("X-{i}: v\r\n"))
            .collect::<String>()
    );
    let overlong_path = format!(
        "GET /flags/{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a/".repeat(500_000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n".to_vec()),
        ("no version", b"GET /flags/br/br.gif\r\n\r\n".to_vec()),
        ("bad version", b"GET /flags/br/br.gif HTTP/9.9\r\n\r\n".to_vec()),
        ("lower-case method", b"get /flags/br/br.gif HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("NUL in path", b"GET /flags/br\0/br.gif HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("invalid UTF-8 in path", b"GET /flags/\xff\xfe/br.gif HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("space in path", b"GET /flags/b r/br.gif HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("header without colon", b"GET / HTTP/1.1\r\nHost x\r\n\r\n".to_vec()),
        ("bad header name", b"GET / HTTP/1.1\r\nHo st: x\r\n\r\n".to_vec()),
        ("huge header", huge_header.into_bytes()),
        ("500 headers", many_headers.into_bytes()),
        ("overlong path", overlong_path.into_bytes()),
        (
            "Content-Length and Transfer-Encoding",
            b"POST /flags/br/br.gif HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /etc/passwd HTTP/1.1\r\n\r\n".to_vec(),
        ),
        (
            "two Content-Lengths",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd".to_vec(),
        ),
        ("negative Content-Length", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec()),
        ("bad chunk size", b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec()),
        ("obsolete line folding", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n".to_vec()),
        ("bare LF and CR", b"GET / HTTP/1.1\rHost: x\r\r\n".to_vec()),
    ];
    for (name, request) in &cases {
        let reply = send(&server, request);
        let code = status(&reply);
        // Either an explicit 4xx, or the connection closed without an answer: both are refusals.
        assert!(
            reply.is_empty() || (400..500).contains(&code),
            "{name}: {reply:.80}"
        );
        assert!(!reply.contains("root:"), "{name}");
        still_serves(&server);
    }
}

#[test]
fn a_client_that_connects_and_says_nothing_does_not_block_others() {
    let server = FlagServer::start(Config::default()).unwrap();
    let idle: Vec<TcpStream> = (0..50)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    let half = TcpStream::connect(server.addr()).unwrap();
    (&half)
        .write_all(b"GET /flags/br/br.gif HTTP/1.1\r\nHo")
        .unwrap();
    still_serves(&server);
    drop((idle, half));
    still_serves(&server);
}

#[test]
fn overlong_lines_invalid_bytes_and_odd_targets_never_crash_the_server() {
    let top = tempfile::tempdir().unwrap();
    let server = root_with_secrets(top.path());
    let long = |n: usize| "a".repeat(n);
    let cases: Vec<(String, Vec<u8>)> = vec![
        (
            "a 70 KB request line".into(),
            format!("GET /flags/{} HTTP/1.1\r\nHost: x\r\n\r\n", long(70_000)).into_bytes(),
        ),
        (
            "a 2 MB request line".into(),
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", long(2_000_000)).into_bytes(),
        ),
        (
            "a 2 MB header name".into(),
            format!(
                "GET / HTTP/1.1\r\nHost: x\r\n{}: v\r\n\r\n",
                long(2_000_000)
            )
            .into_bytes(),
        ),
        (
            "10,000 tiny headers".into(),
            format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(10_000)).into_bytes(),
        ),
        (
            "a 2 MB method".into(),
            format!("{} / HTTP/1.1\r\nHost: x\r\n\r\n", "G".repeat(2_000_000)).into_bytes(),
        ),
        (
            "invalid UTF-8 in the method".into(),
            b"G\xffT / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "a control byte in the path".into(),
            b"GET /flags/\x01\x7f/x HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "a tab in the path".into(),
            b"GET /flags/br\t/br.gif HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "an absolute-form traversal".into(),
            b"GET http://x/../../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "an authority-form target".into(),
            b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "an asterisk target".into(),
            b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "an HTTP/2 preface".into(),
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
        ),
        (
            "a query and a fragment".into(),
            b"GET /flags/br/../../secret.txt?x=../../secret.txt#../x HTTP/1.1\r\nHost: x\r\n\r\n"
                .to_vec(),
        ),
        ("nothing but CRLFs".into(), b"\r\n".repeat(10_000)),
        ("only NUL bytes".into(), vec![0; 100_000]),
        ("all 256 byte values".into(), (0..=255u8).collect()),
    ];
    for (name, request) in &cases {
        let reply = send(&server, request);
        let code = status(&reply);
        assert!(
            reply.is_empty() || (400..500).contains(&code),
            "{name}: {reply:.80}"
        );
        assert!(!reply.contains(SECRET), "{name}");
        still_serves(&server);
    }
    // Bytes above 0x7f are allowed in a header value (obs-text): the request is served.
    let reply = send(
        &server,
        b"GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nX-A: \xff\xfe\xc0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&reply), 200, "{reply:.80}");
}
