//! The Bolt connection state machine, sans-IO.
//!
//! Call protocol (the caller owns the socket and the clock):
//!
//! 1. [`Connection::new`] queues the handshake; send what [`Connection::poll_transmit`] gives.
//! 2. Feed every byte received to [`Connection::handle_input`], in order, split anyhow.
//! 3. Queue requests with [`Connection::send`]; each returns a [`RequestId`]. Requests may be
//!    pipelined: they are sent in order and answered in order. Each is checked against the
//!    server state it will meet (the [`ServerState`] after everything queued before it, assuming
//!    success), and refused, unsent, if that state does not allow it.
//! 4. Drain [`Connection::poll_event`] after every input: each response comes back as an
//!    [`Event`] carrying the id of the request it answers.
//! 5. Arm a timer for [`Connection::poll_timeout`] and call [`Connection::handle_timeout`] when
//!    it fires (the server's `connection.recv_timeout_seconds` hint).
//!
//! A fatal error (bad bytes, an answer nobody asked for, a receive timeout) is sticky: every
//! later call returns the same error, and the connection must be dropped.

use std::collections::VecDeque;
use std::fmt;
use std::ops::Range;
use std::rc::Rc;
use std::time::Duration;

use super::chunk::{Dechunker, Messages};
use super::handshake::{Handshake, HandshakeError, HandshakeStatus, Proposal, DEFAULT_PROPOSALS};
use super::message::{parse_response, record_fields, RecordBatch, Request, Response, Within};
use super::metadata::{self, HelloMetadata, Hints, MetadataError};
use super::trace;
use super::Version;
use crate::packstream::{DecodeError, Dialect, EncodeError, Map};

/// Identifies a request on one connection; responses carry the id of the request they answer.
pub type RequestId = u64;

/// The server states of the Bolt specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerState {
    /// HELLO not yet answered (the specification's CONNECTED/NEGOTIATION).
    Negotiation,
    /// HELLO succeeded and LOGON is needed (5.1+), or LOGOFF succeeded.
    Authentication,
    /// Idle and ready for work.
    Ready,
    /// An auto-commit result is open.
    Streaming,
    /// An explicit transaction is open, with no open result.
    TxReady,
    /// An explicit transaction is open, with at least one open result.
    TxStreaming,
    /// A request failed; everything up to the next RESET is IGNORED.
    Failed,
    /// RESET was sent and not yet answered; what was queued before it may be IGNORED.
    Interrupted,
    /// The connection is closed (GOODBYE, a failed HELLO/LOGON/LOGOFF/RESET, a fatal error).
    Defunct,
}

impl fmt::Display for ServerState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServerState::Negotiation => "NEGOTIATION",
            ServerState::Authentication => "AUTHENTICATION",
            ServerState::Ready => "READY",
            ServerState::Streaming => "STREAMING",
            ServerState::TxReady => "TX_READY",
            ServerState::TxStreaming => "TX_STREAMING",
            ServerState::Failed => "FAILED",
            ServerState::Interrupted => "INTERRUPTED",
            ServerState::Defunct => "DEFUNCT",
        })
    }
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
    /// A SUCCESS the connection reads (HELLO's, or `has_more` of PULL/DISCARD) has a key of the
    /// wrong type.
    InvalidMetadata(MetadataError),
    /// No bytes arrived in time while a response was due.
    ReceiveTimeout(Silence),
    /// The connection was closed (by [`Connection::close`], or by the caller through
    /// [`Connection::fail`] when the transport closed).
    Closed,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Handshake(e) => write!(f, "Bolt handshake failed: {e}"),
            ProtocolError::Decode(e) => write!(f, "the server sent invalid data: {e}"),
            ProtocolError::MessageTooLarge(e) => write!(f, "{e}"),
            ProtocolError::UnexpectedResponse(what) => {
                write!(f, "protocol violation by the server: {what}")
            }
            ProtocolError::InvalidMetadata(e) => write!(f, "protocol violation by the server: {e}"),
            ProtocolError::ReceiveTimeout(silence) => write!(
                f,
                "no answer from the server within {silence}; the connection is closed"
            ),
            ProtocolError::Closed => write!(f, "the connection is closed"),
        }
    }
}

