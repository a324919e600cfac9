//! The flags2 command line: the book's `process_args` and `expand_cc_args`, with clap.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser};

use crate::codes::parse_at_least_one;
use crate::{CcArgs, parse_timeout};

/// The servers of the book, by label. `--server` also takes any http(s) base URL.
const SERVERS: [(&str, &str); 4] = [
    ("LOCAL", "http://localhost:8000/flags"),
    ("DELAY", "http://localhost:8001/flags"),
    ("ERROR", "http://localhost:8002/flags"),
    ("REMOTE", "https://www.fluentpython.com/data/flags"),
];

/// The flags2 command line shared by every flags2 and flags3 binary.
#[derive(Debug, Clone, Parser)]
#[command(
    version,
    about = "Download flags for country codes. Default: top 20 countries.",
    long_about = "Download flags for country codes. Default: top 20 countries.\n\n\
        Start the local flag server first, in another terminal: cargo run -p flags-server",
    after_help = "Examples:\n  \
        -e -m 100        every code AA..ZZ, 100 requests at a time (194 found, 482 not)\n  \
        -s DELAY B C     the codes starting with B or C, from the slow server on 8001\n  \
        -a -v            all 194 flags, one line per code"
)]
pub struct Args {
    /// Which codes: `CC...`, `-a`, `-e`, `-l`, the same options as the race's.
    #[command(flatten)]
    pub codes: CcArgs,

    /// Maximum concurrent requests.
    #[arg(
        short,
        long = "max-req",
        visible_alias = "max_req",
        value_name = "CONCURRENT",
        default_value_t = 1,
        value_parser = parse_at_least_one,
        allow_negative_numbers = true
    )]
    pub max_req: usize,

    /// Server to hit: LOCAL, DELAY, ERROR, REMOTE (any case), or an http(s) base URL.
    #[arg(short, long, value_name = "LABEL|URL", default_value = "LOCAL", value_parser = Server::parse)]
    pub server: Server,

    /// Output detailed progress info: one line per code.
    #[arg(short, long)]
    pub verbose: bool,

    /// Folder to save the flags in (created when missing).
    #[arg(long, value_name = "DIR", default_value = "downloaded")]
    pub dest: PathBuf,

    /// Timeout for each request: seconds (3.1) or with a unit (500ms, 2s) [default: 3.1,
    /// the book's; 6.1 with -s DELAY, whose answers take up to 5 s]
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout, allow_negative_numbers = true)]
    pub timeout: Option<Duration>,
}

impl Args {
    /// The timeout of each request: `--timeout`, or the book's 3.1 s; on the DELAY server,
    /// whose answers take up to 5 s, the 6.1 s of the book's `flags.py`, so that a run
    /// shows the delays rather than timeouts (see [`crate::DELAY_TIMEOUT`]).
    pub fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(if self.server.label == "DELAY" {
            crate::DELAY_TIMEOUT
        } else {
            crate::DEFAULT_TIMEOUT
        })
    }

    /// The codes to download, sorted and limited: see [`CcArgs::cc_list`].
    pub fn cc_list(&self) -> Vec<String> {
        self.codes.cc_list()
    }
}

/// Parses the flags2 command line; on a usage error prints what is wrong and the usage
/// line, and exits with status 2. `--help` shows the strategy's own concurrency defaults.
pub fn parse_args<I, T>(argv: I, default_concur_req: usize, max_concur_req: usize) -> Args
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut command = command(default_concur_req, max_concur_req);
    parse_with(&mut command, argv).unwrap_or_else(|text| {
        eprint!("{text}");
        std::process::exit(2)
    })
}

/// Parses the process's command line into any clap `Parser`, the way every binary of the
/// workspace does: `--help` and `--version` print and exit 0; a usage error prints what is
/// wrong and the usage line, and exits with status 2.
pub fn parse_cli<A: Parser>() -> A {
    parse_with(&mut A::command(), std::env::args_os()).unwrap_or_else(|text| {
        eprint!("{text}");
        std::process::exit(2)
    })
}

fn command(default_concur_req: usize, max_concur_req: usize) -> clap::Command {
    Args::command().mut_arg("max_req", |arg| {
        arg.default_value(default_concur_req.to_string())
            .help(format!(
                "Maximum concurrent requests (at most {max_concur_req}: a larger value is \
                 lowered to {max_concur_req}, as in the book)"
            ))
    })
}

