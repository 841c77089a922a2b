//! The connection's checks: a whole session, where a scripted client sends requests and the
//! server's answers are arbitrary bytes, decoded onto tapes as the JS layer reads them.
//!
//! An input is laid out as follows (any bytes are an input; missing bytes read as zero):
//!
//! | byte | meaning |
//! |---|---|
//! | 0 | the version, `0xMm` for `M.m` (`0x44` is 4.4); one the core does not speak picks one it does |
//! | 1 | [flags](flag) |
//! | 2 | `n`: how many script bytes follow (taken modulo 32) |
//! | 3 .. 3+n | the script: one step per byte |
//! | the rest | the server's bytes, after the handshake |
//!
//! The handshake is answered first (classic, or a manifest for 6.x), then HELLO and, from 5.1,
//! LOGON are sent and answered with SUCCESS (unless [`flag::SERVER_ANSWERS_HELLO`]), so the
//! script starts in READY. Each script byte's low four bits are an [action](action); its high
//! four bits say how many of the server's bytes arrive after it ([`arriving`]): whole messages,
//! a number of bytes, or all that are left. What is left after the last step arrives at the
//! end, then a day passes and the connection is closed.
//!
//! Besides "no panic, no hang, bounded memory" (the fuzzer's own limits), the session checks
//! that answers come in request order, that refused requests write nothing, that a fatal
//! error is sticky, and that every batch of records gives the same tape written from the
//! wire as written from the decoded values, or the decoder's own error. A batch with a map
//! that repeats a key is the one exception (see [`repeats_a_map_key`]).

use std::collections::VecDeque;
use std::time::Duration;

use neo4j_wasm::bolt::message::{decode_record, ALL, LAST_QUERY};
use neo4j_wasm::bolt::{
    metadata, write_message, AuthToken, Connection, ConnectionConfig, Event, Hello, ProtocolError,
    RecordBatch, Request, Response, RouteAnswer, RunMetadata, SendError, ServerState, TxConfig,
    Version, Within,
};
use neo4j_wasm::packstream::{Decoder, Dialect, Encoder, Map, Tape, Token, Value};

/// The bits of the flags byte.
pub mod flag {
    /// HELLO's answer acknowledges the `utc` patch (4.3 and 4.4 then use 5.0's date-times).
    pub const UTC_PATCH: u8 = 1;
    /// HELLO's answer sets the `connection.recv_timeout_seconds` hint to 30.
    pub const RECV_TIMEOUT_HINT: u8 = 2;
    /// The application's receive timeout is 10 s.
    pub const RECEIVE_TIMEOUT: u8 = 4;
    /// Messages are traced (described for a debug log).
    pub const TRACE: u8 = 8;
    /// Traced messages show parameters and records.
    pub const TRACE_UNREDACTED: u8 = 16;
    /// Messages larger than 1 KiB are refused.
    pub const SMALL_MESSAGES: u8 = 32;
    /// The server's bytes answer HELLO and LOGON too; the script starts once they are answered.
    pub const SERVER_ANSWERS_HELLO: u8 = 64;
}

/// What a script step does (the low four bits of its byte).
pub mod action {
    /// RUN in an auto-commit transaction.
    pub const RUN: u8 = 0;
    /// RUN in an auto-commit transaction with a 1 s timeout, a bookmark and a database.
    pub const RUN_CONFIGURED: u8 = 1;
    /// RUN in the explicit transaction.
    pub const RUN_IN_TX: u8 = 2;
    /// PULL all records.
    pub const PULL_ALL: u8 = 3;
    /// PULL two records.
    pub const PULL_TWO: u8 = 4;
    /// DISCARD all records.
    pub const DISCARD_ALL: u8 = 5;
    /// DISCARD one record.
    pub const DISCARD_ONE: u8 = 6;
    /// BEGIN.
    pub const BEGIN: u8 = 7;
    /// BEGIN with a 1 s timeout.
    pub const BEGIN_TIMEOUT: u8 = 8;
    /// COMMIT.
    pub const COMMIT: u8 = 9;
    /// ROLLBACK.
    pub const ROLLBACK: u8 = 10;
    /// RESET.
    pub const RESET: u8 = 11;
    /// ROUTE.
    pub const ROUTE: u8 = 12;
    /// TELEMETRY.
    pub const TELEMETRY: u8 = 13;
    /// LOGOFF then LOGON.
    pub const REAUTH: u8 = 14;
    /// Ten minutes pass without a byte.
    pub const WAIT: u8 = 15;
}

