//! Fuzzes the whole request path: raw bytes into hyper's parser and the flag server's
//! service, over an in-memory pipe. Nothing may panic, and whatever comes back is HTTP/1.x
//! (an HTTP/1.0 request gets an HTTP/1.0 answer).
//!
//! From flags-server/: `cargo +nightly fuzz run request -- -max_total_time=60`.
#![no_main]

use std::sync::LazyLock;

use flags_server::{Config, serve_stream};
use libfuzzer_sys::fuzz_target;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One runtime for every input: building one per input would be most of the run.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
});

fuzz_target!(|data: &[u8]| {
    RUNTIME.block_on(async {
        let (client, server) = tokio::io::duplex(64 * 1024);
        let config = Config {
            record: false,
            ..Config::default()
        }
        .with_seed(0);
        let serving = tokio::spawn(serve_stream(server, config));
        let (mut from_server, mut to_server) = tokio::io::split(client);
        // Write and read at once: many pipelined requests fill the pipe both ways.
        let write = async {
            // The server may close before reading everything: that is an answer too.
            let _ = to_server.write_all(data).await;
            let _ = to_server.shutdown().await;
        };
        let read = async {
            let mut reply = Vec::new();
            let _ = from_server.read_to_end(&mut reply).await;
            reply
        };
        let ((), reply) = tokio::join!(write, read);
        serving.await.expect("the server task must not panic");
        assert!(
            reply.is_empty() || reply.starts_with(b"HTTP/1.1 ") || reply.starts_with(b"HTTP/1.0 "),
            "{:?}",
            String::from_utf8_lossy(&reply[..reply.len().min(80)])
        );
    });
});
