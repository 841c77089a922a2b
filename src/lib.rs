//! A Neo4j driver for JavaScript runtimes: a sans-IO Bolt core compiled to WebAssembly.
//!
//! Layers, from the wire up (each only uses the ones below it):
//!
//! | module | what it does | I/O? |
//! |---|---|---|
//! | [`packstream`] | values, encoding into a caller's buffer, decoding from a cursor | no |
//! | [`bolt`] | handshake, chunking, messages, the connection state machine | no |
//! | [`routing`] | connection URIs | no |
//! | [`pool`] | connection pool decisions (limits, lifetimes, waiters), given the time | no |
//! | [`retry`] | the backoff schedule of managed transactions | no |
//! | [`runtime`] | the host's transports, clock, timers and task spawning, as traits | defines it |
//! | [`driver`] | async connections (one pump task each), sessions | through [`runtime`] |
//! | `js` (wasm32 only) | the wasm-bindgen facade: JS values, WebSocket transport, promises | yes |
//!
//! The core never touches sockets, timers or JS, so `cargo test` exercises it natively in
//! seconds, and the same tests run on wasm32.
#![warn(missing_docs)]
// The module that ships is built for size (scripts/build.sh), except the functions marked
// `#[cfg_attr(size_optimized, optimize(speed))]`: the paths every record and parameter takes
// (chunking, decoding, the tapes, encoding), which would otherwise read records ~18% slower.
#![cfg_attr(size_optimized, feature(optimize_attribute))]

pub mod bolt;
pub mod driver;
mod error;
pub mod packstream;
pub mod pool;
pub mod retry;
pub mod routing;
pub mod runtime;
#[cfg(test)]
mod test_support;
mod vec_map;

pub use error::{Detail, Error, SessionExpiry, Source};

#[cfg(target_arch = "wasm32")]
mod allocator;
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator::new();
#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
pub mod transport;