impl std::error::Error for ProtocolError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ProtocolError::Handshake(e) => Some(e),
            ProtocolError::Decode(e) => Some(e),
            ProtocolError::InvalidMetadata(e) => Some(e),
            _ => None,
        }
    }
}

/// How long the server may stay silent while an answer is due, and who said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Silence {
    /// The time allowed.
    pub limit: Duration,
    /// Where the limit comes from.
    pub set_by: SilenceLimit,
}

/// Where a [`Silence`] limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SilenceLimit {
    /// The server's `connection.recv_timeout_seconds` hint.
    ServerHint,
    /// The application's [`ConnectionConfig::receive_timeout`].
    Config,
    /// The transaction's timeout (this one), plus [`TRANSACTION_TIMEOUT_GRACE`]: the server
    /// ends the transaction by then, so silence past it means the server is gone.
    TransactionTimeout(Duration),
}

/// How long past a transaction's own timeout the server may stay silent before the client
/// gives up on it: the server checks timeouts periodically (every 2 s by default) and its
/// answer has to travel.
pub const TRANSACTION_TIMEOUT_GRACE: Duration = Duration::from_secs(5);

impl Silence {
    /// The shorter of two limits, either of which may be absent.
    fn shorter(a: Option<Silence>, b: Option<Silence>) -> Option<Silence> {
        match (a, b) {
            (Some(a), Some(b)) if b.limit < a.limit => Some(b),
            (a, b) => a.or(b),
        }
    }
}

impl fmt::Display for Silence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (", Seconds(self.limit))?;
        match self.set_by {
            SilenceLimit::ServerHint => {
                f.write_str("the connection.recv_timeout_seconds hint it sent)")
            }
            SilenceLimit::Config => f.write_str("the receiveTimeout config)"),
            SilenceLimit::TransactionTimeout(timeout) => write!(
                f,
                "the transaction's timeout of {} plus {} of grace)",
                Seconds(timeout),
                Seconds(TRANSACTION_TIMEOUT_GRACE)
            ),
        }
    }
}

/// A duration shown in seconds, with milliseconds where it has them ("30 s", "1.5 s").
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.as_secs())?;
        let mut millis = self.0.subsec_millis();
        if millis > 0 {
            // Up to three decimals, without trailing zeros.
            let mut digits = 3;
            while millis % 10 == 0 {
                millis /= 10;
                digits -= 1;
            }
            write!(f, ".{millis:0digits$}")?;
        }
        f.write_str(" s")
    }
}

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
    /// The negotiated version cannot carry one of the request's fields (impersonation before
    /// 4.4, notification filters before 5.2); sending it without would change its meaning.
    UnsupportedField {
        /// The message.
        message: &'static str,
        /// The field.
        field: &'static str,
        /// The negotiated version.
        version: Version,
    },
    /// The message is not allowed in the state the server will be in when it arrives (after
    /// everything queued before it); nothing was sent.
    NotAllowed {
        /// The message.
        message: &'static str,
        /// The server state expected when the message arrives.
        state: ServerState,
        /// Why the state does not allow it.
        reason: &'static str,
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
            SendError::UnsupportedField {
                message,
                field,
                version,
            } => write!(f, "{message} cannot carry {field} in Bolt {version}"),
            SendError::NotAllowed {
                message,
                state,
                reason,
            } => write!(f, "{message} is not allowed in state {state}: {reason}"),
            SendError::NotNegotiated => write!(
                f,
                "requests cannot be sent before the Bolt handshake completes"
            ),
            SendError::Encode(e) => write!(f, "cannot encode the request: {e}"),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Fatal(e) => Some(e),
            SendError::Encode(e) => Some(e),
            _ => None,
        }
    }
}

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
    /// How long the server may stay silent while an answer is due (`receiveTimeout`), on top
    /// of the server's own hint and a transaction's timeout; the shortest applies. `None`: no
    /// limit of the application's.
    pub receive_timeout: Option<Duration>,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        ConnectionConfig {
            proposals: DEFAULT_PROPOSALS.to_vec(),
            max_message_size: super::chunk::DEFAULT_MAX_MESSAGE_SIZE,
            receive_timeout: None,
        }
    }
}

