//! The Twisted example's static file server, on tokio: hyper + hyper-util serving a folder
//! with tower-http's `ServeDir`, the same stack as `flags-server`.
//!
//! Twisted's reactor plays the role of the event loop; here it is tokio's runtime, an accept
//! loop, and one task per connection. `ServeDir` maps URL paths to files under the root and
//! refuses anything that would leave it (`..`, encoded dots, absolute paths).

use std::convert::Infallible;
use std::path::Path;

use hyper::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::{Service, service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tower_http::services::ServeDir;

/// The port of the book's example.
pub const DEFAULT_PORT: u16 = 8888;

/// Serves the files under `root` to every connection on `listener`, until `shutdown`.
pub async fn serve(
    listener: TcpListener,
    root: impl AsRef<Path>,
    shutdown: impl Future<Output = ()>,
) {
    // A tower service turned into a hyper one; cloning it is cheap (an `Arc` inside).
    let files = TowerToHyperService::new(ServeDir::new(root));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(connection) => connection,
            Err(e) => {
                // One failed accept (say, a client that gave up) must not end the server;
                // a persistent one (out of file descriptors) must not spin a core either.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let files = files.clone();
        connections.spawn(async move {
            // The log line Twisted prints for each request: method, path, status.
            let logged = service_fn(move |request: Request<Incoming>| {
                let line = format!("{} {}", request.method(), request.uri());
                let response = files.call(request);
                async move {
                    let response = response.await?;
                    tracing::info!(%peer, "{line} -> {}", response.status());
                    Ok::<_, Infallible>(response)
                }
            });
            let served = http1::Builder::new()
                .timer(TokioTimer::new()) // Enables the 30 s limit for reading a request's headers.
                .serve_connection(TokioIo::new(stream), logged)
                .await;
            if let Err(e) = served {
                tracing::debug!(%peer, "connection ended with an error: {e}");
            }
        });
        while connections.try_join_next().is_some() {} // Forget the finished ones.
    }
    while connections.try_join_next().is_some() {}
    // Dropping `connections` aborts the connections still open; a gentler server would give
    // them a moment to finish (hyper's `graceful_shutdown`).
    tracing::info!(open = connections.len(), "shutting down");
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;
    use tokio::sync::oneshot;
    use tokio::time::timeout;

    use super::*;

    const LIMIT: Duration = Duration::from_secs(10);

    /// A tiny HTTP/1.1 client: one GET, `Connection: close`, returns status and body.
    async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
        let exchange = async {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut raw = Vec::new();
            stream.read_to_end(&mut raw).await.unwrap();
            raw
        };
        let raw = String::from_utf8(timeout(LIMIT, exchange).await.expect("no answer")).unwrap();
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("no status line");
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// A root folder with one file, next to a secret that must never be served.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("public")).unwrap();
        std::fs::write(dir.path().join("public/hello.txt"), "hello, reader\n").unwrap();
        std::fs::write(dir.path().join("public/index.html"), "<h1>index</h1>\n").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "top secret\n").unwrap();
        dir
    }

    async fn start(root: &Path) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, root.to_owned(), async {
            let _ = stopped.await;
        }));
        (addr, stop, server)
    }

    #[tokio::test]
    async fn serves_files_and_404s() {
        let dir = folder();
        let (addr, stop, server) = start(&dir.path().join("public")).await;

        assert_eq!(
            get(addr, "/hello.txt").await,
            (200, "hello, reader\n".to_string())
        );
        assert_eq!(get(addr, "/").await, (200, "<h1>index</h1>\n".to_string()));
        assert_eq!(get(addr, "/missing.txt").await.0, 404);

        stop.send(()).unwrap();
        timeout(LIMIT, server).await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn never_serves_outside_the_root() {
        let dir = folder();
        let (addr, stop, server) = start(&dir.path().join("public")).await;

        let outside = dir.path().join("secret.txt");
        let attempts = [
            "/../secret.txt".to_string(),
            "/%2e%2e/secret.txt".to_string(),
            "/%2E%2E%2Fsecret.txt".to_string(),
            "/..%5csecret.txt".to_string(),
            "/hello.txt%00".to_string(),
            format!("/{}", outside.display()),
            format!("//{}", outside.display()),
        ];
        for path in &attempts {
            let (status, body) = get(addr, path).await;
            assert_ne!(status, 200, "{path} was served");
            assert!(!body.contains("top secret"), "{path} leaked the secret");
        }
        stop.send(()).unwrap();
        timeout(LIMIT, server).await.unwrap().unwrap();
    }
}
