//! Driver values to JS values and back.

use js_sys::{Array, BigInt, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::packstream::{Map, Node, Path, Relationship, Value};
use crate::Error;

/// Largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Sets `key` on `target` as an own data property (never through a setter, so a key such as
/// `__proto__` cannot change the object's prototype).
fn define(target: &Object, key: &str, value: &JsValue) {
    let descriptor = Object::new();
    let _ = Reflect::set(&descriptor, &"value".into(), value);
    let _ = Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE);
    let _ = Reflect::set(&descriptor, &"writable".into(), &JsValue::TRUE);
    let _ = Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE);
    Object::define_property(target, &key.into(), &descriptor);
}

/// A plain object from a driver map.
pub fn map_to_js(map: &Map) -> JsValue {
    let object = Object::new();
    for (key, value) in map {
        define(&object, key, &to_js(value));
    }
    object.into()
}

fn object_with(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        define(&object, key, value);
    }
    object.into()
}

fn int(n: i64) -> JsValue {
    if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&n) {
        JsValue::from_f64(n as f64)
    } else {
        BigInt::from(n).into()
    }
}

fn node_to_js(node: &Node) -> JsValue {
    let labels: Array = node.labels.iter().map(|l| JsValue::from_str(l)).collect();
    object_with(&[
        ("identity", int(node.id)),
        ("labels", labels.into()),
        ("properties", map_to_js(&node.properties)),
        ("elementId", node.element_id.as_str().into()),
    ])
}

/// The fields of a JS relationship, in the order [`relationship_object`] takes their values.
const RELATIONSHIP_KEYS: [&str; 8] = [
    "identity",
    "start",
    "end",
    "type",
    "properties",
    "elementId",
    "startNodeElementId",
    "endNodeElementId",
];

/// A JS relationship from its field values in [`RELATIONSHIP_KEYS`] order.
fn relationship_object(values: [JsValue; 8]) -> JsValue {
    let object = Object::new();
    for (key, value) in RELATIONSHIP_KEYS.iter().zip(values) {
        define(&object, key, &value);
    }
    object.into()
}

fn relationship_to_js(rel: &Relationship) -> JsValue {
    relationship_object([
        int(rel.id),
        int(rel.start_node_id),
        int(rel.end_node_id),
        rel.rel_type.as_str().into(),
        map_to_js(&rel.properties),
        rel.element_id.as_str().into(),
        rel.start_node_element_id.as_str().into(),
        rel.end_node_element_id.as_str().into(),
    ])
}

/// A path as the official driver shapes it (`start`, `end`, `segments`, `length`). Each node and
/// relationship is converted once and shared by every segment that visits it, so a path stays
/// as small in JS as on the wire however often it revisits them.
fn path_to_js(path: &Path) -> JsValue {
    // Per node: the object, its identity and its element id.
    let nodes: Vec<[JsValue; 3]> = path
        .nodes
        .iter()
        .map(|n| [node_to_js(n), int(n.id), n.element_id.as_str().into()])
        .collect();
    // Per relationship: identity, type, properties and element id.
    let rels: Vec<[JsValue; 4]> = path
        .relationships
        .iter()
        .map(|r| {
            [
                int(r.id),
                r.rel_type.as_str().into(),
                map_to_js(&r.properties),
                r.element_id.as_str().into(),
            ]
        })
        .collect();
    // A decoded path's indices are in range; anything else reads as `undefined`.
    let node = |i: usize| nodes.get(i).cloned().unwrap_or_default();
    let segments: Array = path
        .segments
        .iter()
        .map(|s| {
            let [start, start_id, start_eid] = node(s.start);
            let [end, end_id, end_eid] = node(s.end);
            let [id, rel_type, properties, element_id] =
                rels.get(s.relationship).cloned().unwrap_or_default();
            let (from_id, from_eid, to_id, to_eid) = if s.forward {
                (start_id, start_eid, end_id, end_eid)
            } else {
                (end_id, end_eid, start_id, start_eid)
            };
            let relationship = relationship_object([
                id, from_id, to_id, rel_type, properties, element_id, from_eid, to_eid,
            ]);
            object_with(&[
                ("start", start),
                ("relationship", relationship),
                ("end", end),
            ])
        })
        .collect();
    let [start, ..] = node(0);
    let [end, ..] = node(path.segments.last().map_or(0, |s| s.end));
    object_with(&[
        ("start", start),
        ("end", end),
        ("segments", segments.into()),
        ("length", JsValue::from_f64(path.segments.len() as f64)),
    ])
}

