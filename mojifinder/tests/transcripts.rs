//! What mojifinder's binaries print, as a reader runs them: each `tests/transcripts/*.toml`
//! holds one run (arguments, exit status, stdout, stderr), checked by trycmd; each `*.txt`
//! one run of a server, started, talked to and stopped (see [`servers`]). `[..]` stands
//! for part of a line that varies, `...` for lines that vary.
//!
//! After a deliberate change of output, re-record and read the diff before committing:
//! `TRYCMD=overwrite cargo test -p mojifinder --test transcripts` (`SNAPSHOTS=overwrite`
//! for the servers)

use std::time::Duration;

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        // A hang guard far beyond any run here (each takes well under a second).
        .timeout(Duration::from_secs(30))
        .case("tests/transcripts/*.toml");
}

/// The four servers, each started on a free loopback port, talked to by a client as a
/// reader would (`nc`, `curl`), then stopped: recorded by flags-testkit's `Transcript`
/// (snapbox), the server's console first, then what the client saw. Ports are `[..]`, and
/// so is the `date` of an HTTP answer. Re-record with `SNAPSHOTS=overwrite` instead of
/// `TRYCMD=`.
mod servers {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{Shutdown, TcpStream};

    use flags_testkit::transcript::{http_get, loopback_addr};
    use flags_testkit::{HANG_GUARD, Transcript};
    use snapbox::file;

    const TCP_MOJIFINDER: &str = env!("CARGO_BIN_EXE_tcp_mojifinder");
    const TCP_CHARFINDER: &str = env!("CARGO_BIN_EXE_tcp_charfinder");
    const WEB_MOJIFINDER: &str = env!("CARGO_BIN_EXE_web_mojifinder");
    const HTTP_CHARFINDER: &str = env!("CARGO_BIN_EXE_http_charfinder");

    /// What a reader sees in `nc` when typing each of `queries` at the `?> ` prompt, then
    /// Ctrl-D: each prompt followed by what was typed, the answers with `\n` line ends.
    fn tcp_session(addr: &str, queries: &[&str]) -> String {
        let stream = TcpStream::connect(addr).expect("the server accepts");
        stream
            .set_read_timeout(Some(HANG_GUARD))
            .expect("a read timeout");
        let mut writer = stream.try_clone().expect("a second handle");
        let mut reader = BufReader::new(stream);
        let mut screen = String::new();
        for query in queries {
            screen += &read_prompt(&mut reader);
            screen += &format!("{query}\n");
            write!(writer, "{query}\r\n").expect("the query goes out");
        }
        screen += &read_prompt(&mut reader);
        screen += "^D\n";
        // Ctrl-D: the client closes its side; the server closes the session.
        writer.shutdown(Shutdown::Write).expect("a half close");
        let mut rest = String::new();
        reader
            .read_to_string(&mut rest)
            .expect("the server closes the session");
        assert_eq!(rest, "", "nothing after the last prompt");
        screen
    }

    /// The answer lines up to and including the next `?> ` prompt.
    fn read_prompt(reader: &mut BufReader<TcpStream>) -> String {
        let mut text = Vec::new();
        while !text.ends_with(b"?> ") {
            let available = reader.fill_buf().expect("the server answers");
            assert!(
                !available.is_empty(),
                "the session ended before a prompt: {:?}",
                String::from_utf8_lossy(&text)
            );
            text.push(available[0]);
            reader.consume(1);
        }
        String::from_utf8(text)
            .expect("UTF-8 answers")
            .replace("\r\n", "\n")
    }

    #[test]
    fn tcp_mojifinder_serves_a_client_then_stops_on_ctrl_c() {
        Transcript::new(TCP_MOJIFINDER)
            .args(["--port", "0"])
            .client_when("Hit CTRL-C", "nc 127.0.0.1 [..]", |log, _| {
                tcp_session(&loopback_addr(log), &["cat face", "", "nothing like this"])
            })
            // The session's task logs `Close` after closing the socket.
            .stop_once_printed("Close ", 1)
            .check(file!["transcripts/tcp_mojifinder.txt"]);
    }

    #[test]
    fn tcp_charfinder_serves_a_client_then_stops_on_ctrl_c() {
        Transcript::new(TCP_CHARFINDER)
            .args(["--port", "0"])
            .client_when("Hit CTRL-C", "nc 127.0.0.1 [..]", |log, _| {
                tcp_session(&loopback_addr(log), &["chess black king"])
            })
            .stop_once_printed("Close the client socket", 1)
            .check(file!["transcripts/tcp_charfinder.txt"]);
    }

    #[test]
    fn web_mojifinder_answers_searches_then_stops_on_ctrl_c() {
        Transcript::new(WEB_MOJIFINDER)
            .args(["--port", "0"])
            .client_when("Hit CTRL-C", "curl -i", |log, _| {
                let addr = loopback_addr(log);
                ["/search?q=cat%20face", "/search?q=%FF"]
                    .map(|path| {
                        format!(
                            "$ curl -i 'http://{addr}{path}'\n{}\n",
                            http_get(&addr, path)
                        )
                    })
                    .concat()
            })
            .check(file!["transcripts/web_mojifinder.txt"]);
    }

    #[test]
    fn http_charfinder_answers_a_page_then_stops_on_sigterm() {
        Transcript::new(HTTP_CHARFINDER)
            .args(["--port", "0"])
            .client_when("Hit CTRL-C", "curl -i", |log, _| {
                let addr = loopback_addr(log);
                let path = "/?query=rook";
                format!("$ curl -i 'http://{addr}{path}'\n{}", http_get(&addr, path))
            })
            .terminate_instead()
            .check(file!["transcripts/http_charfinder.txt"]);
    }

    /// The load example against a real tcp_mojifinder, as `tools/moji-load.sh` runs it: the
    /// server's console, then the example's report (its times and memory figures `[..]`).
    #[test]
    fn idle_clients_holds_clients_while_one_more_asks() {
        const ARGS: [&str; 4] = ["--clients", "3", "--queries", "2"];
        let example = flags_testkit::transcript::example("mojifinder", "idle_clients");
        let example = example.to_str().expect("a UTF-8 target path").to_string();
        Transcript::new(TCP_MOJIFINDER)
            .args(["--port", "0"])
            .client_when(
                "Hit CTRL-C",
                "idle_clients --port [..] --pid [..] --clients 3 --queries 2",
                move |log, pid| {
                    let addr = loopback_addr(log);
                    let port = addr.rsplit(':').next().expect("a port");
                    let pid = pid.to_string();
                    let mut args = vec!["--port", port, "--pid", &pid];
                    args.extend(ARGS);
                    let output = flags_testkit::run(&example, &args);
                    let stderr = flags_testkit::stderr(&output);
                    assert!(output.status.success() && stderr.is_empty(), "{stderr}");
                    flags_testkit::stdout(&output)
                },
            )
            // 3 idle clients and the busy one, each logged as it goes.
            .stop_once_printed("Close ", 4)
            .check(file!["transcripts/idle_clients.txt"]);
    }
}
