//! Errors of encoding and decoding, each saying exactly what went wrong (and, for decoding,
//! where), so protocol problems can be reported precisely instead of as a generic failure.

use std::fmt;

use super::{tag, SecondsBasis};

/// The kinds of PackStream item that declare their own size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizedItem {
    /// A UTF-8 string (size in bytes).
    String,
    /// A byte array (size in bytes).
    Bytes,
    /// A list (size in entries).
    List,
    /// A map (size in key/value entries).
    Map,
}

impl SizedItem {
    /// The item's name as used in messages.
    fn name(self) -> &'static str {
        match self {
            SizedItem::String => "string",
            SizedItem::Bytes => "byte array",
            SizedItem::List => "list",
            SizedItem::Map => "map",
        }
    }

    /// Whether the size counts bytes (rather than entries).
    fn counts_bytes(self) -> bool {
        matches!(self, SizedItem::String | SizedItem::Bytes)
    }
}

/// Why PackStream data could not be decoded, with the byte offset where the problem starts.
///
/// The offset is that of the marker byte of the offending item (for a structure's content, the
/// structure's marker), or the input length when data ends before a marker.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    /// Byte offset into the decoder's input where the offending item starts.
    pub offset: usize,
    /// What is wrong.
    pub kind: DecodeErrorKind,
}

impl DecodeError {
    /// An error of `kind` at byte `offset`; public so layers built on tokens can report their own
    /// problems in the same shape.
    pub fn new(offset: usize, kind: DecodeErrorKind) -> Self {
        DecodeError { offset, kind }
    }

    /// More data follows, at `offset`, where the input should end after one value.
    pub fn trailing(offset: usize) -> Self {
        DecodeError::new(
            offset,
            DecodeErrorKind::UnexpectedType {
                expected: "end of message",
                found: "more data",
            },
        )
    }
}

/// What is wrong with PackStream input.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeErrorKind {
    /// The data ends inside an item: `needed` bytes were required from the offset, only
    /// `available` remain.
    UnexpectedEnd {
        /// Bytes the item needs from its offset.
        needed: usize,
        /// Bytes left from its offset.
        available: usize,
    },
    /// A byte that is not a PackStream marker.
    UnknownMarker(u8),
    /// A string's bytes are not valid UTF-8; `valid_up_to` is how many of them are.
    InvalidUtf8 {
        /// Length of the valid UTF-8 prefix of the string's bytes.
        valid_up_to: usize,
    },
    /// An item declares a size the remaining input cannot hold (bytes for strings and byte
    /// arrays, entries for lists and maps, each entry taking at least one byte).
    SizeBeyondInput {
        /// Which kind of item.
        item: SizedItem,
        /// The size it declares.
        declared: u64,
        /// Bytes left after its header.
        available: usize,
    },
    /// Containers nest deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },
    /// A map key is not a string.
    MapKeyNotString,
    /// A value of one type where another is required (for example a map for message metadata).
    UnexpectedType {
        /// The type required.
        expected: &'static str,
        /// The type found.
        found: &'static str,
    },
    /// A structure has the wrong number of fields for its tag in this dialect.
    WrongFieldCount {
        /// Structure tag.
        tag: u8,
        /// Fields this tag has in this dialect.
        expected: usize,
        /// Fields the data declares.
        found: usize,
    },
    /// A structure tag that is not a value in this dialect (for example a Vector before Bolt
    /// 6.0, or a legacy DateTime after 5.0).
    UnknownStructTag {
        /// Structure tag.
        tag: u8,
    },
    /// A structure field has the wrong type or an impossible value.
    InvalidField {
        /// Structure name, such as `Node`.
        structure: &'static str,
        /// Field name, as the Bolt specification calls it.
        field: &'static str,
        /// What the field must be.
        expected: &'static str,
    },
    /// A Path's index list does not describe a path through its nodes and relationships.
    BadPath(PathProblem),
}

/// What is wrong with a Path structure's `indices` (or its node list).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathProblem {
    /// The node list is empty, so there is no start node.
    NoNodes,
    /// The index list has an odd length; it must be (relationship, node) pairs.
    OddIndexCount(usize),
    /// A relationship index is 0 (they are 1-based and signed).
    ZeroRelationshipIndex {
        /// Position in the index list.
        position: usize,
    },
    /// A relationship index beyond the relationship list.
    RelationshipOutOfRange {
        /// Position in the index list.
        position: usize,
        /// The index (1-based, signed for direction).
        index: i64,
        /// Length of the relationship list.
        relationships: usize,
    },
    /// A node index beyond the node list (or negative).
    NodeOutOfRange {
        /// Position in the index list.
        position: usize,
        /// The index (0-based).
        index: i64,
        /// Length of the node list.
        nodes: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PackStream decode error at byte {}: {}",
            self.offset, self.kind
        )
    }
}