/// The versions the core speaks; a version byte naming another picks one of these.
const VERSIONS: [(u8, u8); 13] = [
    (4, 2),
    (4, 3),
    (4, 4),
    (5, 0),
    (5, 1),
    (5, 2),
    (5, 3),
    (5, 4),
    (5, 6),
    (5, 7),
    (5, 8),
    (6, 0),
    (6, 1),
];

/// Largest script: more steps add nothing the fuzzer cannot reach by repeating an input.
const MAX_STEPS: u8 = 32;

/// What a session came to, for tests that replay known inputs.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// The version negotiated.
    pub version: Option<Version>,
    /// Final answers (SUCCESS, FAILURE, IGNORED) received.
    pub answers: usize,
    /// Records written on a tape.
    pub records: usize,
    /// Records whose bytes are not a valid record (the decoder's and the tape's error).
    pub malformed: usize,
    /// Records with a map that repeats a key, whose batch's two tapes are not compared.
    pub repeated_keys: usize,
    /// Requests still waiting for their answer when the connection was closed.
    pub unanswered: usize,
    /// The fatal error, if the connection failed before it was closed.
    pub fatal: Option<ProtocolError>,
}

/// Runs the session `input` describes, checking it as it goes (see the module documentation).
pub fn check_session(input: &[u8]) -> Outcome {
    let byte = |i: usize| input.get(i).copied().unwrap_or(0);
    let (major, minor) = (byte(0) >> 4, byte(0) & 0x0F);
    let (major, minor) = VERSIONS
        .iter()
        .copied()
        .find(|v| *v == (major, minor))
        .unwrap_or(VERSIONS[usize::from(byte(0)) % VERSIONS.len()]);
    let flags = byte(1);
    let steps = usize::from(byte(2) % MAX_STEPS);
    let script = input.get(3..3 + steps).unwrap_or(&[]);
    let mut server = input.get(3 + steps..).unwrap_or(&[]);
    let mut session = Session::start(Version::new(major, minor), flags);
    if flags & flag::SERVER_ANSWERS_HELLO == 0 {
        let answers = session.hello_answers(flags);
        session.receive(&answers);
        assert_eq!(session.connection.state(), ServerState::Ready);
    }
    for &step in script {
        session.step(step & 0x0F);
        let (now, later) = server.split_at(arriving(server, step >> 4));
        session.receive(now);
        server = later;
    }
    session.receive(server);
    session.finish()
}

/// One connection, the requests awaiting answers, and the tapes records are read onto.
struct Session {
    connection: Connection,
    now: Duration,
    /// Requests sent and not finally answered, oldest first.
    awaiting: VecDeque<(u64, &'static str)>,
    /// Records of the current result, as the JS layer writes them.
    from_wire: Tape,
    /// The same records, decoded first, then written.
    from_values: Tape,
    /// Metadata maps, on a tape shared by every answer as the JS layer's is.
    metadata: Tape,
    outcome: Outcome,
}

impl Session {
    /// A connection that has sent HELLO (and LOGON, 5.1+) after negotiating `version`.
    fn start(version: Version, flags: u8) -> Session {
        let config = ConnectionConfig {
            max_message_size: if flags & flag::SMALL_MESSAGES != 0 {
                1024
            } else {
                ConnectionConfig::default().max_message_size
            },
            receive_timeout: (flags & flag::RECEIVE_TIMEOUT != 0)
                .then_some(Duration::from_secs(10)),
            ..ConnectionConfig::default()
        };
        let mut connection = Connection::new(config);
        if flags & flag::TRACE != 0 {
            connection.trace_messages(flags & flag::TRACE_UNREDACTED != 0);
        }
        let mut hello = Vec::new();
        connection.poll_transmit(&mut hello);
        assert_eq!(&hello[..4], [0x60, 0x60, 0xB0, 0x17]);
        let (major, minor) = (version.major, version.minor);
        let answer = if major >= 6 {
            // A manifest listing just this version, and no capabilities.
            vec![0, 0, 1, 0xFF, 1, 0, 0, minor, major, 0]
        } else {
            vec![0, 0, minor, major]
        };
        connection
            .handle_input(&answer, Duration::ZERO)
            .expect("a valid handshake answer");
        assert_eq!(connection.poll_event(), Some(Event::Negotiated(version)));
        let mut session = Session {
            connection,
            now: Duration::ZERO,
            awaiting: VecDeque::new(),
            from_wire: Tape::new(),
            from_values: Tape::new(),
            metadata: Tape::new(),
            outcome: Outcome {
                version: Some(version),
                ..Outcome::default()
            },
        };
        session.send(&Request::Hello(Hello {
            user_agent: "fuzz/1".into(),
            auth: AuthToken::basic("neo4j", "secret", None),
            ..Hello::default()
        }));
        if version.supports_logon() {
            session.send(&logon());
        }
        session
    }

