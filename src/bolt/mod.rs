//! Bolt: handshake, chunking, messages and the connection state machine (sans-IO).

pub mod chunk;
pub mod handshake;
pub mod version;

pub use chunk::{
    begin_message, end_message, write_message, Bodies, ChunkError, Dechunker, MessageStart,
    Messages,
};
pub use handshake::{
    client_hello, Handshake, HandshakeError, HandshakeStatus, Negotiated, Proposal,
    DEFAULT_PROPOSALS, SUPPORTED_VERSIONS,
};
pub use version::{Feature, Version};
pub mod connection;
pub mod message;
pub mod metadata;
pub mod trace;

pub use connection::{
    Connection, ConnectionConfig, Event, ProtocolError, RequestId, SendError, ServerState, Silence,
    SilenceLimit, TRANSACTION_TIMEOUT_GRACE,
};
pub use message::{
    AccessMode, AuthToken, Hello, NotificationFilter, Parameters, RecordBatch, Request, Response,
    ServerError, TxConfig, Within,
};
pub use metadata::{HelloMetadata, Hints, MetadataError, RouteAnswer, RunMetadata};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz_seeds;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod vectors;
