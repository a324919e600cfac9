//! `flags_threadpool_ac.py` (*Fluent Python*, 1st ed. ch. 17): `executor.submit` and
//! `futures.as_completed`, the futures' states made visible.
//!
//! The first 5 POP20 codes, sorted, go to a pool of 3 workers. A line per code when it
//! is scheduled, with its state at that moment: `running` once a worker has taken it,
//! `pending` while it waits (at most 3 run at once; a thread just started may not have
//! taken its first code yet). Then a line per result, as each completes:
//! `<task 2 state=finished returned String> result: 'CN'`. Each worker also prints its
//! code as soon as the flag arrives (the book's `show(cc)`), so codes land in the middle
//! of the main thread's lines, as in the book's sample run:
//!
//! ```text
//! Scheduled for BR: <task 1 state=running>
//! Scheduled for CN: <task 2 state=running>
//! ...
//! Scheduled for US: <task 5 state=pending>
//! CN <task 2 state=finished returned String> result: 'CN'
//! BR ID <task 1 state=finished returned String> result: 'BR'
//! ```
//!
//! On `-s DELAY` the order of the results changes from run to run. The 2nd edition's
//! version of this listing is `flags_threadpool_futures`.
//!
//! Start the flag server first, in another terminal: `cargo run -p flags-server`. Then:
//!
//! ```text
//! cargo run -p flags-threadpool --bin flags_threadpool_ac -- -s DELAY
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    flags_threadpool::ac::main()
}
