//! The benchmarks' record shapes, each a RECORD message's field list: `bench/codec.rs` decodes
//! and encodes them, and the stub server's bench mode (`tests/stub-server/src/bench.rs`)
//! streams them, so that both measure the very same bytes.

use neo4j_wasm::packstream::{tag, Dialect, EncodeError, Encoder, Map, Node, Value};

/// Bolt 5.0: element ids, UTC date-times.
pub const DIALECT: Dialect = Dialect::BOLT_5;

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn map(entries: &[(&str, Value)]) -> Map {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// Ten integers of every encoded size.
pub fn integers() -> Value {
    let ints = [
        1,
        -5,
        100,
        -100,
        1_000,
        -30_000,
        100_000,
        -2_000_000_000,
        10_000_000_000,
        i64::MIN,
    ];
    Value::List(ints.iter().map(|&i| Value::Integer(i)).collect())
}

/// Five strings of 20 characters.
pub fn strings() -> Value {
    let strings = [
        "Alice Johnson-Smith!",
        "bob.builder@example1",
        "Göteborg, Sverige 42",
        "The quick brown fox.",
        "0123456789abcdefghij",
    ];
    Value::List(strings.iter().map(|s| string(s)).collect())
}

/// One node with two labels and six properties.
pub fn node() -> Value {
    let node = Node {
        id: 4_711,
        labels: vec!["Person".to_owned(), "Employee".to_owned()],
        properties: map(&[
            ("name", string("Alice Johnson")),
            ("age", Value::Integer(42)),
            ("salary", Value::Float(72_500.5)),
            ("active", Value::Boolean(true)),
            ("email", string("alice@example.com")),
            ("employeeNo", Value::Integer(1_234_567)),
        ]),
        element_id: "4:6f1b2c3d-1234-4e5f-9a8b-0c1d2e3f4a5b:4711".to_owned(),
    };
    Value::List(vec![Value::Node(node)])
}

/// One map holding a list and a value of each other scalar kind.
pub fn mixed_map() -> Value {
    let mixed = map(&[
        (
            "scores",
            Value::List(vec![
                Value::Integer(7),
                Value::Integer(300),
                Value::Float(2.5),
            ]),
        ),
        ("ratio", Value::Float(0.75)),
        ("valid", Value::Boolean(true)),
        ("missing", Value::Null),
        ("city", string("Stockholm")),
        ("population", Value::Integer(975_551)),
    ]);
    Value::List(vec![Value::Map(mixed)])
}

/// Writes a record's field list as a server sends it: a Node, which is not a parameter, field
/// by field, anything else with `Encoder::write_value`.
pub fn write_record(record: &Value, e: &mut Encoder<'_>) -> Result<(), EncodeError> {
    let Value::List(fields) = record else {
        return Ok(());
    };
    e.write_list_header(fields.len())?;
    for field in fields {
        let Value::Node(node) = field else {
            e.write_value(field, DIALECT)?;
            continue;
        };
        e.write_struct_header(tag::NODE, 4)?;
        e.write_int(node.id);
        e.write_list_header(node.labels.len())?;
        for label in &node.labels {
            e.write_string(label)?;
        }
        e.write_map(&node.properties, DIALECT)?;
        e.write_string(&node.element_id)?;
    }
    Ok(())
}
