//! gevent's concurrent `gethostbyname`: many name lookups at once, each with a time limit.
//!
//! gevent patches the blocking `socket.gethostbyname` so that `gevent.spawn` can run many at
//! once. tokio's `lookup_host` is already async (it runs the system resolver on the blocking
//! pool); `join_all` runs them together and `timeout` bounds each one. The timeout stops the
//! *waiting*; a system lookup already under way finishes on its thread, unheard.

use std::io;
use std::net::IpAddr;
use std::time::Duration;

use futures::future::join_all;
use thiserror::Error;
use tokio::time::timeout;

/// The example's command line: the names to look up. Parsed by clap, so a name that is
/// not UTF-8 (which no resolver could take) is a usage error, exit status 2, not a panic.
#[derive(Debug, clap::Parser)]
#[command(
    version,
    about = "Look names up all at once, each within two seconds (gevent's gethostbyname)."
)]
pub struct Args {
    /// Names to look up [default: localhost and the book's www.google.com,
    /// www.example.com, www.python.org].
    pub names: Vec<String>,
}

/// Why a name gave no address.
#[derive(Debug, Error)]
pub enum LookupError {
    #[error("no answer within {0:?}")]
    TimedOut(Duration),
    #[error(transparent)]
    Failed(#[from] io::Error),
}

/// `socket.gethostbyname(name)`, async: every address the system resolver gives for `name`.
pub async fn gethostbyname(name: &str) -> io::Result<Vec<IpAddr>> {
    let addrs = tokio::net::lookup_host((name, 0)).await?; // Port 0: we only want the address.
    Ok(addrs.map(|addr| addr.ip()).collect())
}

/// Looks up every name at once through the system resolver; results in the order of `names`.
pub async fn lookup_many(
    names: &[String],
    limit: Duration,
) -> Vec<Result<Vec<IpAddr>, LookupError>> {
    lookup_many_with(names, limit, gethostbyname).await
}

/// `lookup_many` with the resolver passed in, so tests can stand in a slow one.
pub async fn lookup_many_with(
    names: &[String],
    limit: Duration,
    resolve: impl AsyncFn(&str) -> io::Result<Vec<IpAddr>>,
) -> Vec<Result<Vec<IpAddr>, LookupError>> {
    let resolve = &resolve;
    join_all(names.iter().map(|name| async move {
        match timeout(limit, resolve(name)).await {
            Ok(found) => Ok(found?),
            Err(_elapsed) => Err(LookupError::TimedOut(limit)),
        }
    }))
    .await
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    #[tokio::test]
    async fn names_that_resolve_offline() {
        let results =
            lookup_many(&names(&["localhost", "127.0.0.1"]), Duration::from_secs(10)).await;
        for result in &results {
            let addrs = result.as_ref().expect("should resolve without a network");
            assert!(addrs.iter().any(|ip| ip.is_loopback()), "{addrs:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_a_usage_error_not_a_panic() {
        use std::ffi::OsString;
        use std::os::unix::ffi::OsStringExt;

        use clap::Parser;

        let argv = [
            OsString::from("lookup_many"),
            OsString::from("localhost"),
            OsString::from_vec(b"b\xffd.example".to_vec()),
        ];
        let err = Args::try_parse_from(argv).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidUtf8);
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            Args::try_parse_from(["lookup_many", "localhost"])
                .unwrap()
                .names,
            ["localhost"]
        );
    }

    #[tokio::test]
    async fn a_malformed_name_is_an_error_not_a_panic() {
        let results = lookup_many(&names(&["bad\0name"]), Duration::from_secs(10)).await;
        assert!(
            matches!(results[0], Err(LookupError::Failed(_))),
            "{results:?}"
        );
    }

    /// A resolver that answers "slow..." names only after a minute.
    async fn fake(name: &str) -> io::Result<Vec<IpAddr>> {
        if name.starts_with("slow") {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        Ok(vec![IpAddr::V4(Ipv4Addr::new(10, 0, 0, name.len() as u8))])
    }

    #[tokio::test(start_paused = true)]
    async fn all_at_once_each_within_its_limit() {
        let start = tokio::time::Instant::now();
        let results = lookup_many_with(
            &names(&["a", "slow.example", "bcd"]),
            Duration::from_secs(2),
            fake,
        )
        .await;

        assert_eq!(
            results[0].as_ref().unwrap(),
            &[IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))]
        );
        assert!(matches!(results[1], Err(LookupError::TimedOut(_))));
        assert_eq!(
            results[2].as_ref().unwrap(),
            &[IpAddr::V4(Ipv4Addr::new(10, 0, 0, 3))]
        );
        // Concurrent: the whole batch took one time limit, not the sum of the lookups.
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }
}
