//! What the driver needs from its host: byte transports, a clock, timers and a way to spawn
//! tasks. The wasm facade implements these with WebSocket, `Date.now()`, `setTimeout` and
//! `spawn_local`; tests implement them in memory with a fake clock.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures::channel::mpsc::UnboundedReceiver;

use crate::Error;

/// A boxed, single-threaded future.
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What a transport reports to the connection's pump task, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportEvent {
    /// Bytes from the server.
    Data(Vec<u8>),
    /// The transport closed or failed; the text says why.
    Closed(String),
}

/// The write half of a byte stream to a server (WebSocket, TCP socket, in-memory pipe). Reads
/// arrive separately as [`TransportEvent`]s.
pub trait Transport {
    /// Queues bytes for sending; fails if the transport is closed.
    fn send(&mut self, bytes: &[u8]) -> Result<(), String>;
    /// Closes the transport.
    fn close(&mut self);
}

/// An opened transport and the stream of what it receives.
pub type Opened = (Box<dyn Transport>, UnboundedReceiver<TransportEvent>);

/// How a transport is secured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Security {
    /// No encryption.
    #[default]
    Plain,
    /// TLS, with the host of the address as the server name (SNI and certificate check).
    Tls(TlsTrust),
}

/// Which server certificates a TLS connection accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsTrust {
    /// Those signed by a CA the system trusts (`+s` schemes, `TRUST_SYSTEM_CA_SIGNED_CERTIFICATES`).
    SystemCas,
    /// Any, self-signed ones included (`+ssc` schemes, `TRUST_ALL_CERTIFICATES`).
    AnyCertificate,
    /// Those signed by the CAs in these PEM files (`TRUST_CUSTOM_CA_SIGNED_CERTIFICATES` with
    /// `trustedCertificates`), read when connecting.
    CustomCas(Vec<String>),
}

/// Whole milliseconds of `duration`, for messages: a `u64`, so that formatting it needs no
/// 128-bit integer formatting in the module.
pub fn whole_millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Time on the driver's clock, injected so that tests can fake it.
pub trait Clock {
    /// Time since an arbitrary fixed point.
    fn now(&self) -> Duration;
}

/// The host environment of a driver.
pub trait Runtime: Clock {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> LocalFuture<'static, ()>;
    /// Runs `task` in the background on the current thread.
    fn spawn(&self, task: LocalFuture<'static, ()>);
    /// Opens a byte stream to `address` (`host:port`), secured as `security` says.
    fn connect(
        &self,
        address: &str,
        security: &Security,
    ) -> LocalFuture<'static, Result<Opened, Error>>;
}
