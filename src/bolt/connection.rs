//! The Bolt connection state machine, sans-IO.
//!
//! Call protocol (the caller owns the socket and the clock):
//!
//! 1. [`Connection::new`] queues the handshake; send what [`Connection::poll_transmit`] gives.
//! 2. Feed every byte received to [`Connection::handle_input`], in order, split anyhow.
//! 3. Queue requests with [`Connection::send`]; each returns a [`RequestId`]. Requests may be
//!    pipelined: they are sent in order and answered in order.
//! 4. Drain [`Connection::poll_event`] after every input: each response comes back as an
//!    [`Event`] carrying the id of the request it answers.
//! 5. Arm a timer for [`Connection::poll_timeout`] and call [`Connection::handle_timeout`] when
//!    it fires (the server's `connection.recv_timeout_seconds` hint).
//!
//! A fatal error (bad bytes, an answer nobody asked for, a receive timeout) is sticky: every
//! later call returns the same error, and the connection must be dropped.

use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

use super::chunk::Dechunker;
use super::handshake::{Handshake, HandshakeError, HandshakeStatus, Proposal, DEFAULT_PROPOSALS};
use super::message::{meta, parse_response, Request, Response};
use super::Version;
use crate::packstream::{DecodeError, Dialect, EncodeError, Map, Value};

/// Identifies a request on one connection; responses carry the id of the request they answer.
pub type RequestId = u64;

/// What the server's state is, as far as the answers received so far tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerState {
    /// Handshake done, HELLO not yet answered.
    Negotiated,
    /// HELLO succeeded; LOGON is needed (5.1+).
    Authentication,
    /// Idle and ready for work.
    Ready,
    /// An auto-commit result is open.
    Streaming,
    /// An explicit transaction is open.
    TxReady,
    /// A result inside an explicit transaction is open.
    TxStreaming,
    /// A request failed; everything is ignored until RESET.
    Failed,
}

/// A fatal connection error: the connection cannot be used any more.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ProtocolError {
    /// The handshake failed.
    Handshake(HandshakeError),
    /// The server sent bytes that are not valid Bolt.
    Decode(DecodeError),
    /// The server sent a message larger than the limit.
    MessageTooLarge(String),
    /// The server sent a response when no request was waiting for one, or a RECORD to a request
    /// that cannot have records.
    UnexpectedResponse(&'static str),
    /// No bytes arrived within the server's receive-timeout hint while a response was due.
    ReceiveTimeout(Duration),
    /// The connection was closed (by [`Connection::close`] or after GOODBYE).
    Closed,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Handshake(e) => write!(f, "Bolt handshake failed: {e}"),
            ProtocolError::Decode(e) => write!(f, "the server sent invalid data: {e}"),
            ProtocolError::MessageTooLarge(e) => write!(f, "{e}"),
            ProtocolError::UnexpectedResponse(what) => write!(f, "protocol violation by the server: {what}"),
            ProtocolError::ReceiveTimeout(d) => write!(
                f,
                "no answer from the server within {} s (the connection.recv_timeout_seconds hint it sent); the connection is closed",
                d.as_secs()
            ),
            ProtocolError::Closed => write!(f, "the connection is closed"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// Why a request could not be queued.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SendError {
    /// The connection already failed with this fatal error.
    Fatal(ProtocolError),
    /// The negotiated version has no such message.
    Unsupported {
        /// The message.
        message: &'static str,
        /// The negotiated version.
        version: Version,
    },
    /// The handshake has not finished yet.
    NotNegotiated,
    /// A value in the request cannot be encoded.
    Encode(EncodeError),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Fatal(e) => e.fmt(f),
            SendError::Unsupported { message, version } => {
                write!(f, "{message} is not available in Bolt {version}")
            }
            SendError::NotNegotiated => write!(
                f,
                "requests cannot be sent before the Bolt handshake completes"
            ),
            SendError::Encode(e) => write!(f, "cannot encode the request: {e}"),
        }
    }
}

impl std::error::Error for SendError {}

