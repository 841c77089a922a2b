//! Unit tests for encoding, decoding and hydration.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Bolt 4.3: legacy date-times, numeric ids only.
const V43: Dialect = Dialect::BOLT_4;
/// Bolt 4.4 with the `utc` patch.
const V44_UTC: Dialect = Dialect::BOLT_4_UTC;
/// Bolt 5.0.
const V5: Dialect = Dialect::BOLT_5;
/// Bolt 6.0.
const V6: Dialect = Dialect::BOLT_6;

fn encode(value: &Value, dialect: Dialect) -> Vec<u8> {
    let mut buf = Vec::new();
    Encoder::new(&mut buf).write_value(value, dialect).unwrap();
    buf
}

fn encode_err(value: &Value, dialect: Dialect) -> EncodeError {
    let mut buf = Vec::new();
    Encoder::new(&mut buf)
        .write_value(value, dialect)
        .unwrap_err()
}

/// Decodes exactly one value that spans the whole input.
fn decode(bytes: &[u8], dialect: Dialect) -> Result<Value, DecodeError> {
    let mut d = Decoder::new(bytes);
    let v = d.read_value(dialect)?;
    assert!(
        d.is_at_end(),
        "trailing bytes after value: {:?}",
        &bytes[d.position()..]
    );
    Ok(v)
}

fn decode_err(bytes: &[u8], dialect: Dialect) -> DecodeError {
    Decoder::new(bytes).read_value(dialect).unwrap_err()
}

fn round_trip(value: &Value, dialect: Dialect) {
    let bytes = encode(value, dialect);
    assert_eq!(
        &decode(&bytes, dialect).unwrap(),
        value,
        "bytes {bytes:02X?}"
    );
}

