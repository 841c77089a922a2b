//! The tape: decoded values written flat, for a host that builds its own values in bulk (the JS
//! layer reads a whole batch of records from one tape instead of being handed each value).
//!
//! A tape is five buffers read front to back: `words` (tags, integers, sizes), `floats`, `ascii`
//! (the strings that are ASCII, concatenated), `text` (the other strings) and `bytes` (byte
//! arrays and vector elements). ASCII text is kept apart because a JS engine turns it into a
//! string many times faster than UTF-8 with a few non-ASCII characters in it. Each value starts
//! with a tag word ([`op`]); what follows it:
//!
//! | tag | then |
//! |---|---|
//! | `NULL`, `FALSE`, `TRUE` | nothing |
//! | `INT` | the value (fits in 32 bits) |
//! | `INT64` | its low and high 32 bits |
//! | `FLOAT` | nothing in `words`; the next float |
//! | `STRING` | its length: n ≥ 0 for n ASCII characters, next in `ascii`; else `!n` for n UTF-16 code units, next in `text` |
//! | `BYTES` | its length; the bytes are next in `bytes` |
//! | `LIST` | the entry count, then each entry |
//! | `MAP` | the entry count, then each key (see below) and value |
//! | `NODE` | id; label count and each label as a key; properties (a `MAP`); element id |
//! | `RELATIONSHIP` | id, start node id, end node id; type as a key; properties; the three element ids |
//! | `UNBOUND_RELATIONSHIP` | id; type as a key; properties; element id |
//! | `PATH` | node count and each `NODE`; relationship count and each `UNBOUND_RELATIONSHIP`; step count and per step its start node, relationship and end node indices and 1 when it goes along the relationship's direction (else 0) |
//! | `DATE` | year, month, day |
//! | `LOCAL_TIME` | hour, minute, second, nanosecond |
//! | `TIME` | hour, minute, second, nanosecond, offset seconds |
//! | `LOCAL_DATE_TIME` | year, month, day, hour, minute, second, nanosecond |
//! | `DATE_TIME_OFFSET` | the seven local fields, offset seconds |
//! | `DATE_TIME_ZONE_LOCAL` | the seven local fields, zone id (legacy structures: no offset) |
//! | `DATE_TIME_ZONE_UTC` | seconds since the epoch (UTC), nanosecond, zone id: the reader works out the local fields with the zone's rules |
//! | `DURATION` | months, days, seconds, nanoseconds |
//! | `POINT_2D`, `POINT_3D` | srid, then x, y (and z) as `FLOAT`s |
//! | `VECTOR` | element type (0 to 5: Int8, Int16, Int32, Int64, Float32, Float64) and byte length; the elements, little-endian, are next in `bytes` |
//! | `UNSUPPORTED` | name; minimum protocol major and minor version words; message or `NULL` |
//!
//! Ids, element ids, temporal fields and srids are values themselves (`INT` or `INT64`,
//! `STRING`), so the reader builds them in the driver's integer mode. A key (of a map, or a
//! label or relationship type) is a word: an id below the number of keys seen so far
//! on this tape is that key again; the next id is a new key, followed by its length and text as
//! for a `STRING`; -1 is a key not remembered (once [`MAX_KEYS`] are), also followed by its
//! length and text. A map's entries are as the wire has them: a repeated key is written again,
//! so a reader that assigns entries in order gets the last value at the key's first position.
//!
//! [`Tape::write_list`] writes values straight from PackStream tokens, falling back to
//! [`Value`]s (the decoder's own rules) for structures other than nodes and relationships, and
//! for any structure whose fields have the wrong types, so that its errors are exactly the
//! decoder's. [`Tape::write_value`] writes a decoded value.

use std::hash::Hasher;

use super::{
    civil_from_days,
    decode::{enter, utf8, uuid_in},
    hydrate::expected_fields,
    tag, vector_type_info, DateTime, DecodeError, DecodeErrorKind, Decoder, Dialect, Map, Node,
    Path, Relationship, SecondsBasis, Token, UnboundRelationship, Value, Vector, VectorType, Zone,
    MAX_DEPTH,
};

