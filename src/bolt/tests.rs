//! Conversations between [`Connection`] and a scripted server, byte for byte.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::time::Duration;

use super::message::{decode_record, ALL, LAST_QUERY};
use super::*;
use crate::packstream::{Dialect, Encoder, Map, Value};
use crate::test_support::s;

const T0: Duration = Duration::ZERO;

/// Encodes one server message (signature + fields) chunked, as a server would send it.
fn server_message(signature: u8, fields: &[Value]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut enc = Encoder::new(&mut body);
    enc.write_struct_header(signature, fields.len()).unwrap();
    for f in fields {
        enc.write_value(f, Dialect::BOLT_5).unwrap();
    }
    let mut out = Vec::new();
    chunk::write_message(&mut out, &body);
    out
}

fn success(meta: Map) -> Vec<u8> {
    server_message(0x70, &[Value::Map(meta)])
}

fn record(values: Vec<Value>) -> Vec<u8> {
    server_message(0x71, &[Value::List(values)])
}

fn failure(code: &str, message: &str) -> Vec<u8> {
    server_message(
        0x7F,
        &[Value::Map(vec![
            ("code".into(), Value::String(code.into())),
            ("message".into(), Value::String(message.into())),
        ])],
    )
}

/// A connection that has negotiated `major.minor` (classic handshake answer).
fn negotiated(major: u8, minor: u8) -> Connection {
    let mut conn = Connection::new(ConnectionConfig::default());
    let mut out = Vec::new();
    conn.poll_transmit(&mut out);
    assert_eq!(&out[..4], &[0x60, 0x60, 0xB0, 0x17]);
    conn.handle_input(&[0, 0, minor, major], T0).unwrap();
    assert_eq!(
        conn.poll_event(),
        Some(Event::Negotiated(Version::new(major, minor)))
    );
    conn
}

fn hello() -> Request {
    Request::Hello(Hello {
        user_agent: "test/1".into(),
        auth: AuthToken::basic("neo4j", "secret", None),
        ..Hello::default()
    })
}

fn responses(conn: &mut Connection) -> Vec<(RequestId, &'static str, Response)> {
    std::iter::from_fn(|| conn.poll_event())
        .map(|e| match e {
            Event::Response {
                id,
                request,
                response,
            } => (id, request, response),
            other => panic!("unexpected event {other:?}"),
        })
        .collect()
}

#[test]
fn hello_logon_run_pull_on_5_4() {
    let mut conn = negotiated(5, 4);
    let hello_id = conn.send(&hello(), T0).unwrap();
    let logon_id = conn
        .send(
            &Request::Logon(AuthToken::basic("neo4j", "secret", None)),
            T0,
        )
        .unwrap();
    let run = Request::Run {
        query: "RETURN 1 AS n".into(),
        parameters: Map::new().into(),
        within: Within::AutoCommit(TxConfig::default()),
    };
    let run_id = conn.send(&run, T0).unwrap();
    let pull_id = conn
        .send(
            &Request::Pull {
                n: ALL,
                qid: LAST_QUERY,
            },
            T0,
        )
        .unwrap();
    let mut sent = Vec::new();
    conn.poll_transmit(&mut sent);
    // HELLO on 5.1+ carries no credentials; LOGON does.
    let hello_end = sent.windows(2).position(|w| w == [0, 0]).unwrap();
    assert!(!sent[..hello_end].windows(6).any(|w| w == b"secret"));
    assert!(sent.windows(6).any(|w| w == b"secret"));

    let mut input = success(vec![
        ("server".into(), s("Neo4j/5.26.0")),
        ("connection_id".into(), s("bolt-7")),
    ]);
    input.extend(success(vec![]));
    input.extend(success(vec![
        ("fields".into(), Value::List(vec![s("n")])),
        ("t_first".into(), Value::Integer(1)),
    ]));
    input.extend(record(vec![Value::Integer(1)]));
    input.extend(success(vec![
        ("bookmark".into(), s("bm1")),
        ("type".into(), s("r")),
    ]));
    // Split at every byte, as WebSocket frames may.
    for b in input.chunks(1) {
        conn.handle_input(b, T0).unwrap();
    }
    let got = responses(&mut conn);
    assert_eq!(got.len(), 5);
    assert_eq!((got[0].0, got[0].1), (hello_id, "HELLO"));
    assert_eq!((got[1].0, got[1].1), (logon_id, "LOGON"));
    assert_eq!((got[2].0, got[2].1), (run_id, "RUN"));
    assert_eq!((got[3].0, got[3].1), (pull_id, "PULL"));
    match &got[3].2 {
        Response::Records(batch) => {
            let rows: Vec<_> = batch
                .iter()
                .map(|body| decode_record(body, conn.dialect()).unwrap())
                .collect();
            assert_eq!(rows, [vec![Value::Integer(1)]]);
        }
        other => panic!("expected a record, got {other:?}"),
    }
    assert_eq!((got[4].0, got[4].1), (pull_id, "PULL"));
    assert_eq!(conn.server_agent(), Some("Neo4j/5.26.0"));
    assert_eq!(conn.connection_id(), Some("bolt-7"));
    assert_eq!(conn.state(), ServerState::Ready);
    assert!(!conn.has_pending());
}

