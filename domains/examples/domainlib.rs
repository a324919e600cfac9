//! The console session of `21-async/domains/README.rst` (*Fluent Python*, 2nd ed., ch. 21):
//! `await probe('python.org')`, then `async for result in multi_probe(names)` over
//! `python.org rust-lang.org golang.org n05uch1an9.org`.
//!
//! ```text
//! cargo run -p domains --example domainlib
//! ```
//!
//! Watch for: the four names come back in the order of their answers, and that order
//! changes from run to run (each run starts a DNS server with new delays), as the book's
//! README says. `python.org` is asked twice, and its second answer comes from the
//! resolver's cache, at once: that is why it usually comes first.

use std::time::Duration;

use domains::server::{DnsServer, ZoneConfig};
use domains::{DomainResult, Resolver, multi_probe, probe};
use futures::StreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    // An `org.` zone where the book's three real sites exist and its made-up name does not.
    let mut zone = ZoneConfig::new("org", fastrand::u64(..));
    zone.registered = ["python", "rust-lang", "golang"].map(String::from).to_vec();
    let server = DnsServer::start(zone)?;
    let resolver = Resolver::dns(server.addr(), Duration::from_secs(3));

    let result = probe(&resolver, "python.org".to_string()).await; // >>> await probe(...)
    println!("{result:?}");

    let names = "python.org rust-lang.org golang.org n05uch1an9.org".split(' ');
    let mut results = multi_probe(&resolver, names.map(String::from));
    while let Some(DomainResult { domain, found }) = results.next().await {
        match found {
            Ok(found) => println!("{domain}\t{found}"),
            Err(err) => println!("{domain}\t{err}"),
        }
    }
    Ok(())
}
