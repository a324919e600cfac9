//! Path traversal and malformed requests: never a file outside the data, never a crash,
//! and the next ordinary request is still served.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use flags_server::{Config, FlagServer, FlagStore, Route, route_path};

fn send(server: &FlagServer, request: &[u8]) -> String {
    let mut stream = TcpStream::connect_timeout(&server.addr(), Duration::from_secs(5)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = stream.write_all(request);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

fn status(reply: &str) -> u16 {
    reply.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn still_serves(server: &FlagServer) {
    let reply = send(
        server,
        b"GET /flags/br/metadata.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&reply), 200, "the server still answers: {reply}");
    assert!(reply.contains(r#""country": "Brazil""#));
}

#[test]
fn no_path_escapes_the_data() {
    let server = FlagServer::start(Config::default()).unwrap();
    let paths = [
        "/flags/../../../../etc/passwd",
        "/flags/br/../../../etc/passwd",
        "/../etc/passwd",
        "/flags/%2e%2e/%2e%2e/etc/passwd",
        "/flags/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/flags/%252e%252e/etc/passwd",
        "/flags/..%2f..%2fetc%2fpasswd",
        "/flags/..%5c..%5cetc%5cpasswd",
        "/flags/..\\..\\etc\\passwd",
        "/flags/br/br.gif%00.txt",
        "/flags/br%00/br.gif",
        "/flags/%c0%ae%c0%ae/etc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        "/flags/br/br.gif/../../../etc/passwd",
        "/flags/./br/br.gif",
        "/flags/BR/BR.gif",
        "/proc/self/environ",
        "/flags/br/metadata.json/..",
    ];
    for path in paths {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let reply = send(&server, request.as_bytes());
        let code = status(&reply);
        assert!((400..500).contains(&code), "{path}: {code}");
        assert!(
            !reply.contains("root:") && !reply.contains("PATH="),
            "{path} leaked a file"
        );
    }
    still_serves(&server);
}

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

/// Written in every secret file: no reply may ever contain it.
const SECRET: &str = "TOP-SECRET-7f3a9c";

/// A `--dir` root holding Brazil's flag, with secrets inside the root (not flags, so never
/// served), next to it and above it, the way a careless deployment would leave them.
fn root_with_secrets(top: &Path) -> FlagServer {
    let root = top.join("site");
    let br = root.join("flags/br");
    std::fs::create_dir_all(&br).unwrap();
    let embedded = FlagStore::embedded().get("br").unwrap();
    std::fs::write(br.join("br.gif"), &embedded.gif).unwrap();
    std::fs::write(br.join("metadata.json"), &embedded.metadata).unwrap();
    for secret in [
        br.join("secret.txt"),
        root.join("flags/secret.txt"),
        root.join("secret.txt"),
        top.join("secret.txt"),
    ] {
        std::fs::write(secret, format!("{SECRET}\n")).unwrap();
    }
    let store = FlagStore::from_dir(&root).unwrap();
    FlagServer::start(Config::default().with_store(store.into())).unwrap()
}

/// Ways to write one `../` step: plain, percent-encoded in both cases, double-encoded,
/// overlong UTF-8, backslashes, NUL (encoded and raw), invalid UTF-8, and tricks that fool
/// naive filters (`....//`, `..;/`, `%u002e`).
const STEPS: &[&[u8]] = &[
    b"../",
    b"%2e%2e/",
    b"%2E%2E/",
    b"%2e%2e%2f",
    b"%2E%2E%2F",
    b"..%2f",
    b".%2e/",
    b"%2e./",
    b"%252e%252e/",
    b"%252e%252e%252f",
    b"..%252f",
    b"%c0%ae%c0%ae/",
    b"%c0%ae%c0%ae%c0%af",
    b"%e0%80%ae%e0%80%ae/",
    b"..%c0%af",
    b"..\\",
    b"..%5c",
    b"%2e%2e%5c",
    b"..%00/",
    b"..\0/",
    b"..\xff/",
    b"....//",
    b"..;/",
    b"%u002e%u002e/",
];

const PREFIXES: &[&[u8]] = &[
    b"/",
    b"//",
    b"/./",
    b"/flags/",
    b"/flags//",
    b"/flags/br/",
    b"/flags/br/br.gif/",
];

const TARGETS: &[&[u8]] = &[
    b"secret.txt",
    b"flags/secret.txt",
    b"flags/br/secret.txt",
    b"flags/br/secret.txt%00.gif",
    b"etc/passwd",
];

/// Every prefix, step and target, one step deep and three deep (the same step three times,
/// and three different steps): over 2,500 paths.
fn traversal_paths() -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    for prefix in PREFIXES {
        for (i, step) in STEPS.iter().enumerate() {
            let mixed = [
                *step,
                STEPS[(i + 5) % STEPS.len()],
                STEPS[(i + 11) % STEPS.len()],
            ];
            let walks: [Vec<u8>; 3] = [step.to_vec(), step.repeat(3), mixed.concat()];
            for walk in &walks {
                for target in TARGETS {
                    paths.push([*prefix, walk, target].concat());
                }
            }
        }
    }
    paths
}

#[test]
fn thousands_of_traversals_never_reach_a_file_and_the_server_keeps_serving() {
    let top = tempfile::tempdir().unwrap();
    let server = root_with_secrets(top.path());
    let paths = traversal_paths();
    assert!(paths.len() > 2_500, "{}", paths.len());
    // Two clients at a time, so the run stays short in a debug build.
    std::thread::scope(|scope| {
        for half in paths.chunks(paths.len().div_ceil(2)) {
            let server = &server;
            scope.spawn(move || {
                for (n, path) in half.iter().enumerate() {
                    let request = [
                        b"GET ".as_slice(),
                        path,
                        b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    ]
                    .concat();
                    let reply = send(server, &request);
                    let shown = String::from_utf8_lossy(path);
                    let code = status(&reply);
                    // A 404 from the router, or a 400 (or a close) from hyper for bytes no
                    // request line may hold.
                    assert!(
                        (reply.is_empty() || code == 400 || code == 404),
                        "{shown}: {reply:.80}"
                    );
                    assert!(!reply.contains(SECRET), "{shown} leaked a secret");
                    assert!(!reply.contains("root:x:0"), "{shown} leaked /etc/passwd");
                    if n % 500 == 0 {
                        still_serves(server);
                    }
                }
            });
        }
    });
    still_serves(&server);
    // Whatever hyper let through reached the router and was not found.
    let log = server.log();
    assert!(log.len() > 1_000, "most paths are valid request targets");
    assert!(
        log.iter()
            .all(|s| s.status == 404 || s.path == "/flags/br/metadata.json"),
        "{:?}",
        log.iter().find(|s| s.status != 404)
    );
}

#[test]
fn the_router_only_ever_names_two_lower_case_letters() {
    // The router on its own (also the fuzz target's property), on every traversal path that
    // is valid UTF-8.
    for path in traversal_paths() {
        let Ok(path) = std::str::from_utf8(&path) else {
            continue;
        };
        assert_eq!(route_path(path), Route::Unknown, "{path}");
    }
    assert_eq!(route_path("/flags/br/br.gif"), Route::Gif("br"));
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

/// Symlinks planted in a `--dir` root: a flag that is a link to a secret outside the root,
/// a country folder that is a link to a folder outside it, a metadata file that is a link
/// to `/etc/passwd`. None is served; a link that stays inside the root is.
#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_never_served() {
    use std::os::unix::fs::symlink;

    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("site/flags");
    let outside = top.path().join("outside");
    let embedded = |cc: &str| FlagStore::embedded().get(cc).unwrap();
    for folder in ["br", "ar", "cn", "de"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
    }
    std::fs::create_dir_all(outside.join("us")).unwrap();
    std::fs::write(root.join("br/br.gif"), &embedded("br").gif).unwrap();
    std::fs::write(root.join("br/metadata.json"), &embedded("br").metadata).unwrap();
    // Secrets shaped like flags, so that only the link check can refuse them.
    let secret_gif = format!("GIF89a {SECRET}");
    std::fs::write(outside.join("secret.gif"), &secret_gif).unwrap();
    std::fs::write(outside.join("us/us.gif"), &secret_gif).unwrap();
    std::fs::write(
        outside.join("us/metadata.json"),
        format!("{{\"country\": \"{SECRET}\"}}"),
    )
    .unwrap();
    // ar/ar.gif -> a file outside; us -> a folder outside; cn's metadata -> /etc/passwd.
    symlink(outside.join("secret.gif"), root.join("ar/ar.gif")).unwrap();
    symlink(outside.join("us"), root.join("us")).unwrap();
    std::fs::write(root.join("cn/cn.gif"), &embedded("cn").gif).unwrap();
    symlink("/etc/passwd", root.join("cn/metadata.json")).unwrap();
    // de/de.gif -> ../br/br.gif: a link that stays inside the root may be served.
    symlink("../br/br.gif", root.join("de/de.gif")).unwrap();

    let store = FlagStore::from_dir(&top.path().join("site")).unwrap();
    let refused: Vec<String> = store
        .refused()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    let server = FlagServer::start(Config::default().with_store(store.into())).unwrap();
    for path in [
        "/flags/ar/ar.gif",
        "/flags/us/us.gif",
        "/flags/us/metadata.json",
        "/flags/cn/metadata.json",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let reply = send(&server, request.as_bytes());
        assert!(!reply.contains(SECRET), "{path} leaked a secret: {reply}");
        assert!(
            !reply.contains("root:"),
            "{path} leaked /etc/passwd: {reply}"
        );
    }
    let gif = |cc: &str| {
        let request =
            format!("GET /flags/{cc}/{cc}.gif HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        send(&server, request.as_bytes())
    };
    for cc in ["ar", "us"] {
        assert_eq!(status(&gif(cc)), 404, "{cc}");
    }
    assert_eq!(status(&gif("cn")), 200, "cn's own flag is inside the root");
    assert_eq!(status(&gif("de")), 200, "de's link stays inside the root");
    still_serves(&server);
}
