//! Path traversal: every way to write `../` (encoded, doubled, overlong, with backslashes
//! or NUL) under every prefix, towards secrets planted around a `--dir` root.

use flags_server::{Config, FlagServer, Route, route_path};

use super::{SECRET, root_with_secrets, send, status, still_serves};

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
