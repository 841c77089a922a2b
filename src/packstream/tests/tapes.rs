//! Tapes: records written for the JS facade, from the wire and from values.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::duplicate_keys::raw_map;
use super::graph_entities::{path_bytes, relationship_bytes, write_node, write_unbound};
use super::temporal_spatial_vector::{date_time_bytes, unsupported_bytes, vector_bytes};
use super::*;

/// A tape's buffers, floats as bits (so that NaNs compare).
pub(super) type TapeParts = (Vec<i32>, Vec<u64>, Vec<u8>, String, Vec<u8>);

fn parts(tape: &Tape) -> TapeParts {
    (
        tape.words.clone(),
        tape.floats.iter().map(|f| f.to_bits()).collect(),
        tape.ascii.clone(),
        tape.text.clone(),
        tape.bytes.clone(),
    )
}

/// The tape of a record whose fields are `items` (already encoded), written from tokens.
pub(super) fn tape_of_record(
    items: &[Vec<u8>],
    dialect: Dialect,
) -> Result<TapeParts, DecodeError> {
    let mut record = build(|e| e.write_list_header(items.len()).unwrap());
    items.iter().for_each(|item| record.extend(item));
    let mut tape = Tape::new();
    tape.write_list(&record, dialect)?;
    Ok(parts(&tape))
}

/// The tape of the same record decoded into values first.
pub(super) fn tape_of_values(items: &[Vec<u8>], dialect: Dialect) -> TapeParts {
    let fields = items
        .iter()
        .map(|item| decode(item, dialect).unwrap())
        .collect();
    let mut tape = Tape::new();
    tape.write_value(&Value::List(fields));
    parts(&tape)
}

#[test]
fn tape_layout() {
    use tape::op;
    let items = [
        encode(&Value::Null, V5),
        encode(&Value::Boolean(true), V5),
        encode(&Value::Integer(-7), V5),
        encode(&Value::Integer(i64::from(i32::MIN)), V5),
        encode(&Value::Integer(1 << 40), V5),
        encode(&Value::Float(-0.5), V5),
        encode(&s("Göteborg 😀"), V5),
        encode(&Value::Bytes(vec![1, 255]), V5),
        encode(&Value::List(vec![Value::List(vec![])]), V5),
        raw_map(&[("a", 1), ("__proto__", 2), ("a", 3)]),
    ];
    let (words, floats, ascii, text, bytes) = tape_of_record(&items, V5).unwrap();
    #[rustfmt::skip]
    let expected = vec![
        op::LIST, 10,
        op::NULL,
        op::TRUE,
        op::INT, -7,
        op::INT, i32::MIN,
        op::INT64, 0, 1 << 8,
        op::FLOAT,
        // "Göteborg 😀": not ASCII, 11 UTF-16 units (the emoji takes two).
        op::STRING, !11,
        op::BYTES, 2,
        op::LIST, 1, op::LIST, 0,
        // Keys are numbered as they first appear, and a repeated key is written again.
        op::MAP, 3, 0, 1, op::INT, 1, 1, 9, op::INT, 2, 0, op::INT, 3,
    ];
    assert_eq!(words, expected);
    assert_eq!(floats, [(-0.5f64).to_bits()]);
    assert_eq!(ascii, b"a__proto__");
    assert_eq!(text, "Göteborg 😀");
    assert_eq!(bytes, [1, 255]);
}

#[test]
fn tape_sends_each_key_once() {
    let record = build(|e| {
        e.write_list_header(1).unwrap();
        write_node(e, 1, &["Person"], Some("n1"));
    });
    let mut tape = Tape::new();
    tape.write_list(&record, V5).unwrap();
    assert_eq!(tape.ascii, b"Personnamenode1n1");
    tape.clear();
    tape.write_list(&record, V5).unwrap();
    // The label and the key are known by their ids now.
    assert_eq!(tape.ascii, b"node1n1");
    assert_eq!(
        &tape.words[..8],
        [
            tape::op::LIST,
            1,
            tape::op::NODE,
            tape::op::INT,
            1,
            1,
            0,
            tape::op::MAP
        ]
    );
    tape.reset();
    tape.write_list(&record, V5).unwrap();
    assert_eq!(tape.ascii, b"Personnamenode1n1");
}

