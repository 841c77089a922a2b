//! Driver values: what PackStream data means once its structures are hydrated.
//!
//! The wire has nine kinds of data (null, boolean, integer, float, bytes, string, list, map,
//! structure). Structures carry graph, temporal, spatial and vector values; [`Value`] names each
//! of them, so code above this layer never deals with raw structure tags.

/// An ordered map as Bolt sends it: keys in wire order, each key at most once (a later duplicate
/// replaces the earlier value, as the PackStream specification says).
pub type Map = Vec<(String, Value)>;

/// One PackStream value after hydration.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// A signed 64-bit integer.
    Integer(i64),
    /// A 64-bit IEEE 754 float.
    Float(f64),
    /// A byte array.
    Bytes(Vec<u8>),
    /// A UTF-8 string.
    String(String),
    /// A list of values.
    List(Vec<Value>),
    /// A map with string keys.
    Map(Map),
    /// A graph node.
    Node(Node),
    /// A relationship with both end nodes' ids.
    Relationship(Relationship),
    /// A relationship inside a path, without end nodes.
    UnboundRelationship(UnboundRelationship),
    /// An alternating sequence of nodes and relationships.
    Path(Path),
    /// A date without time zone.
    Date(Date),
    /// A time of day with a UTC offset.
    Time(Time),
    /// A time of day without time zone.
    LocalTime(LocalTime),
    /// A date and time without time zone.
    LocalDateTime(LocalDateTime),
    /// A date and time in a time zone (offset or named zone).
    DateTime(DateTime),
    /// A temporal amount.
    Duration(Duration),
    /// A 2D or 3D point in a coordinate reference system.
    Point(Point),
    /// A typed numeric vector (Bolt 6.0).
    Vector(Vector),
    /// A value of a type the server cannot send in this protocol version (Bolt 6.0).
    Unsupported(UnsupportedType),
    /// A UUID, its 16 bytes in order (Bolt 6.1).
    Uuid([u8; 16]),
}

/// A node: legacy numeric id, element id (Bolt 5.0+; the id as text before that), labels and
/// properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Numeric id (deprecated by the server, still sent).
    pub id: i64,
    /// Labels, in server order.
    pub labels: Vec<String>,
    /// Properties.
    pub properties: Map,
    /// Element id; before Bolt 5.0 the numeric id as a string.
    pub element_id: String,
}

/// A relationship between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// Numeric id.
    pub id: i64,
    /// Numeric id of the start node.
    pub start_node_id: i64,
    /// Numeric id of the end node.
    pub end_node_id: i64,
    /// Relationship type.
    pub rel_type: String,
    /// Properties.
    pub properties: Map,
    /// Element id; before Bolt 5.0 the numeric id as a string.
    pub element_id: String,
    /// Element id of the start node.
    pub start_node_element_id: String,
    /// Element id of the end node.
    pub end_node_element_id: String,
}

/// A relationship as it appears inside a [`Path`]: its ends follow from its position.
#[derive(Debug, Clone, PartialEq)]
pub struct UnboundRelationship {
    /// Numeric id.
    pub id: i64,
    /// Relationship type.
    pub rel_type: String,
    /// Properties.
    pub properties: Map,
    /// Element id; before Bolt 5.0 the numeric id as a string.
    pub element_id: String,
}

/// A path: its nodes and relationships, each stored once as the server sent them, and the
/// steps through them as indices, so a node or relationship visited many times costs no more
/// memory than visiting it once.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The distinct nodes; the path starts at the first (never empty in a decoded path).
    pub nodes: Vec<Node>,
    /// The distinct relationships, without their end nodes.
    pub relationships: Vec<UnboundRelationship>,
    /// One entry per step, in order; a decoded path's indices are all in range.
    pub segments: Vec<PathSegment>,
}

/// One step of a [`Path`], as indices into its `nodes` and `relationships`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathSegment {
    /// Index into [`Path::nodes`] of the node the step starts from.
    pub start: usize,
    /// Index into [`Path::relationships`] of the relationship traversed.
    pub relationship: usize,
    /// Index into [`Path::nodes`] of the node the step arrives at.
    pub end: usize,
    /// Whether the relationship points from `start` to `end` (else from `end` to `start`).
    pub forward: bool,
}

/// Days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Days since the Unix epoch (negative before it).
    pub days: i64,
}

/// A time of day with an offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// Nanoseconds since local midnight.
    pub nanoseconds: i64,
    /// Offset from UTC in seconds.
    pub tz_offset_seconds: i64,
}

/// A time of day without time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// Nanoseconds since midnight.
    pub nanoseconds: i64,
}

/// A date and time without time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDateTime {
    /// Seconds since 1970-01-01T00:00:00 (local).
    pub seconds: i64,
    /// Nanoseconds within the second, 0..1_000_000_000.
    pub nanoseconds: i64,
}

/// The zone part of a [`DateTime`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset from UTC in seconds.
    Offset(i64),
    /// An IANA zone id such as `Europe/Stockholm`.
    Id(String),
}

/// Which instant the `seconds` of a [`DateTime`] count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondsBasis {
    /// Seconds since the epoch in UTC (structures 0x49 and 0x69: Bolt 5.0+, or 4.4 with the
    /// `utc` patch).
    Utc,
    /// Seconds since the epoch in local wall-clock time (legacy structures 0x46 and 0x66).
    Local,
}

/// A date and time in a time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTime {
    /// Seconds since the epoch, counted as `basis` says.
    pub seconds: i64,
    /// Nanoseconds within the second.
    pub nanoseconds: i64,
    /// Offset or zone id.
    pub zone: Zone,
    /// Whether `seconds` are UTC or local.
    pub basis: SecondsBasis,
}

/// A temporal amount in months, days, seconds and nanoseconds (kept apart, as Cypher does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// Months.
    pub months: i64,
    /// Days.
    pub days: i64,
    /// Seconds.
    pub seconds: i64,
    /// Nanoseconds.
    pub nanoseconds: i64,
}

/// A point with a spatial reference id; `z` is present for 3D points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Coordinate reference system id (for example 7203 cartesian, 4326 WGS-84).
    pub srid: i64,
    /// First coordinate.
    pub x: f64,
    /// Second coordinate.
    pub y: f64,
    /// Third coordinate, for 3D points.
    pub z: Option<f64>,
}

/// The element type of a [`Vector`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VectorType {
    /// 8-bit signed integers.
    Int8,
    /// 16-bit signed integers.
    Int16,
    /// 32-bit signed integers.
    Int32,
    /// 64-bit signed integers.
    Int64,
    /// 32-bit floats.
    Float32,
    /// 64-bit floats.
    Float64,
}

impl VectorType {
    /// The element types in the order of their codes (0 to 5) on a tape.
    pub const TAPE_CODES: [VectorType; 6] = [
        VectorType::Int8,
        VectorType::Int16,
        VectorType::Int32,
        VectorType::Int64,
        VectorType::Float32,
        VectorType::Float64,
    ];
}

/// A typed vector (Bolt 6.0): the element type and the elements' big-endian bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    /// Element type.
    pub element_type: VectorType,
    /// Elements as big-endian bytes, `len` a multiple of the element size.
    pub data: Vec<u8>,
}

/// A placeholder for a value of a type the negotiated protocol cannot carry (Bolt 6.0).
#[derive(Debug, Clone, PartialEq)]
pub struct UnsupportedType {
    /// The type's name.
    pub name: String,
    /// The lowest Bolt version that can carry it, as (major, minor).
    pub minimum_protocol: (u8, u8),
    /// An explanation from the server, if any.
    pub message: Option<String>,
}