/// The tags that start each value on a tape.
pub mod op {
    /// `null`.
    pub const NULL: i32 = 0;
    /// `false`.
    pub const FALSE: i32 = 1;
    /// `true`.
    pub const TRUE: i32 = 2;
    /// An integer that fits in 32 bits.
    pub const INT: i32 = 3;
    /// An integer beyond 32 bits.
    pub const INT64: i32 = 4;
    /// A float.
    pub const FLOAT: i32 = 5;
    /// A string.
    pub const STRING: i32 = 6;
    /// A byte array.
    pub const BYTES: i32 = 7;
    /// A list.
    pub const LIST: i32 = 8;
    /// A map.
    pub const MAP: i32 = 9;
    /// A node.
    pub const NODE: i32 = 10;
    /// A relationship.
    pub const RELATIONSHIP: i32 = 11;
    /// A relationship without its end nodes (inside paths).
    pub const UNBOUND_RELATIONSHIP: i32 = 12;
    /// A path.
    pub const PATH: i32 = 13;
    /// A date.
    pub const DATE: i32 = 14;
    /// A time of day without zone.
    pub const LOCAL_TIME: i32 = 15;
    /// A time of day with an offset.
    pub const TIME: i32 = 16;
    /// A date and time without zone.
    pub const LOCAL_DATE_TIME: i32 = 17;
    /// A date and time with an offset.
    pub const DATE_TIME_OFFSET: i32 = 18;
    /// A date and time in a named zone, given in local time (legacy structures).
    pub const DATE_TIME_ZONE_LOCAL: i32 = 19;
    /// A date and time in a named zone, given in UTC.
    pub const DATE_TIME_ZONE_UTC: i32 = 20;
    /// A duration.
    pub const DURATION: i32 = 21;
    /// A 2D point.
    pub const POINT_2D: i32 = 22;
    /// A 3D point.
    pub const POINT_3D: i32 = 23;
    /// A vector.
    pub const VECTOR: i32 = 24;
    /// A value of a type the protocol version cannot carry.
    pub const UNSUPPORTED: i32 = 25;
    /// A UUID; its 16 bytes are next in `bytes`.
    pub const UUID: i32 = 26;
}

/// How many distinct keys a tape remembers; later new keys are written out each time, so that
/// results with unbounded key sets keep bounded memory.
pub const MAX_KEYS: usize = 4096;

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// FxHash (rustc's hasher): keys are short, where SipHash's setup would dominate, and hashed
/// only when the prediction misses (see [`Keys`]). It is not keyed: a server could make keys
/// collide, at a cost bounded by the table's size (twice [`MAX_KEYS`]).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    #[cfg_attr(size_optimized, optimize(speed))]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How many key lookups of one list (a record) are remembered to predict the next list's.
const PREDICTED: usize = 256;

/// The keys a tape remembers, by id. Lists of the same shape look the same keys up in the same
/// order, so each lookup first tries the key the previous list looked up at that point.
#[derive(Default)]
struct Keys {
    /// The ids of the keys by hash: open addressing with linear probing, -1 for a free slot;
    /// its size is a power of two, at least twice the number of keys.
    slots: Vec<i32>,
    by_id: Vec<Box<[u8]>>,
    /// The ids the previous list looked up, in order (-1: a key not remembered).
    recent: Vec<i32>,
    /// How many lookups the current list made.
    cursor: usize,
}

