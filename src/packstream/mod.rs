//! PackStream v1: the binary value format Bolt messages are written in.
//!
//! - [`Encoder`] appends values to a caller-owned `Vec<u8>` (smallest form for every integer and
//!   size), dehydrating temporal, spatial and vector values into structures.
//! - [`Decoder`] reads from a byte slice, either token by token ([`Decoder::next_token`],
//!   zero-copy) or as whole [`Value`]s ([`Decoder::read_value`]), hydrating structures with
//!   [`hydrate`].
//! - [`Tape`] writes decoded values flat, in a few buffers, for a host that builds its own
//!   values from many at once.
//! - [`Dialect`] says which structure forms the negotiated Bolt version uses (element ids, UTC
//!   date-times, vectors), since the same value is written differently across versions.
//!
//! All numbers on the wire are big-endian. Decoding never panics and never allocates more than
//! the input could fill, whatever the input says about its own sizes.

mod calendar;
mod decode;
mod encode;
mod error;
mod hydrate;
pub mod parameter_tape;
pub mod tape;
mod value;

#[cfg(test)]
mod tests;

pub use calendar::{civil_from_days, days_from_civil};
pub use decode::{Decoder, Token};
pub use encode::Encoder;
pub use error::{DecodeError, DecodeErrorKind, EncodeError, PathProblem, SizedItem};
pub use hydrate::hydrate;
pub use parameter_tape::TapedMap;
pub use tape::Tape;
pub use value::*;

/// How many containers (lists, maps, structures) may be nested inside each other, when decoding
/// and when encoding. Bounds recursion so hostile or runaway input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// Which structure forms a negotiated Bolt version uses for values.
///
/// PackStream itself is the same in every Bolt version, but the structures carrying graph and
/// temporal values changed: element ids arrived in 5.0, UTC-based date-times in 5.0 (and in 4.4
/// with the `utc` patch), vectors and the unsupported-type placeholder in 6.0, and in 6.1 UUIDs,
/// which PackStream itself marks (0xE0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dialect {
    /// Nodes and relationships carry string element ids (Bolt 5.0+). Without them, decoded
    /// element ids are the numeric ids written as decimal text.
    pub element_ids: bool,
    /// Date-times use structures 0x49/0x69 with UTC seconds (Bolt 5.0+, or 4.4 with the `utc`
    /// patch) instead of the legacy 0x46/0x66 with local seconds.
    pub utc_datetime: bool,
    /// Vector (0x56) and UnsupportedType (0x3F) structures are allowed (Bolt 6.0+).
    pub vectors: bool,
    /// UUIDs (marker 0xE0) are allowed (Bolt 6.1+).
    pub uuids: bool,
}

impl Dialect {
    /// Bolt 3.0 to 4.4 (4.3 and 4.4 without the `utc` patch): numeric ids, local-second
    /// date-times.
    pub const BOLT_4: Dialect = Dialect {
        element_ids: false,
        utc_datetime: false,
        vectors: false,
        uuids: false,
    };
    /// Bolt 4.3 and 4.4 with the `utc` patch: UTC date-times, numeric ids.
    pub const BOLT_4_UTC: Dialect = Dialect {
        utc_datetime: true,
        ..Dialect::BOLT_4
    };
    /// Bolt 5.x: element ids and UTC date-times.
    pub const BOLT_5: Dialect = Dialect {
        element_ids: true,
        utc_datetime: true,
        vectors: false,
        uuids: false,
    };
    /// Bolt 6.0: vectors and the unsupported-type placeholder too.
    pub const BOLT_6: Dialect = Dialect {
        vectors: true,
        ..Dialect::BOLT_5
    };
    /// Bolt 6.1: UUIDs too.
    pub const BOLT_6_1: Dialect = Dialect {
        uuids: true,
        ..Dialect::BOLT_6
    };
}

