//! The core, the async connection and the WebSocket transport together on wasm32, against a
//! real server: kglite behind websockify, started by the test command (`npm test`), which
//! passes its address in `NEO4J_WASM_KGLITE_WS` at compile time. Runs in Node and in
//! headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use neo4j_wasm::bolt::message::decode_record;
use neo4j_wasm::bolt::{AuthToken, Hello, TxConfig};
use neo4j_wasm::driver::{BoltConnection, Session};
use neo4j_wasm::packstream::Value;
use neo4j_wasm::transport::{websocket, JsClock};
use wasm_bindgen_test::wasm_bindgen_test;

fn server_url() -> &'static str {
    option_env!("NEO4J_WASM_KGLITE_WS").expect(
        "NEO4J_WASM_KGLITE_WS is not set: run the tests with `npm test`, which starts the servers",
    )
}

async fn open_session() -> Session {
    let (transport, events) = websocket::connect(server_url())
        .await
        .expect("WebSocket opens");
    let (connection, pump) = BoltConnection::start(Box::new(transport), events, Rc::new(JsClock));
    wasm_bindgen_futures::spawn_local(pump);
    let hello = Hello {
        user_agent: "neo4j-wasm-tests/1".into(),
        auth: AuthToken::none(),
        ..Hello::default()
    };
    connection
        .open(hello)
        .await
        .expect("HELLO and LOGON succeed");
    Session::new(connection, TxConfig::default(), 1000)
}

#[wasm_bindgen_test]
async fn bolt_round_trip_over_websocket() {
    let mut session = open_session().await;
    assert_eq!(
        session.connection().version().map(|v| v.to_string()),
        Some("5.4".to_string())
    );
    let params = vec![("x".to_string(), Value::Integer(41))];
    let outcome = session
        .run("RETURN $x + 1 AS answer", params)
        .await
        .expect("query runs");
    assert_eq!(outcome.keys, vec!["answer".to_string()]);
    let dialect = session.connection().dialect();
    let rows: Vec<Vec<Value>> = outcome
        .records
        .iter()
        .map(|r| decode_record(r, dialect).unwrap())
        .collect();
    assert_eq!(rows, vec![vec![Value::Integer(42)]]);
    session.close();
}

#[wasm_bindgen_test]
async fn many_records_arrive_across_frames_and_pulls() {
    let (transport, events) = websocket::connect(server_url())
        .await
        .expect("WebSocket opens");
    let (connection, pump) = BoltConnection::start(Box::new(transport), events, Rc::new(JsClock));
    wasm_bindgen_futures::spawn_local(pump);
    connection
        .open(Hello {
            user_agent: "t/1".into(),
            ..Hello::default()
        })
        .await
        .unwrap();
    // A fetch size of 7 forces many PULLs with has_more.
    let mut session = Session::new(connection, TxConfig::default(), 7);
    let outcome = session
        .run(
            "UNWIND range(1, 500) AS i RETURN i, 'row ' + toString(i) AS label",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(outcome.records.len(), 500);
    let dialect = session.connection().dialect();
    let last = decode_record(outcome.records.last().unwrap(), dialect).unwrap();
    assert_eq!(
        last,
        vec![Value::Integer(500), Value::String("row 500".into())]
    );
    session.close();
}