/// A request waiting for its final answer.
#[derive(Debug, Clone, Copy)]
struct Pending {
    id: RequestId,
    kind: Kind,
    /// The request's name, for the events of its answers.
    name: &'static str,
    /// The timeout of the transaction the request belongs to, if it has one.
    transaction_timeout: Option<Duration>,
}

/// What the state machine needs to know about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hello,
    Logon,
    Logoff,
    Goodbye,
    Reset,
    /// `in_tx`: a RUN without auto-commit config, meant for an open explicit transaction.
    Run {
        in_tx: bool,
    },
    Begin,
    Commit,
    Rollback,
    /// `all`: `n` is [`ALL`](super::message::ALL), so the result ends with this answer.
    Pull {
        all: bool,
    },
    Discard {
        all: bool,
    },
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
            Request::Run { within, .. } => Kind::Run {
                in_tx: matches!(within, Within::Transaction),
            },
            Request::Begin(_) => Kind::Begin,
            Request::Commit => Kind::Commit,
            Request::Rollback => Kind::Rollback,
            Request::Pull { n, .. } => Kind::Pull {
                all: *n == super::message::ALL,
            },
            Request::Discard { n, .. } => Kind::Discard {
                all: *n == super::message::ALL,
            },
            Request::Route { .. } => Kind::Route,
            Request::Telemetry { .. } => Kind::Telemetry,
        }
    }

    /// The `has_more` to expect before the answer arrives: a PULL or DISCARD of `n` records
    /// may leave some, one of all of them cannot.
    fn predicted_has_more(self) -> bool {
        matches!(
            self,
            Kind::Pull { all: false } | Kind::Discard { all: false }
        )
    }
}

/// A server state, with the number of open results inside an explicit transaction (a
/// transaction may run several queries before pulling them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Phase {
    state: ServerState,
    /// Open results; non-zero exactly in TX_STREAMING.
    tx_results: u32,
}

impl Phase {
    const fn at(state: ServerState) -> Phase {
        Phase {
            state,
            tx_results: 0,
        }
    }

    /// The phase after `kind` succeeds in this one (`has_more` from its answer, for PULL and
    /// DISCARD), or why this phase does not allow `kind`. `logon` says whether the version
    /// authenticates with LOGON (5.1+). The transitions are the specification's.
    fn after(self, kind: Kind, logon: bool, has_more: bool) -> Result<Phase, &'static str> {
        use ServerState as S;
        let to = |state| Ok(Phase::at(state));
        match (self.state, kind) {
            (S::Defunct, _) => Err("the connection is closed"),
            (_, Kind::Goodbye) => to(S::Defunct),
            (S::Negotiation, Kind::Hello) if logon => to(S::Authentication),
            (S::Negotiation, Kind::Hello) => to(S::Ready),
            (S::Negotiation, _) => Err("HELLO must come first"),
            (S::Authentication, Kind::Logon) => to(S::Ready),
            (S::Authentication, _) => Err("the connection is not authenticated: LOGON first"),
            (_, Kind::Reset) => to(S::Ready),
            (S::Failed | S::Interrupted, _) => Err("an earlier request failed: RESET first"),
            (_, Kind::Hello) => Err("HELLO was already sent"),
            (_, Kind::Logon) => Err("the connection is authenticated: LOGOFF first"),
            (S::Ready, Kind::Logoff) => to(S::Authentication),
            (S::Ready, Kind::Route | Kind::Telemetry) => to(S::Ready),
            (S::Ready, Kind::Run { in_tx: false }) => to(S::Streaming),
            (S::Ready, Kind::Begin) => to(S::TxReady),
            (S::Streaming, Kind::Pull { .. } | Kind::Discard { .. }) if has_more => Ok(self),
            (S::Streaming, Kind::Pull { .. } | Kind::Discard { .. }) => to(S::Ready),
            (S::TxReady | S::TxStreaming, Kind::Run { in_tx: true }) => Ok(Phase {
                state: S::TxStreaming,
                tx_results: self.tx_results.saturating_add(1),
            }),
            (S::TxReady, Kind::Commit | Kind::Rollback) => to(S::Ready),
            (S::TxStreaming, Kind::Pull { .. } | Kind::Discard { .. }) if has_more => Ok(self),
            (S::TxStreaming, Kind::Pull { .. } | Kind::Discard { .. }) if self.tx_results > 1 => {
                Ok(Phase {
                    state: S::TxStreaming,
                    tx_results: self.tx_results - 1,
                })
            }
            (S::TxStreaming, Kind::Pull { .. } | Kind::Discard { .. }) => to(S::TxReady),
            (state, kind) => Err(refusal(state, kind)),
        }
    }

    /// The phase after a request sent earlier has been processed, assuming it succeeds unless
    /// it will be IGNORED (FAILED and INTERRUPTED ignore all but RESET) or refused (a request
    /// the phase does not allow fails, leaving FAILED).
    fn replay(self, kind: Kind, logon: bool) -> Phase {
        match self.state {
            ServerState::Defunct => self,
            ServerState::Failed | ServerState::Interrupted if kind != Kind::Reset => self,
            _ => self
                .after(kind, logon, kind.predicted_has_more())
                .unwrap_or(Phase::at(ServerState::Failed)),
        }
    }
}

