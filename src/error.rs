//! The driver's one public error type, rolled up from each layer's narrow errors.

use std::fmt;
use std::rc::Rc;

use crate::bolt::{ProtocolError, SendError, ServerError, ServerState};
use crate::routing::{DiscoveryError, TableError, UriError};

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
    ServiceUnavailable(Detail),
    /// The connection broke after COMMIT went out and before its answer came: the
    /// transaction may or may not have been committed. Retried like
    /// [`Error::ServiceUnavailable`] (whose code it has), so work retried must be idempotent.
    CommitOutcomeUnknown(Detail),
    /// A routing driver's server can no longer do the work (it answered `NotALeader`, say).
    /// Retrying picks another member.
    SessionExpired(Box<SessionExpiry>),
    /// The server violated the protocol; the connection was dropped (boxed, as
    /// [`Error::Server`]: it keeps every `Result` of the driver small).
    Protocol(Box<ProtocolError>),
    /// The caller passed something invalid (a bad URI, value or configuration).
    InvalidArgument(Detail),
    /// The API was used in a way it does not allow: a call the state does not allow (a closed
    /// session, say), or a session or transaction option it does not take. JS callers get a
    /// `Neo4jError`, as neo4j-driver throws for these, where a bad driver config or URI is a
    /// plain `Error` ([`Error::InvalidArgument`]).
    Usage(Detail),
}

/// Why a routing driver's server can no longer do the work ([`Error::SessionExpired`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionExpiry {
    /// What happened, naming the server.
    pub message: String,
    /// The server's own answer.
    pub cause: ServerError,
}

/// What went wrong, as the application reads it, and the error of the layer below that it
/// came from, if any (the [`Error`]'s `source()`, so that code can tell causes apart without
/// reading the text).
///
/// Boxed, so that an [`Error`] is two words: it is in every `Result` the driver's futures
/// carry, and their code shrinks with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail(Box<DetailParts>);

#[derive(Debug, Clone, PartialEq)]
struct DetailParts {
    message: String,
    source: Option<Rc<Source>>,
}

/// The error of a lower layer that an [`Error`] was made from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The connection's protocol handling (a server gone silent, say).
    Protocol(ProtocolError),
    /// A request the connection could not send.
    Send(SendError),
    /// A connection URI that does not parse.
    Uri(UriError),
    /// A routing table that cannot be used.
    RoutingTable(TableError),
    /// No router gave a routing table.
    Discovery(DiscoveryError),
}

impl Detail {
    /// `message` (the whole text the application sees), made from `source`.
    pub fn caused_by(message: String, source: Source) -> Self {
        Detail(Box::new(DetailParts {
            message,
            source: Some(Rc::new(source)),
        }))
    }

    /// The error this came from, if any.
    pub fn source(&self) -> Option<&Source> {
        self.0.source.as_deref()
    }
}

impl From<String> for Detail {
    fn from(message: String) -> Self {
        Detail(Box::new(DetailParts {
            message,
            source: None,
        }))
    }
}

impl From<&str> for Detail {
    fn from(message: &str) -> Self {
        message.to_owned().into()
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl Error {
    /// The Neo4j-style code: the server's code, or one of the driver's own codes.
    pub fn code(&self) -> &str {
        match self {
            Error::Server(e) | Error::AuthRenewed(e) => &e.code,
            Error::ServiceUnavailable(_) | Error::CommitOutcomeUnknown(_) => SERVICE_UNAVAILABLE,
            Error::SessionExpired(_) => SESSION_EXPIRED,
            Error::Protocol(_) => PROTOCOL_ERROR,
            // neo4j-driver's code for its own errors.
            Error::InvalidArgument(_) | Error::Usage(_) => "N/A",
        }
    }

    /// Whether running the same work again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::ServiceUnavailable(_)
            | Error::CommitOutcomeUnknown(_)
            | Error::AuthRenewed(_)
            | Error::SessionExpired(_) => true,
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
            Error::ServiceUnavailable(d)
            | Error::CommitOutcomeUnknown(d)
            | Error::InvalidArgument(d)
            | Error::Usage(d) => d.fmt(f),
            Error::SessionExpired(expiry) => f.write_str(&expiry.message),
            Error::Protocol(e) => e.fmt(f),
        }
    }
}

