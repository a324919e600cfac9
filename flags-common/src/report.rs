//! The book's `initial_report` and `final_report`, line for line.

use std::io::{self, Write};
use std::time::Duration;

use crate::{Counter, Server};

/// Says which server, which codes and how many connections, before the downloads start:
///
/// ```text
/// LOCAL site: http://localhost:8000/flags
/// Searching for 20 flags: from BD to VN
/// 20 concurrent connections will be used.
/// ```
///
/// An error means stdout is closed (`| head -0`): the caller ends the run.
pub fn initial_report(
    out: &mut impl Write,
    cc_list: &[String],
    actual_req: usize,
    server: &Server,
) -> io::Result<()> {
    let cc_msg = match cc_list {
        [first, .., last] if cc_list.len() > 10 => format!("from {first} to {last}"),
        _ => cc_list.join(", "),
    };
    let plural = if cc_list.len() == 1 { "" } else { "s" };
    let connections = match actual_req {
        1 => "1 connection will be used.".to_string(),
        n => format!("{n} concurrent connections will be used."),
    };
    writeln!(
        out,
        "{server}\nSearching for {} flag{plural}: {cc_msg}\n{connections}",
        cc_list.len()
    )
}

/// Counts what happened and how long it took, after the downloads:
///
/// ```text
/// --------------------
///  17 flags downloaded.
///   2 not found.
///   1 error.
/// Elapsed time: 1.23s
/// ```
///
/// An error means stdout is closed: the caller ends quietly.
pub fn final_report(out: &mut impl Write, counter: &Counter, elapsed: Duration) -> io::Result<()> {
    let mut text = format!("{}\n", "-".repeat(20));
    let plural = if counter.ok == 1 { "" } else { "s" };
    text += &format!("{:3} flag{plural} downloaded.\n", counter.ok);
    if counter.not_found > 0 {
        text += &format!("{:3} not found.\n", counter.not_found);
    }
    if counter.error > 0 {
        let plural = if counter.error == 1 { "" } else { "s" };
        text += &format!("{:3} error{plural}.\n", counter.error);
    }
    text += &format!("Elapsed time: {:.2}s\n", elapsed.as_secs_f64());
    out.write_all(text.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|cc| cc.to_string()).collect()
    }

    fn initial(cc_list: &[String], actual_req: usize) -> String {
        let mut out = Vec::new();
        let server = Server::parse("LOCAL").unwrap();
        initial_report(&mut out, cc_list, actual_req, &server).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn initial_report_in_the_book_format() {
        let mut pop20 = codes(&crate::POP20_CC);
        pop20.sort();
        assert_eq!(
            initial(&pop20, 20),
            "LOCAL site: http://localhost:8000/flags\n\
             Searching for 20 flags: from BD to VN\n\
             20 concurrent connections will be used.\n"
        );
        assert_eq!(
            initial(&codes(&["BR"]), 1),
            "LOCAL site: http://localhost:8000/flags\n\
             Searching for 1 flag: BR\n\
             1 connection will be used.\n"
        );
        assert!(initial(&codes(&["BR", "CN", "US"]), 3).contains("3 flags: BR, CN, US\n"));
    }

    #[test]
    fn final_report_in_the_book_format() {
        let mut out = Vec::new();
        let counter = Counter {
            ok: 17,
            not_found: 2,
            error: 1,
        };
        final_report(&mut out, &counter, Duration::from_millis(1234)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "--------------------\n 17 flags downloaded.\n  2 not found.\n  1 error.\nElapsed time: 1.23s\n"
        );
        let mut out = Vec::new();
        let counter = Counter {
            ok: 1,
            not_found: 0,
            error: 3,
        };
        final_report(&mut out, &counter, Duration::from_secs(2)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "--------------------\n  1 flag downloaded.\n  3 errors.\nElapsed time: 2.00s\n"
        );
    }
}