/// Why READY, STREAMING, TX_READY or TX_STREAMING does not allow `kind`.
fn refusal(state: ServerState, kind: Kind) -> &'static str {
    use ServerState as S;
    let in_tx = matches!(state, S::TxReady | S::TxStreaming);
    match kind {
        Kind::Commit | Kind::Rollback | Kind::Run { in_tx: true } if !in_tx => {
            "no transaction is open"
        }
        Kind::Pull { .. } | Kind::Discard { .. } => "no result is open",
        Kind::Run { in_tx: false } if in_tx => {
            "a transaction is open, and a RUN inside it carries no transaction config"
        }
        Kind::Begin if in_tx => "a transaction is already open",
        _ if matches!(state, S::Streaming | S::TxStreaming) => {
            "a result is still open: PULL or DISCARD it to the end first"
        }
        _ => "a transaction is open: COMMIT or ROLLBACK it first",
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
    /// The state as the answers so far tell.
    actual: Phase,
    fatal: Option<ProtocolError>,
    hello: HelloMetadata,
    /// [`ConnectionConfig::receive_timeout`].
    receive_timeout: Option<Duration>,
    /// The timeout of the transaction the requests sent next belong to, if it has one.
    transaction_timeout: Option<Duration>,
    /// When the server's silence becomes fatal, if an answer is due.
    deadline: Option<Duration>,
    /// The messages sent and received as text, when traced ([`Connection::trace_messages`]).
    trace: Option<Trace>,
}

/// Messages described for the log, waiting to be taken ([`Connection::poll_trace`]).
#[derive(Debug)]
struct Trace {
    /// Whether query parameters and records are shown.
    unredacted: bool,
    lines: VecDeque<String>,
}

impl Trace {
    /// Notes a message: `C: ` sent by the client, `S: ` by the server.
    fn note(&mut self, from: &str, body: &[u8], dialect: Dialect) {
        let mut line = String::from(from);
        line.push_str(&trace::describe(body, dialect, self.unredacted));
        self.lines.push_back(line);
    }
}

impl Connection {
    /// A new connection; the handshake hello is ready in [`Connection::poll_transmit`].
    pub fn new(config: ConnectionConfig) -> Self {
        let handshake = Handshake::new(&config.proposals);
        Connection {
            transmit: handshake.hello().to_vec(),
            handshake: Some(handshake),
            version: None,
            dialect: Dialect::BOLT_5,
            dechunker: Dechunker::new().with_max_message_size(config.max_message_size),
            pending: VecDeque::new(),
            events: VecDeque::new(),
            next_id: 0,
            actual: Phase::at(ServerState::Negotiation),
            fatal: None,
            hello: HelloMetadata::default(),
            receive_timeout: config.receive_timeout,
            transaction_timeout: None,
            deadline: None,
            trace: None,
        }
    }

    /// Describes every message sent and received from now on, for a debug log; `unredacted`
    /// shows query parameters and records too. Credentials never show.
    pub fn trace_messages(&mut self, unredacted: bool) {
        self.trace = Some(Trace {
            unredacted,
            lines: VecDeque::new(),
        });
    }

