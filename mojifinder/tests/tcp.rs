//! The TCP servers, over real sockets on 127.0.0.1, port 0, started in-process.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use common::{GUARD, charfinder_index, index};
use mojifinder::tcp::{self, PROMPT};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// A server task, aborted (all its sessions with it) when dropped.
struct Server {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves each client with `handler(index, stream, client)` on a free port of loopback.
async fn start<I, F>(index: Arc<I>, handler: fn(Arc<I>, TcpStream, SocketAddr) -> F) -> Server
where
    I: Send + Sync + 'static,
    F: Future<Output = std::io::Result<()>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().expect("a bound address");
    let task = tokio::spawn(async move {
        let never = tcp::supervisor(listener, move |stream, client| {
            handler(Arc::clone(&index), stream, client)
        })
        .await;
        match never {}
    });
    Server { addr, task }
}

async fn start_mojifinder() -> Server {
    start(index(), tcp::finder).await
}

async fn start_charfinder() -> Server {
    start(charfinder_index(), tcp::handle_queries).await
}

/// A telnet-like client: reads the prompt, sends a line, reads the answer.
struct Client {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Client {
    /// Connects and reads the first prompt.
    async fn connect(addr: SocketAddr) -> Client {
        let stream = timeout(GUARD, TcpStream::connect(addr))
            .await
            .expect("connect in time")
            .expect("connect");
        let (reader, writer) = stream.into_split();
        let mut client = Client {
            reader: BufReader::new(reader),
            writer,
        };
        client.expect_prompt().await;
        client
    }

    async fn expect_prompt(&mut self) {
        let mut prompt = [0; 3];
        timeout(GUARD, self.reader.read_exact(&mut prompt))
            .await
            .expect("a prompt in time")
            .expect("a prompt");
        assert_eq!(prompt, PROMPT);
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("send");
    }

    /// Sends `query` and returns the answer's lines (without CRLF) up to and including the
    /// status line that `is_status` recognises; then reads the next prompt.
    async fn ask(&mut self, query: &str, is_status: impl Fn(&str) -> bool) -> Vec<String> {
        self.send(format!("{query}\r\n").as_bytes()).await;
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let n = timeout(GUARD, self.reader.read_line(&mut line))
                .await
                .expect("an answer in time")
                .expect("an answer");
            assert!(
                n > 0,
                "the server closed mid-answer to {query:?}: {lines:?}"
            );
            assert!(line.ends_with("\r\n"), "lines end with CRLF: {line:?}");
            let line = line.trim_end_matches("\r\n").to_string();
            let done = is_status(&line);
            lines.push(line);
            if done {
                break;
            }
        }
        self.expect_prompt().await;
        lines
    }

    /// The 2nd edition's answers end with a rule and `N found`.
    async fn search(&mut self, query: &str) -> Vec<String> {
        self.ask(query, |line| {
            line.starts_with('─') && line.ends_with(" found")
        })
        .await
    }

    /// Reads until the server closes the connection; returns what came before.
    async fn expect_closed(&mut self) -> Vec<u8> {
        let mut rest = Vec::new();
        timeout(GUARD, self.reader.read_to_end(&mut rest))
            .await
            .expect("the server closes in time")
            .expect("a clean close");
        rest
    }
}

