//! Async orchestration over the sans-IO core: connections driven by a pump task, sessions.
//! Single-threaded (`!Send` futures), as in a JS event loop.

mod connection;
mod session;

pub use connection::{BoltConnection, Clock, Transport, TransportEvent};
pub use session::{QueryOutcome, Session, DEFAULT_FETCH_SIZE};
