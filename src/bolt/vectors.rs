//! Byte vectors: every request in every version group, and the server's answers, written out by
//! hand from the Bolt and PackStream specifications (not produced by the encoder under test).
//!
//! Reading aid: `B<n> <sig>` is a message with n fields; `8<n>`/`D0 <n>` a string of n bytes;
//! `9<n>` a list; `A<n>` a map; `C9` a 16-bit integer; `C0` null. A request is framed as one
//! chunk: a two-byte length, the message, then `00 00`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::message::{decode_record, parse_response, BoltAgent, NotificationFilter, ALL};
use super::*;
use crate::packstream::tape::Tape;
use crate::packstream::{Dialect, Map, Value};
use crate::test_support::{hex, s};

/// Upper-case hex with a space between bytes, for readable assertion failures.
fn show(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn v(major: u8, minor: u8) -> Version {
    Version::new(major, minor)
}

fn hello(routing: bool, filter: NotificationFilter) -> Request {
    Request::Hello(Hello {
        user_agent: "test/1".into(),
        bolt_agent: BoltAgent {
            product: "d/1".into(),
            ..BoltAgent::default()
        },
        routing: routing.then(|| vec![("address".into(), s("h:7687"))]),
        notification_filter: filter,
        auth: AuthToken::basic("neo4j", "pw", None),
    })
}

fn warning_no_hints() -> NotificationFilter {
    NotificationFilter {
        minimum_severity: Some("WARNING".into()),
        disabled_classifications: Some(vec!["HINT".into()]),
    }
}

fn full_tx() -> TxConfig {
    TxConfig {
        bookmarks: vec!["bm:1".into()],
        timeout_ms: Some(5000),
        metadata: vec![("app".into(), s("t"))],
        mode: AccessMode::Read,
        database: Some("neo4j".into()),
        impersonated_user: Some("bob".into()),
        notification_filter: NotificationFilter::default(),
    }
}

fn run(parameters: Map, within: Within) -> Request {
    Request::Run {
        query: "RETURN 1".into(),
        parameters: parameters.into(),
        within,
    }
}

fn x_is_1() -> Map {
    vec![("x".into(), Value::Integer(1))]
}

fn route(bookmarks: &[&str], database: Option<&str>, user: Option<&str>) -> Request {
    Request::Route {
        routing: vec![("address".into(), s("h:7687"))],
        bookmarks: bookmarks.iter().map(|b| b.to_string()).collect(),
        database: database.map(Into::into),
        impersonated_user: user.map(Into::into),
    }
}

// HELLO {user_agent: "test/1", routing: {address: "h:7687"}, scheme: "basic",
//        principal: "neo4j", credentials: "pw"}: auth inside HELLO, no patch before 4.3.
const HELLO_4_2: &str = "00 59  B1 01 A5
    8A 757365725F6167656E74 86 746573742F31
    87 726F7574696E67 A1 87 61646472657373 86 683A37363837
    86 736368656D65 85 6261736963
    89 7072696E636970616C 85 6E656F346A
    8B 63726564656E7469616C73 82 7077
    00 00";

// 4.3 and 4.4 also ask for the `utc` patch: patch_bolt: ["utc"].
const HELLO_4_4: &str = "00 69  B1 01 A6
    8A 757365725F6167656E74 86 746573742F31
    8A 70617463685F626F6C74 91 83 757463
    87 726F7574696E67 A1 87 61646472657373 86 683A37363837
    86 736368656D65 85 6261736963
    89 7072696E636970616C 85 6E656F346A
    8B 63726564656E7469616C73 82 7077
    00 00";

// 5.0: auth still in HELLO, no patch_bolt (5.0 has UTC date-times built in); no routing here.
const HELLO_5_0: &str = "00 41  B1 01 A4
    8A 757365725F6167656E74 86 746573742F31
    86 736368656D65 85 6261736963
    89 7072696E636970616C 85 6E656F346A
    8B 63726564656E7469616C73 82 7077
    00 00";

// 5.1: no credentials in HELLO (LOGON carries them).
const HELLO_5_1: &str = "00 2D  B1 01 A2
    8A 757365725F6167656E74 86 746573742F31
    87 726F7574696E67 A1 87 61646472657373 86 683A37363837
    00 00";

// 5.2: notification filter, the disabled list named `notifications_disabled_categories`.
const HELLO_5_2: &str = "00 66  B1 01 A3
    8A 757365725F6167656E74 86 746573742F31
    D0 1E 6E6F74696669636174696F6E735F6D696E696D756D5F7365766572697479 87 5741524E494E47
    D0 21 6E6F74696669636174696F6E735F64697361626C65645F63617465676F72696573 91 84 48494E54
    00 00";

// 5.3 and 5.4: bolt_agent {product: "d/1"}.
const HELLO_5_3: &str = "00 2D  B1 01 A2
    8A 757365725F6167656E74 86 746573742F31
    8A 626F6C745F6167656E74 A1 87 70726F64756374 83 642F31
    00 00";

// 5.6+: the disabled list is `notifications_disabled_classifications`.
const HELLO_5_6: &str = "00 83  B1 01 A4
    8A 757365725F6167656E74 86 746573742F31
    8A 626F6C745F6167656E74 A1 87 70726F64756374 83 642F31
    D0 1E 6E6F74696669636174696F6E735F6D696E696D756D5F7365766572697479 87 5741524E494E47
    D0 26 6E6F74696669636174696F6E735F64697361626C65645F636C617373696669636174696F6E73
        91 84 48494E54
    00 00";

// LOGON {scheme: "basic", principal: "neo4j", credentials: "pw"}
const LOGON: &str = "00 2F  B1 6A A3
    86 736368656D65 85 6261736963
    89 7072696E636970616C 85 6E656F346A
    8B 63726564656E7469616C73 82 7077
    00 00";

// RUN "RETURN 1" {x: 1} {bookmarks: ["bm:1"], tx_timeout: 5000 (ms), tx_metadata: {app: "t"},
//                        mode: "r", db: "neo4j", imp_user: "bob"}
const RUN_AUTO_COMMIT: &str = "00 5E  B3 10
    88 52455455524E2031
    A1 81 78 01
    A6 89 626F6F6B6D61726B73 91 84 626D3A31
       8A 74785F74696D656F7574 C9 1388
       8B 74785F6D65746164617461 A1 83 617070 81 74
       84 6D6F6465 81 72
       82 6462 85 6E656F346A
       88 696D705F75736572 83 626F62
    00 00";

// RUN "RETURN 1" {} {db: "neo4j", notifications_minimum_severity: "OFF"} (5.2+)
const RUN_FILTERED: &str = "00 3A  B3 10
    88 52455455524E2031 A0
    A2 82 6462 85 6E656F346A
       D0 1E 6E6F74696669636174696F6E735F6D696E696D756D5F7365766572697479 83 4F4646
    00 00";

// RUN "RETURN 1" {} {} inside an explicit transaction: the extra map stays empty.
const RUN_IN_TX: &str = "00 0D  B3 10 88 52455455524E2031 A0 A0 00 00";

// BEGIN {bookmarks: ["bm:1"], tx_timeout: 5000, mode: "r", db: "neo4j"}
const BEGIN: &str = "00 31  B1 11 A4
    89 626F6F6B6D61726B73 91 84 626D3A31
    8A 74785F74696D656F7574 C9 1388
    84 6D6F6465 81 72
    82 6462 85 6E656F346A
    00 00";

// BEGIN {notifications_disabled_classifications: []} (5.6+; an empty list re-enables all)
const BEGIN_NOTHING_DISABLED: &str = "00 2C  B1 11 A1
    D0 26 6E6F74696669636174696F6E735F64697361626C65645F636C617373696669636174696F6E73 90
    00 00";

// ROUTE {address: "h:7687"} [] "neo4j": 4.3 sends the database as a bare string ...
const ROUTE_4_3: &str = "00 19  B3 66
    A1 87 61646472657373 86 683A37363837
    90
    85 6E656F346A
    00 00";

// ... or null for the home database ...
const ROUTE_4_3_HOME: &str = "00 14  B3 66
    A1 87 61646472657373 86 683A37363837
    90 C0
    00 00";

// ... 4.4+ a map: ROUTE {address: "h:7687"} ["bm:1"] {db: "neo4j", imp_user: "bob"} ...
const ROUTE_4_4: &str = "00 2F  B3 66
    A1 87 61646472657373 86 683A37363837
    91 84 626D3A31
    A2 82 6462 85 6E656F346A 88 696D705F75736572 83 626F62
    00 00";

// ... and an empty map for the home database.
const ROUTE_5_0_HOME: &str = "00 14  B3 66
    A1 87 61646472657373 86 683A37363837
    90 A0
    00 00";

/// (what, version, request, expected bytes)
fn request_vectors() -> Vec<(&'static str, Version, Request, &'static str)> {
    let none = NotificationFilter::default;
    let pull = |n, qid| Request::Pull { n, qid };
    let discard = |n, qid| Request::Discard { n, qid };
    let mut vectors = vec![
        ("HELLO 4.2", v(4, 2), hello(true, none()), HELLO_4_2),
        ("HELLO 4.3", v(4, 3), hello(true, none()), HELLO_4_4),
        ("HELLO 4.4", v(4, 4), hello(true, none()), HELLO_4_4),
        ("HELLO 5.0", v(5, 0), hello(false, none()), HELLO_5_0),
        ("HELLO 5.1", v(5, 1), hello(true, none()), HELLO_5_1),
        (
            "HELLO 5.2",
            v(5, 2),
            hello(false, warning_no_hints()),
            HELLO_5_2,
        ),
        ("HELLO 5.3", v(5, 3), hello(false, none()), HELLO_5_3),
        ("HELLO 5.4", v(5, 4), hello(false, none()), HELLO_5_3),
        (
            "LOGON 5.1",
            v(5, 1),
            Request::Logon(AuthToken::basic("neo4j", "pw", None)),
            LOGON,
        ),
        ("LOGOFF 5.1", v(5, 1), Request::Logoff, "00 02 B0 6B 00 00"),
        (
            "RUN 4.4",
            v(4, 4),
            run(x_is_1(), Within::AutoCommit(full_tx())),
            RUN_AUTO_COMMIT,
        ),
        (
            "RUN 5.0",
            v(5, 0),
            run(x_is_1(), Within::AutoCommit(full_tx())),
            RUN_AUTO_COMMIT,
        ),
        (
            "RUN in tx",
            v(4, 4),
            run(Map::new(), Within::Transaction),
            RUN_IN_TX,
        ),
        (
            "BEGIN 5.4",
            v(5, 4),
            Request::Begin(TxConfig {
                metadata: Map::new(),
                impersonated_user: None,
                ..full_tx()
            }),
            BEGIN,
        ),
        (
            "ROUTE 4.3",
            v(4, 3),
            route(&[], Some("neo4j"), None),
            ROUTE_4_3,
        ),
        (
            "ROUTE 4.3 home",
            v(4, 3),
            route(&[], None, None),
            ROUTE_4_3_HOME,
        ),
        (
            "ROUTE 4.4",
            v(4, 4),
            route(&["bm:1"], Some("neo4j"), Some("bob")),
            ROUTE_4_4,
        ),
        (
            "ROUTE 5.0 home",
            v(5, 0),
            route(&[], None, None),
            ROUTE_5_0_HOME,
        ),
        // PULL {n: -1}: qid -1 (the last query) is the default and left out.
        (
            "PULL all",
            v(4, 4),
            pull(ALL, -1),
            "00 06 B1 3F A1 81 6E FF 00 00",
        ),
        // PULL {n: 1000, qid: 7}
        (
            "PULL n qid",
            v(5, 0),
            pull(1000, 7),
            "00 0D B1 3F A2 81 6E C9 03E8 83 716964 07 00 00",
        ),
        (
            "DISCARD all",
            v(4, 4),
            discard(ALL, -1),
            "00 06 B1 2F A1 81 6E FF 00 00",
        ),
        // DISCARD {n: 10, qid: 2}
        (
            "DISCARD n qid",
            v(5, 4),
            discard(10, 2),
            "00 0B B1 2F A2 81 6E 0A 83 716964 02 00 00",
        ),
        // TELEMETRY carries the bare integer: 0 managed, 1 explicit, 2 implicit, 3 driver-level.
        (
            "TELEMETRY 0",
            v(5, 4),
            Request::Telemetry { api: 0 },
            "00 03 B1 54 00 00 00",
        ),
        (
            "TELEMETRY 1",
            v(5, 4),
            Request::Telemetry { api: 1 },
            "00 03 B1 54 01 00 00",
        ),
        (
            "TELEMETRY 2",
            v(5, 6),
            Request::Telemetry { api: 2 },
            "00 03 B1 54 02 00 00",
        ),
        (
            "TELEMETRY 3",
            v(6, 0),
            Request::Telemetry { api: 3 },
            "00 03 B1 54 03 00 00",
        ),
    ];
    let filtered = |filter| TxConfig {
        database: Some("neo4j".into()),
        notification_filter: filter,
        ..TxConfig::default()
    };
    let off = NotificationFilter {
        minimum_severity: Some("OFF".into()),
        disabled_classifications: None,
    };
    let nothing_disabled = NotificationFilter {
        minimum_severity: None,
        disabled_classifications: Some(vec![]),
    };
    vectors.push((
        "RUN 5.2 filtered",
        v(5, 2),
        run(Map::new(), Within::AutoCommit(filtered(off))),
        RUN_FILTERED,
    ));
    vectors.push((
        "BEGIN 5.6 filtered",
        v(5, 6),
        Request::Begin(TxConfig {
            notification_filter: nothing_disabled,
            ..TxConfig::default()
        }),
        BEGIN_NOTHING_DISABLED,
    ));
    for version in [v(5, 6), v(5, 7), v(5, 8), v(6, 0)] {
        vectors.push((
            "HELLO 5.6+",
            version,
            hello(false, warning_no_hints()),
            HELLO_5_6,
        ));
    }
    for version in [v(4, 2), v(4, 4), v(5, 0), v(5, 4), v(5, 8), v(6, 0)] {
        vectors.push(("GOODBYE", version, Request::Goodbye, "00 02 B0 02 00 00"));
        vectors.push(("RESET", version, Request::Reset, "00 02 B0 0F 00 00"));
        vectors.push(("COMMIT", version, Request::Commit, "00 02 B0 12 00 00"));
        vectors.push(("ROLLBACK", version, Request::Rollback, "00 02 B0 13 00 00"));
    }
    vectors
}

#[test]
fn every_request_encodes_to_its_vector() {
    for (what, version, request, expected) in request_vectors() {
        assert!(request.available_in(version), "{what} in {version}");
        assert_eq!(
            request.unsupported_field(version),
            None,
            "{what} in {version}"
        );
        let dialect = version.dialect(false);
        let mut out = Vec::new();
        request.encode(version, dialect, &mut out).unwrap();
        assert_eq!(show(&out), show(&hex(expected)), "{what} in Bolt {version}");
    }
}

#[test]
fn messages_and_fields_a_version_lacks_are_refused() {
    let imp_user = TxConfig {
        impersonated_user: Some("bob".into()),
        ..TxConfig::default()
    };
    let filtered = TxConfig {
        notification_filter: warning_no_hints(),
        ..TxConfig::default()
    };
    let unavailable = [
        (Request::Logon(AuthToken::none()), v(5, 0)),
        (Request::Logoff, v(4, 4)),
        (Request::Telemetry { api: 0 }, v(5, 3)),
        (route(&[], None, None), v(4, 2)),
    ];
    for (request, version) in unavailable {
        assert!(!request.available_in(version), "{request:?} in {version}");
    }
    let unsupported = [
        (
            run(x_is_1(), Within::AutoCommit(imp_user.clone())),
            v(4, 3),
            "imp_user",
        ),
        (Request::Begin(imp_user), v(4, 2), "imp_user"),
        (route(&[], None, Some("bob")), v(4, 3), "imp_user"),
        (
            Request::Begin(filtered.clone()),
            v(5, 1),
            "notification filters",
        ),
        (
            run(x_is_1(), Within::AutoCommit(filtered)),
            v(4, 4),
            "notification filters",
        ),
        (
            hello(false, warning_no_hints()),
            v(5, 0),
            "notification filters",
        ),
    ];
    for (request, version, field) in unsupported {
        assert_eq!(
            request.unsupported_field(version),
            Some(field),
            "{request:?} in {version}"
        );
    }
}

// SUCCESS {fields: ["n"], t_first: 3}: RUN's answer.
pub(super) const SUCCESS_FIELDS: &str = "B1 70 A2 86 6669656C6473 91 81 6E 87 745F6669727374 03";

// SUCCESS {has_more: true}: a PULL or DISCARD that left records.
pub(super) const SUCCESS_HAS_MORE: &str = "B1 70 A1 88 6861735F6D6F7265 C3";

// SUCCESS {bookmark: "bm1", type: "r"}: the end of a result, or COMMIT's answer.
pub(super) const SUCCESS_SUMMARY: &str = "B1 70 A2 88 626F6F6B6D61726B 83 626D31 84 74797065 81 72";

// SUCCESS {}
pub(super) const SUCCESS_EMPTY: &str = "B1 70 A0";

// RECORD [1, "a"]
pub(super) const RECORD: &str = "B1 71 92 01 81 61";

// IGNORED
pub(super) const IGNORED: &str = "B0 7E";

/// Parses one server message from hex (without the chunk framing).
fn response(body: &str) -> Response {
    parse_response(&hex(body), Dialect::BOLT_5).unwrap()
}

#[test]
fn success_record_and_ignored() {
    assert_eq!(
        response(SUCCESS_FIELDS),
        Response::Success(vec![
            ("fields".into(), Value::List(vec![s("n")])),
            ("t_first".into(), Value::Integer(3)),
        ])
    );
    // The record's body is kept encoded, from the list on.
    let Response::Records(batch) = response(RECORD) else {
        panic!("not a record");
    };
    let bodies: Vec<&[u8]> = batch.iter().collect();
    assert_eq!(bodies, [hex("92 01 81 61")]);
    assert_eq!(
        decode_record(bodies[0], Dialect::BOLT_5).unwrap(),
        vec![Value::Integer(1), s("a")]
    );
    assert_eq!(response(IGNORED), Response::Ignored);
    assert_eq!(
        response(SUCCESS_HAS_MORE),
        Response::Success(vec![("has_more".into(), Value::Boolean(true))])
    );
    assert_eq!(
        response(SUCCESS_SUMMARY),
        Response::Success(vec![("bookmark".into(), s("bm1")), ("type".into(), s("r"))])
    );
    assert_eq!(response(SUCCESS_EMPTY), Response::Success(Map::new()));
}

const SYNTAX_ERROR: &str = "Neo.ClientError.Statement.SyntaxError";

// FAILURE {code: "Neo.ClientError.Statement.SyntaxError", message: "bad"}
pub(super) const FAILURE: &str = "B1 7F A2
     84 636F6465 D0 25 4E656F2E436C69656E744572726F722E53746174656D656E742E53796E7461784572726F72
     87 6D657373616765 83 626164";

#[test]
fn failure_before_5_7() {
    let Response::Failure(e) = response(FAILURE) else {
        panic!("not a failure");
    };
    assert_eq!((e.code.as_str(), e.message.as_str()), (SYNTAX_ERROR, "bad"));
    assert_eq!(e.classification(), "ClientError");
    assert_eq!((e.gql_status, e.description, e.cause), (None, None, None));
}

// FAILURE {neo4j_code: "Neo.ClientError.Statement.SyntaxError", message: "bad",
//          gql_status: "42001", description: "d1",
//          diagnostic_record: {_classification: "CLIENT_ERROR"},
//          cause: {message: "m2", gql_status: "42I06", description: "d2",
//                  diagnostic_record: {_classification: "CLIENT_ERROR"},
//                  cause: {message: "m3", gql_status: "22N01", description: "d3"}}}
pub(super) const FAILURE_GQL: &str = "B1 7F A6
     8A 6E656F346A5F636F6465
        D0 25 4E656F2E436C69656E744572726F722E53746174656D656E742E53796E7461784572726F72
     87 6D657373616765 83 626164
     8A 67716C5F737461747573 85 3432303031
     8B 6465736372697074696F6E 82 6431
     D0 11 646961676E6F737469635F7265636F7264
        A1 8F 5F636C617373696669636174696F6E 8C 434C49454E545F4552524F52
     85 6361757365 A5
        87 6D657373616765 82 6D32
        8A 67716C5F737461747573 85 3432493036
        8B 6465736372697074696F6E 82 6432
        D0 11 646961676E6F737469635F7265636F7264
           A1 8F 5F636C617373696669636174696F6E 8C 434C49454E545F4552524F52
        85 6361757365 A3
           87 6D657373616765 82 6D33
           8A 67716C5F737461747573 85 32324E3031
           8B 6465736372697074696F6E 82 6433";

#[test]
fn gql_failure_with_a_cause_chain() {
    let Response::Failure(e) = response(FAILURE_GQL) else {
        panic!("not a failure");
    };
    let classification = Some(vec![("_classification".into(), s("CLIENT_ERROR"))]);
    assert_eq!((e.code.as_str(), e.message.as_str()), (SYNTAX_ERROR, "bad"));
    assert_eq!(e.gql_status.as_deref(), Some("42001"));
    assert_eq!(e.description.as_deref(), Some("d1"));
    assert_eq!(e.diagnostic_record, classification);
    let cause = e.cause.expect("a cause");
    assert_eq!(cause.message, "m2");
    assert_eq!(cause.gql_status.as_deref(), Some("42I06"));
    assert_eq!(cause.description.as_deref(), Some("d2"));
    assert_eq!(cause.diagnostic_record, classification);
    let root = cause.cause.expect("a cause of the cause");
    assert_eq!(
        (
            root.message.as_str(),
            root.gql_status.as_deref(),
            root.description.as_deref()
        ),
        ("m3", Some("22N01"), Some("d3"))
    );
    assert_eq!((root.diagnostic_record, root.cause), (None, None));
}

/// Answers that are not valid Bolt messages.
pub(super) const MALFORMED_ANSWERS: [&str; 7] = [
    "B0 7E 00",    // IGNORED, then a stray byte
    "B1 7E A0",    // IGNORED has no fields
    "B0 70",       // SUCCESS needs its metadata
    "B1 70 01",    // SUCCESS metadata must be a map
    "B2 71 90 90", // RECORD has one field
    "B0 7D",       // no such message
    "A0",          // not a structure at all
];

/// RECORDs whose data is not one complete list: a value that is not a list, a list missing an
/// item, more after the list, nothing at all.
pub(super) const MALFORMED_RECORDS: [&str; 4] =
    ["B1 71 01", "B1 71 92 01", "B1 71 91 01 01", "B1 71"];

#[test]
fn malformed_answers_are_errors() {
    for body in MALFORMED_ANSWERS {
        let parsed = parse_response(&hex(body), Dialect::BOLT_5);
        assert!(parsed.is_err(), "{body}: {parsed:?}");
    }
    // RECORD data is checked when decoded, with the Decoder or onto a tape: one list, complete,
    // and nothing after it.
    let dialect = Dialect::BOLT_5;
    for body in MALFORMED_RECORDS {
        let Response::Records(batch) = response(body) else {
            panic!("{body}: not a record");
        };
        let fields = batch.iter().next().unwrap();
        let decoded = decode_record(fields, dialect);
        assert!(decoded.is_err(), "{body}: {decoded:?}");
        let on_tape = Tape::new().write_list(fields, dialect);
        assert_eq!(on_tape, decoded.map(|_| ()), "{body}");
    }
}

// SUCCESS {server: "Neo4j/5.26.0", connection_id: "bolt-7",
//          hints: {connection.recv_timeout_seconds: 120, telemetry.enabled: true,
//                  ssr.enabled: true}}
pub(super) const SUCCESS_HELLO: &str = "B1 70 A3
     86 736572766572 8C 4E656F346A2F352E32362E30
     8D 636F6E6E656374696F6E5F6964 86 626F6C742D37
     85 68696E7473 A3
        D0 1F 636F6E6E656374696F6E2E726563765F74696D656F75745F7365636F6E6473 78
        D0 11 74656C656D657472792E656E61626C6564 C3
        8B 7373722E656E61626C6564 C3";

#[test]
fn hello_success_with_hints() {
    let Response::Success(metadata) = response(SUCCESS_HELLO) else {
        panic!("not a success");
    };
    let hello = HelloMetadata::parse(&metadata).unwrap();
    assert_eq!(hello.server.as_deref(), Some("Neo4j/5.26.0"));
    assert_eq!(hello.connection_id.as_deref(), Some("bolt-7"));
    assert!(hello.patch_bolt.is_empty());
    assert_eq!(
        hello.hints,
        Hints {
            recv_timeout: Some(std::time::Duration::from_secs(120)),
            telemetry_enabled: true,
            ssr_enabled: true,
        }
    );
}

// SUCCESS {rt: {ttl: 300, db: "neo4j", servers: [
//   {addresses: ["a:1"], role: "ROUTE"}, {addresses: ["a:1", "b:1"], role: "READ"},
//   {addresses: ["b:1"], role: "WRITE"}]}}
pub(super) const SUCCESS_ROUTE: &str = "B1 70 A1 82 7274 A3
     83 74746C C9 012C
     82 6462 85 6E656F346A
     87 73657276657273 93
        A2 89 616464726573736573 91 83 613A31 84 726F6C65 85 524F555445
        A2 89 616464726573736573 92 83 613A31 83 623A31 84 726F6C65 84 52454144
        A2 89 616464726573736573 91 83 623A31 84 726F6C65 85 5752495445";

#[test]
fn route_success() {
    let Response::Success(metadata) = response(SUCCESS_ROUTE) else {
        panic!("not a success");
    };
    let table = RouteAnswer::parse(&metadata).unwrap();
    assert_eq!((table.ttl, table.db.as_deref()), (300, Some("neo4j")));
    let servers: Vec<_> = table
        .servers
        .iter()
        .map(|s| (s.role, s.addresses.join(",")))
        .collect();
    use metadata::Role;
    assert_eq!(
        servers,
        [
            (Role::Route, "a:1".to_string()),
            (Role::Read, "a:1,b:1".to_string()),
            (Role::Write, "b:1".to_string()),
        ]
    );
}
