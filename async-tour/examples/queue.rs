//! asyncio's `Queue`: two newsrooms publish headlines into a bounded `mpsc` channel (room for
//! two), one slow reader reads them, and everything ends by itself.
//!
//! Watch for: the newsrooms write every quarter second but soon queue only as fast as the
//! reader frees room (backpressure); after the last headline the reader sees the channel
//! closed (every sender dropped), with no sentinel and no cancel.
//!
//! ```text
//! cargo run -p async-tour --example queue
//! ```

use async_tour::Transcript;
use async_tour::queue::run;

// One thread, like asyncio's event loop: the lines come out in the same order on every run.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    run(2, &Transcript::stdout()).await;
}