/// Something the connection has to report, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The handshake completed.
    Negotiated(Version),
    /// An answer to the request `id` (a RECORD, or the request's final answer).
    Response {
        /// The request answered.
        id: RequestId,
        /// The request's message name.
        request: &'static str,
        /// The answer.
        response: Response,
    },
}

/// What the connection was created with.
#[derive(Debug, Clone)]
pub struct ConnectionConfig {
    /// Handshake proposals (default: the official drivers' offer).
    pub proposals: Vec<Proposal>,
    /// Largest message accepted from the server.
    pub max_message_size: usize,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        ConnectionConfig {
            proposals: DEFAULT_PROPOSALS.to_vec(),
            max_message_size: super::chunk::DEFAULT_MAX_MESSAGE_SIZE,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    id: RequestId,
    kind: Kind,
}

/// The requests whose answers change the tracked state, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hello,
    Logon,
    Logoff,
    Goodbye,
    Reset,
    Run { in_tx: bool },
    Begin,
    Commit,
    Rollback,
    Pull,
    Discard,
    Route,
    Telemetry,
}

impl Kind {
    fn of(request: &Request) -> Kind {
        match request {
            Request::Hello(_) => Kind::Hello,
            Request::Logon(_) => Kind::Logon,
            Request::Logoff => Kind::Logoff,
            Request::Goodbye => Kind::Goodbye,
            Request::Reset => Kind::Reset,
            Request::Run { tx, .. } => Kind::Run {
                in_tx: tx.is_none(),
            },
            Request::Begin(_) => Kind::Begin,
            Request::Commit => Kind::Commit,
            Request::Rollback => Kind::Rollback,
            Request::Pull { .. } => Kind::Pull,
            Request::Discard { .. } => Kind::Discard,
            Request::Route { .. } => Kind::Route,
            Request::Telemetry { .. } => Kind::Telemetry,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Hello => "HELLO",
            Kind::Logon => "LOGON",
            Kind::Logoff => "LOGOFF",
            Kind::Goodbye => "GOODBYE",
            Kind::Reset => "RESET",
            Kind::Run { .. } => "RUN",
            Kind::Begin => "BEGIN",
            Kind::Commit => "COMMIT",
            Kind::Rollback => "ROLLBACK",
            Kind::Pull => "PULL",
            Kind::Discard => "DISCARD",
            Kind::Route => "ROUTE",
            Kind::Telemetry => "TELEMETRY",
        }
    }
}

/// One Bolt connection's protocol state, independent of any socket or clock.
#[derive(Debug)]
pub struct Connection {
    handshake: Option<Handshake>,
    version: Option<Version>,
    dialect: Dialect,
    dechunker: Dechunker,
    transmit: Vec<u8>,
    pending: VecDeque<Pending>,
    events: VecDeque<Event>,
    next_id: RequestId,
    state: ServerState,
    fatal: Option<ProtocolError>,
    server_agent: Option<String>,
    connection_id: Option<String>,
    recv_timeout: Option<Duration>,
    deadline: Option<Duration>,
    utc_patch: bool,
}

impl Connection {
    /// A new connection; the handshake hello is ready in [`Connection::poll_transmit`].
    pub fn new(config: ConnectionConfig) -> Self {
        let handshake = Handshake::new(&config.proposals);
        Connection {
            transmit: handshake.hello().to_vec(),
            handshake: Some(handshake),
            version: None,
            dialect: Dialect::for_version(5, 0, false),
            dechunker: Dechunker::new().with_max_message_size(config.max_message_size),
            pending: VecDeque::new(),
            events: VecDeque::new(),
            next_id: 0,
            state: ServerState::Negotiated,
            fatal: None,
            server_agent: None,
            connection_id: None,
            recv_timeout: None,
            deadline: None,
            utc_patch: false,
        }
    }

    /// The negotiated Bolt version, once the handshake is done.
    pub fn version(&self) -> Option<Version> {
        self.version
    }

    /// How values are written on this connection.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The server state as tracked from the answers so far.
    pub fn state(&self) -> ServerState {
        self.state
    }