impl std::error::Error for DecodeError {}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::UnexpectedEnd { needed, available } => write!(
                f,
                "unexpected end of data: needed {needed} bytes but only {available} remain"
            ),
            DecodeErrorKind::UnknownMarker(byte) => write!(f, "unknown marker byte 0x{byte:02X}"),
            DecodeErrorKind::InvalidUtf8 { valid_up_to } => write!(
                f,
                "string is not valid UTF-8 (first invalid byte {valid_up_to} bytes into it)"
            ),
            DecodeErrorKind::SizeBeyondInput {
                item,
                declared,
                available,
            } => {
                if item.counts_bytes() {
                    write!(
                        f,
                        "{} declares {declared} bytes but only {available} remain",
                        item.name()
                    )
                } else {
                    write!(
                        f,
                        "{} declares {declared} entries but only {available} bytes remain",
                        item.name()
                    )
                }
            }
            DecodeErrorKind::TooDeep { limit } => {
                write!(f, "values are nested more than {limit} levels deep")
            }
            DecodeErrorKind::MapKeyNotString => write!(f, "map key is not a string"),
            DecodeErrorKind::UnexpectedType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            DecodeErrorKind::WrongFieldCount {
                tag,
                expected,
                found,
            } => write!(
                f,
                "structure 0x{tag:02X}{} has {found} fields, expected {expected}",
                NameSuffix(*tag)
            ),
            DecodeErrorKind::UnknownStructTag { tag } => write!(
                f,
                "structure tag 0x{tag:02X}{} is not valid in this protocol version",
                NameSuffix(*tag)
            ),
            DecodeErrorKind::InvalidField {
                structure,
                field,
                expected,
            } => write!(f, "{structure} field `{field}` must be {expected}"),
            DecodeErrorKind::BadPath(problem) => write!(f, "invalid Path: {problem}"),
        }
    }
}

/// Formats ` (Name)` after a structure tag when the tag is a known value structure.
struct NameSuffix(u8);

impl fmt::Display for NameSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match tag::name(self.0) {
            Some(name) => write!(f, " ({name})"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathProblem::NoNodes => write!(f, "the node list is empty"),
            PathProblem::OddIndexCount(n) => {
                write!(f, "the index list has {n} entries, not an even number")
            }
            PathProblem::ZeroRelationshipIndex { position } => {
                write!(f, "relationship index at position {position} is 0")
            }
            PathProblem::RelationshipOutOfRange {
                position,
                index,
                relationships,
            } => write!(
                f,
                "relationship index {index} at position {position} is outside the \
                 {relationships} relationships"
            ),
            PathProblem::NodeOutOfRange {
                position,
                index,
                nodes,
            } => write!(
                f,
                "node index {index} at position {position} is outside the {nodes} nodes"
            ),
        }
    }
}

/// Why a value could not be encoded. The encoder leaves its buffer as it was before the failed
/// [`Encoder::write_value`](super::Encoder::write_value) call.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodeError {
    /// An item longer than PackStream's 32-bit sizes allow.
    TooLarge {
        /// Which kind of item.
        item: SizedItem,
        /// Its length (bytes for strings and byte arrays, entries for lists and maps).
        len: usize,
    },
    /// A structure with more than 15 fields.
    TooManyFields {
        /// Structure tag.
        tag: u8,
        /// Requested field count.
        fields: usize,
    },
    /// A value only the server produces (graph entities, the unsupported-type placeholder),
    /// which cannot be sent as a parameter.
    NotAParameter {
        /// The value's type, such as `Node`.
        type_name: &'static str,
    },
    /// A value the negotiated protocol version cannot carry.
    NotInDialect {
        /// The value's type, such as `Vector`.
        type_name: &'static str,
        /// The protocol version it needs, such as `Bolt 6.0`.
        needs: &'static str,
    },
    /// A DateTime with a named zone whose seconds are counted differently from what the
    /// protocol needs; converting needs the zone's offset at that instant, which needs a time
    /// zone database.
    ZoneIdConversion {
        /// The zone id.
        zone_id: String,
        /// How the value counts its seconds.
        from: SecondsBasis,
        /// How the protocol needs them counted.
        to: SecondsBasis,
    },
    /// A vector whose byte length is not a multiple of its element size.
    VectorLength {
        /// Data length in bytes.
        len: usize,
        /// Element size in bytes.
        element_size: usize,
    },
    /// Converting a DateTime's seconds between local and UTC overflows 64 bits.
    SecondsOverflow,
    /// Containers nest deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },
    /// A parameter tape that breaks its format (see [`super::parameter_tape`]): what it breaks.
    BrokenTape(&'static str),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PackStream encode error: ")?;
        match self {
            EncodeError::TooLarge { item, len } => {
                let unit = if item.counts_bytes() { "bytes" } else { "entries" };
                write!(
                    f,
                    "{} of {len} {unit} exceeds the PackStream maximum of {} {unit}",
                    item.name(),
                    u32::MAX
                )
            }
            EncodeError::TooManyFields { tag, fields } => write!(
                f,
                "structure 0x{tag:02X} with {fields} fields exceeds the maximum of 15"
            ),
            EncodeError::NotAParameter { type_name } => {
                write!(f, "a {type_name} cannot be sent as a query parameter")
            }
            EncodeError::NotInDialect { type_name, needs } => write!(
                f,
                "{type_name} values need {needs} or later; the negotiated protocol cannot carry them"
            ),
            EncodeError::ZoneIdConversion { zone_id, from, to } => write!(
                f,
                "a DateTime in zone {zone_id} with {} seconds cannot be converted to {} seconds \
                 without a time zone database",
                basis_name(*from),
                basis_name(*to)
            ),
            EncodeError::VectorLength { len, element_size } => write!(
                f,
                "vector data of {len} bytes is not a multiple of its element size \
                 ({element_size} bytes)"
            ),
            EncodeError::SecondsOverflow => write!(
                f,
                "DateTime seconds overflow when converting between local and UTC time"
            ),
            EncodeError::TooDeep { limit } => {
                write!(f, "values are nested more than {limit} levels deep")
            }
            EncodeError::BrokenTape(what) => write!(f, "a broken parameter tape: {what}"),
        }
    }
}

impl std::error::Error for EncodeError {}

/// How a seconds basis reads in messages.
fn basis_name(basis: SecondsBasis) -> &'static str {
    match basis {
        SecondsBasis::Utc => "UTC",
        SecondsBasis::Local => "local",
    }
}
