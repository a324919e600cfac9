//! Shared by the integration tests: one index per test binary, servers on port 0.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use mojifinder::charfinder::UnicodeNameIndex;
use mojifinder::charindex::InvertedIndex;

/// Every wait in these tests gives up after this long: far beyond any healthy answer,
/// so it only ever catches a hang.
pub const GUARD: Duration = Duration::from_secs(20);

/// The full 2nd-edition index, built once per test binary and shared, as the servers do.
pub fn index() -> Arc<InvertedIndex> {
    static INDEX: OnceLock<Arc<InvertedIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(InvertedIndex::new())))
}

/// The full 1st-edition index, built once per test binary.
pub fn charfinder_index() -> Arc<UnicodeNameIndex> {
    static INDEX: OnceLock<Arc<UnicodeNameIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(UnicodeNameIndex::new())))
}

/// An axum router served on 127.0.0.1, port 0, by a runtime of its own: the server
/// stops when this is dropped.
pub struct WebServer {
    pub addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

impl WebServer {
    pub fn start(app: axum::Router) -> WebServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the test server");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("a bound address");
        runtime.spawn(async move { axum::serve(listener, app).await });
        WebServer {
            addr,
            _runtime: runtime,
        }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://{}{path_and_query}", self.addr)
    }
}
