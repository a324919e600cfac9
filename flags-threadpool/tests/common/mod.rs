//! A hand-made HTTP server for the tests that need an answer the flag server cannot give:
//! a response held until other requests have arrived, a document that is not JSON.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// What the handler answers: status, content type, body.
pub type Answer = (u16, &'static str, Vec<u8>);

/// Starts a server on a free port of 127.0.0.1 that answers each request (one per
/// connection) with `handler(path)`, and returns its base URL, `http://127.0.0.1:P/flags`.
/// Each connection has a thread of its own, so a handler may wait for other requests.
pub fn raw_http(handler: impl Fn(&str) -> Answer + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    let handler = Arc::new(handler);
    // The accept loop ends with the test process.
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let handler = Arc::clone(&handler);
            std::thread::spawn(move || answer(stream, &*handler));
        }
    });
    format!("http://{addr}/flags")
}

fn answer(stream: TcpStream, handler: &dyn Fn(&str) -> Answer) {
    // Every wait is bounded: a client that never finishes its request is dropped.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // The rest of the head, up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request_line.split(' ').nth(1).unwrap_or("/");
    let (status, content_type, body) = handler(path);
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