/// Structure tag bytes of the value structures Bolt defines (messages have their own tags).
pub mod tag {
    /// Node (`N`).
    pub const NODE: u8 = 0x4E;
    /// Relationship (`R`).
    pub const RELATIONSHIP: u8 = 0x52;
    /// UnboundRelationship (`r`), used inside paths.
    pub const UNBOUND_RELATIONSHIP: u8 = 0x72;
    /// Path (`P`).
    pub const PATH: u8 = 0x50;
    /// Date (`D`).
    pub const DATE: u8 = 0x44;
    /// Time with offset (`T`).
    pub const TIME: u8 = 0x54;
    /// LocalTime (`t`).
    pub const LOCAL_TIME: u8 = 0x74;
    /// LocalDateTime (`d`).
    pub const LOCAL_DATE_TIME: u8 = 0x64;
    /// DateTime with offset, UTC seconds (`I`, Bolt 5.0+ or 4.4 with `utc` patch).
    pub const DATE_TIME: u8 = 0x49;
    /// DateTime with zone id, UTC seconds (`i`, Bolt 5.0+ or 4.4 with `utc` patch).
    pub const DATE_TIME_ZONE_ID: u8 = 0x69;
    /// Legacy DateTime with offset, local seconds (`F`, up to 4.4).
    pub const LEGACY_DATE_TIME: u8 = 0x46;
    /// Legacy DateTime with zone id, local seconds (`f`, up to 4.4).
    pub const LEGACY_DATE_TIME_ZONE_ID: u8 = 0x66;
    /// Duration (`E`).
    pub const DURATION: u8 = 0x45;
    /// Point2D (`X`).
    pub const POINT_2D: u8 = 0x58;
    /// Point3D (`Y`).
    pub const POINT_3D: u8 = 0x59;
    /// Vector (`V`, Bolt 6.0+).
    pub const VECTOR: u8 = 0x56;
    /// UnsupportedType (`?`, Bolt 6.0+).
    pub const UNSUPPORTED: u8 = 0x3F;

    /// The specification's name for a value structure tag (any Bolt version), or `None` for
    /// tags that are not value structures.
    pub fn name(tag: u8) -> Option<&'static str> {
        Some(match tag {
            NODE => "Node",
            RELATIONSHIP => "Relationship",
            UNBOUND_RELATIONSHIP => "UnboundRelationship",
            PATH => "Path",
            DATE => "Date",
            TIME => "Time",
            LOCAL_TIME => "LocalTime",
            LOCAL_DATE_TIME => "LocalDateTime",
            DATE_TIME => "DateTime",
            DATE_TIME_ZONE_ID => "DateTimeZoneId",
            LEGACY_DATE_TIME => "Legacy DateTime",
            LEGACY_DATE_TIME_ZONE_ID => "Legacy DateTimeZoneId",
            DURATION => "Duration",
            POINT_2D => "Point2D",
            POINT_3D => "Point3D",
            VECTOR => "Vector",
            UNSUPPORTED => "UnsupportedType",
            _ => return None,
        })
    }
}

/// Marker bytes (private: callers use [`Encoder`] and [`Token`]).
mod marker {
    pub const NULL: u8 = 0xC0;
    pub const FLOAT_64: u8 = 0xC1;
    pub const FALSE: u8 = 0xC2;
    pub const TRUE: u8 = 0xC3;
    pub const INT_8: u8 = 0xC8;
    pub const INT_16: u8 = 0xC9;
    pub const INT_32: u8 = 0xCA;
    pub const INT_64: u8 = 0xCB;
    pub const BYTES_8: u8 = 0xCC;
    pub const BYTES_16: u8 = 0xCD;
    pub const BYTES_32: u8 = 0xCE;
    pub const TINY_STRING: u8 = 0x80;
    pub const STRING_8: u8 = 0xD0;
    pub const STRING_16: u8 = 0xD1;
    pub const STRING_32: u8 = 0xD2;
    pub const TINY_LIST: u8 = 0x90;
    pub const LIST_8: u8 = 0xD4;
    pub const LIST_16: u8 = 0xD5;
    pub const LIST_32: u8 = 0xD6;
    pub const TINY_MAP: u8 = 0xA0;
    pub const MAP_8: u8 = 0xD8;
    pub const MAP_16: u8 = 0xD9;
    pub const MAP_32: u8 = 0xDA;
    pub const TINY_STRUCT: u8 = 0xB0;
    /// Vector element type markers (the marker of the matching scalar, 0xC6 for float32).
    pub const VECTOR_FLOAT_32: u8 = 0xC6;
    /// A UUID: the marker, then its 16 bytes (Bolt 6.1+).
    pub const UUID: u8 = 0xE0;
}

/// The element type's marker byte in a Vector structure and its element size in bytes.
fn vector_type_info(t: VectorType) -> (u8, usize) {
    match t {
        VectorType::Int8 => (marker::INT_8, 1),
        VectorType::Int16 => (marker::INT_16, 2),
        VectorType::Int32 => (marker::INT_32, 4),
        VectorType::Int64 => (marker::INT_64, 8),
        VectorType::Float32 => (marker::VECTOR_FLOAT_32, 4),
        VectorType::Float64 => (marker::FLOAT_64, 8),
    }
}

/// The element type a Vector structure's type marker names, if any.
fn vector_type_from_marker(m: u8) -> Option<VectorType> {
    Some(match m {
        marker::INT_8 => VectorType::Int8,
        marker::INT_16 => VectorType::Int16,
        marker::INT_32 => VectorType::Int32,
        marker::INT_64 => VectorType::Int64,
        marker::VECTOR_FLOAT_32 => VectorType::Float32,
        marker::FLOAT_64 => VectorType::Float64,
        _ => return None,
    })
}
