//! What the race prints goes to stdout through [`say!`] and [`sayln!`]: a closed stdout
//! (`flags-race | head`) ends the race quietly, its scratch folders removed.

/// Prints to stdout like `print!`; a closed stdout ends the race ([`closed_stdout`]).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if write!(std::io::stdout(), $($arg)*).is_err() {
            $crate::output::closed_stdout();
        }
    }};
}

/// `println!`, with a closed stdout handled as [`say!`] does.
macro_rules! sayln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            $crate::output::closed_stdout();
        }
    }};
}

pub(crate) use {say, sayln};

/// Flushes stdout, so that each time shows as it comes (a run may take a while).
pub(crate) fn flush() {
    use std::io::Write as _;
    if std::io::stdout().flush().is_err() {
        closed_stdout();
    }
}

/// A closed stdout: nobody reads the table, so stop now, quietly, leaving no scratch
/// folder behind (`exit` runs no destructor).
pub(crate) fn closed_stdout() -> ! {
    crate::remove_scratch_dirs();
    std::process::exit(0)
}
