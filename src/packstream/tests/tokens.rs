//! Tokens and the decoder cursor.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

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
