//! asyncio's transports and protocols: a line-based echo protocol over TCP, server and client.
//!
//! asyncio calls a `Protocol`'s `connection_made`, `data_received` and `connection_lost`
//! and hands it a transport to `write` to. In tokio a codec turns the byte stream into a
//! `Stream` of lines and a `Sink` of lines (`Framed` + `LinesCodec`), and the protocol is a
//! plain loop: made = accepted, data received = `next().await`, lost = the stream ends.

use std::io;
use std::net::SocketAddr;

use futures::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::codec::{Framed, LinesCodec, LinesCodecError};

use crate::Transcript;

/// Longest line the server accepts; a client that sends more is disconnected.
pub const MAX_LINE: usize = 1024;

/// The protocol, server side: answer each line with its upper-case echo; "bye" ends the talk.
pub async fn handle_connection(
    stream: TcpStream,
    peer: SocketAddr,
    log: Transcript,
) -> Result<(), LinesCodecError> {
    log.say(format!("server: connection made from {peer}"));
    let mut lines = Framed::new(stream, LinesCodec::new_with_max_length(MAX_LINE));
    while let Some(line) = lines.next().await {
        let line = line?;
        log.say(format!("server: data received: {line:?}"));
        if line == "bye" {
            lines.send("bye").await?;
            break;
        }
        lines.send(line.to_uppercase()).await?; // asyncio: `transport.write(data)`
    }
    log.say(format!("server: connection lost from {peer}"));
    Ok(())
}

/// The accept loop (asyncio: `loop.create_server(Protocol, host, port)`), until `shutdown`.
pub async fn serve(listener: TcpListener, shutdown: impl Future<Output = ()>, log: Transcript) {
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
                // One failed accept (say, a client that gave up) must not end the server.
                log.say(format!("server: accept failed: {e}"));
                continue;
            }
        };
        let log = log.clone();
        connections.spawn(async move {
            if let Err(e) = handle_connection(stream, peer, log.clone()).await {
                log.say(format!("server: {peer}: {e}"));
            }
        });
        while connections.try_join_next().is_some() {} // Forget the finished ones.
    }
    log.say("server: shutting down");
    // Dropping `connections` aborts the connections still open.
}

/// The client: connects, sends each message, reads each reply, says "bye". Returns the replies.
pub async fn client(
    addr: SocketAddr,
    messages: &[&str],
    log: &Transcript,
) -> Result<Vec<String>, LinesCodecError> {
    let stream = TcpStream::connect(addr).await?;
    let mut lines = Framed::new(stream, LinesCodec::new_with_max_length(MAX_LINE));
    let mut replies = Vec::new();
    for &message in messages.iter().chain(&["bye"]) {
        lines.send(message).await?;
        let closed =
            || io::Error::new(io::ErrorKind::UnexpectedEof, "server closed the connection");
        let reply = lines.next().await.ok_or_else(closed)??;
        log.say(format!("client: sent {message:?}, got {reply:?}"));
        replies.push(reply);
    }
    Ok(replies)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::sync::oneshot;
    use tokio::time::timeout;

    use super::*;

    const LIMIT: Duration = Duration::from_secs(10);

    async fn start(
        log: &Transcript,
    ) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(serve(
            listener,
            async {
                let _ = stopped.await;
            },
            log.clone(),
        ));
        (addr, stop, server)
    }

    #[tokio::test]
    async fn client_and_server_talk_in_lines() {
        let log = Transcript::quiet();
        let (addr, stop, server) = start(&log).await;

        let replies = timeout(LIMIT, client(addr, &["hello", "asyncio"], &log))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(replies, ["HELLO", "ASYNCIO", "bye"]);

        stop.send(()).unwrap();
        timeout(LIMIT, server).await.unwrap().unwrap();
        assert!(log.texts().contains(&"server: shutting down".to_string()));
    }

    #[tokio::test]
    async fn an_overlong_line_drops_the_connection_not_the_server() {
        let log = Transcript::quiet();
        let (addr, stop, server) = start(&log).await;

        let mut raw = TcpStream::connect(addr).await.unwrap();
        raw.write_all(&vec![b'x'; MAX_LINE + 10]).await.unwrap();
        raw.write_all(b"\n").await.unwrap();
        let mut rest = Vec::new();
        // The server hangs up: the read ends (or is reset) instead of waiting forever.
        let _ = timeout(LIMIT, raw.read_to_end(&mut rest)).await.unwrap();
        assert!(rest.is_empty());

        // And it still serves the next client.
        let replies = timeout(LIMIT, client(addr, &["still here"], &log))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(replies, ["STILL HERE", "bye"]);
        stop.send(()).unwrap();
        timeout(LIMIT, server).await.unwrap().unwrap();
    }
}