fn status(lines: &[String]) -> &str {
    lines.last().map_or("", String::as_str)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cat_face_finds_the_cats_and_counts_them() {
    let server = start_mojifinder().await;
    let mut client = Client::connect(server.addr).await;
    let lines = client.search("cat face").await;
    assert!(
        lines.contains(&"U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES".to_string()),
        "{lines:?}"
    );
    let results = &lines[..lines.len() - 1];
    assert!(results.len() >= 10, "{lines:?}");
    assert_eq!(
        status(&lines),
        format!("{} {} found", "─".repeat(66), results.len())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_get_their_own_answers_while_one_stays_idle() {
    let server = start_mojifinder().await;
    // This one connects, gets its prompt, and then says nothing during the whole test.
    let mut idle = Client::connect(server.addr).await;

    let queries = ["cat face", "chess black", "sun", "rook white", "brillig"];
    let sessions = queries.map(|query| {
        let addr = server.addr;
        tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            // Two queries per session, so the sessions interleave on the server.
            let first = client.search(query).await;
            let second = client.search(query).await;
            assert_eq!(first, second, "the same query answers the same");
            (query, first)
        })
    });
    for session in sessions {
        let (query, lines) = session.await.expect("a session that did not panic");
        let results = &lines[..lines.len() - 1];
        let expected = index().search(query);
        assert_eq!(results.len(), expected.len(), "{query}: {lines:?}");
        for (line, c) in results.iter().zip(&expected) {
            assert!(line.contains(&format!("\t{c}\t")), "{query}: {line}");
        }
        match query {
            "cat face" => assert!(expected.contains(&'😸')),
            "chess black" => assert!(expected.contains(&'♛') && expected.contains(&'♜')),
            "sun" => assert!(expected.contains(&'☀')),
            "rook white" => assert!(expected.contains(&'♖') && !expected.contains(&'♜')),
            _ => assert!(expected.is_empty(), "no name has BRILLIG"),
        }
    }

    // The idle client was never starved or dropped: it is served now, like the others.
    let lines = idle.search("chess white king").await;
    assert!(lines[0].contains("\t♔\tWHITE CHESS KING"), "{lines:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_line_prompts_again_and_a_control_character_closes() {
    let server = start_mojifinder().await;
    let mut client = Client::connect(server.addr).await;
    client.send(b"\r\n").await;
    client.expect_prompt().await;
    client.send(b"   \r\n").await;
    client.expect_prompt().await;
    // Ctrl-C typed in some clients arrives as ETX, U+0003.
    client.send(b"\x03\r\n").await;
    assert_eq!(client.expect_closed().await, b"");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telnets_ctrl_c_bytes_which_are_not_utf8_close_the_session_only() {
    let server = start_mojifinder().await;
    let mut other = Client::connect(server.addr).await;
    let mut client = Client::connect(server.addr).await;
    // telnet's "interrupt process" (IAC IP IAC DO TIMING-MARK), then the line's end.
    client.send(b"\xff\xf4\xff\xfd\x06\r\n").await;
    assert_eq!(client.expect_closed().await, b"");
    let lines = other.search("sun").await;
    assert!(status(&lines).ends_with(" found"), "the server lives on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_read_ends_the_session() {
    let server = start_mojifinder().await;
    let mut client = Client::connect(server.addr).await;
    // The last query has no newline; closing our side still sends it, then EOF.
    client.send(b"cat face").await;
    client.writer.shutdown().await.expect("half-close");
    let rest = String::from_utf8(client.expect_closed().await).expect("UTF-8 answers");
    assert!(
        rest.contains("GRINNING CAT FACE WITH SMILING EYES"),
        "{rest}"
    );
    assert!(rest.ends_with("found\r\n?> "), "{rest:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overlong_line_closes_the_session() {
    let server = start_mojifinder().await;
    let mut client = Client::connect(server.addr).await;
    client.send(&[b'a'; 5000]).await;
    assert_eq!(client.expect_closed().await, b"");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_editions_server_answers_with_its_status_line() {
    let server = start_charfinder().await;
    let mut client = Client::connect(server.addr).await;
    let is_status = |line: &str| line.contains(" for '") || line.contains(" for \"");
    let lines = client.ask("rook", is_status).await;
    assert!(lines.contains(&"U+2656 \t♖\tWHITE CHESS ROOK".to_string()));
    assert!(lines.contains(&"U+265C \t♜\tBLACK CHESS ROOK".to_string()));
    assert_eq!(
        status(&lines),
        format!("{} matches for 'rook'", lines.len() - 1)
    );
    let lines = client.ask("jabberwocky's vest", is_status).await;
    assert_eq!(lines, ["No match for \"jabberwocky's vest\""]);
    client.send(b"\x04\n").await;
    assert_eq!(client.expect_closed().await, b"");
}