/// The message of an [`Error`] is whole (it already says what its source says); the source is
/// there for code that needs the cause itself.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Server(e) | Error::AuthRenewed(e) => Some(&**e),
            Error::SessionExpired(expiry) => Some(&expiry.cause),
            Error::Protocol(e) => Some(&**e),
            Error::ServiceUnavailable(d)
            | Error::CommitOutcomeUnknown(d)
            | Error::InvalidArgument(d)
            | Error::Usage(d) => Some(match d.source()? {
                Source::Protocol(e) => e as &(dyn std::error::Error + 'static),
                Source::Send(e) => e,
                Source::Uri(e) => e,
                Source::RoutingTable(e) => e,
                Source::Discovery(e) => e,
            }),
        }
    }
}

impl Error {
    /// The error of `self`, met after COMMIT went out: a broken connection, or an answer that
    /// cannot be read, leaves the outcome unknown, and says so.
    pub(crate) fn after_commit_sent(self) -> Error {
        let (what, cause) = match self {
            Error::ServiceUnavailable(d) => ("the connection broke", d),
            Error::Protocol(e) => (
                "the server's answer could not be read",
                Detail::caused_by(e.to_string(), Source::Protocol(*e)),
            ),
            other => return other,
        };
        let mut parts = cause.0;
        parts.message = format!(
            "{what} after COMMIT was sent: the transaction may or may not have been \
             committed ({})",
            parts.message
        );
        Error::CommitOutcomeUnknown(Detail(parts))
    }
}

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
            ProtocolError::ReceiveTimeout(_) => {
                Error::ServiceUnavailable(Detail::caused_by(e.to_string(), Source::Protocol(e)))
            }
            other => Error::Protocol(Box::new(other)),
        }
    }
}

impl From<SendError> for Error {
    fn from(e: SendError) -> Self {
        match e {
            SendError::Fatal(p) => p.into(),
            SendError::Encode(encode) => Error::InvalidArgument(Detail::caused_by(
                format!("cannot send a parameter: {encode}"),
                Source::Send(SendError::Encode(encode)),
            )),
            // A connection whose server side is gone is unavailable, not misused.
            SendError::NotAllowed {
                state: ServerState::Defunct,
                ..
            } => Error::ServiceUnavailable(Detail::caused_by(e.to_string(), Source::Send(e))),
            other => Error::Usage(Detail::caused_by(other.to_string(), Source::Send(other))),
        }
    }
}

impl From<UriError> for Error {
    fn from(e: UriError) -> Self {
        Error::InvalidArgument(Detail::caused_by(e.to_string(), Source::Uri(e)))
    }
}

impl From<DiscoveryError> for Error {
    fn from(e: DiscoveryError) -> Self {
        Error::ServiceUnavailable(Detail::caused_by(e.to_string(), Source::Discovery(e)))
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;
    use std::time::Duration;

    use super::*;
    use crate::packstream::EncodeError;

    /// The error's source, as the layer's own type.
    fn source_of<E: std::error::Error + 'static>(error: &Error) -> &E {
        error
            .source()
            .and_then(|s| s.downcast_ref::<E>())
            .unwrap_or_else(|| panic!("no {} source in {error:?}", std::any::type_name::<E>()))
    }

    #[test]
    fn a_layer_error_is_kept_as_the_source_and_its_text_stays_the_message() {
        let silent = ProtocolError::ReceiveTimeout(crate::bolt::Silence {
            limit: Duration::from_secs(30),
            set_by: crate::bolt::SilenceLimit::ServerHint,
        });
        let error = Error::from(silent.clone());
        assert_eq!(error.code(), SERVICE_UNAVAILABLE);
        assert_eq!(error.to_string(), silent.to_string());
        assert_eq!(source_of::<ProtocolError>(&error), &silent);

        let bad_uri = crate::routing::ConnectionUri::parse("http://x").unwrap_err();
        let error = Error::from(bad_uri.clone());
        assert_eq!(error.to_string(), bad_uri.to_string());
        assert_eq!(source_of::<UriError>(&error), &bad_uri);

        let unsendable = SendError::Encode(EncodeError::SecondsOverflow);
        let error = Error::from(unsendable.clone());
        assert_eq!(error.code(), "N/A");
        assert!(error.to_string().starts_with("cannot send a parameter: "));
        let send = source_of::<SendError>(&error);
        assert_eq!(send, &unsendable);
        assert!(send.source().is_some_and(|e| e.is::<EncodeError>()));
    }

    #[test]
    fn the_driver_own_messages_have_no_source() {
        let error = Error::Usage("the session is closed".into());
        assert_eq!(error.to_string(), "the session is closed");
        assert!(error.source().is_none());
    }
}
