//! Conversations between [`Connection`] and a scripted server, byte for byte.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::time::Duration;

use super::message::{decode_record, ALL, LAST_QUERY};
use super::*;
use crate::packstream::{Dialect, Encoder, Map, Value};

const T0: Duration = Duration::ZERO;

/// Encodes one server message (signature + fields) chunked, as a server would send it.
fn server_message(signature: u8, fields: &[Value]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut enc = Encoder::new(&mut body);
    enc.write_struct_header(signature, fields.len()).unwrap();
    for f in fields {
        enc.write_value(f, Dialect::for_version(5, 0, false))
            .unwrap();
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

fn s(v: &str) -> Value {
    Value::String(v.into())
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
        parameters: Map::new(),
        tx: Some(TxConfig::default()),
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
        Response::Record(body) => {
            assert_eq!(
                decode_record(body, conn.dialect()).unwrap(),
                vec![Value::Integer(1)]
            )
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
fn failure_moves_to_failed_and_reset_recovers() {
    let mut conn = negotiated(5, 4);
    conn.send(&hello(), T0).unwrap();
    conn.send(&Request::Logon(AuthToken::none()), T0).unwrap();
    let run = Request::Run {
        query: "RETRUN 1".into(),
        parameters: Map::new(),
        tx: Some(TxConfig::default()),
    };
    conn.send(&run, T0).unwrap();
    conn.send(
        &Request::Pull {
            n: ALL,
            qid: LAST_QUERY,
        },
        T0,
    )
    .unwrap();
    conn.send(&Request::Reset, T0).unwrap();
    let mut input = success(vec![]);
    input.extend(success(vec![]));
    input.extend(failure(
        "Neo.ClientError.Statement.SyntaxError",
        "Invalid input 'RETRUN'",
    ));
    input.extend(server_message(0x7E, &[]));
    conn.handle_input(&input, T0).unwrap();
    assert_eq!(conn.state(), ServerState::Failed);
    conn.handle_input(&success(vec![]), T0).unwrap();
    let got = responses(&mut conn);
    match &got[2].2 {
        Response::Failure(e) => {
            assert_eq!(e.code, "Neo.ClientError.Statement.SyntaxError");
            assert_eq!(e.classification(), "ClientError");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(got[3].2, Response::Ignored);
    assert_eq!(conn.state(), ServerState::Ready);
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
            parameters: Map::new(),
            tx: None,
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
    assert_eq!(err, ProtocolError::ReceiveTimeout(Duration::from_secs(30)));
    assert!(err.to_string().contains("within 30 s"));
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
    let d = Dialect::for_version(4, 4, false);
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
