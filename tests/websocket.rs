//! The core, the async driver and the WebSocket transport together on wasm32, against a real
//! server: kglite behind websockify, started by the test command (`npm test`), which passes its
//! address in `NEO4J_WASM_KGLITE_WS` at compile time. Runs in Node and in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use neo4j_wasm::bolt::message::decode_record;
use neo4j_wasm::driver::{Driver, DriverConfig, SessionConfig, TxOptions};
use neo4j_wasm::packstream::Value;
use neo4j_wasm::routing::ConnectionUri;
use neo4j_wasm::transport::JsRuntime;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

fn driver(config: DriverConfig) -> Driver {
    let Some(address) = option_env!("NEO4J_WASM_KGLITE_WS") else {
        panic!("NEO4J_WASM_KGLITE_WS is not set: run the tests with `npm test`, which starts the servers");
    };
    let uri = ConnectionUri::parse(&address.replace("ws://", "bolt://")).expect("a valid URI");
    let web_socket = js_sys::Reflect::get(&js_sys::global(), &"WebSocket".into())
        .expect("a global WebSocket")
        .dyn_into()
        .expect("WebSocket is a constructor");
    let runtime = JsRuntime {
        web_socket: Some(web_socket),
        client_certificate: None,
    };
    Driver::new(Rc::new(runtime), &uri, config).expect("a valid config")
}

#[wasm_bindgen_test]
async fn bolt_round_trip_over_websocket() {
    let driver = driver(DriverConfig::default());
    let info = driver.server_info().await.expect("connects");
    assert_eq!(info.protocol_version.to_string(), "5.4");
    let mut session = driver.session(SessionConfig::default());
    let params = vec![("x".to_string(), Value::Integer(41))];
    let outcome = session
        .run("RETURN $x + 1 AS answer", params, TxOptions::default())
        .await
        .expect("query runs");
    assert_eq!(outcome.keys, vec!["answer".to_string()]);
    let rows: Vec<Vec<Value>> = outcome
        .records
        .iter()
        .map(|r| decode_record(r, outcome.dialect).unwrap())
        .collect();
    assert_eq!(rows, vec![vec![Value::Integer(42)]]);
    driver.close();
}

#[wasm_bindgen_test]
async fn many_records_arrive_across_frames_and_pulls_on_one_pooled_connection() {
    // A fetch size of 7 forces many PULLs with has_more; a pool of one forces reuse.
    let mut config = DriverConfig {
        fetch_size: 7,
        ..DriverConfig::default()
    };
    config.pool.max_size = 1;
    let driver = driver(config);
    let mut session = driver.session(SessionConfig::default());
    for _ in 0..3 {
        let outcome = session
            .run(
                "UNWIND range(1, 500) AS i RETURN i, 'row ' + toString(i) AS label",
                vec![],
                TxOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(outcome.records.len(), 500);
        let last = decode_record(outcome.records.iter().last().unwrap(), outcome.dialect).unwrap();
        assert_eq!(
            last,
            vec![Value::Integer(500), Value::String("row 500".into())]
        );
    }
    driver.close();
}
