//! Duplicate map keys: the last one wins.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

/// A map header and entries written as given, duplicates included.
pub(super) fn raw_map(entries: &[(&str, i64)]) -> Vec<u8> {
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