impl Keys {
    /// Starts a list whose lookups are predicted from the previous one's.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn start_list(&mut self) {
        self.cursor = 0;
    }

    /// The id of a remembered key.
    #[inline]
    #[cfg_attr(size_optimized, optimize(speed))]
    fn find(&mut self, key: &[u8]) -> Option<i32> {
        if let Some(&id) = self.recent.get(self.cursor) {
            if self.by_id.get(id as usize).is_some_and(|k| **k == *key) {
                self.cursor += 1;
                return Some(id);
            }
        }
        let id = self.slots[self.slot(key)?];
        if id < 0 {
            return None;
        }
        self.note(id);
        Some(id)
    }

    /// The slot of `key` in `slots`: where its id is, or the free one where it would go.
    /// `None` while there are no slots.
    #[inline]
    #[cfg_attr(size_optimized, optimize(speed))]
    fn slot(&self, key: &[u8]) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut hasher = FxHasher::default();
        hasher.write(key);
        let mut at = hasher.finish() as usize & mask;
        loop {
            let id = self.slots[at];
            if id < 0 || self.by_id.get(id as usize).is_some_and(|k| **k == *key) {
                return Some(at);
            }
            at = (at + 1) & mask;
        }
    }

    /// Makes room for one more key: slots for twice as many keys as there are, each key in its
    /// slot again.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn grow(&mut self) {
        let wanted = (2 * (self.by_id.len() + 1)).next_power_of_two().max(16);
        if self.slots.len() >= wanted {
            return;
        }
        self.rehash(wanted);
    }

    /// Puts every key in its slot of `size` (a power of two) new slots.
    fn rehash(&mut self, size: usize) {
        self.slots = vec![-1; size];
        for id in 0..self.by_id.len() {
            if let Some(at) = self.slot(&self.by_id[id]) {
                self.slots[at] = id as i32;
            }
        }
    }

    /// Remembers a new key: its id, or `None` (-1 noted) when no more keys are remembered.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn add(&mut self, key: &[u8]) -> Option<i32> {
        let id = (self.by_id.len() < MAX_KEYS).then_some(self.by_id.len() as i32);
        if let Some(id) = id {
            self.grow();
            if let Some(at) = self.slot(key) {
                self.slots[at] = id;
            }
            self.by_id.push(key.into());
        }
        self.note(id.unwrap_or(-1));
        id
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn note(&mut self, id: i32) {
        if let Some(slot) = self.recent.get_mut(self.cursor) {
            *slot = id;
        } else if self.cursor < PREDICTED {
            self.recent.push(id);
        }
        self.cursor += 1;
    }

    /// Forgets the keys from id `n` on.
    fn truncate(&mut self, n: usize) {
        if n < self.by_id.len() {
            self.by_id.truncate(n);
            self.rehash(self.slots.len());
        }
    }

    fn clear(&mut self) {
        *self = Keys::default();
    }
}

/// Where a tape's buffers ended, to go back to.
#[derive(Clone, Copy)]
struct Mark {
    words: usize,
    floats: usize,
    ascii: usize,
    text: usize,
    bytes: usize,
    keys: usize,
}

/// Values written flat (see the module documentation), with the keys seen so far.
#[derive(Default)]
pub struct Tape {
    /// Tags, integers and sizes.
    pub words: Vec<i32>,
    /// Floats, in reading order.
    pub floats: Vec<f64>,
    /// The text of every ASCII string and new key, in reading order.
    pub ascii: Vec<u8>,
    /// The text of every other string and new key, in reading order.
    pub text: String,
    /// Byte arrays and vector elements, in reading order.
    pub bytes: Vec<u8>,
    keys: Keys,
}

impl Tape {
    /// An empty tape that knows no keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the buffers; the keys stay known (their reader keeps them too).
    pub fn clear(&mut self) {
        self.words.clear();
        self.floats.clear();
        self.ascii.clear();
        self.text.clear();
        self.bytes.clear();
    }

    /// Empties the buffers and forgets every key, for a reader that starts afresh.
    pub fn reset(&mut self) {
        self.clear();
        self.keys.clear();
    }