/// Parses `argv` with any clap command; `--help` and `--version` print and exit 0, a usage
/// error comes back as the text to print: clap's message, then the usage line, which clap
/// leaves out of some errors (an invalid value) and a reader always needs.
fn parse_with<A, I, T>(command: &mut clap::Command, argv: I) -> Result<A, String>
where
    A: FromArgMatches,
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // `--version` says the binary's name, not this crate's (the derive's default).
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    let name = argv
        .first()
        .and_then(|arg0| std::path::Path::new(arg0).file_name());
    if let Some(name) = name.and_then(|name| name.to_str()) {
        *command = std::mem::take(command).name(name.to_string());
    }
    let err = match command.try_get_matches_from_mut(argv) {
        Ok(matches) => match A::from_arg_matches(&matches) {
            Ok(args) => return Ok(args),
            Err(err) => err,
        },
        Err(err) if !err.use_stderr() => err.exit(), // --help, --version
        Err(err) => err,
    };
    let text = err.render().to_string();
    if text.contains("Usage:") {
        return Err(text);
    }
    let usage = command.render_usage().to_string();
    Err(match text.split_once("\n\nFor more information") {
        Some((message, rest)) => format!("{message}\n\n{usage}\n\nFor more information{rest}"),
        None => format!("{text}\n{usage}\n"),
    })
}

/// A server to download from: a label of the book (`LOCAL`) or `URL`, and its base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// `LOCAL`, `DELAY`, `ERROR`, `REMOTE`, or `URL` for a base URL given in full.
    pub label: String,
    /// The base URL, without a trailing slash: `http://localhost:8000/flags`.
    pub base_url: String,
}

