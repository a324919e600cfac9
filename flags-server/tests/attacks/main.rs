//! Path traversal and malformed requests: never a file outside the data, never a crash,
//! and the next ordinary request is still served.
//!
//! One file per kind of attack: `traversal.rs` (thousands of `../` spellings, and the
//! router on its own), `smuggling.rs` (a request hidden behind or inside another),
//! `malformed.rs` (bytes no request may hold, overlong lines, an idle client) and
//! `symlinks.rs` (links planted in a `--dir` root). What they share is here: a raw client,
//! and a root with secrets planted inside, next to and above it.

mod malformed;
mod smuggling;
#[cfg(unix)]
mod symlinks;
mod traversal;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use flags_server::{Config, FlagServer, FlagStore};

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