/// A JS value for a driver value. Integers become numbers when exactly representable and
/// BigInts otherwise; graph values become plain objects with the official driver's field names.
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Boolean(b) => JsValue::from_bool(*b),
        Value::Integer(n) => int(*n),
        Value::Float(f) => JsValue::from_f64(*f),
        Value::Bytes(b) => Uint8Array::from(b.as_slice()).into(),
        Value::String(s) => JsValue::from_str(s),
        Value::List(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Map(map) => map_to_js(map),
        Value::Node(node) => node_to_js(node),
        Value::Relationship(rel) => relationship_to_js(rel),
        Value::UnboundRelationship(rel) => object_with(&[
            ("identity", int(rel.id)),
            ("type", rel.rel_type.as_str().into()),
            ("properties", map_to_js(&rel.properties)),
            ("elementId", rel.element_id.as_str().into()),
        ]),
        Value::Path(path) => path_to_js(path),
        // Temporal, spatial and vector values keep their wire fields until the typed classes
        // of the JS API take over.
        Value::Date(d) => object_with(&[("days", int(d.days))]),
        Value::Time(t) => object_with(&[
            ("nanoseconds", int(t.nanoseconds)),
            ("tzOffsetSeconds", int(t.tz_offset_seconds)),
        ]),
        Value::LocalTime(t) => object_with(&[("nanoseconds", int(t.nanoseconds))]),
        Value::LocalDateTime(t) => object_with(&[
            ("seconds", int(t.seconds)),
            ("nanoseconds", int(t.nanoseconds)),
        ]),
        Value::DateTime(t) => object_with(&[
            ("seconds", int(t.seconds)),
            ("nanoseconds", int(t.nanoseconds)),
        ]),
        Value::Duration(d) => object_with(&[
            ("months", int(d.months)),
            ("days", int(d.days)),
            ("seconds", int(d.seconds)),
            ("nanoseconds", int(d.nanoseconds)),
        ]),
        Value::Point(p) => {
            let mut fields = vec![
                ("srid", int(p.srid)),
                ("x", JsValue::from_f64(p.x)),
                ("y", JsValue::from_f64(p.y)),
            ];
            if let Some(z) = p.z {
                fields.push(("z", JsValue::from_f64(z)));
            }
            object_with(&fields)
        }
        Value::Vector(v) => Uint8Array::from(v.data.as_slice()).into(),
        Value::Unsupported(u) => object_with(&[("name", u.name.as_str().into())]),
    }
}

/// A driver value for a JS parameter. `path` names where in the parameters the value sits, for
/// the error message. Numbers are sent as floats, BigInts as integers.
pub fn from_js(value: &JsValue, path: &str, depth: usize) -> Result<Value, Error> {
    let invalid = |what: &str| Error::InvalidArgument(format!("parameter {path}: {what}"));
    if depth > crate::packstream::MAX_DEPTH {
        return Err(invalid("nested too deeply (or refers to itself)"));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Boolean(b));
    }
    if let Some(f) = value.as_f64() {
        return Ok(Value::Float(f));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if value.is_bigint() {
        let n = i64::try_from(BigInt::unchecked_from_js(value.clone()))
            .map_err(|_| invalid("a BigInt outside the 64-bit integer range"))?;
        return Ok(Value::Integer(n));
    }
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(Value::Bytes(bytes.to_vec()));
    }
    if Array::is_array(value) {
        let array = Array::from(value);
        let items = array
            .iter()
            .enumerate()
            .map(|(i, item)| from_js(&item, &format!("{path}[{i}]"), depth + 1))
            .collect::<Result<_, _>>()?;
        return Ok(Value::List(items));
    }
    if value.is_function() || value.is_symbol() {
        return Err(invalid("functions and symbols cannot be sent"));
    }
    if let Some(object) = value.dyn_ref::<Object>() {
        let proto = Object::get_prototype_of(object);
        if !(proto.is_null() || proto == Object::get_prototype_of(&Object::new())) {
            return Err(invalid("only plain objects, arrays, numbers, strings, booleans, BigInts and Uint8Arrays can be sent"));
        }
        return Ok(Value::Map(object_to_map(object, path, depth)?));
    }
    Err(invalid("unsupported value"))
}

/// A driver map for a plain JS object (own enumerable string keys).
pub fn object_to_map(object: &Object, path: &str, depth: usize) -> Result<Map, Error> {
    Object::entries(object)
        .iter()
        .map(|entry| {
            let entry = Array::from(&entry);
            let key = entry.get(0).as_string().unwrap_or_default();
            let value = from_js(&entry.get(1), &format!("{path}.{key}"), depth + 1)?;
            Ok((key, value))
        })
        .collect()
}
