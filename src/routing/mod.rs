//! Routing: connection URIs (and, for `neo4j://`, routing tables).

pub mod uri;

pub use uri::{ConnectionUri, Trust, UriError, DEFAULT_PORT};
