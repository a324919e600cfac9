//! The book's callback-hell example: three dependent API calls with nested callbacks, then
//! as one async function (the `three_stages` coroutine) with `?` for errors.
//!
//! Watch for: both give the same answers, including the failure in the second call; only
//! the async version can simply `return` its result (the callbacks need a channel for it).
//!
//! ```text
//! cargo run -p async-tour --example three_stages
//! ```

use async_tour::three_stages::{three_stages, three_stages_callbacks};
use tokio::sync::oneshot;

#[tokio::main]
async fn main() {
    for request1 in [10, 1] {
        // Callbacks: the result can only come out through `done`, so we send it to ourselves.
        let (tx, rx) = oneshot::channel();
        three_stages_callbacks(request1, move |result| {
            let _ = tx.send(result);
        });
        let with_callbacks = rx.await.expect("done was never called");
        async_tour::print_line(&format!(
            "callbacks:    three_stages({request1}) -> {with_callbacks:?}"
        ));

        // Async: one function, read top to bottom.
        async_tour::print_line(&format!(
            "async fn + ?: three_stages({request1}) -> {:?}",
            three_stages(request1).await
        ));
    }
}
