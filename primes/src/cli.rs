//! Command-line plumbing shared by the binaries: the book's optional worker count, and
//! the end of a run (a closed stdout is a normal end; an error exits 1).

use std::io;
use std::process::ExitCode;
use std::thread;

/// More workers than this is a typo, not an experiment (the book's `run_procs.sh` goes
/// up to 20 for 20 numbers).
pub const MAX_WORKERS: usize = 256;

/// The worker count of `threads`, `procs` and the pools: the book's optional positional
/// argument, between 1 and [`MAX_WORKERS`].
///
/// Use it as `#[arg(value_parser = parse_workers, allow_negative_numbers = true)]`, so that
/// `-1` gets this message rather than clap's "unexpected argument".
pub fn parse_workers(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n @ 1..=MAX_WORKERS) => Ok(n),
        _ => Err(format!(
            "`{text}` is not a number of workers from 1 to {MAX_WORKERS}"
        )),
    }
}

/// The book's default: `os.cpu_count()`, the number of CPUs this process may use.
pub fn cpu_count() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// The exit status of a run: a stdout closed early (`procs | head -3`) is a normal end,
/// any other error is printed and exits 1.
pub fn finish(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|err| err.kind() == io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_are_1_to_the_maximum() {
        assert_eq!(parse_workers("1"), Ok(1));
        assert_eq!(parse_workers("256"), Ok(256));
        for bad in [
            "0",
            "-1",
            "257",
            "two",
            "",
            "1.5",
            "99999999999999999999999",
        ] {
            let err = parse_workers(bad).unwrap_err();
            assert!(err.contains("number of workers"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_broken_pipe_is_a_normal_end() {
        let closed = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(finish(Err(closed.into())), ExitCode::SUCCESS);
        let other = io::Error::other("disk on fire");
        assert_eq!(finish(Err(other.into())), ExitCode::FAILURE);
    }
}
