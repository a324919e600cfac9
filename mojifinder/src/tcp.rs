//! The TCP servers: `tcp_mojifinder.py` (2e) and `tcp_charfinder.py` (1e).
//!
//! One accept loop, [`supervisor`], hands each client to its own task running a
//! per-client coroutine: [`finder`] for the 2nd edition, [`handle_queries`] for the 1st.
//! Both read one query per line, answer it, and close on an empty read or on a line that
//! starts with a control character (telnet sends bytes that are not UTF-8 for Ctrl-C,
//! which decode to `"\0"` here as in the book).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use crate::charfinder::UnicodeNameIndex;
use crate::charindex::{InvertedIndex, format_results, status_line};
use crate::console::py_repr;
use crate::say;

/// Ends every line the servers send, as telnet expects.
pub const CRLF: &[u8] = b"\r\n";
/// Sent before each read: the client may type a query.
pub const PROMPT: &[u8] = b"?> ";
/// The longest line read; a longer one ends the session like bytes that are not UTF-8.
/// (asyncio's `readline` has a limit too, 64 KiB, and raises past it.)
pub const MAX_LINE: usize = 1024;

// ANCHOR: supervisor
/// Accepts clients on `listener` forever, each in its own task running
/// `handler(stream, peer)`: the book's `asyncio.start_server(functools.partial(finder,
/// index))` plus `serve_forever`. Drop the future to stop: the sessions still open are
/// dropped with it (their tasks aborted), as `asyncio.run` cancels its tasks on Ctrl-C.
pub async fn supervisor<H, F>(listener: TcpListener, handler: H) -> Infallible
where
    H: Fn(TcpStream, SocketAddr) -> F,
    F: Future<Output = io::Result<()>> + Send + 'static,
{
    let mut clients = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, client)) => {
                    // As asyncio does for every TCP socket: without it, Nagle holds the
                    // prompt back until the client acks the answer (40 ms on Linux).
                    let _ = stream.set_nodelay(true);
                    let session = handler(stream, client);
                    clients.spawn(async move {
                        // A reset or a vanished client ends its own session, nothing else.
                        if let Err(err) = session.await {
                            say!("Lost {client}: {err}.");
                        }
                    });
                }
                Err(err) => {
                    // Out of descriptors, most likely: say so and give sessions time to end.
                    say!("Cannot accept a client: {err}.");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            // Reap finished sessions, so the set holds only the open ones.
            Some(_) = clients.join_next(), if !clients.is_empty() => {}
        }
    }
}
// ANCHOR_END: supervisor

// ANCHOR: finder
/// Serves one client of `tcp_mojifinder`: prompt, read a line, search, answer, repeat.
pub async fn finder(
    index: Arc<InvertedIndex>,
    mut stream: TcpStream,
    client: SocketAddr,
) -> io::Result<()> {
    let (reader, mut writer) = stream.split();
    let mut reader = BufReader::new(reader);
    loop {
        // asyncio needs write() then `await drain()`; tokio's write_all is the two in one.
        writer.write_all(PROMPT).await?;
        let Some(query) = read_query(&mut reader).await? else {
            break; // an empty read: the client closed its side
        };
        say!(" From {client}: {}", py_repr(&query));
        if !query.is_empty() {
            if query.starts_with(|c: char| c < ' ') {
                break;
            }
            let results = search(&query, &index, &mut writer).await?;
            say!("   To {client}: {results} results.");
        }
    }
    writer.shutdown().await?;
    say!("Close {client}.");
    Ok(())
}

/// Writes the results of `query`, then the status line; returns how many were found.
pub async fn search(
    query: &str,
    index: &InvertedIndex,
    writer: &mut (impl AsyncWrite + Unpin),
) -> io::Result<usize> {
    let chars = index.search(query);
    let mut out = Vec::new();
    for line in format_results(&chars) {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(CRLF);
    }
    out.extend_from_slice(status_line(chars.len()).as_bytes());
    out.extend_from_slice(CRLF);
    writer.write_all(&out).await?;
    Ok(chars.len())
}
// ANCHOR_END: finder

// ANCHOR: handle_queries
/// Serves one client of `tcp_charfinder`, the 1st edition's twin of [`finder`].
pub async fn handle_queries(
    index: Arc<UnicodeNameIndex>,
    mut stream: TcpStream,
    client: SocketAddr,
) -> io::Result<()> {
    let (reader, mut writer) = stream.split();
    let mut reader = BufReader::new(reader);
    loop {
        writer.write_all(PROMPT).await?;
        // New: the book's loop never checks for an empty read, and spins once the client
        // has gone.
        let Some(query) = read_query(&mut reader).await? else {
            break;
        };
        say!("Received from {client}: {}", py_repr(&query));
        if !query.is_empty() {
            if query.starts_with(|c: char| c < ' ') {
                break;
            }
            let lines: Vec<String> = index.find_description_strs(&query).collect();
            let mut out = Vec::new();
            for line in &lines {
                out.extend_from_slice(line.as_bytes());
                out.extend_from_slice(CRLF);
            }
            out.extend_from_slice(UnicodeNameIndex::status(&query, lines.len()).as_bytes());
            out.extend_from_slice(CRLF);
            writer.write_all(&out).await?;
            say!("Sent {} results", lines.len());
        }
    }
    say!("Close the client socket");
    writer.shutdown().await
}
// ANCHOR_END: handle_queries

/// The next line, decoded and stripped; `None` at the end of the stream. A line that is
/// not UTF-8, or longer than [`MAX_LINE`], reads as `"\0"`: a control character, so the
/// caller closes the session (the book's answer to `UnicodeDecodeError`).
pub async fn read_query(reader: &mut (impl AsyncBufRead + Unpin)) -> io::Result<Option<String>> {
    let mut data = Vec::new();
    (&mut *reader)
        .take(MAX_LINE as u64)
        .read_until(b'\n', &mut data)
        .await?;
    if data.is_empty() {
        return Ok(None);
    }
    let overlong = data.len() == MAX_LINE && !data.ends_with(b"\n");
    Ok(Some(match String::from_utf8(data) {
        Ok(line) if !overlong => line.trim().to_string(),
        _ => "\0".to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn queries(input: &[u8]) -> Vec<Option<String>> {
        let mut reader = BufReader::new(input);
        let mut out = Vec::new();
        loop {
            let query = read_query(&mut reader).await.expect("reading a slice");
            let end = query.is_none();
            out.push(query);
            if end {
                return out;
            }
        }
    }

    #[tokio::test]
    async fn read_query_strips_and_flags_bad_bytes() {
        let got = queries(b"  cat face \r\n\r\n\xff\xf4\xff\xfd\x06\nlast").await;
        let want = ["cat face", "", "\0", "last"].map(|q| Some(q.to_string()));
        assert_eq!(got[..4], want);
        assert_eq!(got[4], None);
    }

    #[tokio::test]
    async fn an_overlong_line_reads_as_a_control_character() {
        let mut long = vec![b'a'; MAX_LINE + 10];
        long.push(b'\n');
        assert_eq!(queries(&long).await[0].as_deref(), Some("\0"));
    }
}
