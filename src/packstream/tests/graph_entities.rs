//! Structures: nodes, relationships and paths.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

pub(super) fn write_node(e: &mut Encoder<'_>, id: i64, labels: &[&str], element_id: Option<&str>) {
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

pub(super) fn expected_node(id: i64, labels: &[&str], element_id: &str) -> Node {
    Node {
        id,
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
        properties: vec![("name".to_owned(), s(&format!("node{id}")))],
        element_id: element_id.to_owned(),
    }
}

pub(super) fn write_unbound(
    e: &mut Encoder<'_>,
    id: i64,
    rel_type: &str,
    element_id: Option<&str>,
) {
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

pub(super) fn relationship_bytes(element_ids: bool) -> Vec<u8> {
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
pub(super) fn path_bytes(element_ids: bool, indices: &[i64]) -> Vec<u8> {
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

pub(super) fn bound(
    id: i64,
    rel_type: &str,
    from: &Node,
    to: &Node,
    element_id: &str,
) -> Relationship {
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