    /// The server's agent string from HELLO's answer, e.g. `Neo4j/5.26.0`.
    pub fn server_agent(&self) -> Option<&str> {
        self.server_agent.as_deref()
    }

    /// The server's id for this connection from HELLO's answer.
    pub fn connection_id(&self) -> Option<&str> {
        self.connection_id.as_deref()
    }

    /// The fatal error, if the connection has failed.
    pub fn fatal_error(&self) -> Option<&ProtocolError> {
        self.fatal.as_ref()
    }

    /// Whether requests are still waiting for their final answer.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Appends bytes that must be sent to the server to `buf`.
    pub fn poll_transmit(&mut self, buf: &mut Vec<u8>) {
        if buf.is_empty() {
            std::mem::swap(buf, &mut self.transmit);
        } else {
            buf.append(&mut self.transmit);
        }
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`Connection::handle_timeout`] must be called next, on the caller's clock.
    pub fn poll_timeout(&self) -> Option<Duration> {
        self.deadline
    }

    /// Tells the connection the time is `now`; fails it if a response is overdue.
    pub fn handle_timeout(&mut self, now: Duration) -> Result<(), ProtocolError> {
        self.check_fatal()?;
        match (self.deadline, self.recv_timeout) {
            (Some(deadline), Some(limit)) if now >= deadline => {
                Err(self.fail(ProtocolError::ReceiveTimeout(limit)))
            }
            _ => Ok(()),
        }
    }

    /// Marks the connection failed with `error` (for example when the transport breaks, or a
    /// record cannot be decoded), and returns the error.
    pub fn fail(&mut self, error: ProtocolError) -> ProtocolError {
        self.deadline = None;
        self.fatal.get_or_insert(error).clone()
    }

    /// Closes the connection: GOODBYE is queued if the connection is usable, and every later
    /// call fails with [`ProtocolError::Closed`].
    pub fn close(&mut self) {
        if let (None, Some(version)) = (&self.fatal, self.version) {
            // GOODBYE has no fields, so encoding it cannot fail.
            let _ = Request::Goodbye.encode(version, self.dialect, &mut self.transmit);
        }
        self.pending.clear();
        self.fail(ProtocolError::Closed);
    }

    /// Queues a request at time `now`; its answers arrive as [`Event::Response`]s with the
    /// returned id.
    pub fn send(&mut self, request: &Request, now: Duration) -> Result<RequestId, SendError> {
        if let Some(e) = &self.fatal {
            return Err(SendError::Fatal(e.clone()));
        }
        let version = self.version.ok_or(SendError::NotNegotiated)?;
        if !request.available_in(version) {
            return Err(SendError::Unsupported {
                message: request.name(),
                version,
            });
        }
        request
            .encode(version, self.dialect, &mut self.transmit)
            .map_err(SendError::Encode)?;
        let id = self.next_id;
        self.next_id += 1;
        let kind = Kind::of(request);
        if kind == Kind::Hello {
            // The server's answer says whether it took the `utc` patch offered in HELLO.
            self.utc_patch = false;
        }
        if kind != Kind::Goodbye {
            if self.pending.is_empty() {
                self.arm_deadline(now);
            }
            self.pending.push_back(Pending { id, kind });
        }
        Ok(id)
    }

    /// Feeds bytes received from the server at time `now`.
    pub fn handle_input(&mut self, bytes: &[u8], now: Duration) -> Result<(), ProtocolError> {
        self.check_fatal()?;
        let mut bytes = bytes;
        let leftover;
        if let Some(handshake) = self.handshake.as_mut() {
            match handshake.push(bytes) {
                Ok(HandshakeStatus::NeedMore) => return Ok(()),
                Ok(HandshakeStatus::Done(negotiated)) => {
                    self.handshake = None;
                    self.set_version(negotiated.version);
                    self.transmit.extend_from_slice(&negotiated.to_send);
                    self.events.push_back(Event::Negotiated(negotiated.version));
                    leftover = negotiated.leftover;
                    bytes = &leftover;
                }
                Err(e) => return Err(self.fail(ProtocolError::Handshake(e))),
            }
        }
        if bytes.is_empty() {
            return Ok(());
        }
        self.dechunker.push(bytes);
        if !self.pending.is_empty() {
            self.arm_deadline(now);
        }
        while let Some(message) = self.dechunker.next_message() {
            let body =
                message.map_err(|e| self.fail(ProtocolError::MessageTooLarge(e.to_string())))?;
            let response = parse_response(body, self.dialect)
                .map_err(|e| self.fail(ProtocolError::Decode(e)))?;
            self.on_response(response)?;
        }
        Ok(())
    }