    /// Writes a list header for `n` values that follow.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_list_header(&mut self, n: usize) {
        self.words.push(op::LIST);
        self.words.push(n as i32);
    }

    /// Writes the list that is `input` (a RECORD's fields) as `dialect` defines its structures.
    /// Fails as [`Decoder::read_value`] would, when the value is not a list, or when more data
    /// follows it; the tape then holds part of it.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_list(&mut self, input: &[u8], dialect: Dialect) -> Result<(), DecodeError> {
        self.keys.start_list();
        let mut tokens = Tokens {
            tape: self,
            decoder: Decoder::new(input),
            dialect,
        };
        match tokens.decoder.clone().next_token()? {
            Token::List(_) => {
                tokens.value(0)?;
                if tokens.decoder.is_at_end() {
                    Ok(())
                } else {
                    Err(DecodeError::trailing(tokens.decoder.position()))
                }
            }
            // The decoder's error if the value is bad, else this one.
            _ => Err(Decoder::new(input)
                .read_value(dialect)
                .err()
                .unwrap_or(DecodeError::new(
                    0,
                    DecodeErrorKind::UnexpectedType {
                        expected: "list",
                        found: "another value",
                    },
                ))),
        }
    }

    /// Writes a decoded value.
    pub fn write_value(&mut self, value: &Value) {
        match value {
            Value::Null => self.words.push(op::NULL),
            Value::Boolean(b) => self.bool(*b),
            Value::Integer(i) => self.int(*i),
            Value::Float(x) => self.float(*x),
            Value::Bytes(b) => self.bytes(b),
            Value::String(s) => self.string(s),
            Value::List(items) => {
                self.write_list_header(items.len());
                items.iter().for_each(|item| self.write_value(item));
            }
            Value::Map(map) => self.write_map(map),
            Value::Node(node) => self.node(node),
            Value::Relationship(rel) => self.relationship(rel),
            Value::UnboundRelationship(rel) => self.unbound(rel),
            Value::Path(path) => self.path(path),
            Value::Date(d) => {
                let (year, month, day) = civil_from_days(d.days);
                self.op_ints(op::DATE, &[year, month, day]);
            }
            Value::LocalTime(t) => self.op_ints(op::LOCAL_TIME, &clock_fields(t.nanoseconds)),
            Value::Time(t) => {
                self.op_ints(op::TIME, &clock_fields(t.nanoseconds));
                self.int(t.tz_offset_seconds);
            }
            Value::LocalDateTime(t) => {
                self.op_ints(op::LOCAL_DATE_TIME, &local_fields(t.seconds, t.nanoseconds));
            }
            Value::DateTime(t) => self.date_time(t),
            Value::Duration(d) => {
                self.op_ints(op::DURATION, &[d.months, d.days, d.seconds, d.nanoseconds]);
            }
            Value::Point(p) => {
                let tag = if p.z.is_some() {
                    op::POINT_3D
                } else {
                    op::POINT_2D
                };
                self.op_ints(tag, &[p.srid]);
                [Some(p.x), Some(p.y), p.z]
                    .into_iter()
                    .flatten()
                    .for_each(|x| self.float(x));
            }
            Value::Vector(v) => self.vector(v),
            Value::Uuid(bytes) => self.uuid(bytes),
            Value::Unsupported(u) => {
                self.words.push(op::UNSUPPORTED);
                self.string(&u.name);
                let (major, minor) = u.minimum_protocol;
                self.words.extend([i32::from(major), i32::from(minor)]);
                match &u.message {
                    Some(message) => self.string(message),
                    None => self.words.push(op::NULL),
                }
            }
        }
    }

    /// Writes a decoded map.
    pub fn write_map(&mut self, map: &Map) {
        self.write_map_header(map.len());
        for (key, value) in map {
            self.write_key(key);
            self.write_value(value);
        }
    }

    /// Writes a map header for `n` entries that follow, each a key ([`Tape::write_key`]) and
    /// a value: a map built on the tape without a [`Map`] of its own.
    pub fn write_map_header(&mut self, n: usize) {
        self.words.extend([op::MAP, n as i32]);
    }

    /// Writes a map key.
    pub fn write_key(&mut self, key: &str) {
        self.key(key);
    }

    /// Writes a string value.
    pub fn write_string(&mut self, s: &str) {
        self.string(s);
    }

    /// Writes a float value (a JS number).
    pub fn write_float(&mut self, x: f64) {
        self.float(x);
    }

    fn mark(&self) -> Mark {
        Mark {
            words: self.words.len(),
            floats: self.floats.len(),
            ascii: self.ascii.len(),
            text: self.text.len(),
            bytes: self.bytes.len(),
            keys: self.keys.by_id.len(),
        }
    }

    /// Goes back to `mark`, forgetting the keys learnt since.
    fn rewind(&mut self, mark: Mark) {
        self.words.truncate(mark.words);
        self.floats.truncate(mark.floats);
        self.ascii.truncate(mark.ascii);
        self.text.truncate(mark.text);
        self.bytes.truncate(mark.bytes);
        self.keys.truncate(mark.keys);
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn bool(&mut self, b: bool) {
        self.words.push(if b { op::TRUE } else { op::FALSE });
    }

    #[inline]
    #[cfg_attr(size_optimized, optimize(speed))]
    fn int(&mut self, i: i64) {
        match i32::try_from(i) {
            Ok(small) => {
                self.words.push(op::INT);
                self.words.push(small);
            }
            Err(_) => self.words.extend([op::INT64, i as i32, (i >> 32) as i32]),
        }
    }

    fn op_ints(&mut self, tag: i32, ints: &[i64]) {
        self.words.push(tag);
        ints.iter().for_each(|&i| self.int(i));
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn float(&mut self, x: f64) {
        self.words.push(op::FLOAT);
        self.floats.push(x);
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn bytes(&mut self, b: &[u8]) {
        self.words.extend([op::BYTES, b.len() as i32]);
        self.bytes.extend_from_slice(b);
    }

    #[inline]
    #[cfg_attr(size_optimized, optimize(speed))]
    fn string(&mut self, s: &str) {
        self.words.push(op::STRING);
        self.text_of(s);
    }

    /// A string's length and text, in `ascii` or `text`.
    #[inline]
    #[cfg_attr(size_optimized, optimize(speed))]
    fn text_of(&mut self, s: &str) {
        if s.is_ascii() {
            self.words.push(s.len() as i32);
            self.ascii.extend_from_slice(s.as_bytes());
        } else {
            self.other_text(s);
        }
    }

    /// A string from the wire whose marker is at `start`: its bytes are checked as UTF-8 only
    /// when they are not ASCII.
    #[inline]
    #[cfg_attr(size_optimized, optimize(speed))]
    fn raw_string(&mut self, bytes: &[u8], start: usize) -> Result<(), DecodeError> {
        self.words.push(op::STRING);
        if bytes.is_ascii() {
            self.words.push(bytes.len() as i32);
            self.ascii.extend_from_slice(bytes);
        } else {
            self.other_text(utf8(bytes, start)?);
        }
        Ok(())
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn other_text(&mut self, s: &str) {
        // UTF-16 units: one per character (every byte but continuation bytes), two for those
        // beyond the BMP (four-byte sequences). A plain loop over the slice: an iterator chain
        // (`bytes().map().sum()`) becomes calls per byte into std's code, which the module
        // compiles for size.
        let mut units = 0usize;
        for &b in s.as_bytes() {
            units += usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0);
        }
        self.words.push(!(units as i32));
        self.text.push_str(s);
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn key(&mut self, key: &str) {
        match self.keys.find(key.as_bytes()) {
            Some(id) => self.words.push(id),
            None => self.new_key(key),
        }
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn new_key(&mut self, key: &str) {
        self.words.push(self.keys.add(key.as_bytes()).unwrap_or(-1));
        self.text_of(key);
    }

    fn labels<'a>(&mut self, labels: impl ExactSizeIterator<Item = &'a String>) {
        self.words.push(labels.len() as i32);
        labels.for_each(|label| self.key(label));
    }

    fn node(&mut self, node: &Node) {
        self.op_ints(op::NODE, &[node.id]);
        self.labels(node.labels.iter());
        self.write_map(&node.properties);
        self.string(&node.element_id);
    }

    fn relationship(&mut self, rel: &Relationship) {
        self.op_ints(
            op::RELATIONSHIP,
            &[rel.id, rel.start_node_id, rel.end_node_id],
        );
        self.key(&rel.rel_type);
        self.write_map(&rel.properties);
        self.string(&rel.element_id);
        self.string(&rel.start_node_element_id);
        self.string(&rel.end_node_element_id);
    }

    fn unbound(&mut self, rel: &UnboundRelationship) {
        self.op_ints(op::UNBOUND_RELATIONSHIP, &[rel.id]);
        self.key(&rel.rel_type);
        self.write_map(&rel.properties);
        self.string(&rel.element_id);
    }

    fn path(&mut self, path: &Path) {
        self.words.extend([op::PATH, path.nodes.len() as i32]);
        path.nodes.iter().for_each(|n| self.node(n));
        self.words.push(path.relationships.len() as i32);
        path.relationships.iter().for_each(|r| self.unbound(r));
        self.words.push(path.segments.len() as i32);
        for s in &path.segments {
            self.words.extend([
                s.start as i32,
                s.relationship as i32,
                s.end as i32,
                i32::from(s.forward),
            ]);
        }
    }

    fn date_time(&mut self, t: &DateTime) {
        match (&t.zone, t.basis) {
            (Zone::Offset(offset), basis) => {
                let local = match basis {
                    SecondsBasis::Utc => t.seconds.saturating_add(*offset),
                    SecondsBasis::Local => t.seconds,
                };
                self.op_ints(op::DATE_TIME_OFFSET, &local_fields(local, t.nanoseconds));
                self.int(*offset);
            }
            (Zone::Id(zone), SecondsBasis::Local) => {
                self.op_ints(
                    op::DATE_TIME_ZONE_LOCAL,
                    &local_fields(t.seconds, t.nanoseconds),
                );
                self.string(zone);
            }
            (Zone::Id(zone), SecondsBasis::Utc) => {
                self.op_ints(op::DATE_TIME_ZONE_UTC, &[t.seconds, t.nanoseconds]);
                self.string(zone);
            }
        }
    }

    fn uuid(&mut self, bytes: &[u8; 16]) {
        self.words.push(op::UUID);
        self.bytes.extend_from_slice(bytes);
    }

    fn vector(&mut self, v: &Vector) {
        let kind = VectorType::TAPE_CODES
            .iter()
            .position(|&t| t == v.element_type)
            .unwrap_or_default();
        let (_, size) = vector_type_info(v.element_type);
        self.words
            .extend([op::VECTOR, kind as i32, v.data.len() as i32]);
        // Big-endian on the wire, little-endian on the tape.
        for element in v.data.chunks_exact(size) {
            self.bytes.extend(element.iter().rev());
        }
    }
}

/// Hour, minute, second and nanosecond of a time of day given in nanoseconds.
fn clock_fields(nanos_of_day: i64) -> [i64; 4] {
    let seconds = nanos_of_day.div_euclid(NANOS_PER_SECOND);
    [
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        nanos_of_day.rem_euclid(NANOS_PER_SECOND),
    ]
}

/// Year, month, day, hour, minute, second and nanosecond from seconds since the local epoch.
fn local_fields(seconds: i64, nanoseconds: i64) -> [i64; 7] {
    let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
    let [h, m, s, _] = clock_fields(seconds.rem_euclid(SECONDS_PER_DAY) * NANOS_PER_SECOND);
    [year, month, day, h, m, s, nanoseconds]
}

/// Writes a tape from PackStream tokens.
struct Tokens<'t, 'a> {
    tape: &'t mut Tape,
    decoder: Decoder<'a>,
    dialect: Dialect,
}

impl<'a> Tokens<'_, 'a> {
    /// Writes the next value, nested inside `depth` containers.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn value(&mut self, depth: usize) -> Result<(), DecodeError> {
        let start = self.decoder.position();
        if let Some(bytes) = self.decoder.string_bytes()? {
            return self.tape.raw_string(bytes, start);
        }
        match self.decoder.quick() {
            Some(token) => self.write(token, start, depth),
            None => self.token(depth),
        }
    }

    /// Writes the next value, read as a token by the decoder.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn token(&mut self, depth: usize) -> Result<(), DecodeError> {
        let before = self.decoder.clone();
        let start = self.decoder.position();
        let token = self.decoder.next_token()?;
        let Token::Struct { tag, fields } = token else {
            return self.write(token, start, depth);
        };
        let graph = matches!(
            tag,
            tag::NODE | tag::RELATIONSHIP | tag::UNBOUND_RELATIONSHIP
        );
        if graph && depth < MAX_DEPTH && expected_fields(tag, self.dialect) == Some(fields) {
            let mark = self.tape.mark();
            if self.graph(tag, depth + 1)? {
                return Ok(());
            }
            self.tape.rewind(mark);
        }
        // Any other structure, or fields of the wrong types: the decoder's own way.
        self.decoder = before;
        let value = self.decoder.value(self.dialect, depth, 0)?;
        self.tape.write_value(&value);
        Ok(())
    }

    /// Writes a value that is not a structure, whose `token` started at `start`.
    #[inline(always)]
    #[cfg_attr(size_optimized, optimize(speed))]
    fn write(&mut self, token: Token<'_>, start: usize, depth: usize) -> Result<(), DecodeError> {
        match token {
            Token::Null => self.tape.words.push(op::NULL),
            Token::Boolean(b) => self.tape.bool(b),
            Token::Integer(i) => self.tape.int(i),
            Token::Float(x) => self.tape.float(x),
            Token::Bytes(b) => self.tape.bytes(b),
            Token::String(s) => self.tape.string(s),
            Token::List(n) => {
                let depth = enter(depth, start)?;
                self.tape.write_list_header(n);
                for _ in 0..n {
                    self.value(depth)?;
                }
            }
            Token::Map(n) => self.map(n, enter(depth, start)?)?,
            Token::Uuid(bytes) => self.tape.uuid(&uuid_in(self.dialect, bytes, start)?),
            // Only `token` reads structures.
            Token::Struct { .. } => {}
        }
        Ok(())
    }

    /// Writes `n` map entries, the header already read.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn map(&mut self, n: usize, depth: usize) -> Result<(), DecodeError> {
        self.tape.words.push(op::MAP);
        self.tape.words.push(n as i32);
        for _ in 0..n {
            let key_start = self.decoder.position();
            if !self.key()? {
                // The decoder's error if the item is bad, else this one.
                self.decoder.next_token()?;
                return Err(DecodeError::new(
                    key_start,
                    DecodeErrorKind::MapKeyNotString,
                ));
            }
            self.value(depth)?;
        }
        Ok(())
    }

    /// Writes a map key, label or relationship type; `Ok(false)`, with nothing consumed, when
    /// the next item is not a string. Its bytes are only checked when it is a new key.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn key(&mut self) -> Result<bool, DecodeError> {
        let start = self.decoder.position();
        let Some(key) = self.decoder.string_bytes()? else {
            return Ok(false);
        };
        match self.tape.keys.find(key) {
            Some(id) => self.tape.words.push(id),
            None => self.tape.new_key(utf8(key, start)?),
        }
        Ok(true)
    }

    /// Writes a node or relationship whose field count is right, its fields nested inside
    /// `depth` containers. `Ok(false)` when a field has the wrong type.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn graph(&mut self, tag: u8, depth: usize) -> Result<bool, DecodeError> {
        let (tape_tag, id_count) = match tag {
            tag::NODE => (op::NODE, 1),
            tag::RELATIONSHIP => (op::RELATIONSHIP, 3),
            _ => (op::UNBOUND_RELATIONSHIP, 1),
        };
        self.tape.words.push(tape_tag);
        let mut numeric_ids = [0; 3];
        for id in numeric_ids.iter_mut().take(id_count) {
            let Token::Integer(i) = self.decoder.next_token()? else {
                return Ok(false);
            };
            self.tape.int(i);
            *id = i;
        }
        if tag == tag::NODE {
            let labels_start = self.decoder.position();
            let Token::List(n) = self.decoder.next_token()? else {
                return Ok(false);
            };
            enter(depth, labels_start)?;
            self.tape.words.push(n as i32);
            for _ in 0..n {
                if !self.key()? {
                    return Ok(false);
                }
            }
        } else if !self.key()? {
            return Ok(false);
        }
        let properties_start = self.decoder.position();
        let Token::Map(n) = self.decoder.next_token()? else {
            return Ok(false);
        };
        self.map(n, enter(depth, properties_start)?)?;
        for id in numeric_ids.iter().take(id_count) {
            if self.dialect.element_ids {
                let start = self.decoder.position();
                let Some(element_id) = self.decoder.string_bytes()? else {
                    return Ok(false);
                };
                self.tape.raw_string(element_id, start)?;
            } else {
                self.tape.string(&id.to_string());
            }
        }
        Ok(true)
    }
}