#[test]
fn tape_stops_remembering_keys_at_the_limit() {
    let keys: Vec<String> = (0..=tape::MAX_KEYS).map(|i| format!("k{i}")).collect();
    let entries: Vec<(&str, i64)> = keys.iter().map(|k| (k.as_str(), 0)).collect();
    let mut record = build(|e| e.write_list_header(1).unwrap());
    record.extend(raw_map(&entries));
    let mut tape = Tape::new();
    for _ in 0..2 {
        tape.clear();
        tape.write_list(&record, V5).unwrap();
        // The last key is past the limit: -1 and its text, every time.
        let n = tape.words.len();
        assert_eq!(&tape.words[n - 4..], [-1, 5, tape::op::INT, 0]);
        assert!(tape.ascii.ends_with(b"k4096"));
    }
    assert_eq!(tape.ascii, b"k4096");
}

#[test]
fn tape_from_tokens_equals_tape_from_values() {
    let vector = vector_bytes(&[0xC9], &[0x01, 0x02, 0xFF, 0xFE]);
    let unsupported = unsupported_bytes(6, 1, &[("message", s("later"))]);
    let temporal = |dialect: Dialect| {
        let (utc, zoned) = if dialect.utc_datetime {
            (tag::DATE_TIME, tag::DATE_TIME_ZONE_ID)
        } else {
            (tag::LEGACY_DATE_TIME, tag::LEGACY_DATE_TIME_ZONE_ID)
        };
        vec![
            encode(&Value::Date(Date { days: -719_528 }), dialect),
            encode(
                &Value::LocalTime(LocalTime {
                    nanoseconds: 45_296_000_000_007,
                }),
                dialect,
            ),
            encode(
                &Value::Time(Time {
                    nanoseconds: 1,
                    tz_offset_seconds: -3600,
                }),
                dialect,
            ),
            encode(
                &Value::LocalDateTime(LocalDateTime {
                    seconds: -1,
                    nanoseconds: 5,
                }),
                dialect,
            ),
            date_time_bytes(utc, 1_700_000_000, 9, &Zone::Offset(7200)),
            date_time_bytes(
                zoned,
                1_700_000_000,
                9,
                &Zone::Id("Europe/Stockholm".into()),
            ),
            encode(
                &Value::Duration(Duration {
                    months: 1,
                    days: -2,
                    seconds: 3,
                    nanoseconds: 4,
                }),
                dialect,
            ),
            encode(
                &Value::Point(Point {
                    srid: 7203,
                    x: 1.0,
                    y: f64::NAN,
                    z: None,
                }),
                dialect,
            ),
            encode(
                &Value::Point(Point {
                    srid: 9157,
                    x: 1.0,
                    y: 2.0,
                    z: Some(-0.0),
                }),
                dialect,
            ),
        ]
    };
    for (dialect, ids) in [(V43, false), (V5, true), (V6, true)] {
        let mut items = vec![
            build(|e| write_node(e, 1, &["A", "B", "A"], ids.then_some("n1"))),
            relationship_bytes(ids),
            build(|e| write_unbound(e, 5, "T", ids.then_some("r5"))),
            path_bytes(ids, &[1, 1, -2, 2, 1, 0]),
            path_bytes(ids, &[]),
            encode(
                &Value::List(vec![map(&[("x", Value::List(vec![s("é"), Value::Null]))])]),
                dialect,
            ),
        ];
        items.extend(temporal(dialect));
        if dialect.vectors {
            items.extend([vector.clone(), unsupported.clone()]);
        }
        assert_eq!(
            tape_of_record(&items, dialect).unwrap(),
            tape_of_values(&items, dialect),
            "{dialect:?}"
        );
    }
}

#[test]
fn tape_temporal_fields() {
    use tape::op;
    let mut tape = Tape::new();
    tape.write_value(&Value::Date(Date { days: 19_000 }));
    tape.write_value(&Value::DateTime(DateTime {
        seconds: 0,
        nanoseconds: 1,
        zone: Zone::Offset(3600),
        basis: SecondsBasis::Utc,
    }));
    tape.write_value(&Value::DateTime(DateTime {
        seconds: 60,
        nanoseconds: 0,
        zone: Zone::Id("UTC".into()),
        basis: SecondsBasis::Utc,
    }));
    let int = |i| [op::INT, i];
    let mut expected = vec![op::DATE];
    [2022, 1, 8]
        .into_iter()
        .for_each(|i| expected.extend(int(i)));
    expected.push(op::DATE_TIME_OFFSET);
    // 1970-01-01T01:00:00.000000001+01:00
    [1970, 1, 1, 1, 0, 0, 1, 3600]
        .into_iter()
        .for_each(|i| expected.extend(int(i)));
    expected.push(op::DATE_TIME_ZONE_UTC);
    [60, 0].into_iter().for_each(|i| expected.extend(int(i)));
    expected.extend([op::STRING, 3]);
    assert_eq!(tape.words, expected);
    assert_eq!(tape.ascii, b"UTC");
}

