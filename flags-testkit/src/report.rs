//! Reading a run's output back: the final report's counts and the verbose lines.

use std::collections::BTreeMap;

use flags_common::Counter;

/// How one code ended, as its verbose line (`-v`) says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `BR OK`
    Ok,
    /// `ZZ not found: URL`, with the URL.
    NotFound(String),
    /// `BR error: MESSAGE`, with the message.
    Error(String),
}

/// What a flags2 run printed on stdout, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The counts of the final report.
    pub counter: Counter,
    /// The verbose line of each code, by code. A code with two lines fails the parse.
    pub lines: BTreeMap<String, Outcome>,
}

impl Report {
    /// Parses `stdout`; fails the test, quoting it, when there is no final report or a
    /// code has more than one line.
    pub fn parse(stdout: &str) -> Report {
        let counter = final_counts(stdout)
            .unwrap_or_else(|| panic!("no final report in the output:\n{stdout}"));
        let mut lines = BTreeMap::new();
        for line in stdout.lines() {
            let Some((cc, outcome)) = verbose_line(line) else {
                continue;
            };
            if lines.insert(cc.to_string(), outcome).is_some() {
                panic!("two lines for {cc}:\n{stdout}");
            }
        }
        Report { counter, lines }
    }

    /// The codes that ended with an error, and their messages.
    pub fn errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lines.iter().filter_map(|(cc, outcome)| match outcome {
            Outcome::Error(message) => Some((cc.as_str(), message.as_str())),
            _ => None,
        })
    }

    /// The codes that were downloaded.
    pub fn ok_codes(&self) -> Vec<&str> {
        let ok = self
            .lines
            .iter()
            .filter(|(_, outcome)| **outcome == Outcome::Ok);
        ok.map(|(cc, _)| cc.as_str()).collect()
    }
}

/// `BR OK`, `ZZ not found: URL`, `XX error: MESSAGE`.
fn verbose_line(line: &str) -> Option<(&str, Outcome)> {
    let (cc, rest) = line.split_once(' ')?;
    if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let outcome = if rest == "OK" {
        Outcome::Ok
    } else if let Some(url) = rest.strip_prefix("not found: ") {
        Outcome::NotFound(url.to_string())
    } else if let Some(message) = rest.strip_prefix("error: ") {
        Outcome::Error(message.to_string())
    } else {
        return None;
    };
    Some((cc, outcome))
}

/// The counts under the line of dashes:
///
/// ```text
/// --------------------
///  17 flags downloaded.
///   2 not found.
///   1 error.
/// Elapsed time: 1.23s
/// ```
fn final_counts(stdout: &str) -> Option<Counter> {
    let (_, tail) = stdout.rsplit_once(&format!("{}\n", "-".repeat(20)))?;
    let mut counter = Counter::default();
    let mut elapsed = false;
    for line in tail.lines() {
        if line.starts_with("Elapsed time: ") {
            elapsed = true;
            break;
        }
        let (count, what) = line.trim_start().split_once(' ')?;
        let count: usize = count.parse().ok()?;
        match what {
            "flag downloaded." | "flags downloaded." => counter.ok = count,
            "not found." => counter.not_found = count,
            "error." | "errors." => counter.error = count,
            _ => return None,
        }
    }
    elapsed.then_some(counter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lines_and_the_counts() {
        let stdout = "URL site: http://x/flags\n\
            Searching for 3 flags: BR, XX, ZZ\n\
            3 concurrent connections will be used.\n\
            BR OK\n\
            ZZ not found: http://x/flags/zz/zz.gif\n\
            XX error: HTTP error 418 - I'm a Teapot\n\
            --------------------\n  \
            1 flag downloaded.\n  \
            1 not found.\n  \
            1 error.\n\
            Elapsed time: 0.01s\n";
        let report = Report::parse(stdout);
        let expected = Counter {
            ok: 1,
            not_found: 1,
            error: 1,
        };
        assert_eq!(report.counter, expected);
        assert_eq!(report.ok_codes(), ["BR"]);
        let errors: Vec<_> = report.errors().collect();
        assert_eq!(errors, [("XX", "HTTP error 418 - I'm a Teapot")]);
        assert_eq!(
            report.lines["ZZ"],
            Outcome::NotFound("http://x/flags/zz/zz.gif".into())
        );
    }

    #[test]
    fn a_quiet_run_has_counts_and_no_lines() {
        let report =
            Report::parse("--------------------\n 20 flags downloaded.\nElapsed time: 1.00s\n");
        assert_eq!(report.counter.ok, 20);
        assert_eq!(report.counter.total(), 20);
        assert!(report.lines.is_empty());
    }

    #[test]
    #[should_panic(expected = "no final report")]
    fn no_report_fails_the_test() {
        Report::parse("URL site: http://x/flags\n");
    }
}