impl Server {
    /// Parses a label (any case) or an http(s) base URL.
    pub fn parse(text: &str) -> Result<Server, String> {
        let label = text.to_ascii_uppercase();
        if let Some((label, url)) = SERVERS.iter().find(|(name, _)| *name == label) {
            return Ok(Server {
                label: label.to_string(),
                base_url: url.to_string(),
            });
        }
        // `http::Uri` drops a `#fragment` silently, so a `#` is refused before parsing.
        let expected = || {
            "expected LOCAL, DELAY, ERROR, REMOTE or an http(s) URL like http://localhost:8000/flags"
                .to_string()
        };
        let uri: http::Uri = text.parse().map_err(|_| expected())?;
        // Without a scheme, `NOWHERE` or `localhost:8000` is neither a label nor a URL.
        let scheme = uri.scheme_str().ok_or_else(expected)?;
        if !matches!(scheme, "http" | "https") || uri.host().is_none_or(str::is_empty) {
            return Err(format!(
                "only http and https URLs with a host are supported, not {text:?}"
            ));
        }
        if uri.query().is_some() || text.contains('#') {
            return Err("the base URL must not have a query (?) or fragment (#)".to_string());
        }
        Ok(Server {
            label: "URL".to_string(),
            base_url: text.trim_end_matches('/').to_string(),
        })
    }
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} site: {}", self.label, self.base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(argv: &[&str]) -> Result<Args, String> {
        let argv = std::iter::once("flags2").chain(argv.iter().copied());
        parse_with(&mut command(5, 1000), argv)
    }

    fn codes(argv: &[&str]) -> Vec<String> {
        parse(argv).expect("valid command line").cc_list()
    }

    #[test]
    fn no_argument_means_pop20_sorted() {
        let list = codes(&[]);
        assert_eq!(list.len(), 20);
        assert_eq!(list.first().map(String::as_str), Some("BD"));
        assert_eq!(list.last().map(String::as_str), Some("VN"));
        assert!(list.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn letters_expand_and_codes_are_case_insensitive() {
        let list = codes(&["b", "Cn", "BR"]);
        assert_eq!(list.len(), 27, "B* gives 26, CN one more, BR is a repeat");
        assert_eq!(list[0], "BA");
        assert_eq!(list[26], "CN");
    }

    #[test]
    fn all_every_and_limit() {
        assert_eq!(codes(&["-a"]).len(), 194);
        let every = codes(&["--every"]);
        assert_eq!(
            (every.len(), every[0].as_str(), every[675].as_str()),
            (676, "AA", "ZZ")
        );
        assert_eq!(codes(&["-e", "-l", "30"]).len(), 30);
        assert_eq!(codes(&["-l", "3"]), ["BD", "BR", "CD"]);
    }

    #[test]
    fn max_req_has_the_book_spelling_too() {
        assert_eq!(parse(&["--max_req", "7"]).unwrap().max_req, 7);
        assert_eq!(parse(&["-m", "9"]).unwrap().max_req, 9);
        assert_eq!(parse(&[]).unwrap().max_req, 5, "the strategy's default");
    }

    #[test]
    fn server_labels_and_urls() {
        let args = parse(&["-s", "delay"]).unwrap();
        assert_eq!(
            args.server.to_string(),
            "DELAY site: http://localhost:8001/flags"
        );
        let args = parse(&["--server", "http://127.0.0.1:9000/flags/"]).unwrap();
        assert_eq!(args.server.label, "URL");
        assert_eq!(args.server.base_url, "http://127.0.0.1:9000/flags");
        assert_eq!(parse(&[]).unwrap().server.label, "LOCAL");
    }

    #[test]
    fn timeout_and_dest() {
        let args = parse(&["--timeout", "0.5", "--dest", "/tmp/x"]).unwrap();
        assert_eq!(args.timeout(), Duration::from_millis(500));
        assert_eq!(args.dest, PathBuf::from("/tmp/x"));
        assert_eq!(parse(&[]).unwrap().timeout(), Duration::from_millis(3100));
        assert_eq!(
            parse(&["-s", "ERROR"]).unwrap().timeout(),
            Duration::from_millis(3100)
        );
    }

    #[test]
    fn version_names_the_binary() {
        let mut command = command(5, 1000);
        let _ = parse_with::<Args, _, _>(&mut command, ["/x/flags2_rayon", "-a"]);
        assert_eq!(
            command.render_version(),
            format!("flags2_rayon {}\n", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn the_delay_server_gets_a_timeout_longer_than_its_longest_wait() {
        // DELAY waits up to 5 s: the book's flags.py timeout, 6.1 s, outlasts it.
        let delay = parse(&["-s", "delay"]).unwrap();
        assert_eq!(delay.timeout(), Duration::from_millis(6100));
        assert!(delay.timeout() > Duration::from_secs(5));
        // What the reader says still wins.
        let args = parse(&["-s", "DELAY", "--timeout", "1"]).unwrap();
        assert_eq!(args.timeout(), Duration::from_secs(1));
    }

    #[test]
    fn help_says_what_happens_to_a_max_req_above_the_limit() {
        let help = command(5, 1000).render_long_help().to_string();
        assert!(
            help.contains("at most 1000: a larger value is lowered to 1000"),
            "{help}"
        );
        assert!(help.contains("6.1 with -s DELAY"), "{help}");
    }

    #[test]
    fn every_bad_argument_is_a_usage_error_that_says_why() {
        let cases: &[(&[&str], &str)] = &[
            (&["B1"], "AA to ZZ"),
            (&["ABC"], "AA to ZZ"),
            (&["é"], "AA to ZZ"),
            (&["-m", "0"], "at least 1"),
            (&["-m", "-3"], "at least 1"),
            (&["-m", "many"], "whole number"),
            (&["-l", "0"], "at least 1"),
            (&["-l", "x"], "whole number"),
            (&["-s", "NOWHERE"], "LOCAL, DELAY, ERROR, REMOTE"),
            (&["-s", "ftp://example.com/flags"], "only http and https"),
            (&["-s", "http://localhost:8000/flags?x=1"], "query"),
            (&["-s", "http://localhost:8000/flags#top"], "fragment"),
            (&["-s", "localhost:8000"], "an http(s) URL like"),
            (&["-s", "http://local host/flags"], "an http(s) URL like"),
            (&["--timeout", "-1"], "more than 0"),
            (&["--timeout", "0"], "more than 0"),
            (&["--timeout", "soon"], "number of seconds"),
            (&["--timeout", "NaN"], "number of seconds"),
            (&["--timeout", "2h"], "at most 3600"),
            (&["-a", "-e"], "cannot be used with"),
            (&["-a", "BR"], "cannot be used with"),
            (&["--bogus"], "unexpected argument"),
        ];
        for (argv, why) in cases {
            let text = parse(argv).expect_err(&format!("{argv:?} must be rejected"));
            assert!(
                text.contains(why),
                "{argv:?}: {text:?} does not say {why:?}"
            );
            assert!(
                text.contains("Usage:"),
                "{argv:?}: no usage line in {text:?}"
            );
        }
    }
}