#[test]
fn tape_errors_are_the_decoders() {
    let bad_utf8 = build(|e| {
        e.write_list_header(1).unwrap();
        e.write_string("ok").unwrap();
    });
    let mut bad_utf8 = bad_utf8;
    let last = bad_utf8.len() - 1;
    bad_utf8[last] = 0xFF;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not a list", encode(&Value::Integer(1), V5)),
        ("empty", vec![]),
        (
            "cut short",
            encode(&Value::List(vec![s("abcdef")]), V5)[..4].to_vec(),
        ),
        ("bad UTF-8", bad_utf8),
        (
            "key not a string",
            build(|e| {
                e.write_list_header(1).unwrap();
                e.write_map_header(1).unwrap();
                e.write_int(1);
                e.write_int(2);
            }),
        ),
        (
            "key cut short",
            build(|e| {
                e.write_list_header(1).unwrap();
                e.write_map_header(1).unwrap();
            }),
        ),
        ("node id a string, bad UTF-8 later", {
            let mut b = build(|e| {
                e.write_list_header(1).unwrap();
                e.write_struct_header(tag::NODE, 4).unwrap();
                e.write_string("1").unwrap();
                e.write_list_header(0).unwrap();
                e.write_map_header(1).unwrap();
                e.write_string("k").unwrap();
                e.write_string("v").unwrap();
                e.write_string("e").unwrap();
            });
            let n = b.len();
            b[n - 3] = 0xC0; // the property value's text
            b
        }),
        (
            "label not a string",
            build(|e| {
                e.write_list_header(1).unwrap();
                e.write_struct_header(tag::NODE, 4).unwrap();
                e.write_int(1);
                e.write_list_header(1).unwrap();
                e.write_int(2);
                e.write_map_header(0).unwrap();
                e.write_string("e").unwrap();
            }),
        ),
        (
            "element id not a string, after a new key",
            node_with_an_integer_element_id(),
        ),
        (
            "unknown structure",
            build(|e| {
                e.write_list_header(1).unwrap();
                e.write_struct_header(0x01, 0).unwrap();
            }),
        ),
        ("too deep", {
            let mut b = vec![0x91; MAX_DEPTH + 1];
            b.push(0x90);
            b
        }),
    ];
    for (what, bytes) in cases {
        let expected = crate::bolt::message::decode_record(&bytes, V5).unwrap_err();
        let mut tape = Tape::new();
        assert_eq!(tape.write_list(&bytes, V5).unwrap_err(), expected, "{what}");
    }
}

/// A record of one node with a new label `L` whose element id is an integer, not a string.
fn node_with_an_integer_element_id() -> Vec<u8> {
    build(|e| {
        e.write_list_header(1).unwrap();
        e.write_struct_header(tag::NODE, 4).unwrap();
        e.write_int(1);
        e.write_list_header(1).unwrap();
        e.write_string("L").unwrap();
        e.write_map_header(0).unwrap();
        e.write_int(3);
    })
}

#[test]
fn tape_forgets_keys_of_a_structure_it_rewrote() {
    // Its label was new when the fast path gave up.
    let node = node_with_an_integer_element_id();
    let mut tape = Tape::new();
    assert!(tape.write_list(&node, V5).is_err());
    tape.clear();
    let ok = build(|e| {
        e.write_list_header(1).unwrap();
        e.write_map_header(1).unwrap();
        e.write_string("L").unwrap();
        e.write_null();
    });
    tape.write_list(&ok, V5).unwrap();
    // "L" is new again, with id 0.
    assert_eq!(
        tape.words,
        [tape::op::LIST, 1, tape::op::MAP, 1, 0, 1, tape::op::NULL]
    );
    assert_eq!(tape.ascii, b"L");
}

#[test]
fn tape_string_lengths_are_utf16_units() {
    for text in [
        "",
        "a",
        "é",
        "€uro",
        "𝄞",
        "aé€𝄞\u{FEFF}\u{10FFFF}",
        "Göteborg 😀",
    ] {
        let mut tape = Tape::new();
        tape.write_value(&s(text));
        let units = text.encode_utf16().count() as i32;
        let expected = if text.is_ascii() { units } else { !units };
        assert_eq!(tape.words, [tape::op::STRING, expected], "{text}");
    }
}
