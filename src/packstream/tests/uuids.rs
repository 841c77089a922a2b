//! UUIDs (Bolt 6.1).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::tapes::{tape_of_record, tape_of_values};
use super::*;

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