    /// HELLO's SUCCESS (with the hints and patches `flags` ask for), and LOGON's.
    fn hello_answers(&self, flags: u8) -> Vec<u8> {
        let mut hello: Map = vec![
            ("server".into(), Value::String("Neo4j/5.26.0".into())),
            ("connection_id".into(), Value::String("bolt-1".into())),
        ];
        if flags & flag::UTC_PATCH != 0 {
            hello.push((
                "patch_bolt".into(),
                Value::List(vec![Value::String("utc".into())]),
            ));
        }
        if flags & flag::RECV_TIMEOUT_HINT != 0 {
            hello.push((
                "hints".into(),
                Value::Map(vec![(
                    "connection.recv_timeout_seconds".into(),
                    Value::Integer(30),
                )]),
            ));
        }
        let mut bytes = success(hello);
        if self
            .connection
            .version()
            .is_some_and(Version::supports_logon)
        {
            bytes.extend(success(Map::new()));
        }
        bytes
    }

    /// Sends `request`: queued, or refused with nothing written.
    fn send(&mut self, request: &Request) {
        let mut before = Vec::new();
        self.connection.poll_transmit(&mut before);
        let fatal = self.connection.fatal_error().cloned();
        match self.connection.send(request, self.now) {
            Ok(id) => self.awaiting.push_back((id, request.name())),
            Err(refused) => {
                let mut written = Vec::new();
                self.connection.poll_transmit(&mut written);
                assert!(written.is_empty(), "{refused} and yet wrote {written:?}");
                if let Some(fatal) = fatal {
                    assert_eq!(refused, SendError::Fatal(fatal));
                }
            }
        }
    }

    /// Performs a script action.
    fn step(&mut self, what: u8) {
        let run = |within| Request::Run {
            query: "UNWIND range(1, $n) AS i RETURN i".into(),
            parameters: vec![("n".into(), Value::Integer(3))].into(),
            within,
        };
        let configured = TxConfig {
            bookmarks: vec!["bm:1".into()],
            timeout_ms: Some(1000),
            database: Some("neo4j".into()),
            ..TxConfig::default()
        };
        let request = match what {
            action::RUN => run(Within::AutoCommit(TxConfig::default())),
            action::RUN_CONFIGURED => run(Within::AutoCommit(configured)),
            action::RUN_IN_TX => run(Within::Transaction),
            action::PULL_ALL => Request::Pull {
                n: ALL,
                qid: LAST_QUERY,
            },
            action::PULL_TWO => Request::Pull {
                n: 2,
                qid: LAST_QUERY,
            },
            action::DISCARD_ALL => Request::Discard {
                n: ALL,
                qid: LAST_QUERY,
            },
            action::DISCARD_ONE => Request::Discard {
                n: 1,
                qid: LAST_QUERY,
            },
            action::BEGIN => Request::Begin(TxConfig::default()),
            action::BEGIN_TIMEOUT => Request::Begin(configured),
            action::COMMIT => Request::Commit,
            action::ROLLBACK => Request::Rollback,
            action::RESET => Request::Reset,
            action::ROUTE => Request::Route {
                routing: vec![("address".into(), Value::String("h:7687".into()))],
                bookmarks: Vec::new(),
                database: None,
                impersonated_user: None,
            },
            action::TELEMETRY => Request::Telemetry { api: 2 },
            action::REAUTH => {
                self.send(&Request::Logoff);
                logon()
            }
            _ => {
                debug_assert_eq!(what, action::WAIT);
                self.now += Duration::from_secs(600);
                self.tick();
                return;
            }
        };
        self.send(&request);
    }

