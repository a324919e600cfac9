//! A real DNS server, in-process on loopback, standing in for the internet's DNS.
//!
//! The book probes real domains and waits for real name servers, whose answers come back
//! in whatever order the network decides. Offline, we start hickory's authoritative server
//! on `127.0.0.1`, with a zone of its own (`dev.` for `blogdom`), where some names exist and
//! each answer is held back a seeded delay: the same seed gives every name the same delay,
//! so a run can be repeated, and a new seed shuffles the order.
//!
//! The server keeps a log of the answers it sent, in the order it sent them, so a test can
//! hold the order of the client's stream against it.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hickory_server::Server;
use hickory_server::net::runtime::{Time, TokioRuntimeProvider};
use hickory_server::proto::op::ResponseCode;
use hickory_server::proto::rr::rdata::{A, SOA};
use hickory_server::proto::rr::{LowerName, Name, RData, Record};
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use tokio::sync::oneshot;

/// The keywords registered in our zone, whatever its TLD. Which ones exist is our choice:
/// 11 of the book's 18, so that both columns of `domaincheck` fill up.
pub const REGISTERED: &[&str] = &[
    "and", "as", "def", "elif", "else", "for", "if", "in", "is", "not", "try",
];

/// The default delays: long enough for the order to shuffle, short enough that the
/// resolver does not resend its question (hickory resends after 333 ms at the earliest;
/// the server answers each copy, and the log shows it).
pub const DEFAULT_DELAYS: RangeInclusive<Duration> =
    Duration::from_millis(20)..=Duration::from_millis(300);

/// What the server serves, and how slowly.
#[derive(Debug, Clone)]
pub struct ZoneConfig {
    /// The zone's origin, the TLD the probes ask under: `dev`, `com.br`.
    pub tld: String,
    /// The first labels that exist in the zone (`and` for `and.dev`).
    pub registered: Vec<String>,
    /// Where to listen: loopback, port 0 unless told otherwise.
    pub addr: SocketAddr,
    /// Seeds the delays: each name's delay depends only on the seed and the name.
    pub seed: u64,
    /// Each answer waits a delay drawn from this range.
    pub delays: RangeInclusive<Duration>,
}

impl ZoneConfig {
    /// The zone `tld.` with the [`REGISTERED`] keywords, on `127.0.0.1`, port 0.
    pub fn new(tld: &str, seed: u64) -> ZoneConfig {
        ZoneConfig {
            tld: tld.trim_matches('.').to_lowercase(),
            registered: REGISTERED.iter().map(|name| name.to_string()).collect(),
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            seed,
            delays: DEFAULT_DELAYS,
        }
    }

    /// The delay before the answer about `name` (any case, with or without the final dot).
    pub fn delay_for(&self, name: &str) -> Duration {
        let name = name.trim_end_matches('.').to_lowercase();
        let mut rng = fastrand::Rng::with_seed(self.seed ^ fnv1a(name.as_bytes()));
        let (min, max) = (
            self.delays.start().as_micros(),
            self.delays.end().as_micros(),
        );
        let micros = rng.u64(min as u64..=max.max(min) as u64);
        Duration::from_micros(micros)
    }
}

/// A 64-bit FNV-1a hash: stable across Rust releases, unlike `DefaultHasher`, so a seed
/// gives the same delays on every machine.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One answer the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The name asked about, without the final dot: `and.dev`.
    pub name: String,
    /// Whether the answer held an address (`NoError` with records; otherwise `NXDomain`).
    pub found: bool,
    /// How long the server held the answer back.
    pub delay: Duration,
    /// When it was sent, counted from the server's start.
    pub at: Duration,
    /// How many questions the server held at that moment, this one included: more than
    /// one means the client asked before it had its earlier answers.
    pub in_flight: usize,
}

/// A DNS server on a thread of its own with a runtime of its own, like the flag server:
/// start it on port 0, ask its address, read back its log. Dropping it shuts it down.
pub struct DnsServer {
    addr: SocketAddr,
    config: ZoneConfig,
    log: Arc<Mutex<Vec<Answered>>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for DnsServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DnsServer")
            .field("addr", &self.addr)
            .field("zone", &self.config.tld)
            .finish_non_exhaustive()
    }
}