#[test]
fn hello_carries_credentials_up_to_5_0_and_logon_is_refused_there() {
    let mut conn = negotiated(5, 0);
    conn.send(&hello(), T0).unwrap();
    let mut sent = Vec::new();
    conn.poll_transmit(&mut sent);
    assert!(sent.windows(6).any(|w| w == b"secret"));
    let err = conn
        .send(&Request::Logon(AuthToken::none()), T0)
        .unwrap_err();
    assert_eq!(err.to_string(), "LOGON is not available in Bolt 5.0");
}

#[test]
fn explicit_transaction_states() {
    let mut conn = negotiated(4, 4);
    conn.send(&hello(), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    assert_eq!(conn.state(), ServerState::Ready);
    conn.send(&Request::Begin(TxConfig::default()), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    assert_eq!(conn.state(), ServerState::TxReady);
    conn.send(
        &Request::Run {
            query: "RETURN 1".into(),
            parameters: Map::new().into(),
            within: Within::Transaction,
        },
        T0,
    )
    .unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    assert_eq!(conn.state(), ServerState::TxStreaming);
    conn.send(
        &Request::Pull {
            n: 1,
            qid: LAST_QUERY,
        },
        T0,
    )
    .unwrap();
    conn.handle_input(
        &success(vec![("has_more".into(), Value::Boolean(true))]),
        T0,
    )
    .unwrap();
    assert_eq!(conn.state(), ServerState::TxStreaming);
    conn.send(
        &Request::Discard {
            n: ALL,
            qid: LAST_QUERY,
        },
        T0,
    )
    .unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    assert_eq!(conn.state(), ServerState::TxReady);
    conn.send(&Request::Commit, T0).unwrap();
    conn.handle_input(&success(vec![("bookmark".into(), s("bm"))]), T0)
        .unwrap();
    assert_eq!(conn.state(), ServerState::Ready);
}

#[test]
fn an_answer_nobody_asked_for_is_fatal_and_sticky() {
    let mut conn = negotiated(5, 4);
    let err = conn.handle_input(&success(vec![]), T0).unwrap_err();
    assert!(matches!(err, ProtocolError::UnexpectedResponse(_)));
    assert_eq!(conn.handle_input(&success(vec![]), T0).unwrap_err(), err);
    assert_eq!(
        conn.send(&Request::Reset, T0).unwrap_err(),
        SendError::Fatal(err.clone())
    );
    assert_eq!(
        conn.handle_timeout(Duration::from_secs(999)).unwrap_err(),
        err
    );
    assert_eq!(conn.state(), ServerState::Defunct);
    assert_eq!(conn.expected_state(), ServerState::Defunct);
}

#[test]
fn a_record_for_run_is_fatal() {
    let mut conn = negotiated(5, 4);
    conn.send(&hello(), T0).unwrap();
    let err = conn.handle_input(&record(vec![]), T0).unwrap_err();
    assert!(
        err.to_string()
            .contains("RECORD arrived for a request other than PULL"),
        "{err}"
    );
}

#[test]
fn records_not_polled_yet_join_one_batch_per_pull() {
    let mut conn = negotiated(4, 4);
    conn.send(&hello(), T0).unwrap();
    let run = Request::Run {
        query: "UNWIND [1, 2, 3, 4] AS i RETURN i".into(),
        parameters: Map::new().into(),
        within: Within::AutoCommit(TxConfig::default()),
    };
    conn.send(&run, T0).unwrap();
    conn.handle_input(&[success(vec![]), success(vec![])].concat(), T0)
        .unwrap();
    responses(&mut conn);
    let pull = |conn: &mut Connection| {
        conn.send(
            &Request::Pull {
                n: 2,
                qid: LAST_QUERY,
            },
            T0,
        )
        .unwrap()
    };
    let (first, second) = (pull(&mut conn), pull(&mut conn));
    let has_more = || success(vec![("has_more".into(), Value::Boolean(true))]);
    let int_record = |i| record(vec![Value::Integer(i)]);
    // Two reads before a poll: their records share a batch; the next PULL's get their own.
    conn.handle_input(&int_record(1), T0).unwrap();
    let mut input = int_record(2);
    input.extend(has_more());
    input.extend(int_record(3));
    conn.handle_input(&input, T0).unwrap();
    // Records polled already are not added to.
    let after_poll = responses(&mut conn);
    conn.handle_input(&[int_record(4), has_more()].concat(), T0)
        .unwrap();
    let dialect = conn.dialect();
    let rows = |response: &Response| match response {
        Response::Records(batch) => batch
            .iter()
            .map(|body| decode_record(body, dialect).unwrap())
            .collect::<Vec<_>>(),
        other => panic!("expected records, got {other:?}"),
    };
    let int = |i| vec![Value::Integer(i)];
    assert_eq!(after_poll.len(), 3);
    assert_eq!(
        (after_poll[0].0, rows(&after_poll[0].2)),
        (first, vec![int(1), int(2)])
    );
    assert!(matches!(after_poll[1], (id, "PULL", Response::Success(_)) if id == first));
    assert_eq!(
        (after_poll[2].0, rows(&after_poll[2].2)),
        (second, vec![int(3)])
    );
    let later = responses(&mut conn);
    assert_eq!((later[0].0, rows(&later[0].2)), (second, vec![int(4)]));
    assert!(matches!(later[1], (id, "PULL", Response::Success(_)) if id == second));
}

#[test]
fn records_stay_in_the_buffer_they_were_received_into() {
    let mut conn = ready(5, 4);
    conn.send(&auto_commit(), T0).unwrap();
    let pull = conn.send(&self::pull(ALL), T0).unwrap();
    feed(&mut conn, &success(vec![]));
    let int_record = |i| record(vec![Value::Integer(i)]);
    conn.handle_input(&[int_record(1), int_record(2)].concat(), T0)
        .unwrap();
    conn.handle_input(&int_record(3), T0).unwrap();
    let answers = responses(&mut conn);
    let Some((id, _, Response::Records(batch))) = answers.last() else {
        panic!("expected records, got {answers:?}");
    };
    assert_eq!(*id, pull);
    let dialect = conn.dialect();
    let rows: Vec<_> = batch
        .iter()
        .map(|body| decode_record(body, dialect).unwrap())
        .collect();
    assert_eq!(rows, [1, 2, 3].map(|i| vec![Value::Integer(i)]));
    // The records of one read share its buffer; gathering batches moves no bytes either.
    let buffers = |batch: &RecordBatch| -> Vec<*const Vec<u8>> {
        batch
            .shared()
            .map(|(b, _)| std::rc::Rc::as_ptr(b))
            .collect()
    };
    let received = buffers(batch);
    assert_eq!(received[0], received[1]);
    assert_ne!(received[1], received[2]);
    let mut gathered = RecordBatch::of(b"\x91\x00");
    gathered.append(batch.clone());
    assert_eq!(buffers(&gathered)[1..], received[..]);
}

#[test]
fn garbage_from_the_server_is_a_decode_error() {
    let mut conn = negotiated(5, 4);
    conn.send(&hello(), T0).unwrap();
    let err = conn
        .handle_input(&[0x00, 0x01, 0xC7, 0x00, 0x00], T0)
        .unwrap_err();
    assert!(matches!(err, ProtocolError::Decode(_)), "{err:?}");
}

#[test]
fn the_receive_timeout_hint_fails_a_silent_connection() {
    let mut conn = negotiated(5, 4);
    conn.send(&hello(), T0).unwrap();
    let hints = vec![("connection.recv_timeout_seconds".into(), Value::Integer(30))];
    conn.handle_input(&success(vec![("hints".into(), Value::Map(hints))]), T0)
        .unwrap();
    assert_eq!(conn.poll_timeout(), None, "nothing pending, no deadline");
    let t1 = Duration::from_secs(100);
    conn.send(&Request::Logon(AuthToken::none()), t1).unwrap();
    assert_eq!(conn.poll_timeout(), Some(t1 + Duration::from_secs(30)));
    conn.handle_timeout(t1 + Duration::from_secs(29)).unwrap();
    let err = conn
        .handle_timeout(t1 + Duration::from_secs(30))
        .unwrap_err();
    assert_eq!(
        err,
        ProtocolError::ReceiveTimeout(Silence {
            limit: Duration::from_secs(30),
            set_by: SilenceLimit::ServerHint
        })
    );
    assert_eq!(
        err.to_string(),
        "no answer from the server within 30 s (the connection.recv_timeout_seconds hint it \
         sent); the connection is closed"
    );
}

/// A connection negotiated with `config`, HELLO answered with `hints`, nothing pending.
fn ready_with(config: ConnectionConfig, hints: Map) -> Connection {
    let mut conn = Connection::new(config);
    conn.poll_transmit(&mut Vec::new());
    // Bolt 5.0: HELLO carries the credentials, and the connection is ready after it.
    conn.handle_input(&[0, 0, 0, 5], T0).unwrap();
    conn.send(&hello(), T0).unwrap();
    conn.handle_input(&success(vec![("hints".into(), Value::Map(hints))]), T0)
        .unwrap();
    conn
}

/// PULL of every record of the last query.
fn pull_all() -> Request {
    Request::Pull {
        n: ALL,
        qid: LAST_QUERY,
    }
}

/// A RUN in the open explicit transaction.
fn run_in_tx() -> Request {
    Request::Run {
        query: "RETURN 1".into(),
        parameters: Parameters::Map(Map::new()),
        within: Within::Transaction,
    }
}

/// A RUN in an auto-commit transaction with `timeout_ms`.
fn auto_commit_run(timeout_ms: Option<i64>) -> Request {
    Request::Run {
        query: "RETURN 1".into(),
        parameters: Parameters::Map(Map::new()),
        within: Within::AutoCommit(TxConfig {
            timeout_ms,
            ..TxConfig::default()
        }),
    }
}

#[test]
fn the_receive_timeout_config_fails_a_silent_connection_and_every_answer_restarts_it() {
    let config = ConnectionConfig {
        receive_timeout: Some(Duration::from_millis(1500)),
        ..ConnectionConfig::default()
    };
    let mut conn = ready_with(config, Map::new());
    let t1 = Duration::from_secs(10);
    conn.send(&auto_commit_run(None), t1).unwrap();
    conn.send(&pull_all(), t1).unwrap();
    assert_eq!(conn.poll_timeout(), Some(t1 + Duration::from_millis(1500)));
    // RUN answered a second later: PULL's answer has 1.5 s from then.
    let t2 = t1 + Duration::from_secs(1);
    conn.handle_input(&success(vec![]), t2).unwrap();
    assert_eq!(conn.poll_timeout(), Some(t2 + Duration::from_millis(1500)));
    conn.handle_timeout(t2 + Duration::from_millis(1499))
        .unwrap();
    let err = conn
        .handle_timeout(t2 + Duration::from_millis(1500))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no answer from the server within 1.5 s (the receiveTimeout config); the connection is \
         closed"
    );
    assert_eq!(conn.state(), ServerState::Defunct);
}

#[test]
fn the_shorter_of_the_server_hint_and_the_config_applies() {
    let hint = |secs| {
        vec![(
            "connection.recv_timeout_seconds".into(),
            Value::Integer(secs),
        )]
    };
    let with_config = |secs| ConnectionConfig {
        receive_timeout: Some(Duration::from_secs(secs)),
        ..ConnectionConfig::default()
    };
    for (config, hint_secs, expected) in [(20, 30, 20), (40, 30, 30)] {
        let mut conn = ready_with(with_config(config), hint(hint_secs));
        conn.send(&Request::Reset, T0).unwrap();
        assert_eq!(
            conn.poll_timeout(),
            Some(T0 + Duration::from_secs(expected))
        );
    }
}

#[test]
fn a_transaction_timeout_bounds_the_silence_of_every_request_in_the_transaction() {
    let mut conn = ready_with(ConnectionConfig::default(), Map::new());
    let timeout = Duration::from_secs(2);
    let allowed = timeout + TRANSACTION_TIMEOUT_GRACE;
    conn.send(
        &Request::Begin(TxConfig {
            timeout_ms: Some(2000),
            ..TxConfig::default()
        }),
        T0,
    )
    .unwrap();
    assert_eq!(conn.poll_timeout(), Some(T0 + allowed));
    conn.handle_input(&success(vec![]), T0).unwrap();
    assert_eq!(conn.poll_timeout(), None, "nothing pending");
    // The transaction's RUN, PULL and COMMIT share the limit.
    conn.send(&run_in_tx(), T0).unwrap();
    conn.send(&pull_all(), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    conn.send(&Request::Commit, T0).unwrap();
    assert_eq!(conn.poll_timeout(), Some(T0 + allowed));
    conn.handle_input(&success(vec![]), T0).unwrap();
    // After the transaction, nothing limits the silence.
    conn.send(&auto_commit_run(None), T0).unwrap();
    assert_eq!(conn.poll_timeout(), None);
    conn.send(&pull_all(), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    let err = conn
        .handle_timeout(T0 + Duration::from_secs(3600))
        .map(|()| "no timeout");
    assert_eq!(err, Ok("no timeout"));
}

#[test]
fn an_auto_commit_timeout_bounds_its_result_and_a_zero_timeout_is_none() {
    let mut conn = ready_with(ConnectionConfig::default(), Map::new());
    conn.send(&auto_commit_run(Some(0)), T0).unwrap();
    assert_eq!(
        conn.poll_timeout(),
        None,
        "0 is the server's \"no timeout\""
    );
    conn.send(&pull_all(), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();

    conn.send(&auto_commit_run(Some(250)), T0).unwrap();
    conn.send(&pull_all(), T0).unwrap();
    conn.handle_input(&success(vec![]), T0).unwrap();
    let allowed = Duration::from_millis(250) + TRANSACTION_TIMEOUT_GRACE;
    assert_eq!(conn.poll_timeout(), Some(T0 + allowed));
    let err = conn.handle_timeout(T0 + allowed).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no answer from the server within 5.25 s (the transaction's timeout of 0.25 s plus 5 s of \
         grace); the connection is closed"
    );
}

#[test]
fn the_handshake_leftover_is_not_lost() {
    let mut conn = Connection::new(ConnectionConfig::default());
    conn.poll_transmit(&mut Vec::new());
    // A manifest answer listing 5.0-5.4, capabilities 0, then nothing; the client answers.
    conn.handle_input(&[0, 0, 1, 0xFF, 1, 0, 4, 4, 5, 0], T0)
        .unwrap();
    assert_eq!(
        conn.poll_event(),
        Some(Event::Negotiated(Version::new(5, 4)))
    );
    let mut out = Vec::new();
    conn.poll_transmit(&mut out);
    assert_eq!(out, [0, 0, 4, 5, 0]);
}

#[test]
fn route_forms_differ_between_4_3_and_4_4() {
    let route = Request::Route {
        routing: vec![("address".into(), s("h:7687"))],
        bookmarks: vec![],
        database: Some("movies".into()),
        impersonated_user: None,
    };
    let d = Dialect::BOLT_4;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    route.encode(Version::new(4, 3), d, &mut a).unwrap();
    route.encode(Version::new(4, 4), d, &mut b).unwrap();
    // 4.3: ... 86 'movies' (a string); 4.4: ... A1 82 'db' 86 'movies' (a map).
    assert!(a.windows(7).any(|w| w == b"\x86movies"));
    assert!(b.windows(3).any(|w| w == b"\xA1\x82d"));
}

#[test]
fn close_sends_goodbye_and_closes() {
    let mut conn = negotiated(5, 4);
    conn.close();
    let mut out = Vec::new();
    conn.poll_transmit(&mut out);
    assert_eq!(out, [0x00, 0x02, 0xB0, 0x02, 0x00, 0x00]);
    assert_eq!(
        conn.send(&Request::Reset, T0).unwrap_err(),
        SendError::Fatal(ProtocolError::Closed)
    );
}

#[test]
fn auth_tokens_never_show_credentials_in_debug() {
    let token = AuthToken::basic("alice", "hunter2", Some("realm"));
    let shown = format!("{token:?} {:?}", hello());
    assert!(
        !shown.contains("hunter2") && !shown.contains("secret") && !shown.contains("alice"),
        "{shown}"
    );
}

// --- The state machine -------------------------------------------------------------------

fn ignored() -> Vec<u8> {
    server_message(0x7E, &[])
}

fn sent(conn: &mut Connection) -> Vec<u8> {
    let mut out = Vec::new();
    conn.poll_transmit(&mut out);
    out
}

/// A connection on `major.minor` that has been through HELLO (and LOGON) and is READY, with
/// nothing left to send or read.
fn ready(major: u8, minor: u8) -> Connection {
    let mut conn = negotiated(major, minor);
    conn.send(&hello(), T0).unwrap();
    let mut answers = success(vec![("server".into(), s("Neo4j/5.26.0"))]);
    if Version::new(major, minor).supports_logon() {
        conn.send(&Request::Logon(AuthToken::none()), T0).unwrap();
        answers.extend(success(vec![]));
    }
    conn.handle_input(&answers, T0).unwrap();
    responses(&mut conn);
    sent(&mut conn);
    assert_eq!(conn.state(), ServerState::Ready);
    conn
}

fn auto_commit() -> Request {
    Request::Run {
        query: "RETURN 1 AS n".into(),
        parameters: Map::new().into(),
        within: Within::AutoCommit(TxConfig::default()),
    }
}

fn in_tx() -> Request {
    Request::Run {
        query: "RETURN 1 AS n".into(),
        parameters: Map::new().into(),
        within: Within::Transaction,
    }
}

fn pull(n: i64) -> Request {
    Request::Pull { n, qid: LAST_QUERY }
}

fn has_more(more: bool) -> Vec<u8> {
    success(vec![("has_more".into(), Value::Boolean(more))])
}

/// Sends `request`, expecting it to be refused without a byte written or the expected state
/// changed; returns the error text.
fn refused(conn: &mut Connection, request: &Request) -> String {
    sent(conn);
    let before = conn.expected_state();
    let err = conn.send(request, T0).unwrap_err();
    assert!(matches!(err, SendError::NotAllowed { .. }), "{err:?}");
    assert!(
        sent(conn).is_empty(),
        "nothing may be written for a refused request"
    );
    assert_eq!(conn.expected_state(), before);
    err.to_string()
}

/// Feeds one server message and returns the state it leaves.
fn feed(conn: &mut Connection, message: &[u8]) -> ServerState {
    conn.handle_input(message, T0).unwrap();
    conn.state()
}

#[test]
fn begin_run_pull_commit_pipelined() {
    let mut conn = ready(5, 4);
    let requests = [
        Request::Begin(TxConfig::default()),
        in_tx(),
        pull(ALL),
        Request::Commit,
    ];
    let mut expected_bytes = Vec::new();
    let mut expected_states = Vec::new();
    for request in &requests {
        conn.send(request, T0).unwrap();
        request
            .encode(Version::new(5, 4), conn.dialect(), &mut expected_bytes)
            .unwrap();
        expected_states.push(conn.expected_state());
    }
    use ServerState::*;
    assert_eq!(expected_states, [TxReady, TxStreaming, TxReady, Ready]);
    assert_eq!(sent(&mut conn), expected_bytes, "all four go out at once");
    assert_eq!(conn.state(), Ready, "nothing answered yet");

    assert_eq!(feed(&mut conn, &success(vec![])), TxReady);
    let fields = vec![
        ("fields".into(), Value::List(vec![s("n")])),
        ("qid".into(), Value::Integer(0)),
    ];
    assert_eq!(feed(&mut conn, &success(fields)), TxStreaming);
    assert_eq!(
        feed(&mut conn, &record(vec![Value::Integer(1)])),
        TxStreaming
    );
    assert_eq!(feed(&mut conn, &success(vec![])), TxReady);
    assert_eq!(
        feed(&mut conn, &success(vec![("bookmark".into(), s("bm"))])),
        Ready
    );
    let names: Vec<_> = responses(&mut conn).iter().map(|r| r.1).collect();
    assert_eq!(names, ["BEGIN", "RUN", "PULL", "PULL", "COMMIT"]);
    assert!(!conn.has_pending());
}

#[test]
fn a_transaction_may_hold_several_results() {
    let mut conn = ready(5, 0);
    conn.send(&Request::Begin(TxConfig::default()), T0).unwrap();
    conn.send(&in_tx(), T0).unwrap();
    conn.send(&in_tx(), T0).unwrap();
    conn.send(&Request::Pull { n: ALL, qid: 0 }, T0).unwrap();
    assert_eq!(
        conn.expected_state(),
        ServerState::TxStreaming,
        "one result left"
    );
    assert_eq!(
        refused(&mut conn, &Request::Commit),
        "COMMIT is not allowed in state TX_STREAMING: a result is still open: PULL or DISCARD it to the end first"
    );
    conn.send(&Request::Discard { n: ALL, qid: 1 }, T0).unwrap();
    assert_eq!(conn.expected_state(), ServerState::TxReady);
    conn.send(&Request::Commit, T0).unwrap();
    assert_eq!(conn.expected_state(), ServerState::Ready);
}

#[test]
fn pulling_in_batches_streams_until_has_more_is_false() {
    let mut conn = ready(5, 4);
    conn.send(&auto_commit(), T0).unwrap();
    conn.send(&pull(2), T0).unwrap();
    assert_eq!(
        conn.expected_state(),
        ServerState::Streaming,
        "more may follow"
    );
    assert_eq!(
        refused(&mut conn, &Request::Begin(TxConfig::default())),
        "BEGIN is not allowed in state STREAMING: a result is still open: PULL or DISCARD it to the end first"
    );
    assert_eq!(feed(&mut conn, &success(vec![])), ServerState::Streaming);
    feed(&mut conn, &record(vec![Value::Integer(1)]));
    feed(&mut conn, &record(vec![Value::Integer(2)]));
    assert_eq!(feed(&mut conn, &has_more(true)), ServerState::Streaming);
    conn.send(&pull(2), T0).unwrap();
    feed(&mut conn, &record(vec![Value::Integer(3)]));
    // No has_more means false: the result is done.
    assert_eq!(feed(&mut conn, &success(vec![])), ServerState::Ready);
    assert_eq!(conn.expected_state(), ServerState::Ready);
    conn.send(&Request::Begin(TxConfig::default()), T0).unwrap();
}

#[test]
fn failure_then_ignored_then_reset_recovers() {
    let mut conn = ready(5, 4);
    conn.send(&auto_commit(), T0).unwrap();
    conn.send(&pull(ALL), T0).unwrap();
    let failed = feed(
        &mut conn,
        &failure(
            "Neo.ClientError.Statement.SyntaxError",
            "Invalid input 'RETRUN'",
        ),
    );
    assert_eq!(failed, ServerState::Failed);
    assert_eq!(conn.expected_state(), ServerState::Failed);
    assert_eq!(
        refused(&mut conn, &auto_commit()),
        "RUN is not allowed in state FAILED: an earlier request failed: RESET first"
    );
    assert_eq!(
        feed(&mut conn, &ignored()),
        ServerState::Failed,
        "PULL, queued before"
    );

    conn.send(&Request::Reset, T0).unwrap();
    assert_eq!(conn.state(), ServerState::Interrupted);
    assert_eq!(conn.expected_state(), ServerState::Ready);
    conn.send(&auto_commit(), T0).unwrap(); // pipelined behind the RESET
    assert_eq!(feed(&mut conn, &success(vec![])), ServerState::Ready);
    assert_eq!(feed(&mut conn, &success(vec![])), ServerState::Streaming);

    let got = responses(&mut conn);
    match &got[0].2 {
        Response::Failure(e) => {
            assert_eq!(e.code, "Neo.ClientError.Statement.SyntaxError");
            assert_eq!(e.classification(), "ClientError");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    let answers: Vec<_> = got.iter().map(|(_, name, r)| (*name, r.clone())).collect();
    assert_eq!(answers[1], ("PULL", Response::Ignored));
    assert_eq!(answers[2], ("RESET", Response::Success(vec![])));
}

#[test]
fn a_failure_with_reset_already_queued() {
    let mut conn = ready(5, 4);
    conn.send(&auto_commit(), T0).unwrap();
    conn.send(&pull(ALL), T0).unwrap();
    conn.send(&Request::Reset, T0).unwrap();
    assert_eq!(conn.expected_state(), ServerState::Ready);
    let state = feed(
        &mut conn,
        &failure("Neo.ClientError.Statement.SyntaxError", "x"),
    );
    assert_eq!(state, ServerState::Interrupted, "RESET is on its way");
    assert_eq!(conn.expected_state(), ServerState::Ready);
    conn.send(&auto_commit(), T0).unwrap();
    assert_eq!(feed(&mut conn, &ignored()), ServerState::Interrupted);
    assert_eq!(feed(&mut conn, &success(vec![])), ServerState::Ready);
}

#[test]
fn reset_interrupts_a_streaming_result() {
    let mut conn = ready(5, 4);
    conn.send(&auto_commit(), T0).unwrap();
    conn.send(&pull(100), T0).unwrap();
    feed(&mut conn, &success(vec![]));
    feed(&mut conn, &record(vec![Value::Integer(1)]));
    assert_eq!(feed(&mut conn, &has_more(true)), ServerState::Streaming);

    conn.send(&pull(100), T0).unwrap();
    conn.send(&pull(100), T0).unwrap();
    conn.send(&Request::Reset, T0).unwrap();
    assert_eq!(conn.state(), ServerState::Interrupted);
    assert_eq!(conn.expected_state(), ServerState::Ready);
    // The first PULL was served before the RESET arrived, the second was cut off.
    feed(&mut conn, &record(vec![Value::Integer(2)]));
    assert_eq!(feed(&mut conn, &has_more(true)), ServerState::Interrupted);
    assert_eq!(feed(&mut conn, &ignored()), ServerState::Interrupted);
    assert_eq!(feed(&mut conn, &success(vec![])), ServerState::Ready);
    let names: Vec<_> = responses(&mut conn)
        .into_iter()
        .map(|(_, name, r)| (name, matches!(r, Response::Ignored)))
        .collect();
    assert_eq!(
        &names[3..],
        [
            ("PULL", false),
            ("PULL", false),
            ("PULL", true),
            ("RESET", false)
        ]
    );
}

#[test]
fn disallowed_messages_name_the_message_and_the_state() {
    let mut conn = negotiated(5, 4);
    assert_eq!(
        refused(&mut conn, &auto_commit()),
        "RUN is not allowed in state NEGOTIATION: HELLO must come first"
    );
    assert!(refused(&mut conn, &Request::Reset)
        .starts_with("RESET is not allowed in state NEGOTIATION"));
    conn.send(&hello(), T0).unwrap();
    assert_eq!(
        refused(&mut conn, &auto_commit()),
        "RUN is not allowed in state AUTHENTICATION: the connection is not authenticated: LOGON first"
    );

    let mut conn = ready(5, 4);
    let in_ready = [
        (
            Request::Commit,
            "COMMIT is not allowed in state READY: no transaction is open",
        ),
        (
            Request::Rollback,
            "ROLLBACK is not allowed in state READY: no transaction is open",
        ),
        (
            in_tx(),
            "RUN is not allowed in state READY: no transaction is open",
        ),
        (
            pull(ALL),
            "PULL is not allowed in state READY: no result is open",
        ),
        (
            Request::Discard {
                n: ALL,
                qid: LAST_QUERY,
            },
            "DISCARD is not allowed in state READY: no result is open",
        ),
        (
            hello(),
            "HELLO is not allowed in state READY: HELLO was already sent",
        ),
        (
            Request::Logon(AuthToken::none()),
            "LOGON is not allowed in state READY: the connection is authenticated: LOGOFF first",
        ),
    ];
    for (request, message) in in_ready {
        assert_eq!(refused(&mut conn, &request), message);
    }

    conn.send(&Request::Begin(TxConfig::default()), T0).unwrap();
    let in_tx_ready = [
        (
            Request::Begin(TxConfig::default()),
            "BEGIN is not allowed in state TX_READY: a transaction is already open",
        ),
        (
            auto_commit(),
            "RUN is not allowed in state TX_READY: a transaction is open, and a RUN inside it carries no transaction config",
        ),
        (
            Request::Telemetry { api: 1 },
            "TELEMETRY is not allowed in state TX_READY: a transaction is open: COMMIT or ROLLBACK it first",
        ),
        (
            Request::Logoff,
            "LOGOFF is not allowed in state TX_READY: a transaction is open: COMMIT or ROLLBACK it first",
        ),
    ];
    for (request, message) in in_tx_ready {
        assert_eq!(refused(&mut conn, &request), message);
    }
    // The version check comes first: 5.0 has no LOGON at all.
    let mut old = ready(5, 0);
    assert_eq!(
        old.send(&Request::Logon(AuthToken::none()), T0)
            .unwrap_err()
            .to_string(),
        "LOGON is not available in Bolt 5.0"
    );
}

#[test]
fn telemetry_and_route_only_in_ready() {
    let mut conn = ready(5, 4);
    conn.send(&Request::Telemetry { api: 2 }, T0).unwrap();
    let route = Request::Route {
        routing: Map::new(),
        bookmarks: vec![],
        database: None,
        impersonated_user: None,
    };
    conn.send(&route, T0).unwrap();
    conn.send(&auto_commit(), T0).unwrap();
    assert!(refused(&mut conn, &route).starts_with("ROUTE is not allowed in state STREAMING"));
}

#[test]
fn fields_a_version_lacks_are_refused_before_sending() {
    let mut conn = ready(4, 3);
    let run = Request::Run {
        query: "RETURN 1".into(),
        parameters: Map::new().into(),
        within: Within::AutoCommit(TxConfig {
            impersonated_user: Some("bob".into()),
            ..TxConfig::default()
        }),
    };
    let err = conn.send(&run, T0).unwrap_err();
    assert_eq!(err.to_string(), "RUN cannot carry imp_user in Bolt 4.3");
    assert!(sent(&mut conn).is_empty());
}

#[test]
fn reauthentication_goes_through_authentication() {
    let mut conn = ready(5, 1);
    conn.send(&Request::Logoff, T0).unwrap();
    assert_eq!(conn.expected_state(), ServerState::Authentication);
    assert!(refused(&mut conn, &auto_commit()).contains("LOGON first"));
    conn.send(&Request::Logon(AuthToken::basic("bob", "pw", None)), T0)
        .unwrap();
    assert_eq!(conn.expected_state(), ServerState::Ready);
    assert_eq!(
        feed(&mut conn, &success(vec![])),
        ServerState::Authentication
    );
    assert_eq!(feed(&mut conn, &success(vec![])), ServerState::Ready);
}

#[test]
fn a_failed_hello_leaves_the_connection_defunct() {
    let mut conn = negotiated(5, 4);
    conn.send(&hello(), T0).unwrap();
    conn.send(&Request::Logon(AuthToken::none()), T0).unwrap();
    let state = feed(
        &mut conn,
        &failure("Neo.ClientError.Security.Unauthorized", "no"),
    );
    assert_eq!(state, ServerState::Defunct);
    assert_eq!(
        refused(&mut conn, &Request::Reset),
        "RESET is not allowed in state DEFUNCT: the connection is closed"
    );
    assert!(matches!(responses(&mut conn)[0].2, Response::Failure(_)));
}

#[test]
fn goodbye_leaves_the_connection_defunct() {
    let mut conn = ready(5, 4);
    conn.send(&Request::Goodbye, T0).unwrap();
    assert_eq!(sent(&mut conn), [0x00, 0x02, 0xB0, 0x02, 0x00, 0x00]);
    assert_eq!(conn.state(), ServerState::Defunct);
    assert!(!conn.has_pending(), "GOODBYE has no answer");
    assert_eq!(
        refused(&mut conn, &Request::Goodbye),
        "GOODBYE is not allowed in state DEFUNCT: the connection is closed"
    );
    conn.close();
    assert!(sent(&mut conn).is_empty(), "no second GOODBYE");
    assert_eq!(
        conn.send(&Request::Reset, T0).unwrap_err(),
        SendError::Fatal(ProtocolError::Closed)
    );
}

#[test]
fn a_fatal_error_is_defunct_and_sticky() {
    let mut conn = ready(5, 4);
    conn.send(&auto_commit(), T0).unwrap();
    let err = conn.handle_input(&record(vec![]), T0).unwrap_err();
    assert_eq!(conn.state(), ServerState::Defunct);
    assert_eq!(conn.fatal_error(), Some(&err));
    assert_eq!(conn.handle_input(&success(vec![]), T0).unwrap_err(), err);
    assert_eq!(
        conn.send(&auto_commit(), T0).unwrap_err(),
        SendError::Fatal(err.clone())
    );
    sent(&mut conn);
    conn.close();
    assert!(
        sent(&mut conn).is_empty(),
        "no GOODBYE on a broken connection"
    );
    assert_eq!(conn.fatal_error(), Some(&err), "the first error stays");
}

#[test]
fn metadata_of_the_wrong_type_is_fatal() {
    let mut conn = negotiated(5, 4);
    conn.send(&hello(), T0).unwrap();
    let err = conn
        .handle_input(&success(vec![("server".into(), Value::Integer(5))]), T0)
        .unwrap_err();
    assert!(matches!(err, ProtocolError::InvalidMetadata(_)), "{err:?}");
    assert!(err.to_string().contains("`server`"), "{err}");

    let mut conn = ready(5, 4);
    conn.send(&auto_commit(), T0).unwrap();
    conn.send(&pull(10), T0).unwrap();
    feed(&mut conn, &success(vec![]));
    let err = conn
        .handle_input(&success(vec![("has_more".into(), s("yes"))]), T0)
        .unwrap_err();
    assert!(matches!(err, ProtocolError::InvalidMetadata(_)), "{err:?}");
}

#[test]
fn hints_and_the_utc_patch_come_from_hello() {
    let mut conn = negotiated(5, 8);
    conn.send(&hello(), T0).unwrap();
    let hints = vec![
        ("telemetry.enabled".into(), Value::Boolean(true)),
        ("ssr.enabled".into(), Value::Boolean(true)),
    ];
    conn.handle_input(&success(vec![("hints".into(), Value::Map(hints))]), T0)
        .unwrap();
    assert!(conn.hints().telemetry_enabled && conn.hints().ssr_enabled);
    assert_eq!(conn.hints().recv_timeout, None);

    for (minor, patched) in [(3, true), (4, true), (4, false)] {
        let mut conn = negotiated(4, minor);
        assert!(!conn.dialect().utc_datetime);
        conn.send(&hello(), T0).unwrap();
        let patches = if patched { vec![s("utc")] } else { vec![] };
        conn.handle_input(
            &success(vec![("patch_bolt".into(), Value::List(patches))]),
            T0,
        )
        .unwrap();
        assert_eq!(conn.dialect().utc_datetime, patched, "4.{minor}");
    }
}

#[test]
fn failures_that_retrying_cannot_fix_are_client_errors() {
    for (sent, seen) in [
        (
            "Neo.TransientError.Transaction.Terminated",
            "Neo.ClientError.Transaction.Terminated",
        ),
        (
            "Neo.TransientError.Transaction.LockClientStopped",
            "Neo.ClientError.Transaction.LockClientStopped",
        ),
        (
            "Neo.TransientError.General.DatabaseUnavailable",
            "Neo.TransientError.General.DatabaseUnavailable",
        ),
    ] {
        let meta: Map = [("code".to_string(), s(sent))].into_iter().collect();
        let error = crate::Error::from(ServerError::from_metadata(meta));
        assert_eq!(error.code(), seen);
        assert_eq!(error.is_retryable(), seen.contains("Transient"), "{sent}");
    }
}