    /// Describes `request`, just sent, if messages are traced.
    fn note_sent(&mut self, request: &Request, version: Version) {
        if let Some(trace) = &mut self.trace {
            if let Ok(body) = request.body(version, self.dialect) {
                trace.note("C: ", &body, self.dialect);
            }
        }
    }

    /// The next traced message, as `C: RUN ...` or `S: SUCCESS ...`.
    pub fn poll_trace(&mut self) -> Option<String> {
        self.trace.as_mut()?.lines.pop_front()
    }

    /// The negotiated Bolt version, once the handshake is done.
    pub fn version(&self) -> Option<Version> {
        self.version
    }

    /// How values are written on this connection.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The server state as the answers so far tell: INTERRUPTED from sending RESET until its
    /// answer, DEFUNCT after GOODBYE, a HELLO/LOGON/LOGOFF/RESET failure or a fatal error.
    pub fn state(&self) -> ServerState {
        self.actual.state
    }

    /// The state the server will be in once everything queued has been answered, assuming
    /// success: what [`Connection::send`] checks a new request against. After a FAILURE it is
    /// FAILED until a RESET is queued.
    pub fn expected_state(&self) -> ServerState {
        self.expected().state
    }

    /// The server's agent string from HELLO's answer, e.g. `Neo4j/5.26.0`.
    pub fn server_agent(&self) -> Option<&str> {
        self.hello.server.as_deref()
    }

    /// The server's id for this connection from HELLO's answer.
    pub fn connection_id(&self) -> Option<&str> {
        self.hello.connection_id.as_deref()
    }

    /// The connection hints from HELLO's answer: receive timeout, whether the server wants
    /// TELEMETRY, whether server-side routing is on (all defaults before the answer).
    pub fn hints(&self) -> &Hints {
        &self.hello.hints
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
        match (self.deadline, self.silence_allowed()) {
            (Some(deadline), Some(silence)) if now >= deadline => {
                Err(self.fail(ProtocolError::ReceiveTimeout(silence)))
            }
            _ => Ok(()),
        }
    }

    /// Marks the connection failed (DEFUNCT) with `error`, for example when the transport
    /// breaks or a record cannot be decoded, and returns the error.
    pub fn fail(&mut self, error: ProtocolError) -> ProtocolError {
        self.deadline = None;
        self.actual = Phase::at(ServerState::Defunct);
        self.fatal.get_or_insert(error).clone()
    }

    /// Closes the connection: GOODBYE is queued if the connection is usable, and every later
    /// call fails with [`ProtocolError::Closed`].
    pub fn close(&mut self) {
        if let (None, Some(version)) = (&self.fatal, self.version) {
            if self.actual.state != ServerState::Defunct {
                // GOODBYE has no fields, so encoding it cannot fail.
                let _ = Request::Goodbye.encode(version, self.dialect, &mut self.transmit);
                self.note_sent(&Request::Goodbye, version);
            }
        }
        self.pending.clear();
        self.fail(ProtocolError::Closed);
    }

