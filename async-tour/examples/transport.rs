//! asyncio's transports and protocols: an echo server speaking a line protocol over TCP
//! (`Framed` + `LinesCodec`), and a client talking to it on loopback.
//!
//! Watch for: the server's "connection made", "data received" and "connection lost", the
//! `Protocol` callbacks of asyncio, written as one loop over a stream of lines.
//!
//! ```text
//! cargo run -p async-tour --example transport
//! ```

use async_tour::Transcript;
use async_tour::transport::{client, serve};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let log = Transcript::stdout();
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    log.say(format!("server: listening on {addr}"));

    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        listener,
        async {
            let _ = stopped.await;
        },
        log.clone(),
    ));

    client(addr, &["Hello World!", "transports and protocols"], &log).await?;

    let _ = stop.send(());
    server.await?;
    Ok(())
}
