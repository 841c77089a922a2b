//! The driver's one public error type, rolled up from each layer's narrow errors.

use std::fmt;

use crate::bolt::{ProtocolError, SendError, ServerError, ServerState};
use crate::routing::UriError;

/// Code of errors that mean no server could be reached or the connection broke.
pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailable";
/// The server's code for credentials whose authorization has expired: every connection using
/// them must authenticate again, and the work may be retried.
pub const AUTHORIZATION_EXPIRED: &str = "Neo.ClientError.Security.AuthorizationExpired";
/// Code of errors in the driver's own protocol handling.
pub const PROTOCOL_ERROR: &str = "ProtocolError";
/// Code of errors that mean the server a routing driver chose can no longer do the work
/// (it stopped leading, for example); the work may succeed on another member.
pub const SESSION_EXPIRED: &str = "SessionExpired";

/// Any error the driver reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The server answered FAILURE (boxed: it is much larger than the other variants).
    Server(Box<ServerError>),
    /// The server refused the credentials and the auth token manager has renewed them, so the
    /// same work may succeed now.
    AuthRenewed(Box<ServerError>),
    /// No connection could be opened, or an open one broke.
    ServiceUnavailable(String),
    /// A routing driver's server can no longer do the work (it answered `NotALeader`, say);
    /// `cause` is what it answered. Retrying picks another member.
    SessionExpired {
        /// What happened, naming the server.
        message: String,
        /// The server's own answer.
        cause: Box<ServerError>,
    },
    /// The server violated the protocol; the connection was dropped.
    Protocol(ProtocolError),
    /// The caller passed something invalid (a bad URI, value or configuration).
    InvalidArgument(String),
    /// The API was used in a way it does not allow: a call the state does not allow (a closed
    /// session, say), or a session or transaction option it does not take. JS callers get a
    /// `Neo4jError`, as neo4j-driver throws for these, where a bad driver config or URI is a
    /// plain `Error` ([`Error::InvalidArgument`]).
    Usage(String),
}

impl Error {
    /// The Neo4j-style code: the server's code, or one of the driver's own codes.
    pub fn code(&self) -> &str {
        match self {
            Error::Server(e) | Error::AuthRenewed(e) => &e.code,
            Error::ServiceUnavailable(_) => SERVICE_UNAVAILABLE,
            Error::SessionExpired { .. } => SESSION_EXPIRED,
            Error::Protocol(_) => PROTOCOL_ERROR,
            // neo4j-driver's code for its own errors.
            Error::InvalidArgument(_) | Error::Usage(_) => "N/A",
        }
    }

    /// Whether running the same work again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::ServiceUnavailable(_) | Error::AuthRenewed(_) | Error::SessionExpired { .. } => {
                true
            }
            // Codes are reclassified on arrival, so every transient error is worth retrying.
            Error::Server(e) => {
                e.classification() == "TransientError" || e.code == AUTHORIZATION_EXPIRED
            }
            _ => false,
        }
    }

    /// `ClientError`, `TransientError`, `DatabaseError` for server errors; `UNKNOWN` otherwise.
    pub fn classification(&self) -> &str {
        match self {
            Error::Server(e) | Error::AuthRenewed(e) => e.classification(),
            _ => "UNKNOWN",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Server(e) | Error::AuthRenewed(e) => f.write_str(&e.message),
            Error::ServiceUnavailable(m)
            | Error::InvalidArgument(m)
            | Error::Usage(m)
            | Error::SessionExpired { message: m, .. } => f.write_str(m),
            Error::Protocol(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<ServerError> for Error {
    fn from(e: ServerError) -> Self {
        Error::Server(Box::new(e))
    }
}

impl From<ProtocolError> for Error {
    fn from(e: ProtocolError) -> Self {
        match e {
            ProtocolError::Closed => {
                Error::ServiceUnavailable("the connection to the server is closed".into())
            }
            // A server gone silent is lost, as one that closed the connection: the work may
            // succeed on a new connection.
            ProtocolError::ReceiveTimeout(_) => Error::ServiceUnavailable(e.to_string()),
            other => Error::Protocol(other),
        }
    }
}

impl From<SendError> for Error {
    fn from(e: SendError) -> Self {
        match e {
            SendError::Fatal(p) => p.into(),
            SendError::Encode(e) => Error::InvalidArgument(format!("cannot send a parameter: {e}")),
            // A connection whose server side is gone is unavailable, not misused.
            SendError::NotAllowed {
                state: ServerState::Defunct,
                ..
            } => Error::ServiceUnavailable(e.to_string()),
            other => Error::Usage(other.to_string()),
        }
    }
}

impl From<UriError> for Error {
    fn from(e: UriError) -> Self {
        Error::InvalidArgument(e.to_string())
    }
}
