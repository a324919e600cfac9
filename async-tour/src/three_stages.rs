//! The book's "callback hell" example: three dependent API calls, first as nested callbacks,
//! then as one async function where `?` does the error handling.
//!
//! With callbacks, each stage must start the next call, pass along the final `done`
//! callback, and check for errors itself; the result can only leave through `done`. The async
//! version reads top to bottom like blocking code, and returns its result.

use std::time::Duration;

use thiserror::Error;
use tokio::time::sleep;

/// A failed remote call.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{call} rejected request {request}")]
pub struct ApiError {
    pub call: &'static str,
    pub request: i64,
}

/// The remote API: takes a moment, doubles the number, and rejects negative requests.
pub async fn api_call(call: &'static str, request: i64) -> Result<i64, ApiError> {
    sleep(Duration::from_millis(100)).await;
    if request < 0 {
        return Err(ApiError { call, request });
    }
    Ok(request * 2)
}

/// The same API in callback style: returns at once, calls `callback` with the response later.
pub fn api_call_cb(
    call: &'static str,
    request: i64,
    callback: impl FnOnce(Result<i64, ApiError>) + Send + 'static,
) {
    tokio::spawn(async move { callback(api_call(call, request).await) });
}

/// Local work between the calls: each response becomes the next request.
pub fn step1(response1: i64) -> i64 {
    response1 - 5
}
pub fn step2(response2: i64) -> i64 {
    response2 - 5
}
pub fn step3(response3: i64) -> i64 {
    response3 + 1
}

// ANCHOR: stages
/// Callback hell: `api_call1(request1, stage1)` and so on, each stage nested in the last.
pub fn three_stages_callbacks(
    request1: i64,
    done: impl FnOnce(Result<i64, ApiError>) + Send + 'static,
) {
    api_call_cb("api_call1", request1, move |response1| match response1 {
        Err(e) => done(Err(e)), // Every stage handles errors by hand...
        Ok(response1) => {
            let request2 = step1(response1);
            api_call_cb("api_call2", request2, move |response2| match response2 {
                Err(e) => done(Err(e)), // ...and passes `done` along to the next one.
                Ok(response2) => {
                    let request3 = step2(response2);
                    api_call_cb("api_call3", request3, move |response3| {
                        done(response3.map(step3));
                    });
                }
            });
        }
    });
}

/// The same three stages as one async function: the book's `three_stages` coroutine.
pub async fn three_stages(request1: i64) -> Result<i64, ApiError> {
    let response1 = api_call("api_call1", request1).await?;
    let request2 = step1(response1);
    let response2 = api_call("api_call2", request2).await?;
    let request3 = step2(response2);
    let response3 = api_call("api_call3", request3).await?;
    Ok(step3(response3))
}
// ANCHOR_END: stages

#[cfg(test)]
mod tests {
    use tokio::sync::oneshot;

    use super::*;

    /// Runs the callback version and waits for its `done` through a oneshot.
    async fn with_callbacks(request1: i64) -> Result<i64, ApiError> {
        let (tx, rx) = oneshot::channel();
        three_stages_callbacks(request1, move |result| {
            let _ = tx.send(result);
        });
        rx.await.expect("done was never called")
    }

    #[tokio::test(start_paused = true)]
    async fn both_styles_agree_on_success() {
        // 10 -> 20 -> 15 -> 30 -> 25 -> 50 -> 51
        assert_eq!(three_stages(10).await, Ok(51));
        assert_eq!(with_callbacks(10).await, Ok(51));
    }

    #[tokio::test(start_paused = true)]
    async fn both_styles_agree_on_failure() {
        // 1 -> 2 -> -3: rejected by the second call, and the third is never made.
        let expected = Err(ApiError {
            call: "api_call2",
            request: -3,
        });
        assert_eq!(three_stages(1).await, expected);
        assert_eq!(with_callbacks(1).await, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn the_calls_run_one_after_another() {
        let start = tokio::time::Instant::now();
        three_stages(10).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }
}