    /// Queues a request at time `now`; its answers arrive as [`Event::Response`]s with the
    /// returned id.
    ///
    /// The request is checked against the state the server will be in when it arrives
    /// ([`Connection::expected_state`]); one the state does not allow is refused with
    /// [`SendError::NotAllowed`] and nothing is written.
    pub fn send(&mut self, request: &Request, now: Duration) -> Result<RequestId, SendError> {
        if let Some(e) = &self.fatal {
            return Err(SendError::Fatal(e.clone()));
        }
        let version = self.version.ok_or(SendError::NotNegotiated)?;
        let message = request.name();
        if !request.available_in(version) {
            return Err(SendError::Unsupported { message, version });
        }
        if let Some(field) = request.unsupported_field(version) {
            return Err(SendError::UnsupportedField {
                message,
                field,
                version,
            });
        }
        let kind = Kind::of(request);
        let expected = self.expected();
        if let Err(reason) = expected.after(kind, version.supports_logon(), false) {
            return Err(SendError::NotAllowed {
                message,
                state: expected.state,
                reason,
            });
        }
        request
            .encode(version, self.dialect, &mut self.transmit)
            .map_err(SendError::Encode)?;
        self.note_sent(request, version);
        let id = self.next_id;
        self.next_id += 1;
        self.transaction_timeout = match request {
            Request::Begin(tx)
            | Request::Run {
                within: Within::AutoCommit(tx),
                ..
            } => tx
                .timeout_ms
                .filter(|ms| *ms > 0)
                .map(|ms| Duration::from_millis(ms.unsigned_abs())),
            // Whatever else goes on in the transaction (or the auto-commit result) shares its
            // timeout; anything outside one has none.
            _ if matches!(
                expected.state,
                ServerState::Streaming | ServerState::TxReady | ServerState::TxStreaming
            ) && kind != Kind::Reset =>
            {
                self.transaction_timeout
            }
            _ => None,
        };
        match kind {
            // No answer comes; the server closes the connection.
            Kind::Goodbye => self.actual = Phase::at(ServerState::Defunct),
            _ => {
                if kind == Kind::Reset {
                    // The server interrupts its work as soon as RESET arrives.
                    self.actual = Phase::at(ServerState::Interrupted);
                }
                let first = self.pending.is_empty();
                self.pending.push_back(Pending {
                    id,
                    kind,
                    name: request.name(),
                    transaction_timeout: self.transaction_timeout,
                });
                if first {
                    // The first answer due: the silence counts from now.
                    self.arm_deadline(now);
                }
            }
        }
        Ok(id)
    }

