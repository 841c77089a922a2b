//! Robustness sweeps: truncated, corrupted and random input.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::graph_entities::{path_bytes, relationship_bytes, write_node};
use super::*;
use crate::test_support::Rng;

/// A message touching every marker family and several structures (Bolt 5.0 forms).
fn complex_message() -> Vec<u8> {
    let value = map(&[
        ("null", Value::Null),
        (
            "bools",
            Value::List(vec![Value::Boolean(true), Value::Boolean(false)]),
        ),
        (
            "ints",
            Value::List(
                [
                    0,
                    -16,
                    -17,
                    127,
                    128,
                    -129,
                    40_000,
                    -3_000_000_000,
                    i64::MAX,
                ]
                .into_iter()
                .map(Value::Integer)
                .collect(),
            ),
        ),
        ("float", Value::Float(-2.5)),
        ("bytes", Value::Bytes((0..20).collect())),
        ("long string", s(&"x".repeat(300))),
        ("unicode", s("å😀")),
        ("date", Value::Date(Date { days: 1 })),
        (
            "dt",
            Value::DateTime(DateTime {
                seconds: 1,
                nanoseconds: 2,
                zone: Zone::Id("UTC".to_owned()),
                basis: SecondsBasis::Utc,
            }),
        ),
        (
            "point",
            Value::Point(Point {
                srid: 7203,
                x: 1.0,
                y: 2.0,
                z: Some(3.0),
            }),
        ),
        (
            "nested",
            map(&[("empty", map(&[])), ("list", Value::List(vec![]))]),
        ),
    ]);
    let mut bytes = encode(&value, V5);
    // Append a node, a relationship and a path inside a list, as a RECORD would carry them.
    let mut tail = build(|e| {
        e.write_list_header(3).unwrap();
        write_node(e, 1, &["L"], Some("n1"));
    });
    tail.extend(relationship_bytes(true));
    tail.extend(path_bytes(true, &[1, 1, -2, 2]));
    let mut out = build(|e| e.write_list_header(2).unwrap());
    out.append(&mut bytes);
    out.extend(tail);
    out
}

#[test]
fn complex_message_decodes() {
    let bytes = complex_message();
    let Value::List(items) = decode(&bytes, V5).unwrap() else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[1], Value::List(l) if l.len() == 3));
}

#[test]
fn truncation_sweep_never_panics() {
    let bytes = complex_message();
    for len in 0..bytes.len() {
        let prefix = &bytes[..len];
        let e = Decoder::new(prefix).read_value(V5).unwrap_err();
        assert!(e.offset <= len, "offset {} beyond prefix {len}", e.offset);
        assert!(Decoder::new(prefix).skip_value().is_err(), "{len}");
        // Token-level walk: must also end in an error, never a panic.
        let mut d = Decoder::new(prefix);
        let mut pending = 1u64;
        let mut failed = false;
        while pending > 0 {
            match d.next_token() {
                Ok(Token::List(n)) | Ok(Token::Struct { fields: n, .. }) => pending += n as u64,
                Ok(Token::Map(n)) => pending += 2 * n as u64,
                Ok(_) => {}
                Err(_) => {
                    failed = true;
                    break;
                }
            }
            pending -= 1;
        }
        assert!(failed, "{len}");
    }
}

#[test]
fn corruption_sweep_never_panics() {
    let bytes = complex_message();
    let mut copy = bytes.clone();
    for i in 0..bytes.len() {
        for b in [
            0x00, 0x0F, 0x7F, 0x80, 0x8F, 0x90, 0xA0, 0xB3, 0xC1, 0xCB, 0xD2, 0xD6, 0xDA, 0xFF,
        ] {
            copy[i] = b;
            for dialect in [V43, V5, V6] {
                let _ = Decoder::new(&copy).read_value(dialect);
            }
            let _ = Decoder::new(&copy).skip_value();
        }
        copy[i] = bytes[i];
    }
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let pick = if depth >= 4 {
        rng.below(9)
    } else {
        rng.below(12)
    };
    match pick {
        0 => Value::Null,
        1 => Value::Boolean(rng.below(2) == 1),
        2 => {
            let shift = rng.below(64);
            Value::Integer((rng.next() as i64) >> shift)
        }
        3 => Value::Float(f64::from_bits(rng.next() & !(0x7FF << 52)) * 3.0),
        4 => Value::Bytes((0..rng.below(40)).map(|_| rng.next() as u8).collect()),
        5 => Value::String(
            (0..rng.below(40))
                .map(|_| (b'a' + rng.below(26) as u8) as char)
                .collect(),
        ),
        6 => Value::Date(Date {
            days: rng.next() as i64 >> 20,
        }),
        7 => Value::DateTime(DateTime {
            seconds: rng.next() as i64 >> 30,
            nanoseconds: rng.below(1_000_000_000) as i64,
            zone: Zone::Offset(rng.below(100_000) as i64 - 50_000),
            basis: SecondsBasis::Utc,
        }),
        8 => Value::Point(Point {
            srid: 4326,
            x: rng.below(1000) as f64,
            y: -(rng.below(1000) as f64),
            z: None,
        }),
        9 | 10 => Value::List(
            (0..rng.below(20))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let n = rng.below(20);
            Value::Map(
                (0..n)
                    .map(|i| (format!("key{i}"), random_value(rng, depth + 1)))
                    .collect(),
            )
        }
    }
}

#[test]
fn random_values_round_trip() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..2_000 {
        let v = random_value(&mut rng, 0);
        round_trip(&v, V5);
        round_trip(&v, V6);
    }
}

#[test]
fn error_types_implement_std_error() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<DecodeError>();
    assert_error::<EncodeError>();
    let e = DecodeError::new(3, DecodeErrorKind::MapKeyNotString);
    assert_eq!(kind(&e), &DecodeErrorKind::MapKeyNotString);
    assert_eq!(e.offset, 3);
}
