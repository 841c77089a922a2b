//! Values the encoder refuses.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::graph_entities::{bound, expected_node};
use super::*;

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
