//! The ordinary days: a good run, a teapot, a timeout, nobody listening, a proxy set.

use std::time::Duration;

use super::Binary;
use crate::files::{Naming, assert_whole_flags};
use crate::process::{run_with_env, stderr, stdout};
use crate::servers::{delayed, erratic, local, refused_url};

/// The ordinary days, as a reader runs the binary with `-v`: the report in the book's
/// format with `BR OK` and `ZZ not found: URL` and exit 0; every 418 a line and exit 1; a
/// timeout and a refused connection each a line of their own (the refused one with the
/// hint to start the server) and exit 1.
pub fn a_good_day_and_plain_errors(bin: &Binary) {
    let name = bin.name();
    let run_v = |base: &str, extra: &[&str], vars: &[(&str, &str)]| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let dest = dir
            .path()
            .to_str()
            .expect("a UTF-8 temporary path")
            .to_string();
        let mut argv = vec!["-v", "-s", base, "--dest", &dest];
        argv.extend_from_slice(extra);
        let output = run_with_env(bin.path, &argv, vars);
        (output, dir)
    };
    let has_line = |text: &str, line: &str| text.lines().any(|l| l == line);

    // A good day: one found, one not found, one request at a time.
    let server = local();
    let base = server.base_url();
    let (output, dir) = run_v(&base, &["-m", "1", "br", "ZZ"], &[]);
    let text = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{name}: {text}{}",
        stderr(&output)
    );
    let head =
        format!("URL site: {base}\nSearching for 2 flags: BR, ZZ\n1 connection will be used.\n");
    assert!(text.starts_with(&head), "{name}: {text}");
    assert!(has_line(&text, "BR OK"), "{name}: {text}");
    // flags3 asks for the metadata first, so that is what it does not find.
    let missing = match bin.naming {
        Naming::Code => "zz.gif",
        Naming::Country => "metadata.json",
    };
    assert!(
        has_line(&text, &format!("ZZ not found: {base}/zz/{missing}")),
        "{name}: {text}"
    );
    let footer = "--------------------\n  1 flag downloaded.\n  1 not found.\nElapsed time: ";
    assert!(text.contains(footer), "{name}: {text}");
    assert_eq!(
        assert_whole_flags(dir.path(), bin.naming, &["BR", "ZZ"]),
        ["BR"],
        "{name}"
    );

    // A proxy in the environment (a company network's HTTP_PROXY) must not reroute a
    // local server: here it points at a port where nobody listens.
    let proxy = refused_url();
    let vars = [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .map(|var| (var, proxy.as_str()));
    let (output, dir) = run_v(&base, &["BR"], &vars);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{name} with a proxy set: {}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(
        assert_whole_flags(dir.path(), bin.naming, &["BR"]),
        ["BR"],
        "{name}"
    );

    // Every answer a teapot: a line per code, counted as errors.
    let teapots = erratic(1.0);
    let (output, _dir) = run_v(&teapots.base_url(), &["XX", "BR"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: {text}");
    for cc in ["XX", "BR"] {
        assert!(
            has_line(&text, &format!("{cc} error: HTTP error 418 - I'm a Teapot")),
            "{name}: {text}"
        );
    }
    assert!(text.contains("\n  2 errors.\n"), "{name}: {text}");

    // Slower than the timeout.
    let slow = delayed(Duration::from_millis(300));
    let (output, _dir) = run_v(&slow.base_url(), &["--timeout", "0.1", "BR"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: {text}");
    assert!(
        has_line(&text, "BR error: timed out after 0.1s"),
        "{name}: {text}"
    );

    // Nobody listening at a URL the reader typed: each code says so, and no hint to start
    // the local server, which this URL is not (the hint is for LOCAL, DELAY and ERROR).
    let (output, _dir) = run_v(&refused_url(), &["BR", "CN"], &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: {text}");
    for cc in ["BR", "CN"] {
        let line = format!("{cc} error: connection refused");
        assert!(has_line(&text, &line), "{name}: {text}");
    }
    let err = stderr(&output);
    assert!(!err.contains("flags-server"), "{name}: {err}");

    // More requests at once than the strategy allows: lowered, as the book's main does,
    // and said on stderr.
    let (output, _dir) = run_v(&base, &["-m", "100000", "BR", "CN"], &[]);
    let (text, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(0), "{name}: {text}{err}");
    assert!(err.contains("--max-req 100000 is above"), "{name}: {err}");
    assert!(!text.contains("100000"), "{name}: {text}");
}
