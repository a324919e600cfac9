//! Ctrl-C (SIGINT) and SIGTERM: the runs stop within a request, their scratch folders go,
//! and the race exits 128 + the signal.

use std::sync::Arc;
use std::sync::atomic::AtomicI32;
#[cfg(unix)]
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// After Ctrl-C, how long the runs may take to wind down (a request in flight cannot be
/// cancelled) before the race removes its scratch folders and exits regardless.
pub(crate) const GRACE: Duration = Duration::from_secs(2);

/// Ctrl-C (SIGINT) and SIGTERM cancel `stop`: the runs take no new code and end, their
/// scratch folders are removed as they are dropped, and `main` exits 128 + the signal.
/// Returns the signal caught (0 until one is). Should the runs not end within `GRACE` (2 s),
/// this thread removes the folders itself and exits.
pub fn stop_on_signals(stop: &CancellationToken) -> Arc<AtomicI32> {
    let caught = Arc::new(AtomicI32::new(0));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use std::io::Write as _;
        match signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
            Ok(mut signals) => {
                let (stop, caught) = (stop.clone(), caught.clone());
                std::thread::spawn(move || {
                    let Some(signal) = signals.forever().next() else {
                        return;
                    };
                    caught.store(signal, Ordering::SeqCst);
                    stop.cancel();
                    std::thread::sleep(GRACE);
                    crate::remove_scratch_dirs();
                    let _ = writeln!(
                        std::io::stderr(),
                        "\nInterrupted: the runs did not end within {GRACE:?}; scratch folders removed."
                    );
                    std::process::exit(128 + signal);
                });
            }
            Err(err) => eprintln!("warning: Ctrl-C would leave the scratch folders behind: {err}"),
        }
    }
    #[cfg(not(unix))]
    let _ = stop; // no signals to listen for here
    caught
}