    fn check_fatal(&self) -> Result<(), ProtocolError> {
        match &self.fatal {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    fn set_version(&mut self, version: Version) {
        self.version = Some(version);
        self.dialect = Dialect::for_version(version.major, version.minor, self.utc_patch);
    }

    fn arm_deadline(&mut self, now: Duration) {
        self.deadline = self.recv_timeout.map(|t| now + t);
    }

    fn on_response(&mut self, response: Response) -> Result<(), ProtocolError> {
        let Some(head) = self.pending.front().copied() else {
            return Err(self.fail(ProtocolError::UnexpectedResponse(
                "an answer arrived when no request was waiting",
            )));
        };
        if let Response::Record(_) = response {
            if head.kind != Kind::Pull {
                return Err(self.fail(ProtocolError::UnexpectedResponse(
                    "a RECORD arrived for a request other than PULL",
                )));
            }
            self.events.push_back(Event::Response {
                id: head.id,
                request: head.kind.name(),
                response,
            });
            return Ok(());
        }
        self.pending.pop_front();
        if self.pending.is_empty() {
            self.deadline = None;
        }
        match &response {
            Response::Success(metadata) => self.on_success(head.kind, metadata),
            Response::Failure(_) => self.state = ServerState::Failed,
            Response::Ignored | Response::Record(_) => {}
        }
        self.events.push_back(Event::Response {
            id: head.id,
            request: head.kind.name(),
            response,
        });
        Ok(())
    }

    fn on_success(&mut self, kind: Kind, metadata: &Map) {
        let in_tx = matches!(self.state, ServerState::TxReady | ServerState::TxStreaming);
        self.state = match kind {
            Kind::Hello => {
                self.read_hello_metadata(metadata);
                if self.version.is_some_and(Version::supports_logon) {
                    ServerState::Authentication
                } else {
                    ServerState::Ready
                }
            }
            Kind::Logon | Kind::Reset | Kind::Commit | Kind::Rollback => ServerState::Ready,
            Kind::Logoff => ServerState::Authentication,
            Kind::Begin => ServerState::TxReady,
            Kind::Run { in_tx: true } => ServerState::TxStreaming,
            Kind::Run { in_tx: false } => ServerState::Streaming,
            Kind::Pull | Kind::Discard => {
                let has_more = matches!(meta(metadata, "has_more"), Some(Value::Boolean(true)));
                match (has_more, in_tx) {
                    (true, _) => self.state,
                    (false, true) => ServerState::TxReady,
                    (false, false) => ServerState::Ready,
                }
            }
            Kind::Goodbye | Kind::Route | Kind::Telemetry => self.state,
        };
    }

    fn read_hello_metadata(&mut self, metadata: &Map) {
        for (key, value) in metadata {
            match (key.as_str(), value) {
                ("server", Value::String(s)) => self.server_agent = Some(s.clone()),
                ("connection_id", Value::String(s)) => self.connection_id = Some(s.clone()),
                ("patch_bolt", Value::List(patches)) => {
                    self.utc_patch = patches
                        .iter()
                        .any(|p| matches!(p, Value::String(s) if s == "utc"));
                }
                ("hints", Value::Map(hints)) => {
                    if let Some(Value::Integer(secs)) =
                        meta(hints, "connection.recv_timeout_seconds")
                    {
                        if *secs > 0 {
                            self.recv_timeout = Some(Duration::from_secs(*secs as u64));
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(version) = self.version {
            self.set_version(version);
        }
    }
}
