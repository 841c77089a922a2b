//! Unit tests for encoding, decoding and hydration, one file per topic; the helpers they share
//! are here.

use super::*;
use crate::test_support::{map, s};

mod decode_errors;
mod duplicate_keys;
mod encoding_rejections;
mod graph_entities;
mod robustness;
mod scalars;
mod tapes;
mod temporal_spatial_vector;
mod tokens;
mod uuids;

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

fn kind(e: &DecodeError) -> &DecodeErrorKind {
    &e.kind
}