impl DnsServer {
    /// Binds `config.addr` (UDP) and serves the zone until dropped.
    pub fn start(config: ZoneConfig) -> io::Result<DnsServer> {
        let catalog = catalog(&config)?;
        let socket = std::net::UdpSocket::bind(config.addr)?;
        socket.set_nonblocking(true)?;
        let addr = socket.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler = DelayedZone {
            catalog,
            config: config.clone(),
            log: log.clone(),
            answering: tokio::sync::Mutex::new(()),
            in_flight: AtomicUsize::new(0),
            started: Instant::now(),
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("dns-server {addr}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let mut server = Server::new(handler);
                    match tokio::net::UdpSocket::from_std(socket) {
                        Ok(socket) => server.register_socket(socket),
                        Err(err) => return eprintln!("dns-server: cannot listen on {addr}: {err}"),
                    }
                    // A dropped sender also ends the wait: the server never outlives its owner.
                    let _ = stopped.await;
                });
                // Dropping the runtime here ends the server and every answer still waiting.
            })?;
        Ok(DnsServer {
            addr,
            config,
            log,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address to send queries to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What the server serves.
    pub fn config(&self) -> &ZoneConfig {
        &self.config
    }

    /// The answers sent so far, in the order they were sent.
    pub fn log(&self) -> Vec<Answered> {
        // A panic while holding the log is a bug in this file: pass it on.
        self.log
            .lock()
            .expect("the log's lock is not poisoned")
            .clone()
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // The server thread only panics on a bug; its message is already printed.
            let _ = thread.join();
        }
    }
}

/// The zone as hickory's catalog: an SOA at the origin and an A record per registered name,
/// each in TEST-NET-1 (192.0.2.0/24, reserved for documentation: nothing ever connects).
fn catalog(config: &ZoneConfig) -> io::Result<Catalog> {
    let invalid = |what: String| io::Error::new(io::ErrorKind::InvalidInput, what);
    let origin = Name::from_str(&format!("{}.", config.tld))
        .map_err(|err| invalid(format!("bad TLD {:?}: {err}", config.tld)))?;
    let mut zone = InMemoryZoneHandler::<TokioRuntimeProvider>::empty(
        origin.clone(),
        ZoneType::Primary,
        AxfrPolicy::Deny,
    );
    let serial = 1;
    let admin = |label: &str| {
        Name::from_str(label)
            .and_then(|name| name.append_domain(&origin))
            .map_err(|err| invalid(format!("bad name in zone {origin}: {err}")))
    };
    let soa = SOA::new(
        admin("ns")?,
        admin("hostmaster")?,
        serial,
        3600,
        600,
        86400,
        60,
    );
    zone.upsert_mut(
        Record::from_rdata(origin.clone(), 3600, RData::SOA(soa)),
        serial,
    );
    for (n, label) in config.registered.iter().enumerate() {
        let ip = Ipv4Addr::new(192, 0, 2, 1 + (n % 254) as u8);
        zone.upsert_mut(
            Record::from_rdata(admin(label)?, 60, RData::A(A(ip))),
            serial,
        );
    }
    let mut catalog = Catalog::new();
    catalog.upsert(LowerName::new(&origin), vec![Arc::new(zone)]);
    Ok(catalog)
}

/// hickory's catalog, with each answer held back its delay and logged as it is sent.
struct DelayedZone {
    catalog: Catalog,
    config: ZoneConfig,
    log: Arc<Mutex<Vec<Answered>>>,
    /// One answer at a time, so that the log's order is the order the answers left in.
    answering: tokio::sync::Mutex<()>,
    /// Questions received and not yet answered.
    in_flight: AtomicUsize,
    started: Instant,
}

#[async_trait::async_trait]
impl RequestHandler for DelayedZone {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        response_handle: R,
    ) -> ResponseInfo {
        let name = match request.request_info() {
            Ok(info) => info.query.name().to_string(),
            Err(_) => String::new(), // not one question: the catalog answers FormErr at once
        };
        let name = name.trim_end_matches('.').to_lowercase();
        let delay = if name.is_empty() {
            Duration::ZERO
        } else {
            self.config.delay_for(&name)
        };
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        // Counted down however this ends: an answer sent, or the server stopped mid-delay.
        let _answered = CountDown(&self.in_flight);
        tokio::time::sleep(delay).await;

        let _one_at_a_time = self.answering.lock().await;
        // The catalog hands the encoded answer to the socket's queue before it returns.
        let info = self
            .catalog
            .handle_request::<R, T>(request, response_handle)
            .await;
        let found = info.response_code == ResponseCode::NoError && info.counts().answers > 0;
        let answered = Answered {
            name,
            found,
            delay,
            at: self.started.elapsed(),
            in_flight: self.in_flight.load(Ordering::SeqCst),
        };
        // A panic while holding the log is a bug in this file: pass it on.
        self.log
            .lock()
            .expect("the log's lock is not poisoned")
            .push(answered);
        info
    }
}

struct CountDown<'a>(&'a AtomicUsize);

impl Drop for CountDown<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