    /// Feeds bytes received from the server at time `now`.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn handle_input(&mut self, bytes: &[u8], now: Duration) -> Result<(), ProtocolError> {
        self.check_fatal()?;
        let mut bytes = bytes;
        let leftover;
        if let Some(handshake) = self.handshake.as_mut() {
            match handshake.push(bytes) {
                Ok(HandshakeStatus::NeedMore) => return Ok(()),
                Ok(HandshakeStatus::Done(negotiated)) => {
                    self.handshake = None;
                    self.version = Some(negotiated.version);
                    self.update_dialect();
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
        let messages = self.dechunker.take_messages();
        self.on_messages(&messages)?;
        // Bytes came: the silence, if an answer is still due, counts from now.
        self.arm_deadline(now);
        Ok(())
    }

    /// Handles complete messages from the server, then the framing error that followed them.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn on_messages(&mut self, messages: &Messages) -> Result<(), ProtocolError> {
        for (buffer, span) in messages.bodies.shared() {
            let body = buffer.get(span.clone()).unwrap_or_default();
            if let Some(trace) = &mut self.trace {
                trace.note("S: ", body, self.dialect);
            }
            if let Some(fields) = record_fields(body) {
                // Left where it is: the batch shares the buffer.
                self.on_record(buffer, span.end - fields.len()..span.end)?;
                continue;
            }
            let response = parse_response(body, self.dialect)
                .map_err(|e| self.fail(ProtocolError::Decode(e)))?;
            self.on_response(response)?;
        }
        match &messages.error {
            Some(e) => Err(self.fail(ProtocolError::MessageTooLarge(e.to_string()))),
            None => Ok(()),
        }
    }

    fn check_fatal(&self) -> Result<(), ProtocolError> {
        match &self.fatal {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    fn logon(&self) -> bool {
        self.version.is_some_and(Version::supports_logon)
    }

    fn expected(&self) -> Phase {
        let logon = self.logon();
        self.pending
            .iter()
            .fold(self.actual, |phase, p| phase.replay(p.kind, logon))
    }

    /// Derives the dialect from the version and, on 4.3/4.4, the `utc` patch HELLO's answer
    /// acknowledged.
    fn update_dialect(&mut self) {
        if let Some(v) = self.version {
            let utc_patch = self.hello.patch_bolt.iter().any(|p| p == "utc");
            self.dialect = v.dialect(utc_patch);
        }
    }

    /// Sets when silence becomes fatal, counted from `now`, for the request answered next.
    fn arm_deadline(&mut self, now: Duration) {
        self.deadline = self.silence_allowed().map(|silence| now + silence.limit);
    }

    /// How long the server may stay silent before answering the oldest pending request: the
    /// shortest of the server's hint, the application's limit and the request's transaction
    /// timeout (with grace). `None` when nothing is pending or nothing limits it.
    fn silence_allowed(&self) -> Option<Silence> {
        let head = self.pending.front()?;
        let hint = self.hello.hints.recv_timeout.map(|limit| Silence {
            limit,
            set_by: SilenceLimit::ServerHint,
        });
        let config = self.receive_timeout.map(|limit| Silence {
            limit,
            set_by: SilenceLimit::Config,
        });
        let transaction = head.transaction_timeout.map(|timeout| Silence {
            limit: timeout.saturating_add(TRANSACTION_TIMEOUT_GRACE),
            set_by: SilenceLimit::TransactionTimeout(timeout),
        });
        Silence::shorter(Silence::shorter(hint, config), transaction)
    }

    /// The request that the next answer belongs to.
    fn answered(&mut self) -> Result<Pending, ProtocolError> {
        self.pending.front().copied().ok_or_else(|| {
            self.fail(ProtocolError::UnexpectedResponse(
                "an answer arrived when no request was waiting",
            ))
        })
    }

    /// A RECORD's field list, at `fields` in `buffer`: added to the PULL's batch of records
    /// that are not polled yet.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn on_record(
        &mut self,
        buffer: &Rc<Vec<u8>>,
        fields: Range<usize>,
    ) -> Result<(), ProtocolError> {
        let head = self.answered()?;
        if !matches!(head.kind, Kind::Pull { .. }) {
            return Err(self.fail(ProtocolError::UnexpectedResponse(
                "a RECORD arrived for a request other than PULL",
            )));
        }
        if let Some(Event::Response {
            id,
            response: Response::Records(batch),
            ..
        }) = self.events.back_mut()
        {
            if *id == head.id {
                batch.push_shared(buffer, fields);
                return Ok(());
            }
        }
        let mut batch = RecordBatch::default();
        batch.push_shared(buffer, fields);
        self.events.push_back(Event::Response {
            id: head.id,
            request: head.name,
            response: Response::Records(batch),
        });
        Ok(())
    }

    fn on_response(&mut self, response: Response) -> Result<(), ProtocolError> {
        if let Response::Records(batch) = &response {
            return batch
                .shared()
                .try_for_each(|(buffer, fields)| self.on_record(buffer, fields));
        }
        let head = self.answered()?;
        self.pending.pop_front();
        let next = match &response {
            Response::Success(metadata) => self.on_success(head.kind, metadata)?,
            // The server closes the connection after these fail.
            Response::Failure(_)
                if matches!(
                    head.kind,
                    Kind::Hello | Kind::Logon | Kind::Logoff | Kind::Reset
                ) =>
            {
                Phase::at(ServerState::Defunct)
            }
            Response::Failure(_) => Phase::at(ServerState::Failed),
            Response::Ignored | Response::Records(_) => self.actual,
        };
        let reset_pending = self.pending.iter().any(|p| p.kind == Kind::Reset);
        self.actual = match (self.actual.state, next.state) {
            (ServerState::Defunct, _) | (_, ServerState::Defunct) => {
                Phase::at(ServerState::Defunct)
            }
            // Until RESET's own answer, whatever else answers, the server stays interrupted.
            _ if reset_pending => Phase::at(ServerState::Interrupted),
            _ => next,
        };
        self.events.push_back(Event::Response {
            id: head.id,
            request: head.name,
            response,
        });
        Ok(())
    }

    /// The phase after `kind` succeeded with `metadata`; reads HELLO's metadata.
    fn on_success(&mut self, kind: Kind, metadata: &Map) -> Result<Phase, ProtocolError> {
        let has_more = match kind {
            Kind::Hello => {
                self.hello = HelloMetadata::parse(metadata)
                    .map_err(|e| self.fail(ProtocolError::InvalidMetadata(e)))?;
                self.update_dialect();
                false
            }
            Kind::Pull { .. } | Kind::Discard { .. } => metadata::has_more(metadata)
                .map_err(|e| self.fail(ProtocolError::InvalidMetadata(e)))?,
            _ => false,
        };
        // A success the state does not allow (a lenient server) leaves the state as it was.
        Ok(self
            .actual
            .after(kind, self.logon(), has_more)
            .unwrap_or(self.actual))
    }
}
