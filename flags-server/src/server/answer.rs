//! Answering one request: its draw (delay, 418, fault), the wait, then the answer (a flag,
//! its metadata, a listing, a 404, 405, 503 or 418) or the fault played instead.

use std::convert::Infallible;
use std::future::pending;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use hyper::{Method, Request, Response, StatusCode};
use tokio_util::sync::CancellationToken;

use super::conn::Conn;
use super::reply::Reply;
use super::route::{Route, route_path};
use super::served::{LogOnDrop, Served};
use super::state::State;
use crate::Fault;

pub(super) async fn answer(
    state: Arc<State>,
    conn: Arc<Conn>,
    stop: CancellationToken,
    req: Request<Incoming>,
) -> Result<Response<Reply>, Infallible> {
    let arrived = Instant::now();
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let route = route_path(&path);
    let get_or_head = method == Method::GET || method == Method::HEAD;

    let (delay, error, fault) = if get_or_head {
        state.draw(&path, &route)
    } else {
        (Duration::ZERO, false, None)
    };
    if !delay.is_zero() {
        // Not `tokio::time::sleep`: tokio's timer counts whole milliseconds and wakes 0.5 to
        // 2.5 ms late, which the race would charge to the clients (2% of a 100 ms delay).
        // async-io's timer (a timerfd, on its own thread) answers within a few hundred µs.
        async_io::Timer::after(delay).await;
    }
    let served = Served {
        conn: conn.id,
        method: method.to_string(),
        path: path.clone(),
        status: 0,
        delay,
        arrived,
        finished: Instant::now(),
        fault,
    };
    match fault {
        Some(Fault::Reset) => {
            state.log(served);
            conn.reset();
            // The connection task drops this future along with the connection.
            return pending().await;
        }
        Some(Fault::Hang) => {
            let _log = LogOnDrop {
                state: state.clone(),
                served: Some(served),
            };
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = conn.client_gone() => conn.kill.cancel(),
            }
            return pending().await;
        }
        _ => {}
    }

    let response = if !get_or_head {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served\n",
        );
        response
            .headers_mut()
            .insert(ALLOW, "GET, HEAD".parse().expect("a valid header"));
        response
    } else if fault == Some(Fault::Unavailable) {
        let mut response = plain(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable\n");
        response.headers_mut().insert(RETRY_AFTER, 1.into());
        response
    } else if error {
        let mut response = plain(StatusCode::IM_A_TEAPOT, "I'm a Teapot\n");
        // The book's slow_server.py says it this way; hyper's canonical phrase is lower case.
        response
            .extensions_mut()
            .insert(hyper::ext::ReasonPhrase::from_static(b"I'm a Teapot"));
        response
    } else {
        state.content(&route)
    };
    let response = match fault {
        Some(Fault::Trickle) => response.map(Reply::trickle),
        Some(Fault::Truncate) => response.map(|body| body.cut(conn.clone())),
        _ => response,
    };
    state.log(Served {
        status: response.status().as_u16(),
        finished: Instant::now(),
        ..served
    });
    Ok(response)
}

impl State {
    pub(super) fn content(&self, route: &Route<'_>) -> Response<Reply> {
        let store = &self.config.store;
        match *route {
            Route::Gif(cc) => match store.get(cc) {
                Some(flag) => body(StatusCode::OK, "image/gif", flag.gif.clone()),
                None => not_found(),
            },
            Route::Metadata(cc) => match store.get(cc) {
                Some(flag) => body(StatusCode::OK, "application/json", flag.metadata.clone()),
                None => not_found(),
            },
            Route::CountryListing(cc) if store.get(cc).is_some() => listing(
                &format!("/flags/{cc}/"),
                [format!("{cc}.gif"), "metadata.json".to_string()],
            ),
            Route::Listing => listing("/flags/", store.codes().map(|cc| format!("{cc}/"))),
            Route::Index => listing("/", ["flags/".to_string()]),
            Route::CountryListing(_) | Route::Unknown => not_found(),
        }
    }
}

fn body(status: StatusCode, content_type: &'static str, bytes: Bytes) -> Response<Reply> {
    let length = bytes.len();
    let mut response = Response::new(Reply::whole(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type.parse().expect("a valid header"));
    headers.insert(CONTENT_LENGTH, length.into());
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response<Reply> {
    body(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(text.as_bytes()),
    )
}

fn not_found() -> Response<Reply> {
    plain(StatusCode::NOT_FOUND, "404 Not Found\n")
}

/// A directory listing like `python3 -m http.server` draws.
fn listing(title: &str, entries: impl IntoIterator<Item = String>) -> Response<Reply> {
    let mut html = format!(
        "<!DOCTYPE HTML>\n<html>\n<head><title>Directory listing for {title}</title></head>\n<body>\n<h1>Directory listing for {title}</h1>\n<hr>\n<ul>\n"
    );
    for entry in entries {
        html += &format!("<li><a href=\"{entry}\">{entry}</a></li>\n");
    }
    html += "</ul>\n<hr>\n</body>\n</html>\n";
    body(StatusCode::OK, "text/html; charset=utf-8", html.into())
}
