//! Scalars, and strings, bytes, lists, maps and structure headers at every size boundary.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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
