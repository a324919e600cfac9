//! What a race and a `--scale` run set up before they measure: enough open files for
//! their connections, and the in-process flag server.

use std::process::ExitCode;

use flags_server::{Config, FlagServer};

/// Files a process needs besides one per connection (and per flag being saved): its
/// standard streams, the runtimes' epoll and timers, the server's listener.
pub const SPARE_FILES: u64 = 64;

/// Raises the soft open-files limit to the hard one, then refuses (exit 2) a run that
/// would still need more: its table would be one of errors, not of strategies.
pub fn enough_open_files(needed: u64, what: &str) -> Result<(), ExitCode> {
    #[cfg(unix)]
    if let Ok(limit) = rlimit::increase_nofile_limit(u64::MAX)
        && limit < needed
    {
        eprintln!(
            "error: {what} needs about {needed} open files (one per connection and per flag \
             being saved), but this process may open only {limit}: raise the limit \
             (ulimit -n {needed}) or ask for less concurrency"
        );
        return Err(ExitCode::from(2));
    }
    #[cfg(not(unix))]
    let _ = (needed, what); // no limit to check here
    Ok(())
}

/// Starts the flag server on loopback with `config`, one thread (the client gets the rest),
/// its GIFs drawn now rather than during the first run.
pub fn start_server(config: Config) -> Result<FlagServer, ExitCode> {
    let config = Config {
        threads: 1,
        ..config
    };
    config.store.warm();
    FlagServer::start(config).map_err(|err| {
        eprintln!("error: cannot start the flag server on loopback: {err}");
        ExitCode::FAILURE
    })
}