    /// Lets the connection see the time; a timeout it reports must be sticky.
    fn tick(&mut self) {
        let deadline = self.connection.poll_timeout();
        match self.connection.handle_timeout(self.now) {
            Ok(()) => assert!(deadline.is_none_or(|d| d > self.now) || self.awaiting.is_empty()),
            Err(e) => self.failed(e),
        }
    }

    /// Feeds `bytes` from the server, one millisecond later, and reads every event.
    fn receive(&mut self, bytes: &[u8]) {
        self.now += Duration::from_millis(1);
        let result = self.connection.handle_input(bytes, self.now);
        self.drain();
        if let Err(e) = result {
            self.failed(e);
        }
    }

    /// Checks that the connection stays failed with `error`.
    fn failed(&mut self, error: ProtocolError) {
        assert_eq!(self.connection.state(), ServerState::Defunct);
        assert_eq!(self.connection.fatal_error(), Some(&error));
        assert_eq!(
            self.connection.handle_input(b"\x00", self.now),
            Err(error.clone())
        );
        assert_eq!(self.connection.handle_timeout(self.now), Err(error.clone()));
        assert_eq!(self.connection.poll_event(), None);
        self.outcome.fatal.get_or_insert(error);
    }

    /// Reads every event: answers in request order, records onto the tapes.
    fn drain(&mut self) {
        while let Some(event) = self.connection.poll_event() {
            let Event::Response {
                id,
                request,
                response,
            } = event
            else {
                panic!("a second handshake: {event:?}");
            };
            let &(head, name) = self.awaiting.front().expect("an answer nobody asked for");
            assert_eq!((id, request), (head, name), "answers out of order");
            match response {
                Response::Records(batch) => {
                    assert_eq!(request, "PULL");
                    self.tape(&batch);
                    continue;
                }
                Response::Success(meta) => {
                    self.metadata.clear();
                    self.metadata.write_map(&meta);
                    // What the driver reads of each answer; malformed metadata is its error.
                    let _ = match request {
                        "RUN" | "BEGIN" => RunMetadata::parse(&meta).map(drop),
                        "ROUTE" => RouteAnswer::parse(&meta).map(drop),
                        _ => metadata::bookmark(&meta)
                            .and_then(|_| metadata::query_type(&meta))
                            .map(drop),
                    };
                }
                Response::Failure(error) => {
                    let _ = (error.classification(), error.to_string());
                }
                Response::Ignored => {}
            }
            self.awaiting.pop_front();
            self.outcome.answers += 1;
        }
        while self.connection.poll_trace().is_some() {}
    }

    /// Writes a batch of records on a tape as the JS layer does, and checks it holds what the
    /// decoded records hold; a malformed record must fail both ways alike.
    fn tape(&mut self, batch: &RecordBatch) {
        let dialect: Dialect = self.connection.dialect();
        self.from_wire.clear();
        self.from_values.clear();
        self.from_wire.write_list_header(batch.len());
        self.from_values.write_list_header(batch.len());
        let mut comparable = true;
        for body in batch.iter() {
            let on_tape = self.from_wire.write_list(body, dialect);
            match decode_record(body, dialect) {
                Ok(values) => {
                    assert_eq!(on_tape, Ok(()));
                    self.from_values.write_value(&Value::List(values));
                    self.outcome.records += 1;
                    if repeats_a_map_key(body) {
                        comparable = false;
                        self.outcome.repeated_keys += 1;
                    }
                }
                Err(e) => {
                    assert_eq!(on_tape, Err(e));
                    // The reader starts again with no keys, as the JS layer's does.
                    self.from_wire.reset();
                    self.from_values.reset();
                    self.outcome.malformed += 1;
                    return;
                }
            }
        }
        if !comparable {
            return;
        }
        let floats = |t: &Tape| t.floats.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(self.from_wire.words, self.from_values.words);
        assert_eq!(floats(&self.from_wire), floats(&self.from_values));
        assert_eq!(self.from_wire.ascii, self.from_values.ascii);
        assert_eq!(self.from_wire.text, self.from_values.text);
        assert_eq!(self.from_wire.bytes, self.from_values.bytes);
    }

