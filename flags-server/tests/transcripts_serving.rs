//! The flag server as a reader runs it, recorded in `tests/transcripts/serving.txt`: its
//! three servers started on free loopback ports, two requests to LOCAL (a flag's
//! metadata, a code that does not exist), then Ctrl-C. The file holds the server's
//! console (the banner, one log line per request, the goodbye) and what `curl -i` showed;
//! ports and dates are `[..]`. The self-contained runs are in `tests/transcripts.rs`.
//!
//! After a deliberate change of output, re-record and read the diff before committing:
//! `SNAPSHOTS=overwrite cargo test -p flags-server --test transcripts_serving`

use flags_testkit::Transcript;
use flags_testkit::transcript::{http_get, loopback_addr};
use snapbox::file;

const FLAGS_SERVER: &str = env!("CARGO_BIN_EXE_flags-server");

#[test]
fn the_server_logs_each_request_then_stops_on_ctrl_c() {
    Transcript::new(FLAGS_SERVER)
        .args([
            "--local-port",
            "0",
            "--delay-port",
            "0",
            "--error-port",
            "0",
        ])
        .args(["--seed", "1"])
        .client_when("Press Ctrl-C", "curl -i", |log, _| {
            // The banner's first address is LOCAL's.
            let addr = loopback_addr(log);
            ["/flags/br/metadata.json", "/flags/xx/xx.gif"]
                .map(|path| {
                    let answer = http_get(&addr, path);
                    format!("$ curl -i http://{addr}{path}\n{answer}\n")
                })
                .concat()
        })
        // The log line of a request may come after its answer has gone.
        .stop_once_printed(" GET /flags/", 2)
        .check(file!["transcripts/serving.txt"]);
}
