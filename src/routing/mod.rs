//! Routing: connection URIs and, for `neo4j://`, routing tables.

pub mod table;
pub mod uri;

pub use table::{
    least_connected, rediscovery_order, DiscoveryError, RouterAttempt, RoutingTable, RoutingTables,
    TableError, DEFAULT_HOME_DATABASE_CACHE_SIZE, DEFAULT_PURGE_DELAY,
};
pub use uri::{host_and_port, ConnectionUri, Trust, UriError, DEFAULT_PORT};
