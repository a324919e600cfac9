//! `domainlib.py` (*Fluent Python*, 2nd ed., ch. 21): `probe` asks whether a domain name
//! exists, `multi_probe` asks about many at once and hands back each answer as it arrives.
//!
//! The book's `multi_probe` is an async generator driven by `async for`; here it is a
//! [`Stream`] driven by `while let Some(result) = stream.next().await`. Both yield in
//! completion order: the first answer to arrive comes out first, whatever the order asked.
//!
//! The resolver is a parameter, so that the same code asks the DNS server this crate starts
//! in-process ([`server::DnsServer`], the default of every binary) or the operating
//! system's resolver (`getaddrinfo`, as the book does).

pub mod cli;
pub mod server;
pub mod taskgroup;

use std::net::SocketAddr;
use std::time::Duration;

use futures::Stream;
use futures::stream::FuturesUnordered;
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{
    LookupIpStrategy, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::Name;
use thiserror::Error;

/// Python's `keyword.kwlist` (3.9 to 3.12), which the book filters for short names.
pub const KWLIST: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The book's `MAX_KEYWORD_LEN`: only keywords this short make a domain to probe.
pub const MAX_KEYWORD_LEN: usize = 4;

/// The book's generator of domains: each short keyword, lower-cased, under `tld`
/// (`and.dev`, `none.dev`, ...). The TLD loses any leading or trailing dot, as in the book.
pub fn keyword_domains(tld: &str) -> impl Iterator<Item = String> + '_ {
    let tld = tld.trim_matches('.');
    KWLIST
        .iter()
        .filter(|kw| kw.len() <= MAX_KEYWORD_LEN)
        .map(move |name| format!("{name}.{tld}").to_lowercase())
}

/// The book's `Result(domain, found)`. `found` is a `Result` itself: a DNS server that
/// never answers is neither "found" nor "not found" (the book folds it into not found).
#[derive(Debug, Clone)]
pub struct DomainResult {
    pub domain: String,
    pub found: Result<bool, ProbeError>,
}

/// Why a probe has no answer.
#[derive(Debug, Clone, Error)]
pub enum ProbeError {
    #[error("no answer within {0:?}")]
    TimedOut(Duration),
    #[error("not a domain name: {0}")]
    BadName(String),
    #[error(transparent)]
    Dns(NetError),
}

/// Where the probes send their questions.
#[derive(Clone)]
pub enum Resolver {
    /// hickory's async resolver, asking one DNS server: ours in-process, or `--dns`.
    Dns {
        resolver: Box<TokioResolver>, // boxed: 360 bytes, against 16 for `System`
        server: SocketAddr,
        timeout: Duration,
    },
    /// The operating system's resolver: `getaddrinfo`, which blocks, so tokio runs it on
    /// a thread of its blocking pool (`asyncio` does the same in `loop.getaddrinfo`).
    System { timeout: Duration },
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Resolver::Dns {
                server, timeout, ..
            } => write!(f, "Resolver::Dns({server}, timeout {timeout:?})"),
            Resolver::System { timeout } => write!(f, "Resolver::System(timeout {timeout:?})"),
        }
    }
}

impl Resolver {
    /// A resolver that asks only `server`, over UDP, with nothing read from the system: no
    /// `/etc/resolv.conf`, no hosts file, no search domains.
    pub fn dns(server: SocketAddr, timeout: Duration) -> Resolver {
        let mut name_server = NameServerConfig::udp(server.ip());
        for connection in &mut name_server.connections {
            connection.port = server.port();
        }
        let mut options = ResolverOpts::default();
        options.timeout = timeout;
        options.attempts = 1; // one server, one try: a dead server costs one timeout
        options.use_hosts_file = ResolveHosts::Never;
        // Our zone has IPv4 addresses only; the book's getaddrinfo asks for both.
        options.ip_strategy = LookupIpStrategy::Ipv4Only;
        let config = ResolverConfig::from_name_servers(vec![name_server]);
        let resolver = TokioResolver::builder_with_config(config, TokioRuntimeProvider::default())
            .with_options(options)
            .build()
            .expect("a resolver with one UDP server and no TLS always builds");
        Resolver::Dns {
            resolver: Box::new(resolver),
            server,
            timeout,
        }
    }

    /// The operating system's resolver, each lookup given up after `timeout`.
    pub fn system(timeout: Duration) -> Resolver {
        Resolver::System { timeout }
    }

    /// How long a probe may wait for its answer.
    pub fn timeout(&self) -> Duration {
        match self {
            Resolver::Dns { timeout, .. } | Resolver::System { timeout } => *timeout,
        }
    }

    /// Does `domain` have an address? `Ok(false)` is a clear "no such name".
    async fn lookup(&self, domain: &str) -> Result<bool, ProbeError> {
        let limit = self.timeout();
        let lookup = async {
            match self {
                Resolver::Dns { resolver, .. } => {
                    // The final dot makes the name absolute: no search domain is tried.
                    let mut name = Name::from_utf8(domain)
                        .map_err(|err| ProbeError::BadName(format!("{domain:?}: {err}")))?;
                    name.set_fqdn(true);
                    match resolver.lookup_ip(name).await {
                        Ok(addresses) => Ok(addresses.iter().next().is_some()),
                        Err(err) if err.is_no_records_found() => Ok(false),
                        Err(NetError::Timeout) => Err(ProbeError::TimedOut(limit)),
                        Err(err) => Err(ProbeError::Dns(err)),
                    }
                }
                // Like the book, any getaddrinfo error (a `gaierror`) means "not found".
                Resolver::System { .. } => Ok(tokio::net::lookup_host((domain, 0))
                    .await
                    .is_ok_and(|mut addresses| addresses.next().is_some())),
            }
        };
        // hickory stops at its own timeout; this bound covers the system resolver, whose
        // thread cannot be stopped: we stop waiting for it.
        tokio::time::timeout(limit + Duration::from_millis(100), lookup)
            .await
            .unwrap_or(Err(ProbeError::TimedOut(limit)))
    }
}

// ANCHOR: probe
/// Does `domain` exist? The book's `probe(domain)`; the event loop it takes as an option
/// is the `resolver` here.
pub async fn probe(resolver: &Resolver, domain: String) -> DomainResult {
    let found = resolver.lookup(&domain).await;
    DomainResult { domain, found }
}

/// Probes every domain at once; the stream yields each result as it completes, the twin
/// of the book's async generator over `asyncio.as_completed`.
///
/// `FuturesUnordered` polls all the probes inside the task that drives the stream: no task
/// is spawned, and dropping the stream cancels every probe still waiting.
pub fn multi_probe<'r>(
    resolver: &'r Resolver,
    domains: impl IntoIterator<Item = String>,
) -> impl Stream<Item = DomainResult> + 'r {
    domains
        .into_iter()
        .map(|domain| probe(resolver, domain))
        .collect::<FuturesUnordered<_>>()
}
// ANCHOR_END: probe