    /// A day passes, then the connection is closed: nothing may be left pending.
    fn finish(mut self) -> Outcome {
        self.now += Duration::from_secs(86_400);
        self.tick();
        let fatal = self.connection.fatal_error().cloned();
        self.outcome.unanswered = self.awaiting.len();
        self.connection.close();
        let mut goodbye = Vec::new();
        self.connection.poll_transmit(&mut goodbye);
        assert!(!self.connection.has_pending());
        assert_eq!(self.connection.state(), ServerState::Defunct);
        let closed = fatal.clone().unwrap_or(ProtocolError::Closed);
        assert_eq!(self.connection.fatal_error(), Some(&closed));
        assert_eq!(
            self.connection.send(&Request::Reset, self.now),
            Err(SendError::Fatal(closed))
        );
        self.outcome.fatal = fatal;
        self.outcome
    }
}

/// How many of the server's `bytes` arrive after a step whose high four bits are `high`: up to
/// the end of the `high`-th message for 0 to 7 (the chunk headers walked as they stand),
/// `3 (high - 7)²` bytes for 8 to 14, everything for 15.
fn arriving(bytes: &[u8], high: u8) -> usize {
    match high {
        0..=7 => {
            let (mut at, mut ended) = (0, 0);
            while ended < high {
                let Some(&[a, b]) = bytes.get(at..at + 2) else {
                    return bytes.len();
                };
                let size = usize::from(u16::from_be_bytes([a, b]));
                at += 2 + size;
                ended += u8::from(size == 0);
            }
            at.min(bytes.len())
        }
        15 => bytes.len(),
        _ => (3 * usize::from(high - 7).pow(2)).min(bytes.len()),
    }
}

fn logon() -> Request {
    Request::Logon(AuthToken::basic("neo4j", "secret", None))
}

/// A chunked SUCCESS with `metadata`.
fn success(metadata: Map) -> Vec<u8> {
    let mut body = Vec::new();
    let mut encoder = Encoder::new(&mut body);
    // A map of a few small entries always encodes.
    encoder.write_struct_header(0x70, 1).expect("a header");
    encoder
        .write_value(&Value::Map(metadata), Dialect::BOLT_5)
        .expect("metadata");
    let mut out = Vec::new();
    write_message(&mut out, &body);
    out
}

/// Whether a map in `body`, a record's fields that decode without error, repeats a key. The
/// tape written from the wire then holds every entry, and the one written from the decoded
/// values only the last value of each key, in the key's first place. The JS reader makes the
/// same object of both, since there too a later entry replaces the value of an earlier one and
/// keeps its place, but the two tapes differ.
fn repeats_a_map_key(body: &[u8]) -> bool {
    /// Walks `items` values; `None` where the bytes are not what a decoded record holds.
    fn walk(decoder: &mut Decoder<'_>, items: usize) -> Option<bool> {
        for _ in 0..items {
            let repeats = match decoder.next_token().ok()? {
                Token::List(n) | Token::Struct { fields: n, .. } => walk(decoder, n)?,
                Token::Map(n) => {
                    let mut keys = Vec::with_capacity(n);
                    for _ in 0..n {
                        let Token::String(key) = decoder.next_token().ok()? else {
                            return None;
                        };
                        if keys.contains(&key) {
                            return Some(true);
                        }
                        keys.push(key);
                        if walk(decoder, 1)? {
                            return Some(true);
                        }
                    }
                    false
                }
                _ => false,
            };
            if repeats {
                return Some(true);
            }
        }
        Some(false)
    }
    walk(&mut Decoder::new(body), 1) == Some(true)
}