/// Builds bytes with the low-level encoder API.
fn build(f: impl FnOnce(&mut Encoder<'_>)) -> Vec<u8> {
    let mut buf = Vec::new();
    f(&mut Encoder::new(&mut buf));
    buf
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn kind(e: &DecodeError) -> &DecodeErrorKind {
    &e.kind
}

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

#[test]
fn null_and_booleans() {
    assert_eq!(encode(&Value::Null, V5), [0xC0]);
    assert_eq!(encode(&Value::Boolean(false), V5), [0xC2]);
    assert_eq!(encode(&Value::Boolean(true), V5), [0xC3]);
    for v in [Value::Null, Value::Boolean(false), Value::Boolean(true)] {
        round_trip(&v, V5);
    }
}

#[test]
fn integers_at_every_boundary() {
    let cases: &[(i64, &[u8])] = &[
        (0, &[0x00]),
        (1, &[0x01]),
        (-1, &[0xFF]),
        (127, &[0x7F]),
        (-16, &[0xF0]),
        (-17, &[0xC8, 0xEF]),
        (-128, &[0xC8, 0x80]),
        (128, &[0xC9, 0x00, 0x80]),
        (-129, &[0xC9, 0xFF, 0x7F]),
        (32767, &[0xC9, 0x7F, 0xFF]),
        (-32768, &[0xC9, 0x80, 0x00]),
        (32768, &[0xCA, 0x00, 0x00, 0x80, 0x00]),
        (-32769, &[0xCA, 0xFF, 0xFF, 0x7F, 0xFF]),
        (i64::from(i32::MAX), &[0xCA, 0x7F, 0xFF, 0xFF, 0xFF]),
        (i64::from(i32::MIN), &[0xCA, 0x80, 0x00, 0x00, 0x00]),
        (
            i64::from(i32::MAX) + 1,
            &[0xCB, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00],
        ),
        (
            i64::from(i32::MIN) - 1,
            &[0xCB, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF],
        ),
        (
            i64::MAX,
            &[0xCB, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        ),
        (
            i64::MIN,
            &[0xCB, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
        ),
    ];
    for (value, bytes) in cases {
        assert_eq!(encode(&Value::Integer(*value), V5), *bytes, "{value}");
        assert_eq!(
            decode(bytes, V5).unwrap(),
            Value::Integer(*value),
            "{value}"
        );
    }
}

#[test]
fn integer_sizes_are_minimal_across_ranges() {
    let expected_len = |v: i64| match v {
        -16..=127 => 1,
        -128..=-17 => 2,
        -32768..=32767 => 3,
        -2147483648..=2147483647 => 5,
        _ => 9,
    };
    let mut values: Vec<i64> = (-70_000..70_000).collect();
    for shift in 0..63 {
        let p = 1i64 << shift;
        values.extend([p - 1, p, p + 1, -p - 1, -p, -p + 1]);
    }
    values.extend([i64::MIN, i64::MIN + 1, i64::MAX - 1, i64::MAX]);
    let mut buf = Vec::new();
    for v in values {
        buf.clear();
        Encoder::new(&mut buf).write_int(v);
        assert_eq!(buf.len(), expected_len(v), "{v}");
        assert_eq!(Decoder::new(&buf).next_token().unwrap(), Token::Integer(v));
    }
}

#[test]
fn non_minimal_integer_forms_decode() {
    assert_eq!(decode(&[0xC8, 0x05], V5).unwrap(), Value::Integer(5));
    assert_eq!(decode(&[0xC9, 0x00, 0x05], V5).unwrap(), Value::Integer(5));
    assert_eq!(
        decode(&[0xCA, 0xFF, 0xFF, 0xFF, 0xFF], V5).unwrap(),
        Value::Integer(-1)
    );
    assert_eq!(
        decode(&[0xCB, 0, 0, 0, 0, 0, 0, 0, 1], V5).unwrap(),
        Value::Integer(1)
    );
}

#[test]
fn floats() {
    assert_eq!(
        encode(&Value::Float(1.1), V5),
        [0xC1, 0x3F, 0xF1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A]
    );
    assert_eq!(
        encode(&Value::Float(-0.0), V5),
        [0xC1, 0x80, 0, 0, 0, 0, 0, 0, 0]
    );
    for x in [
        0.0,
        -0.0,
        1.0,
        -1.5,
        f64::MIN,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        let bytes = encode(&Value::Float(x), V5);
        match decode(&bytes, V5).unwrap() {
            Value::Float(y) => assert_eq!(x.to_bits(), y.to_bits()),
            other => panic!("{other:?}"),
        }
    }
    let bytes = encode(&Value::Float(f64::NAN), V5);
    assert!(matches!(decode(&bytes, V5).unwrap(), Value::Float(y) if y.is_nan()));
}

/// Header bytes for a sized item of `len`, as (tiny marker, [8, 16, 32-bit markers]).
fn expected_header(len: usize, tiny: Option<u8>, m: [u8; 3]) -> Vec<u8> {
    match (tiny, len) {
        (Some(t), 0..=15) => vec![t | len as u8],
        (_, 0..=255) => vec![m[0], len as u8],
        (_, 256..=65535) => {
            let mut v = vec![m[1]];
            v.extend_from_slice(&(len as u16).to_be_bytes());
            v
        }
        _ => {
            let mut v = vec![m[2]];
            v.extend_from_slice(&(len as u32).to_be_bytes());
            v
        }
    }
}

#[test]
fn strings_at_every_size_boundary() {
    for len in [0, 1, 15, 16, 255, 256, 65535, 65536, 70000] {
        let text: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
        let bytes = encode(&Value::String(text.clone()), V5);
        let header = expected_header(len, Some(0x80), [0xD0, 0xD1, 0xD2]);
        assert_eq!(&bytes[..header.len()], &header[..], "len {len}");
        assert_eq!(bytes.len(), header.len() + len);
        assert_eq!(decode(&bytes, V5).unwrap(), Value::String(text));
    }
    assert_eq!(encode(&s(""), V5), [0x80]);
    assert_eq!(encode(&s("a"), V5), [0x81, 0x61]);
    // Multi-byte UTF-8: the size counts bytes, not characters.
    assert_eq!(encode(&s("å"), V5), [0x82, 0xC3, 0xA5]);
    round_trip(&s("Größe 😀 日本"), V5);
}

#[test]
fn bytes_at_every_size_boundary() {
    for len in [0, 1, 15, 16, 255, 256, 65535, 65536, 70000] {
        let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
        let bytes = encode(&Value::Bytes(data.clone()), V5);
        let header = expected_header(len, None, [0xCC, 0xCD, 0xCE]);
        assert_eq!(&bytes[..header.len()], &header[..], "len {len}");
        assert_eq!(bytes.len(), header.len() + len);
        assert_eq!(decode(&bytes, V5).unwrap(), Value::Bytes(data));
    }
    assert_eq!(encode(&Value::Bytes(vec![]), V5), [0xCC, 0x00]);
    assert_eq!(
        encode(&Value::Bytes(vec![1, 2]), V5),
        [0xCC, 0x02, 0x01, 0x02]
    );
}

#[test]
fn lists_at_every_size_boundary() {
    for len in [0, 1, 15, 16, 255, 256, 65535, 65536] {
        let list: Vec<Value> = (0..len).map(|i| Value::Integer((i % 100) as i64)).collect();
        let bytes = encode(&Value::List(list.clone()), V5);
        let header = expected_header(len, Some(0x90), [0xD4, 0xD5, 0xD6]);
        assert_eq!(&bytes[..header.len()], &header[..], "len {len}");
        assert_eq!(bytes.len(), header.len() + len);
        assert_eq!(decode(&bytes, V5).unwrap(), Value::List(list));
    }
    assert_eq!(
        encode(
            &Value::List(vec![Value::Integer(1), s("a"), Value::Null]),
            V5
        ),
        [0x93, 0x01, 0x81, 0x61, 0xC0]
    );
}

#[test]
fn maps_at_every_size_boundary() {
    for len in [0, 1, 15, 16, 17, 255, 256, 65535, 65536] {
        let entries: Map = (0..len)
            .map(|i| (format!("k{i}"), Value::Integer(1)))
            .collect();
        let bytes = encode(&Value::Map(entries.clone()), V5);
        let header = expected_header(len, Some(0xA0), [0xD8, 0xD9, 0xDA]);
        assert_eq!(&bytes[..header.len()], &header[..], "len {len}");
        assert_eq!(
            decode(&bytes, V5).unwrap(),
            Value::Map(entries),
            "len {len}"
        );
    }
}

#[test]
fn exact_bytes_of_small_containers() {
    assert_eq!(
        encode(&map(&[("a", Value::Integer(1))]), V5),
        [0xA1, 0x81, 0x61, 0x01]
    );
    assert_eq!(encode(&map(&[]), V5), [0xA0]);
    assert_eq!(encode(&Value::List(vec![]), V5), [0x90]);
    assert_eq!(
        encode(
            &map(&[(
                "k",
                Value::List(vec![Value::Boolean(true), Value::Integer(-17)])
            )]),
            V5
        ),
        [0xA1, 0x81, 0x6B, 0x92, 0xC3, 0xC8, 0xEF]
    );
}

#[test]
fn struct_headers() {
    assert_eq!(
        build(|e| e.write_struct_header(0x70, 1).unwrap()),
        [0xB1, 0x70]
    );
    assert_eq!(
        build(|e| e.write_struct_header(0x3F, 0).unwrap()),
        [0xB0, 0x3F]
    );
    assert_eq!(
        build(|e| e.write_struct_header(0x01, 15).unwrap()),
        [0xBF, 0x01]
    );
    let mut buf = Vec::new();
    assert_eq!(
        Encoder::new(&mut buf).write_struct_header(0x4E, 16),
        Err(EncodeError::TooManyFields {
            tag: 0x4E,
            fields: 16
        })
    );
    assert!(buf.is_empty());
}

#[cfg(target_pointer_width = "64")]
#[test]
fn sizes_over_u32_are_rejected() {
    let too_big = u32::MAX as usize + 1;
    let mut buf = vec![0xAA];
    let mut e = Encoder::new(&mut buf);
    assert_eq!(
        e.write_list_header(too_big),
        Err(EncodeError::TooLarge {
            item: SizedItem::List,
            len: too_big
        })
    );
    assert_eq!(
        e.write_map_header(too_big),
        Err(EncodeError::TooLarge {
            item: SizedItem::Map,
            len: too_big
        })
    );
    // The largest size still fits.
    e.write_list_header(u32::MAX as usize).unwrap();
    assert_eq!(buf, [0xAA, 0xD6, 0xFF, 0xFF, 0xFF, 0xFF]);
    let msg = EncodeError::TooLarge {
        item: SizedItem::String,
        len: too_big,
    }
    .to_string();
    assert_eq!(
        msg,
        "PackStream encode error: string of 4294967296 bytes exceeds the PackStream maximum of \
         4294967295 bytes"
    );
}

// ---------------------------------------------------------------------------------------------
// Tokens and the decoder cursor
// ---------------------------------------------------------------------------------------------

#[test]
fn tokens_are_zero_copy_and_in_order() {
    let bytes = build(|e| {
        e.write_struct_header(0x70, 1).unwrap();
        e.write_map_header(3).unwrap();
        e.write_string("fields").unwrap();
        e.write_list_header(2).unwrap();
        e.write_string("n").unwrap();
        e.write_float(2.5);
        e.write_string("b").unwrap();
        e.write_bytes(&[9, 8]).unwrap();
        e.write_string("t").unwrap();
        e.write_null();
    });
    let mut d = Decoder::new(&bytes);
    let mut tokens = Vec::new();
    while !d.is_at_end() {
        tokens.push(d.next_token().unwrap());
    }
    assert_eq!(
        tokens,
        [
            Token::Struct {
                tag: 0x70,
                fields: 1
            },
            Token::Map(3),
            Token::String("fields"),
            Token::List(2),
            Token::String("n"),
            Token::Float(2.5),
            Token::String("b"),
            Token::Bytes(&[9, 8]),
            Token::String("t"),
            Token::Null,
        ]
    );
    // The string borrows the input rather than copying it.
    let Token::String(text) = tokens[2] else {
        panic!()
    };
    let range = bytes.as_ptr_range();
    assert!(range.contains(&text.as_ptr()));
    assert_eq!(d.position(), bytes.len());
    assert_eq!(d.remaining(), 0);
    assert_eq!(Token::Map(1).type_name(), "map");
}

#[test]
fn cursor_reads_consecutive_values() {
    let bytes = [0x01, 0x81, 0x61, 0xC0];
    let mut d = Decoder::new(&bytes);
    assert_eq!(d.position(), 0);
    assert!(!d.is_at_end());
    assert_eq!(d.read_value(V5).unwrap(), Value::Integer(1));
    assert_eq!(d.position(), 1);
    assert_eq!(d.remaining(), 3);
    assert_eq!(d.read_value(V5).unwrap(), s("a"));
    assert_eq!(d.read_value(V5).unwrap(), Value::Null);
    assert!(d.is_at_end());
    let e = d.read_value(V5).unwrap_err();
    assert_eq!(e.offset, 4);
    assert_eq!(
        e.kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 1,
            available: 0
        }
    );
}

#[test]
fn read_map_reads_metadata() {
    let bytes = encode(&map(&[("a", Value::Integer(1)), ("b", s("x"))]), V5);
    let m = Decoder::new(&bytes).read_map(V5).unwrap();
    assert_eq!(
        m,
        vec![
            ("a".to_owned(), Value::Integer(1)),
            ("b".to_owned(), s("x"))
        ]
    );
    let e = Decoder::new(&[0x90]).read_map(V5).unwrap_err();
    assert_eq!(e.offset, 0);
    assert_eq!(
        e.kind,
        DecodeErrorKind::UnexpectedType {
            expected: "map",
            found: "list"
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 0: expected map, found list"
    );
}

#[test]
fn skip_value_skips_whole_values() {
    let first = map(&[
        (
            "list",
            Value::List(vec![Value::Integer(1000), s("x"), map(&[])]),
        ),
        ("bytes", Value::Bytes(vec![1, 2, 3])),
        ("date", Value::Date(Date { days: 5 })),
    ]);
    let mut bytes = encode(&first, V5);
    let second_at = bytes.len();
    bytes.push(0x2A);
    let mut d = Decoder::new(&bytes);
    d.skip_value().unwrap();
    assert_eq!(d.position(), second_at);
    assert_eq!(d.read_value(V5).unwrap(), Value::Integer(42));
    // Skipping has no depth limit (it does not recurse).
    let mut deep = vec![0x91; 100_000];
    deep.push(0xC0);
    let mut d = Decoder::new(&deep);
    d.skip_value().unwrap();
    assert!(d.is_at_end());
    // Errors surface while skipping too.
    assert_eq!(
        Decoder::new(&[0x92, 0x81, 0x61])
            .skip_value()
            .unwrap_err()
            .kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 1,
            available: 0
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Duplicate map keys
// ---------------------------------------------------------------------------------------------

/// A map header and entries written as given, duplicates included.
fn raw_map(entries: &[(&str, i64)]) -> Vec<u8> {
    build(|e| {
        e.write_map_header(entries.len()).unwrap();
        for (k, v) in entries {
            e.write_string(k).unwrap();
            e.write_int(*v);
        }
    })
}

#[test]
fn duplicate_keys_last_wins_small_map() {
    let bytes = raw_map(&[("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)]);
    assert_eq!(
        decode(&bytes, V5).unwrap(),
        map(&[
            ("a", Value::Integer(3)),
            ("b", Value::Integer(5)),
            ("c", Value::Integer(4))
        ])
    );
}

#[test]
fn duplicate_keys_last_wins_large_map() {
    let mut entries: Vec<(String, i64)> = (0..50).map(|i| (format!("k{i}"), i)).collect();
    entries.extend((0..10).map(|i| (format!("k{i}"), 100 + i)));
    entries.push(("k3".to_owned(), 999));
    entries.push(("new".to_owned(), 7));
    let borrowed: Vec<(&str, i64)> = entries.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let bytes = raw_map(&borrowed);
    let mut expected: Vec<(String, Value)> = (0..50)
        .map(|i| (format!("k{i}"), Value::Integer(i)))
        .collect();
    for i in 0..10 {
        expected[i as usize].1 = Value::Integer(100 + i);
    }
    expected[3].1 = Value::Integer(999);
    expected.push(("new".to_owned(), Value::Integer(7)));
    assert_eq!(decode(&bytes, V5).unwrap(), Value::Map(expected));
}

#[test]
fn large_maps_decode_quickly_even_when_all_keys_repeat() {
    let same: Vec<(&str, i64)> = (0..100_000).map(|i| ("same", i % 100)).collect();
    let bytes = raw_map(&same);
    assert_eq!(
        decode(&bytes, V5).unwrap(),
        map(&[("same", Value::Integer(99))])
    );
    let keys: Vec<String> = (0..100_000).map(|i| format!("key{i}")).collect();
    let unique: Vec<(&str, i64)> = keys.iter().map(|k| (k.as_str(), 1)).collect();
    let Value::Map(m) = decode(&raw_map(&unique), V5).unwrap() else {
        panic!()
    };
    assert_eq!(m.len(), 100_000);
    assert_eq!(m[0].0, "key0");
    assert_eq!(m[99_999].0, "key99999");
}

// ---------------------------------------------------------------------------------------------
// Structures: graph entities
// ---------------------------------------------------------------------------------------------

fn write_node(e: &mut Encoder<'_>, id: i64, labels: &[&str], element_id: Option<&str>) {
    e.write_struct_header(tag::NODE, 3 + usize::from(element_id.is_some()))
        .unwrap();
    e.write_int(id);
    e.write_list_header(labels.len()).unwrap();
    for l in labels {
        e.write_string(l).unwrap();
    }
    e.write_map_header(1).unwrap();
    e.write_string("name").unwrap();
    e.write_string(&format!("node{id}")).unwrap();
    if let Some(eid) = element_id {
        e.write_string(eid).unwrap();
    }
}

fn expected_node(id: i64, labels: &[&str], element_id: &str) -> Node {
    Node {
        id,
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
        properties: vec![("name".to_owned(), s(&format!("node{id}")))],
        element_id: element_id.to_owned(),
    }
}

fn write_unbound(e: &mut Encoder<'_>, id: i64, rel_type: &str, element_id: Option<&str>) {
    e.write_struct_header(
        tag::UNBOUND_RELATIONSHIP,
        3 + usize::from(element_id.is_some()),
    )
    .unwrap();
    e.write_int(id);
    e.write_string(rel_type).unwrap();
    e.write_map_header(0).unwrap();
    if let Some(eid) = element_id {
        e.write_string(eid).unwrap();
    }
}

#[test]
fn node_before_5_0_uses_numeric_id_as_element_id() {
    let bytes = build(|e| write_node(e, 7, &["Person", "Admin"], None));
    assert_eq!(&bytes[..3], &[0xB3, 0x4E, 0x07]);
    assert_eq!(
        decode(&bytes, V43).unwrap(),
        Value::Node(expected_node(7, &["Person", "Admin"], "7"))
    );
    assert_eq!(
        decode(&bytes, V44_UTC).unwrap(),
        Value::Node(expected_node(7, &["Person", "Admin"], "7"))
    );
    // 5.0 needs the element id field.
    let e = decode_err(&bytes, V5);
    assert_eq!(e.offset, 0);
    assert_eq!(
        e.kind,
        DecodeErrorKind::WrongFieldCount {
            tag: 0x4E,
            expected: 4,
            found: 3
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 0: structure 0x4E (Node) has 3 fields, expected 4"
    );
}

#[test]
fn node_from_5_0_carries_element_id() {
    let bytes = build(|e| write_node(e, -3, &[], Some("4:abc:3")));
    assert_eq!(
        decode(&bytes, V5).unwrap(),
        Value::Node(expected_node(-3, &[], "4:abc:3"))
    );
    assert_eq!(
        decode(&bytes, V6).unwrap(),
        Value::Node(expected_node(-3, &[], "4:abc:3"))
    );
    assert_eq!(
        decode_err(&bytes, V43).kind,
        DecodeErrorKind::WrongFieldCount {
            tag: 0x4E,
            expected: 3,
            found: 4
        }
    );
}

fn relationship_bytes(element_ids: bool) -> Vec<u8> {
    build(|e| {
        e.write_struct_header(tag::RELATIONSHIP, if element_ids { 8 } else { 5 })
            .unwrap();
        e.write_int(11);
        e.write_int(2);
        e.write_int(3);
        e.write_string("KNOWS").unwrap();
        e.write_map_header(1).unwrap();
        e.write_string("since").unwrap();
        e.write_int(1999);
        if element_ids {
            e.write_string("r11").unwrap();
            e.write_string("n2").unwrap();
            e.write_string("n3").unwrap();
        }
    })
}

#[test]
fn relationship_in_both_dialects() {
    let base = Relationship {
        id: 11,
        start_node_id: 2,
        end_node_id: 3,
        rel_type: "KNOWS".to_owned(),
        properties: vec![("since".to_owned(), Value::Integer(1999))],
        element_id: "11".to_owned(),
        start_node_element_id: "2".to_owned(),
        end_node_element_id: "3".to_owned(),
    };
    assert_eq!(
        decode(&relationship_bytes(false), V43).unwrap(),
        Value::Relationship(base.clone())
    );
    assert_eq!(
        decode(&relationship_bytes(true), V5).unwrap(),
        Value::Relationship(Relationship {
            element_id: "r11".to_owned(),
            start_node_element_id: "n2".to_owned(),
            end_node_element_id: "n3".to_owned(),
            ..base
        })
    );
    assert_eq!(
        decode_err(&relationship_bytes(false), V5).kind,
        DecodeErrorKind::WrongFieldCount {
            tag: 0x52,
            expected: 8,
            found: 5
        }
    );
}

#[test]
fn unbound_relationship_in_both_dialects() {
    let legacy = build(|e| write_unbound(e, 5, "LIKES", None));
    assert_eq!(
        decode(&legacy, V43).unwrap(),
        Value::UnboundRelationship(UnboundRelationship {
            id: 5,
            rel_type: "LIKES".to_owned(),
            properties: vec![],
            element_id: "5".to_owned(),
        })
    );
    let modern = build(|e| write_unbound(e, 5, "LIKES", Some("r5")));
    assert_eq!(
        decode(&modern, V5).unwrap(),
        Value::UnboundRelationship(UnboundRelationship {
            id: 5,
            rel_type: "LIKES".to_owned(),
            properties: vec![],
            element_id: "r5".to_owned(),
        })
    );
    assert!(matches!(
        decode_err(&modern, V43).kind,
        DecodeErrorKind::WrongFieldCount { tag: 0x72, .. }
    ));
}

/// A path over nodes 1, 2, 3 and relationships 10, 11 with the given indices.
fn path_bytes(element_ids: bool, indices: &[i64]) -> Vec<u8> {
    let eid = |p: &str, id: i64| element_ids.then(|| format!("{p}{id}"));
    build(|e| {
        e.write_struct_header(tag::PATH, 3).unwrap();
        e.write_list_header(3).unwrap();
        for id in 1..=3 {
            write_node(e, id, &["N"], eid("n", id).as_deref());
        }
        e.write_list_header(2).unwrap();
        write_unbound(e, 10, "A", eid("r", 10).as_deref());
        write_unbound(e, 11, "B", eid("r", 11).as_deref());
        e.write_list_header(indices.len()).unwrap();
        for i in indices {
            e.write_int(*i);
        }
    })
}

fn bound(id: i64, rel_type: &str, from: &Node, to: &Node, element_id: &str) -> Relationship {
    Relationship {
        id,
        start_node_id: from.id,
        end_node_id: to.id,
        rel_type: rel_type.to_owned(),
        properties: vec![],
        element_id: element_id.to_owned(),
        start_node_element_id: from.element_id.clone(),
        end_node_element_id: to.element_id.clone(),
    }
}

fn expected_unbound(id: i64, rel_type: &str, element_id: &str) -> UnboundRelationship {
    UnboundRelationship {
        id,
        rel_type: rel_type.to_owned(),
        properties: vec![],
        element_id: element_id.to_owned(),
    }
}

fn step(start: usize, relationship: usize, end: usize, forward: bool) -> PathSegment {
    PathSegment {
        start,
        relationship,
        end,
        forward,
    }
}

#[test]
fn path_rebuilds_segments_with_directions() {
    for (dialect, element_ids, prefix_n, prefix_r) in [(V43, false, "", ""), (V5, true, "n", "r")] {
        let n = |id: i64| expected_node(id, &["N"], &format!("{prefix_n}{id}"));
        let r = |id: i64, t: &str| expected_unbound(id, t, &format!("{prefix_r}{id}"));
        // (1)-[10]->(2)<-[11]-(3): the second relationship really runs from node 3 to node 2.
        let bytes = path_bytes(element_ids, &[1, 1, -2, 2]);
        let Value::Path(path) = decode(&bytes, dialect).unwrap() else {
            panic!()
        };
        assert_eq!(path.nodes, vec![n(1), n(2), n(3)]);
        assert_eq!(path.relationships, vec![r(10, "A"), r(11, "B")]);
        assert_eq!(
            path.segments,
            vec![step(0, 0, 1, true), step(1, 1, 2, false)]
        );
    }
}

#[test]
fn path_revisiting_nodes_and_empty_path() {
    // (1)-[10]->(2)-[10]->(1): the same relationship twice, each step with its own direction.
    let bytes = path_bytes(false, &[1, 1, 1, 0]);
    let Value::Path(path) = decode(&bytes, V43).unwrap() else {
        panic!()
    };
    assert_eq!(
        path.segments,
        vec![step(0, 0, 1, true), step(1, 0, 0, true)]
    );
    // A zero-length path is just its start node.
    let Value::Path(path) = decode(&path_bytes(false, &[]), V43).unwrap() else {
        panic!()
    };
    assert_eq!(path.nodes.len(), 3);
    assert_eq!(path.nodes[0], expected_node(1, &["N"], "1"));
    assert!(path.segments.is_empty());
}

#[test]
fn hostile_path_costs_memory_in_proportion_to_its_size() {
    // One node with a 64 KiB property and 200,000 steps around one self-loop: rebuilding a copy
    // of the node per step would need about 25 GB; indices keep it to the message's own size.
    const STEPS: usize = 200_000;
    let big = "x".repeat(64 * 1024);
    let bytes = build(|e| {
        e.write_struct_header(tag::PATH, 3).unwrap();
        e.write_list_header(1).unwrap();
        e.write_struct_header(tag::NODE, 4).unwrap();
        e.write_int(1);
        e.write_list_header(0).unwrap();
        e.write_map_header(1).unwrap();
        e.write_string("big").unwrap();
        e.write_string(&big).unwrap();
        e.write_string(&big).unwrap();
        e.write_list_header(1).unwrap();
        write_unbound(e, 10, &big, Some(&big));
        e.write_list_header(2 * STEPS).unwrap();
        for _ in 0..STEPS {
            e.write_int(1);
            e.write_int(0);
        }
    });
    let Value::Path(path) = decode(&bytes, V5).unwrap() else {
        panic!()
    };
    assert_eq!(path.nodes.len(), 1);
    assert_eq!(path.relationships.len(), 1);
    assert_eq!(path.segments.len(), STEPS);
    assert!(path.segments.iter().all(|s| *s == step(0, 0, 0, true)));
}

#[test]
fn path_rejects_bad_indices() {
    let cases: &[(&[i64], PathProblem)] = &[
        (&[1], PathProblem::OddIndexCount(1)),
        (&[1, 1, 2], PathProblem::OddIndexCount(3)),
        (&[0, 1], PathProblem::ZeroRelationshipIndex { position: 0 }),
        (
            &[1, 1, 3, 2],
            PathProblem::RelationshipOutOfRange {
                position: 2,
                index: 3,
                relationships: 2,
            },
        ),
        (
            &[-3, 1],
            PathProblem::RelationshipOutOfRange {
                position: 0,
                index: -3,
                relationships: 2,
            },
        ),
        (
            &[i64::MIN, 1],
            PathProblem::RelationshipOutOfRange {
                position: 0,
                index: i64::MIN,
                relationships: 2,
            },
        ),
        (
            &[1, 3],
            PathProblem::NodeOutOfRange {
                position: 1,
                index: 3,
                nodes: 3,
            },
        ),
        (
            &[1, 1, 1, -1],
            PathProblem::NodeOutOfRange {
                position: 3,
                index: -1,
                nodes: 3,
            },
        ),
    ];
    for (indices, problem) in cases {
        // Put the path after two bytes so the offset is visible.
        let mut bytes = vec![0x92, 0x01];
        bytes.extend(path_bytes(false, indices));
        let e = decode_err(&bytes, V43);
        assert_eq!(e.offset, 2, "{indices:?}");
        assert_eq!(e.kind, DecodeErrorKind::BadPath(*problem), "{indices:?}");
    }
    let e = decode_err(&path_bytes(false, &[0, 1]), V43);
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 0: invalid Path: relationship index at position 0 is 0"
    );
    // No nodes at all.
    let bytes = build(|e| {
        e.write_struct_header(tag::PATH, 3).unwrap();
        e.write_list_header(0).unwrap();
        e.write_list_header(0).unwrap();
        e.write_list_header(0).unwrap();
    });
    assert_eq!(
        decode_err(&bytes, V5).kind,
        DecodeErrorKind::BadPath(PathProblem::NoNodes)
    );
}

#[test]
fn path_fields_must_have_the_right_types() {
    // nodes list holding an integer
    let bytes = build(|e| {
        e.write_struct_header(tag::PATH, 3).unwrap();
        e.write_list_header(1).unwrap();
        e.write_int(1);
        e.write_list_header(0).unwrap();
        e.write_list_header(0).unwrap();
    });
    assert_eq!(
        decode_err(&bytes, V5).kind,
        DecodeErrorKind::InvalidField {
            structure: "Path",
            field: "nodes",
            expected: "a list of Node structures"
        }
    );
    // rels holding a Node
    let bytes = build(|e| {
        e.write_struct_header(tag::PATH, 3).unwrap();
        e.write_list_header(1).unwrap();
        write_node(e, 1, &[], Some("n1"));
        e.write_list_header(1).unwrap();
        write_node(e, 2, &[], Some("n2"));
        e.write_list_header(0).unwrap();
    });
    assert!(matches!(
        decode_err(&bytes, V5).kind,
        DecodeErrorKind::InvalidField { field: "rels", .. }
    ));
    // indices holding a string
    let bytes = build(|e| {
        e.write_struct_header(tag::PATH, 3).unwrap();
        e.write_list_header(1).unwrap();
        write_node(e, 1, &[], Some("n1"));
        e.write_list_header(0).unwrap();
        e.write_list_header(2).unwrap();
        e.write_string("1").unwrap();
        e.write_int(0);
    });
    assert!(matches!(
        decode_err(&bytes, V5).kind,
        DecodeErrorKind::InvalidField {
            field: "indices",
            ..
        }
    ));
}

#[test]
fn graph_fields_must_have_the_right_types() {
    // labels containing an integer
    let bytes = build(|e| {
        e.write_struct_header(tag::NODE, 3).unwrap();
        e.write_int(1);
        e.write_list_header(1).unwrap();
        e.write_int(5);
        e.write_map_header(0).unwrap();
    });
    let err = decode_err(&bytes, V43);
    assert_eq!(
        err.kind,
        DecodeErrorKind::InvalidField {
            structure: "Node",
            field: "labels",
            expected: "a list of strings"
        }
    );
    assert_eq!(
        err.to_string(),
        "PackStream decode error at byte 0: Node field `labels` must be a list of strings"
    );
    // id as a string
    let bytes = build(|e| {
        e.write_struct_header(tag::NODE, 3).unwrap();
        e.write_string("1").unwrap();
        e.write_list_header(0).unwrap();
        e.write_map_header(0).unwrap();
    });
    assert!(matches!(
        decode_err(&bytes, V43).kind,
        DecodeErrorKind::InvalidField {
            structure: "Node",
            field: "id",
            ..
        }
    ));
    // element_id as an integer
    let bytes = build(|e| {
        e.write_struct_header(tag::NODE, 4).unwrap();
        e.write_int(1);
        e.write_list_header(0).unwrap();
        e.write_map_header(0).unwrap();
        e.write_int(1);
    });
    assert!(matches!(
        decode_err(&bytes, V5).kind,
        DecodeErrorKind::InvalidField {
            field: "element_id",
            ..
        }
    ));
    // relationship properties as a list
    let bytes = build(|e| {
        e.write_struct_header(tag::RELATIONSHIP, 5).unwrap();
        e.write_int(1);
        e.write_int(2);
        e.write_int(3);
        e.write_string("T").unwrap();
        e.write_list_header(0).unwrap();
    });
    assert!(matches!(
        decode_err(&bytes, V43).kind,
        DecodeErrorKind::InvalidField {
            structure: "Relationship",
            field: "properties",
            ..
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// Structures: temporal, spatial, vector, unsupported
// ---------------------------------------------------------------------------------------------

#[test]
fn temporal_and_spatial_round_trip_in_every_dialect() {
    let values = [
        Value::Date(Date { days: -719_162 }),
        Value::Date(Date { days: 19_000 }),
        Value::Time(Time {
            nanoseconds: 3_600_000_000_123,
            tz_offset_seconds: -18_000,
        }),
        Value::LocalTime(LocalTime {
            nanoseconds: 86_399_999_999_999,
        }),
        Value::LocalDateTime(LocalDateTime {
            seconds: -1,
            nanoseconds: 999_999_999,
        }),
        Value::Duration(Duration {
            months: 14,
            days: -3,
            seconds: 3661,
            nanoseconds: 5,
        }),
        Value::Point(Point {
            srid: 7203,
            x: 1.5,
            y: -2.0,
            z: None,
        }),
        Value::Point(Point {
            srid: 4979,
            x: 12.9,
            y: 55.6,
            z: Some(100.0),
        }),
    ];
    for dialect in [V43, V44_UTC, V5, V6] {
        for v in &values {
            round_trip(v, dialect);
        }
    }
}

#[test]
fn temporal_and_spatial_exact_bytes() {
    assert_eq!(
        encode(&Value::Date(Date { days: 1 }), V5),
        [0xB1, 0x44, 0x01]
    );
    assert_eq!(
        encode(
            &Value::Time(Time {
                nanoseconds: 1,
                tz_offset_seconds: 3600
            }),
            V5
        ),
        [0xB2, 0x54, 0x01, 0xC9, 0x0E, 0x10]
    );
    assert_eq!(
        encode(&Value::LocalTime(LocalTime { nanoseconds: 2 }), V5),
        [0xB1, 0x74, 0x02]
    );
    assert_eq!(
        encode(
            &Value::LocalDateTime(LocalDateTime {
                seconds: 3,
                nanoseconds: 4
            }),
            V5
        ),
        [0xB2, 0x64, 0x03, 0x04]
    );
    assert_eq!(
        encode(
            &Value::Duration(Duration {
                months: 1,
                days: 2,
                seconds: 3,
                nanoseconds: 4
            }),
            V5
        ),
        [0xB4, 0x45, 0x01, 0x02, 0x03, 0x04]
    );
    let p2 = encode(
        &Value::Point(Point {
            srid: 7203,
            x: 1.0,
            y: 2.0,
            z: None,
        }),
        V5,
    );
    assert_eq!(&p2[..5], &[0xB3, 0x58, 0xC9, 0x1C, 0x23]);
    assert_eq!(p2.len(), 5 + 9 + 9);
    let p3 = encode(
        &Value::Point(Point {
            srid: 9157,
            x: 1.0,
            y: 2.0,
            z: Some(3.0),
        }),
        V5,
    );
    assert_eq!(&p3[..2], &[0xB4, 0x59]);
    assert_eq!(p3.len(), 2 + 3 + 27);
}

#[test]
fn temporal_and_spatial_field_types_are_checked() {
    let bad_date = [0xB1, 0x44, 0x81, 0x61];
    let e = decode_err(&bad_date, V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::InvalidField {
            structure: "Date",
            field: "days",
            expected: "an integer"
        }
    );
    // Point coordinates must be floats, not integers.
    let bad_point = [0xB3, 0x58, 0x01, 0x02, 0x03];
    assert_eq!(
        decode_err(&bad_point, V5).kind,
        DecodeErrorKind::InvalidField {
            structure: "Point2D",
            field: "x",
            expected: "a float"
        }
    );
    let bad_tz = build(|e| {
        e.write_struct_header(tag::DATE_TIME_ZONE_ID, 3).unwrap();
        e.write_int(0);
        e.write_int(0);
        e.write_int(3600);
    });
    assert_eq!(
        decode_err(&bad_tz, V5).kind,
        DecodeErrorKind::InvalidField {
            structure: "DateTimeZoneId",
            field: "tz_id",
            expected: "a string"
        }
    );
    assert_eq!(
        decode_err(&[0xB2, 0x44, 0x01, 0x01], V5).kind,
        DecodeErrorKind::WrongFieldCount {
            tag: 0x44,
            expected: 1,
            found: 2
        }
    );
}

fn date_time_bytes(tag: u8, seconds: i64, nanos: i64, zone: &Zone) -> Vec<u8> {
    build(|e| {
        e.write_struct_header(tag, 3).unwrap();
        e.write_int(seconds);
        e.write_int(nanos);
        match zone {
            Zone::Offset(o) => e.write_int(*o),
            Zone::Id(id) => e.write_string(id).unwrap(),
        }
    })
}

#[test]
fn date_time_structures_per_dialect() {
    let offset = Zone::Offset(3600);
    let paris = Zone::Id("Europe/Paris".to_owned());
    let dt = |seconds, zone: &Zone, basis| {
        Value::DateTime(DateTime {
            seconds,
            nanoseconds: 42,
            zone: zone.clone(),
            basis,
        })
    };
    // UTC forms (5.0+, 4.4 with the patch).
    for dialect in [V44_UTC, V5, V6] {
        assert_eq!(
            decode(&date_time_bytes(0x49, 4500, 42, &offset), dialect).unwrap(),
            dt(4500, &offset, SecondsBasis::Utc)
        );
        assert_eq!(
            decode(&date_time_bytes(0x69, 4500, 42, &paris), dialect).unwrap(),
            dt(4500, &paris, SecondsBasis::Utc)
        );
        for legacy in [0x46, 0x66] {
            let e = decode_err(&date_time_bytes(legacy, 8100, 42, &offset), dialect);
            assert_eq!(e.kind, DecodeErrorKind::UnknownStructTag { tag: legacy });
        }
    }
    // Legacy forms (up to 4.4 without the patch).
    assert_eq!(
        decode(&date_time_bytes(0x46, 8100, 42, &offset), V43).unwrap(),
        dt(8100, &offset, SecondsBasis::Local)
    );
    assert_eq!(
        decode(&date_time_bytes(0x66, 8100, 42, &paris), V43).unwrap(),
        dt(8100, &paris, SecondsBasis::Local)
    );
    for utc in [0x49, 0x69] {
        let e = decode_err(&date_time_bytes(utc, 4500, 42, &offset), V43);
        assert_eq!(e.kind, DecodeErrorKind::UnknownStructTag { tag: utc });
    }
    let e = decode_err(&date_time_bytes(0x46, 0, 0, &offset), V5);
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 0: structure tag 0x46 (Legacy DateTime) is not valid in \
         this protocol version"
    );
}

#[test]
fn date_time_dehydration_converts_offset_zones_between_bases() {
    // 1970-01-01T02:15:00.000000042+01:00: UTC seconds 4500, local seconds 8100.
    let utc = Value::DateTime(DateTime {
        seconds: 4500,
        nanoseconds: 42,
        zone: Zone::Offset(3600),
        basis: SecondsBasis::Utc,
    });
    let local = Value::DateTime(DateTime {
        seconds: 8100,
        nanoseconds: 42,
        zone: Zone::Offset(3600),
        basis: SecondsBasis::Local,
    });
    let utc_bytes = [0xB3, 0x49, 0xC9, 0x11, 0x94, 0x2A, 0xC9, 0x0E, 0x10];
    let legacy_bytes = [0xB3, 0x46, 0xC9, 0x1F, 0xA4, 0x2A, 0xC9, 0x0E, 0x10];
    for v in [&utc, &local] {
        assert_eq!(encode(v, V5), utc_bytes);
        assert_eq!(encode(v, V44_UTC), utc_bytes);
        assert_eq!(encode(v, V43), legacy_bytes);
    }
    // Decoding gives the form of the dialect.
    assert_eq!(decode(&encode(&local, V5), V5).unwrap(), utc);
    assert_eq!(decode(&encode(&utc, V43), V43).unwrap(), local);
    // Negative offsets work the same way.
    let west = Value::DateTime(DateTime {
        seconds: 0,
        nanoseconds: 0,
        zone: Zone::Offset(-18_000),
        basis: SecondsBasis::Local,
    });
    assert_eq!(
        decode(&encode(&west, V5), V5).unwrap(),
        Value::DateTime(DateTime {
            seconds: 18_000,
            nanoseconds: 0,
            zone: Zone::Offset(-18_000),
            basis: SecondsBasis::Utc,
        })
    );
}

#[test]
fn date_time_with_zone_id_needs_matching_basis() {
    let zone = Zone::Id("Europe/Stockholm".to_owned());
    let utc = Value::DateTime(DateTime {
        seconds: 100,
        nanoseconds: 0,
        zone: zone.clone(),
        basis: SecondsBasis::Utc,
    });
    let local = Value::DateTime(DateTime {
        seconds: 100,
        nanoseconds: 0,
        zone,
        basis: SecondsBasis::Local,
    });
    assert_eq!(&encode(&utc, V5)[..2], &[0xB3, 0x69]);
    assert_eq!(&encode(&local, V43)[..2], &[0xB3, 0x66]);
    round_trip(&utc, V5);
    round_trip(&local, V43);
    let e = encode_err(&local, V5);
    assert_eq!(
        e,
        EncodeError::ZoneIdConversion {
            zone_id: "Europe/Stockholm".to_owned(),
            from: SecondsBasis::Local,
            to: SecondsBasis::Utc,
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream encode error: a DateTime in zone Europe/Stockholm with local seconds cannot \
         be converted to UTC seconds without a time zone database"
    );
    assert!(matches!(
        encode_err(&utc, V43),
        EncodeError::ZoneIdConversion {
            from: SecondsBasis::Utc,
            to: SecondsBasis::Local,
            ..
        }
    ));
}

#[test]
fn date_time_conversion_overflow_is_an_error() {
    let v = Value::DateTime(DateTime {
        seconds: i64::MIN,
        nanoseconds: 0,
        zone: Zone::Offset(1),
        basis: SecondsBasis::Local,
    });
    assert_eq!(encode_err(&v, V5), EncodeError::SecondsOverflow);
    let v = Value::DateTime(DateTime {
        seconds: i64::MAX,
        nanoseconds: 0,
        zone: Zone::Offset(1),
        basis: SecondsBasis::Utc,
    });
    assert_eq!(encode_err(&v, V43), EncodeError::SecondsOverflow);
}

fn vector_bytes(type_marker: &[u8], data: &[u8]) -> Vec<u8> {
    build(|e| {
        e.write_struct_header(tag::VECTOR, 2).unwrap();
        e.write_bytes(type_marker).unwrap();
        e.write_bytes(data).unwrap();
    })
}

#[test]
fn vectors_in_bolt_6() {
    let cases = [
        (VectorType::Int8, 0xC8, 1),
        (VectorType::Int16, 0xC9, 2),
        (VectorType::Int32, 0xCA, 4),
        (VectorType::Int64, 0xCB, 8),
        (VectorType::Float32, 0xC6, 4),
        (VectorType::Float64, 0xC1, 8),
    ];
    for (element_type, type_marker, size) in cases {
        let data: Vec<u8> = (0..size * 3).map(|i| i as u8).collect();
        let v = Value::Vector(Vector {
            element_type,
            data: data.clone(),
        });
        let bytes = encode(&v, V6);
        assert_eq!(bytes, vector_bytes(&[type_marker], &data));
        assert_eq!(&bytes[..5], &[0xB2, 0x56, 0xCC, 0x01, type_marker]);
        assert_eq!(decode(&bytes, V6).unwrap(), v);
        // Not before 6.0, either way.
        assert_eq!(
            encode_err(&v, V5),
            EncodeError::NotInDialect {
                type_name: "Vector",
                needs: "Bolt 6.0"
            }
        );
        assert_eq!(
            decode_err(&bytes, V5).kind,
            DecodeErrorKind::UnknownStructTag { tag: 0x56 }
        );
        // Data not a whole number of elements.
        if size > 1 {
            let bad = Value::Vector(Vector {
                element_type,
                data: vec![0; size + 1],
            });
            assert_eq!(
                encode_err(&bad, V6),
                EncodeError::VectorLength {
                    len: size + 1,
                    element_size: size
                }
            );
            assert!(matches!(
                decode_err(&vector_bytes(&[type_marker], &vec![0; size + 1]), V6).kind,
                DecodeErrorKind::InvalidField {
                    structure: "Vector",
                    field: "data",
                    ..
                }
            ));
        }
    }
    // Empty vectors are fine.
    round_trip(
        &Value::Vector(Vector {
            element_type: VectorType::Float32,
            data: vec![],
        }),
        V6,
    );
    for bad_marker in [&[][..], &[0xC0], &[0xC8, 0xC8], &[0x01]] {
        assert!(matches!(
            decode_err(&vector_bytes(bad_marker, &[]), V6).kind,
            DecodeErrorKind::InvalidField {
                structure: "Vector",
                field: "type_marker",
                ..
            }
        ));
    }
}

fn unsupported_bytes(major: i64, minor: i64, extra: &[(&str, Value)]) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf);
    e.write_struct_header(tag::UNSUPPORTED, 4).unwrap();
    e.write_string("FancyType").unwrap();
    e.write_int(major);
    e.write_int(minor);
    let Value::Map(extra) = map(extra) else {
        unreachable!()
    };
    e.write_map(&extra, V6).unwrap();
    buf
}

#[test]
fn unsupported_type_in_bolt_6() {
    let with_message = unsupported_bytes(7, 1, &[("message", s("upgrade"))]);
    let expected = UnsupportedType {
        name: "FancyType".to_owned(),
        minimum_protocol: (7, 1),
        message: Some("upgrade".to_owned()),
    };
    assert_eq!(
        decode(&with_message, V6).unwrap(),
        Value::Unsupported(expected.clone())
    );
    assert_eq!(
        decode(
            &unsupported_bytes(7, 0, &[("other", Value::Integer(1))]),
            V6
        )
        .unwrap(),
        Value::Unsupported(UnsupportedType {
            name: "FancyType".to_owned(),
            minimum_protocol: (7, 0),
            message: None,
        })
    );
    assert_eq!(
        decode_err(&with_message, V5).kind,
        DecodeErrorKind::UnknownStructTag { tag: 0x3F }
    );
    assert!(matches!(
        decode_err(&unsupported_bytes(256, 0, &[]), V6).kind,
        DecodeErrorKind::InvalidField {
            field: "minimum_protocol_major",
            ..
        }
    ));
    assert!(matches!(
        decode_err(&unsupported_bytes(6, -1, &[]), V6).kind,
        DecodeErrorKind::InvalidField {
            field: "minimum_protocol_minor",
            ..
        }
    ));
    assert!(matches!(
        decode_err(
            &unsupported_bytes(6, 1, &[("message", Value::Integer(1))]),
            V6
        )
        .kind,
        DecodeErrorKind::InvalidField {
            structure: "UnsupportedType",
            field: "extra",
            ..
        }
    ));
    // It cannot be sent back.
    assert_eq!(
        encode_err(&Value::Unsupported(expected), V6),
        EncodeError::NotAParameter {
            type_name: "UnsupportedType"
        }
    );
}

#[test]
fn hydrate_is_usable_on_its_own() {
    assert_eq!(
        hydrate(tag::DATE, vec![Value::Integer(3)], V5, 0).unwrap(),
        Value::Date(Date { days: 3 })
    );
    let e = hydrate(tag::DATE, vec![], V5, 9).unwrap_err();
    assert_eq!(e.offset, 9);
    assert_eq!(
        e.kind,
        DecodeErrorKind::WrongFieldCount {
            tag: 0x44,
            expected: 1,
            found: 0
        }
    );
    assert_eq!(
        hydrate(0x70, vec![], V5, 1).unwrap_err().kind,
        DecodeErrorKind::UnknownStructTag { tag: 0x70 }
    );
    assert_eq!(tag::name(tag::NODE), Some("Node"));
    assert_eq!(tag::name(0x70), None);
}

// ---------------------------------------------------------------------------------------------
// Encoding rejections
// ---------------------------------------------------------------------------------------------

#[test]
fn server_only_values_are_not_parameters() {
    let node = expected_node(1, &[], "1");
    let rel = bound(1, "T", &node, &node, "1");
    let cases = [
        (Value::Node(node.clone()), "Node"),
        (Value::Relationship(rel.clone()), "Relationship"),
        (
            Value::UnboundRelationship(UnboundRelationship {
                id: 1,
                rel_type: "T".to_owned(),
                properties: vec![],
                element_id: "1".to_owned(),
            }),
            "UnboundRelationship",
        ),
        (
            Value::Path(Path {
                nodes: vec![node],
                relationships: vec![],
                segments: vec![],
            }),
            "Path",
        ),
    ];
    for (v, type_name) in cases {
        assert_eq!(encode_err(&v, V5), EncodeError::NotAParameter { type_name });
        // Also when nested, and the buffer is left as it was.
        let mut buf = vec![0x01, 0x02];
        let nested = map(&[("ok", Value::Integer(1)), ("bad", Value::List(vec![v]))]);
        assert_eq!(
            Encoder::new(&mut buf).write_value(&nested, V5),
            Err(EncodeError::NotAParameter { type_name })
        );
        assert_eq!(buf, [0x01, 0x02]);
    }
    assert_eq!(
        EncodeError::NotAParameter { type_name: "Node" }.to_string(),
        "PackStream encode error: a Node cannot be sent as a query parameter"
    );
}

#[test]
fn write_map_and_write_list_match_write_value() {
    let Value::Map(m) = map(&[
        ("a", Value::Integer(1)),
        ("b", Value::List(vec![Value::Null])),
    ]) else {
        unreachable!()
    };
    let mut direct = Vec::new();
    Encoder::new(&mut direct).write_map(&m, V5).unwrap();
    assert_eq!(direct, encode(&Value::Map(m.clone()), V5));
    let list = vec![Value::Integer(1), s("x")];
    let mut direct = Vec::new();
    Encoder::new(&mut direct).write_list(&list, V5).unwrap();
    assert_eq!(direct, encode(&Value::List(list), V5));
    // Errors restore the buffer.
    let bad = vec![(
        "v".to_owned(),
        Value::Vector(Vector {
            element_type: VectorType::Int8,
            data: vec![1],
        }),
    )];
    let mut buf = vec![0xEE];
    let mut e = Encoder::new(&mut buf);
    assert!(e.write_map(&bad, V5).is_err());
    assert_eq!(e.buffer(), [0xEE]);
}

#[test]
fn encoding_depth_is_limited() {
    let nest = |depth: usize| {
        let mut v = Value::Null;
        for _ in 0..depth {
            v = Value::List(vec![v]);
        }
        v
    };
    round_trip(&nest(MAX_DEPTH), V5);
    assert_eq!(
        encode_err(&nest(MAX_DEPTH + 1), V5),
        EncodeError::TooDeep { limit: MAX_DEPTH }
    );
}

// ---------------------------------------------------------------------------------------------
// Decode errors, each with its offset
// ---------------------------------------------------------------------------------------------

#[test]
fn unexpected_end_points_at_the_item() {
    let e = decode_err(&[], V5);
    assert_eq!(
        (e.offset, e.kind),
        (
            0,
            DecodeErrorKind::UnexpectedEnd {
                needed: 1,
                available: 0
            }
        )
    );
    let e = decode_err(&[0xC9, 0x01], V5);
    assert_eq!(
        (e.offset, e.kind),
        (
            0,
            DecodeErrorKind::UnexpectedEnd {
                needed: 3,
                available: 2
            }
        )
    );
    let e = decode_err(&[0x92, 0x01, 0xCA, 0x00], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (
            2,
            DecodeErrorKind::UnexpectedEnd {
                needed: 5,
                available: 2
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 2: unexpected end of data: needed 5 bytes but only 2 \
         remain"
    );
    // Missing list entry, missing struct tag, truncated size header.
    assert_eq!(
        decode_err(&[0x92, 0x81, 0x61], V5),
        DecodeError::new(
            3,
            DecodeErrorKind::UnexpectedEnd {
                needed: 1,
                available: 0
            }
        )
    );
    assert_eq!(
        decode_err(&[0xB1], V5).kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 2,
            available: 1
        }
    );
    assert_eq!(
        decode_err(&[0xD1, 0x01], V5).kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 3,
            available: 2
        }
    );
    assert_eq!(
        decode_err(&[0xC1, 0, 0, 0], V5).kind,
        DecodeErrorKind::UnexpectedEnd {
            needed: 9,
            available: 4
        }
    );
}

#[test]
fn unknown_markers() {
    let mut unknown: Vec<u8> = vec![
        0xC4, 0xC5, 0xC6, 0xC7, 0xCF, 0xD3, 0xD7, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
    ];
    unknown.extend(0xE0..=0xEF);
    // 0xE0 (a UUID) is unknown before Bolt 6.1: with its 16 bytes there, still an error.
    for m in &unknown {
        let mut input = vec![0; 17];
        input[0] = *m;
        let e = decode_err(&input, V5);
        assert_eq!((e.offset, e.kind), (0, DecodeErrorKind::UnknownMarker(*m)));
    }
    let e = decode_err(&[0x91, 0xDF], V5);
    assert_eq!(e.offset, 1);
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 1: unknown marker byte 0xDF"
    );
    // Every other byte is a valid marker: none reports UnknownMarker.
    for m in 0..=255u8 {
        if !unknown.contains(&m) {
            let e = Decoder::new(&[m]).next_token().err();
            assert!(
                !matches!(
                    e,
                    Some(DecodeError {
                        kind: DecodeErrorKind::UnknownMarker(_),
                        ..
                    })
                ),
                "{m:02X}"
            );
        }
    }
}

#[test]
fn invalid_utf8() {
    let e = decode_err(&[0x82, 0xC3, 0x28], V5);
    assert_eq!(
        (e.offset, e.kind),
        (0, DecodeErrorKind::InvalidUtf8 { valid_up_to: 0 })
    );
    let e = decode_err(&[0x91, 0x83, 0x61, 0xFF, 0x62], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (1, DecodeErrorKind::InvalidUtf8 { valid_up_to: 1 })
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 1: string is not valid UTF-8 (first invalid byte 1 \
         bytes into it)"
    );
    // Truncated multi-byte sequence at the end of the string, and as a map key.
    assert!(matches!(
        decode_err(&[0x81, 0xE2], V5).kind,
        DecodeErrorKind::InvalidUtf8 { .. }
    ));
    assert_eq!(decode_err(&[0xA1, 0x81, 0xFF, 0x01], V5).offset, 1);
}

#[test]
fn declared_sizes_beyond_input() {
    // The example from the documentation: 17 bytes of other data first.
    let mut bytes = vec![0x92, 0xD0, 0x0E];
    bytes.extend_from_slice(b"fourteen bytes");
    assert_eq!(bytes.len(), 17);
    bytes.extend_from_slice(&[0xD1, 0x01, 0x2C]);
    bytes.extend_from_slice(&[b'x'; 12]);
    let e = decode_err(&bytes, V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::String,
            declared: 300,
            available: 12
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 17: string declares 300 bytes but only 12 remain"
    );
    let e = decode_err(&[0xCE, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2], V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::Bytes,
            declared: u64::from(u32::MAX),
            available: 2
        }
    );
    let e = decode_err(&[0xD6, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], V5);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::List,
            declared: u64::from(u32::MAX),
            available: 1
        }
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 0: list declares 4294967295 entries but only 1 bytes \
         remain"
    );
    let e = decode_err(&[0x91, 0xDA, 0x7F, 0xFF, 0xFF, 0xFF], V5);
    assert_eq!(e.offset, 1);
    assert_eq!(
        e.kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::Map,
            declared: 0x7FFF_FFFF,
            available: 0
        }
    );
    // Tiny forms too.
    assert!(matches!(
        decode_err(&[0x9F, 0x01], V5).kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::List,
            declared: 15,
            available: 1
        }
    ));
    assert!(matches!(
        decode_err(&[0x85, 0x61], V5).kind,
        DecodeErrorKind::SizeBeyondInput {
            item: SizedItem::String,
            declared: 5,
            available: 1
        }
    ));
}

#[test]
fn nested_huge_headers_do_not_over_allocate() {
    // 120 nested lists each declaring as many entries as could possibly fit, then filler. Each
    // header alone is plausible; preallocation is capped by what the input can still hold
    // for all of them together, so this runs in small memory and fails cleanly.
    let filler = 1 << 16;
    let mut bytes = Vec::new();
    for level in 0..120usize {
        let remaining = 120 - level - 1;
        let declared = (remaining * 5 + filler) as u32;
        bytes.push(0xD6);
        bytes.extend_from_slice(&declared.to_be_bytes());
    }
    bytes.resize(bytes.len() + filler, 0x00);
    let e = decode_err(&bytes, V5);
    assert!(
        matches!(e.kind, DecodeErrorKind::UnexpectedEnd { .. }),
        "{e}"
    );
    // Same with maps.
    let mut bytes = Vec::new();
    for _ in 0..120 {
        bytes.extend_from_slice(&[0xDA, 0x00, 0x00, 0x80, 0x00, 0x80]);
    }
    bytes.resize(bytes.len() + filler, 0x80);
    assert!(decode_err(&bytes, V5).offset > 0);
}

#[test]
fn nesting_depth_limit() {
    let mut ok = vec![0x91; MAX_DEPTH];
    ok.push(0xC0);
    assert!(decode(&ok, V5).is_ok());
    let mut too_deep = vec![0x91; MAX_DEPTH + 1];
    too_deep.push(0xC0);
    let e = decode_err(&too_deep, V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (MAX_DEPTH, DecodeErrorKind::TooDeep { limit: MAX_DEPTH })
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 128: values are nested more than 128 levels deep"
    );
    // Maps and structures count as levels too.
    let mut mixed = Vec::new();
    for _ in 0..MAX_DEPTH {
        mixed.extend_from_slice(&[0xA1, 0x81, 0x6B]);
    }
    mixed.extend_from_slice(&[0xB1, 0x44, 0x01]);
    assert_eq!(
        decode_err(&mixed, V5).kind,
        DecodeErrorKind::TooDeep { limit: MAX_DEPTH }
    );
    // A very deep hostile input fails fast instead of overflowing the stack.
    let hostile = vec![0x91; 1_000_000];
    assert_eq!(decode_err(&hostile, V5).offset, MAX_DEPTH);
}

#[test]
fn map_keys_must_be_strings() {
    let e = decode_err(&[0xA2, 0x81, 0x61, 0x01, 0x01, 0x01], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (4, DecodeErrorKind::MapKeyNotString)
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 4: map key is not a string"
    );
    assert_eq!(decode_err(&[0xA1, 0xC0, 0x01], V5).offset, 1);
}

#[test]
fn unknown_structure_tags() {
    // A message structure is not a value.
    let e = decode_err(&[0x91, 0xB1, 0x70, 0xA0], V5);
    assert_eq!(
        (e.offset, e.kind.clone()),
        (1, DecodeErrorKind::UnknownStructTag { tag: 0x70 })
    );
    assert_eq!(
        e.to_string(),
        "PackStream decode error at byte 1: structure tag 0x70 is not valid in this protocol \
         version"
    );
    // The tag is checked before the fields are read.
    assert_eq!(
        decode_err(&[0xB1, 0x00], V5).kind,
        DecodeErrorKind::UnknownStructTag { tag: 0x00 }
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness sweeps
// ---------------------------------------------------------------------------------------------

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

use crate::test_rng::Rng;

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

// ---------------------------------------------------------------------------------------------
// Tape
// ---------------------------------------------------------------------------------------------

/// A tape's buffers, floats as bits (so that NaNs compare).
type TapeParts = (Vec<i32>, Vec<u64>, Vec<u8>, String, Vec<u8>);

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
fn tape_of_record(items: &[Vec<u8>], dialect: Dialect) -> Result<TapeParts, DecodeError> {
    let mut record = build(|e| e.write_list_header(items.len()).unwrap());
    items.iter().for_each(|item| record.extend(item));
    let mut tape = Tape::new();
    tape.write_list(&record, dialect)?;
    Ok(parts(&tape))
}

/// The tape of the same record decoded into values first.
fn tape_of_values(items: &[Vec<u8>], dialect: Dialect) -> TapeParts {
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

// ---------------------------------------------------------------------------------------------
// UUIDs (Bolt 6.1)
// ---------------------------------------------------------------------------------------------

#[test]
fn uuids_are_their_marker_and_sixteen_bytes_from_bolt_6_1() {
    let bytes: [u8; 16] = std::array::from_fn(|i| (i as u8) * 17);
    let mut wire = vec![0xE0];
    wire.extend(bytes);
    let v61 = Dialect::BOLT_6_1;
    assert_eq!(encode(&Value::Uuid(bytes), v61), wire);
    assert_eq!(decode(&wire, v61), Ok(Value::Uuid(bytes)));
    assert_eq!(
        encode_err(&Value::Uuid(bytes), V6),
        EncodeError::NotInDialect {
            type_name: "UUID",
            needs: "Bolt 6.1"
        }
    );
    assert_eq!(
        decode_err(&wire, V6).kind,
        DecodeErrorKind::UnknownMarker(0xE0)
    );
    // Cut short: an error, on either side of 6.1.
    assert!(decode(&wire[..10], v61).is_err());
    // Tapes: from tokens and from values alike, and refused before 6.1.
    assert_eq!(
        tape_of_record(&[wire.clone()], v61).unwrap(),
        tape_of_values(&[wire.clone()], v61)
    );
    let (words, _, _, _, tape_bytes) = tape_of_record(&[wire.clone()], v61).unwrap();
    assert_eq!(
        (words, tape_bytes),
        (vec![tape::op::LIST, 1, tape::op::UUID], bytes.to_vec())
    );
    assert!(tape_of_record(&[wire], V6).is_err());
}
