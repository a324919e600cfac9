//! The Twisted example's static file server, on tokio: hyper + hyper-util serving a folder
//! with tower-http's `ServeDir`, the same stack as `flags-server`.
//!
//! Twisted's reactor plays the role of the event loop; here it is tokio's runtime, an accept
//! loop, and one task per connection. `ServeDir` maps URL paths to files under the root and
//! refuses anything that would leave it (`..`, encoded dots, absolute paths), but it follows
//! symbolic links wherever they lead: [`stays_inside`] checks that first.
//!
//! A folder without an `index.html` is listed, as Twisted's `File` resource lists it
//! ("Directory listing for /"): [`listing`] writes that page; `ServeDir` alone answers 404.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};

use http_body_util::{Either, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::{Service, service_fn};
use hyper::{Request, Response, StatusCode};
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
    // The real root, links resolved, that every file served must be under.
    let root = root.as_ref();
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // A tower service turned into a hyper one; cloning it is cheap (an `Arc` inside).
    let files = TowerToHyperService::new(ServeDir::new(&root));
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
        let (files, root) = (files.clone(), root.clone());
        connections.spawn(async move {
            // The log line Twisted prints for each request: method, path, status.
            let logged = service_fn(move |request: Request<Incoming>| {
                let line = format!("{} {}", request.method(), request.uri());
                // A link out of the folder gets the 404 of a missing file, never its target.
                let path = request.uri().path();
                let answer = if !stays_inside(&root, path) {
                    Answer::NotFound
                } else if let Some(page) = listing(&root, path) {
                    Answer::Listing(page)
                } else {
                    Answer::File(files.call(request))
                };
                async move {
                    let response = match answer {
                        Answer::File(response) => response.await?.map(Either::Left),
                        Answer::Listing(page) => html(page),
                        Answer::NotFound => not_found(),
                    };
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

/// Whether the file `ServeDir` would serve for `uri_path` (or the `index.html` of the
/// folder it names) is inside `root` once symbolic links are resolved. `root` must be
/// canonical. The path is decoded and split as `ServeDir` does; a path it would refuse
/// anyway (`..`, not UTF-8) is refused here, and one that does not exist is let through,
/// for `ServeDir` to answer 404.
///
/// A shortcut worth admitting: a link swapped between this check and `ServeDir`'s open
/// would still be followed. A real server opens the file relative to the root with
/// `openat2(RESOLVE_BENEATH)`, or serves from a folder nobody else can write to.
pub fn stays_inside(root: &Path, uri_path: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(uri_path).decode_utf8() else {
        return false;
    };
    let mut path = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    let inside = |candidate: PathBuf| match candidate.canonicalize() {
        Ok(real) => real.starts_with(root),
        Err(_) => true, // missing: nothing to serve, nothing to leak
    };
    inside(path.join("index.html")) && inside(path)
}

/// What a request gets: a file (or `ServeDir`'s own 404 or redirect), a folder's listing,
/// or the 404 of a path that leads out of the folder.
enum Answer<F> {
    File(F),
    Listing(String),
    NotFound,
}

/// The page Twisted's `File` resource shows for a folder without an `index.html`: a table
/// of its entries, sorted, folders with a trailing `/`, each a link. `None` when
/// `uri_path` names no such folder (a file, a missing path, a folder with an index, or a
/// folder named without its trailing `/`, which `ServeDir` redirects). Entries that are
/// links leading out of the folder are left out, as they would not be served.
///
/// Call it only on a path that [`stays_inside`] `root`.
pub fn listing(root: &Path, uri_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(uri_path)
        .decode_utf8()
        .ok()?;
    if !decoded.ends_with('/') {
        return None;
    }
    let folder = root.join(decoded.trim_start_matches('/'));
    if !folder.is_dir() || folder.join("index.html").exists() {
        return None;
    }
    // A blocking read, as `stays_inside`'s: a folder of a few entries, read in a moment.
    let mut entries: Vec<(String, Option<u64>)> = std::fs::read_dir(&folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let target = std::fs::metadata(entry.path()).ok()?; // links followed
            let shown = format!("{decoded}{name}");
            stays_inside(root, &shown).then_some(())?;
            Some(if target.is_dir() {
                (format!("{name}/"), None)
            } else {
                (name, Some(target.len()))
            })
        })
        .collect();
    entries.sort();
    let title = format!("Directory listing for {}", escape(&decoded));
    let mut page = format!(
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body>\n<h1>{title}</h1>\n<table>\n<tr><th>Filename</th><th>Size</th></tr>\n"
    );
    for (name, size) in entries {
        let href: String = percent_encoding::utf8_percent_encode(&name, LINK).collect();
        let size = size.map(|n| format!("{n}B")).unwrap_or_default();
        page.push_str(&format!(
            "<tr><td><a href=\"{href}\">{}</a></td><td>{size}</td></tr>\n",
            escape(&name)
        ));
    }
    page.push_str("</table>\n</body>\n</html>\n");
    Some(page)
}

/// What a link to an entry leaves as is: letters, digits, `-._~` and a folder's `/`.
const LINK: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A file name made safe to show in HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A listing page, as a `200 OK` in HTML.
fn html<B>(page: String) -> Response<Either<B, Full<Bytes>>> {
    let mut response = Response::new(Either::Right(Full::new(Bytes::from(page))));
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// The answer to a path that leads out of the folder: the same 404 as a missing file.
fn not_found<B>() -> Response<Either<B, Full<Bytes>>> {
    let mut response = Response::new(Either::Right(Full::new(Bytes::new())));
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
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

    #[tokio::test]
    async fn a_folder_without_an_index_is_listed_as_twisted_lists_it() {
        let dir = folder();
        let public = dir.path().join("public");
        std::fs::remove_file(public.join("index.html")).unwrap();
        std::fs::create_dir(public.join("sub dir")).unwrap();
        std::fs::write(public.join("sub dir/<b>&.txt"), "x").unwrap();
        let (addr, stop, server) = start(&public).await;

        let (status, body) = get(addr, "/").await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("<h1>Directory listing for /</h1>"), "{body}");
        assert!(
            body.contains("<a href=\"hello.txt\">hello.txt</a></td><td>14B</td>"),
            "{body}"
        );
        assert!(
            body.contains("<a href=\"sub%20dir/\">sub dir/</a>"),
            "{body}"
        );
        assert!(
            !body.contains("secret"),
            "only the folder's own entries: {body}"
        );

        let (status, body) = get(addr, "/sub%20dir/").await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("Directory listing for /sub dir/"), "{body}");
        assert!(
            body.contains("<a href=\"%3Cb%3E%26.txt\">&lt;b&gt;&amp;.txt</a>"),
            "a name is escaped, its link encoded: {body}"
        );
        assert_eq!(
            get(addr, "/sub%20dir/%3Cb%3E%26.txt").await,
            (200, "x".into())
        );
        stop.send(()).unwrap();
        timeout(LIMIT, server).await.unwrap().unwrap();
    }

    /// Symbolic links planted in the folder: to a file outside, to a folder outside, to
    /// `/etc/passwd`. None is followed, however the path is spelled; a link that stays
    /// inside the folder is.
    #[cfg(unix)]
    #[tokio::test]
    async fn never_follows_a_symlink_out_of_the_root() {
        use std::os::unix::fs::symlink;

        let dir = folder();
        let public = dir.path().join("public");
        std::fs::create_dir(dir.path().join("private")).unwrap();
        std::fs::write(dir.path().join("private/index.html"), "top secret index\n").unwrap();
        symlink(dir.path().join("secret.txt"), public.join("link.txt")).unwrap();
        symlink(dir.path().join("private"), public.join("private")).unwrap();
        symlink("/etc/passwd", public.join("passwd")).unwrap();
        symlink("hello.txt", public.join("greeting.txt")).unwrap();
        let (addr, stop, server) = start(&public).await;

        for path in [
            "/link.txt",
            "/%6cink.txt",
            "/./link.txt",
            "/private/index.html",
            "/private/",
            "/private",
            "/passwd",
        ] {
            let (status, body) = get(addr, path).await;
            assert_eq!(status, 404, "{path}: {body}");
            assert!(!body.contains("top secret"), "{path} leaked the secret");
            assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
        }
        assert_eq!(
            get(addr, "/greeting.txt").await,
            (200, "hello, reader\n".to_string()),
            "a link inside the folder is followed"
        );
        std::fs::remove_file(public.join("index.html")).unwrap();
        let (status, body) = get(addr, "/").await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(">greeting.txt<"), "{body}");
        for name in ["link.txt", "private", "passwd"] {
            assert!(!body.contains(name), "{name} leads out: not listed: {body}");
        }
        stop.send(()).unwrap();
        timeout(LIMIT, server).await.unwrap().unwrap();
    }
}
