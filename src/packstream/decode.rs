//! Decoding: a cursor over a byte slice, yielding zero-copy tokens or hydrated values.

use super::{
    error::{DecodeError, DecodeErrorKind, SizedItem},
    hydrate::{expected_fields, hydrate_checked},
    marker, Dialect, Map, Value, MAX_DEPTH,
};

/// Maps up to this many entries resolve duplicate keys by a linear scan per key; larger maps
/// sort their keys once instead, so hostile input cannot make decoding quadratic.
const SMALL_MAP: usize = 16;

/// One PackStream item as it appears on the wire, borrowing strings and bytes from the input.
///
/// Containers are headers only: after `List(n)` come `n` values, after `Map(n)` come `n`
/// key/value pairs, after `Struct { fields, .. }` come `fields` values. A consumer can build its
/// own representation (for example JS values) straight from tokens without going through
/// [`Value`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Token<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// An integer of any width.
    Integer(i64),
    /// A 64-bit float.
    Float(f64),
    /// A byte array.
    Bytes(&'a [u8]),
    /// A string (already checked to be UTF-8).
    String(&'a str),
    /// A list header with its entry count (never more than the bytes left in the input).
    List(usize),
    /// A map header with its entry count (never more than the bytes left in the input).
    Map(usize),
    /// A UUID's 16 bytes (Bolt 6.1; readers of older dialects refuse it).
    Uuid([u8; 16]),
    /// A structure header with its tag and field count (0..=15).
    Struct {
        /// The tag byte saying what the structure is.
        tag: u8,
        /// The number of fields that follow.
        fields: usize,
    },
}

impl Token<'_> {
    /// What kind of item this is, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Token::Null => "null",
            Token::Boolean(_) => "boolean",
            Token::Integer(_) => "integer",
            Token::Float(_) => "float",
            Token::Bytes(_) => "byte array",
            Token::String(_) => "string",
            Token::List(_) => "list",
            Token::Map(_) => "map",
            Token::Uuid(_) => "UUID",
            Token::Struct { .. } => "structure",
        }
    }
}

/// A cursor over PackStream input.
///
/// Decoding never panics and never trusts declared sizes beyond what the remaining input could
/// hold. After an error the cursor position is unspecified; discard the decoder.
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    /// A decoder at the start of `input`.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn new(input: &'a [u8]) -> Self {
        Decoder { input, pos: 0 }
    }

    /// Byte offset of the next item.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not yet consumed.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn remaining(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    /// Whether all input has been consumed.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn is_at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// Reads the next token (one scalar, or one container header).
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn next_token(&mut self) -> Result<Token<'a>, DecodeError> {
        match self.quick() {
            Some(token) => Ok(token),
            None => self.token(),
        }
    }

    /// The next token if it is one of the common ones and well formed: an integer, a float,
    /// null, a boolean, a string of up to 255 bytes or a list or map header of up to 15
    /// entries. `None`, with nothing consumed, for anything else, which [`Decoder::token`]
    /// then reads (and reports if it is wrong). The tape writer calls it directly.
    #[inline(always)]
    #[cfg_attr(size_optimized, optimize(speed))]
    pub(super) fn quick(&mut self) -> Option<Token<'a>> {
        let (input, pos) = (self.input, self.pos);
        let m = *input.get(pos)?;
        let rest = &input[pos + 1..];
        let (token, size) = match m {
            0x00..=0x7F | 0xF0..=0xFF => (Token::Integer(i64::from(m as i8)), 1),
            marker::INT_8 => (Token::Integer(i64::from(*rest.first()? as i8)), 2),
            marker::INT_16 => match *rest.get(..2)? {
                [a, b] => (Token::Integer(i64::from(i16::from_be_bytes([a, b]))), 3),
                _ => return None,
            },
            marker::INT_32 => match *rest.get(..4)? {
                [a, b, c, d] => (
                    Token::Integer(i64::from(i32::from_be_bytes([a, b, c, d]))),
                    5,
                ),
                _ => return None,
            },
            marker::INT_64 => {
                let bytes = <[u8; 8]>::try_from(rest.get(..8)?).ok()?;
                (Token::Integer(i64::from_be_bytes(bytes)), 9)
            }
            marker::FLOAT_64 => {
                let bytes = <[u8; 8]>::try_from(rest.get(..8)?).ok()?;
                (Token::Float(f64::from_be_bytes(bytes)), 9)
            }
            marker::NULL => (Token::Null, 1),
            marker::TRUE => (Token::Boolean(true), 1),
            marker::FALSE => (Token::Boolean(false), 1),
            0x80..=0x8F | marker::STRING_8 => {
                let (skip, len) = if m == marker::STRING_8 {
                    (1, usize::from(*rest.first()?))
                } else {
                    (0, usize::from(m & 0x0F))
                };
                let text = std::str::from_utf8(rest.get(skip..skip + len)?).ok()?;
                (Token::String(text), 1 + skip + len)
            }
            // Tiny lists (0x90..) and maps (0xA0..).
            0x90..=0xAF => {
                let n = usize::from(m & 0x0F);
                if n > rest.len() {
                    return None;
                }
                (
                    if m < 0xA0 {
                        Token::List(n)
                    } else {
                        Token::Map(n)
                    },
                    1,
                )
            }
            _ => return None,
        };
        self.pos = pos + size;
        Some(token)
    }

    /// Reads the next token, whatever it is.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn token(&mut self) -> Result<Token<'a>, DecodeError> {
        let start = self.pos;
        let Some(&m) = self.input.get(start) else {
            return Err(DecodeError::new(
                start,
                DecodeErrorKind::UnexpectedEnd {
                    needed: 1,
                    available: 0,
                },
            ));
        };
        self.pos = start + 1;
        Ok(match m {
            0x00..=0x7F => Token::Integer(i64::from(m)),
            0xF0..=0xFF => Token::Integer(i64::from(m as i8)),
            0x80..=0x8F => Token::String(self.string(start, u64::from(m & 0x0F))?),
            0x90..=0x9F => Token::List(self.count(start, SizedItem::List, u64::from(m & 0x0F))?),
            0xA0..=0xAF => Token::Map(self.count(start, SizedItem::Map, u64::from(m & 0x0F))?),
            0xB0..=0xBF => {
                let [tag] = self.fixed::<1>(start)?;
                Token::Struct {
                    tag,
                    fields: usize::from(m & 0x0F),
                }
            }
            marker::NULL => Token::Null,
            marker::FALSE => Token::Boolean(false),
            marker::TRUE => Token::Boolean(true),
            marker::FLOAT_64 => Token::Float(f64::from_be_bytes(self.fixed(start)?)),
            marker::INT_8 => Token::Integer(i64::from(i8::from_be_bytes(self.fixed(start)?))),
            marker::INT_16 => Token::Integer(i64::from(i16::from_be_bytes(self.fixed(start)?))),
            marker::INT_32 => Token::Integer(i64::from(i32::from_be_bytes(self.fixed(start)?))),
            marker::INT_64 => Token::Integer(i64::from_be_bytes(self.fixed(start)?)),
            marker::BYTES_8 | marker::BYTES_16 | marker::BYTES_32 => {
                let len = self.size(start, m - marker::BYTES_8)?;
                Token::Bytes(self.slice(start, SizedItem::Bytes, len)?)
            }
            marker::STRING_8 | marker::STRING_16 | marker::STRING_32 => {
                let len = self.size(start, m - marker::STRING_8)?;
                Token::String(self.string(start, len)?)
            }
            marker::LIST_8 | marker::LIST_16 | marker::LIST_32 => {
                let len = self.size(start, m - marker::LIST_8)?;
                Token::List(self.count(start, SizedItem::List, len)?)
            }
            marker::MAP_8 | marker::MAP_16 | marker::MAP_32 => {
                let len = self.size(start, m - marker::MAP_8)?;
                Token::Map(self.count(start, SizedItem::Map, len)?)
            }
            marker::UUID => Token::Uuid(self.fixed(start)?),
            _ => return Err(DecodeError::new(start, DecodeErrorKind::UnknownMarker(m))),
        })
    }

    /// Reads one whole value, hydrating structures as `dialect` defines them.
    pub fn read_value(&mut self, dialect: Dialect) -> Result<Value, DecodeError> {
        self.value(dialect, 0, 0)
    }

    /// Reads one value that must be a map (as message metadata is), returning its entries.
    pub fn read_map(&mut self, dialect: Dialect) -> Result<Map, DecodeError> {
        let start = self.pos;
        match self.next_token()? {
            Token::Map(n) => self.map_body(n, dialect, 1, 0),
            other => Err(DecodeError::new(
                start,
                DecodeErrorKind::UnexpectedType {
                    expected: "map",
                    found: other.type_name(),
                },
            )),
        }
    }

    /// Skips one whole value (containers with everything inside), checking it is well formed
    /// PackStream but not hydrating structures. Iterative, so nesting depth does not matter.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn skip_value(&mut self) -> Result<(), DecodeError> {
        // Values still to skip; each declared entry is bounded by the input length.
        let mut pending: u64 = 1;
        while pending > 0 {
            pending -= 1;
            // Strings are only checked: ASCII ones (most) need no UTF-8 decoding.
            let start = self.pos;
            if let Some(bytes) = self.string_bytes()? {
                if !bytes.is_ascii() {
                    utf8(bytes, start)?;
                }
                continue;
            }
            match self.next_token()? {
                Token::List(n) => pending += n as u64,
                Token::Map(n) => pending += 2 * n as u64,
                Token::Struct { fields, .. } => pending += fields as u64,
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads a value nested inside `depth` containers. `reserve` is how many bytes the
    /// enclosing containers still need after this value (at least one per unread entry); it
    /// caps preallocation so that nested headers cannot together reserve more memory than the
    /// input could fill.
    pub(super) fn value(
        &mut self,
        dialect: Dialect,
        depth: usize,
        reserve: usize,
    ) -> Result<Value, DecodeError> {
        let start = self.pos;
        Ok(match self.next_token()? {
            Token::Null => Value::Null,
            Token::Boolean(b) => Value::Boolean(b),
            Token::Integer(i) => Value::Integer(i),
            Token::Float(x) => Value::Float(x),
            Token::Bytes(b) => Value::Bytes(b.to_vec()),
            Token::String(s) => Value::String(s.to_owned()),
            Token::Uuid(bytes) => Value::Uuid(uuid_in(dialect, bytes, start)?),
            Token::List(n) => {
                let depth = enter(depth, start)?;
                let mut items = Vec::with_capacity(n.min(self.room(reserve)));
                for left in (0..n).rev() {
                    items.push(self.value(dialect, depth, reserve.saturating_add(left))?);
                }
                Value::List(items)
            }
            Token::Map(n) => {
                let depth = enter(depth, start)?;
                Value::Map(self.map_body(n, dialect, depth, reserve)?)
            }
            Token::Struct { tag, fields: n } => {
                let depth = enter(depth, start)?;
                let expected = expected_fields(tag, dialect).ok_or(DecodeError::new(
                    start,
                    DecodeErrorKind::UnknownStructTag { tag },
                ))?;
                if n != expected {
                    return Err(DecodeError::new(
                        start,
                        DecodeErrorKind::WrongFieldCount {
                            tag,
                            expected,
                            found: n,
                        },
                    ));
                }
                let mut fields = Vec::with_capacity(n);
                for left in (0..n).rev() {
                    fields.push(self.value(dialect, depth, reserve.saturating_add(left))?);
                }
                hydrate_checked(tag, fields, dialect, start)?
            }
        })
    }

    /// Reads `n` map entries (the header already read) at container depth `depth`. Duplicate
    /// keys: the last value wins, at the position where the key first appeared.
    fn map_body(
        &mut self,
        n: usize,
        dialect: Dialect,
        depth: usize,
        reserve: usize,
    ) -> Result<Map, DecodeError> {
        // Each entry takes at least two bytes (key and value).
        let mut map: Map = Vec::with_capacity(n.min(self.room(reserve) / 2));
        let small = n <= SMALL_MAP;
        for left in (0..n).rev() {
            let key_start = self.pos;
            let key = match self.next_token()? {
                Token::String(key) => key,
                _ => {
                    return Err(DecodeError::new(
                        key_start,
                        DecodeErrorKind::MapKeyNotString,
                    ))
                }
            };
            let value = self.value(
                dialect,
                depth,
                reserve.saturating_add(left.saturating_mul(2)),
            )?;
            if small {
                if let Some(slot) = map.iter_mut().find(|(k, _)| k == key) {
                    slot.1 = value;
                    continue;
                }
            }
            map.push((key.to_owned(), value));
        }
        if !small {
            dedupe_last_wins(&mut map);
        }
        Ok(map)
    }

    /// Bytes left for a container's entries once `reserve` bytes are kept for its enclosing
    /// containers.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn room(&self, reserve: usize) -> usize {
        self.remaining().saturating_sub(reserve)
    }

    /// Reads `N` bytes following the marker at `start`.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn fixed<const N: usize>(&mut self, start: usize) -> Result<[u8; N], DecodeError> {
        let bytes = self
            .input
            .get(self.pos..)
            .and_then(|rest| rest.get(..N))
            .and_then(|b| <[u8; N]>::try_from(b).ok());
        match bytes {
            Some(bytes) => {
                self.pos += N;
                Ok(bytes)
            }
            None => Err(DecodeError::new(
                start,
                DecodeErrorKind::UnexpectedEnd {
                    needed: self.pos - start + N,
                    available: self.input.len().saturating_sub(start),
                },
            )),
        }
    }

    /// Reads the size following a marker at `start`: `width` 0, 1 or 2 for 8-, 16- or 32-bit.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn size(&mut self, start: usize, width: u8) -> Result<u64, DecodeError> {
        Ok(match width {
            0 => u64::from(u8::from_be_bytes(self.fixed(start)?)),
            1 => u64::from(u16::from_be_bytes(self.fixed(start)?)),
            _ => u64::from(u32::from_be_bytes(self.fixed(start)?)),
        })
    }

    /// Checks a declared size against the bytes left: a container's entry count (each entry
    /// takes at least one byte), or the length of a string or byte array.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn count(
        &mut self,
        start: usize,
        item: SizedItem,
        declared: u64,
    ) -> Result<usize, DecodeError> {
        let available = self.remaining();
        match usize::try_from(declared) {
            Ok(n) if n <= available => Ok(n),
            _ => Err(DecodeError::new(
                start,
                DecodeErrorKind::SizeBeyondInput {
                    item,
                    declared,
                    available,
                },
            )),
        }
    }

    /// Takes `declared` bytes of a string or byte array whose marker is at `start`.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn slice(
        &mut self,
        start: usize,
        item: SizedItem,
        declared: u64,
    ) -> Result<&'a [u8], DecodeError> {
        let n = self.count(start, item, declared)?;
        // `count` checked that `n` bytes remain.
        let bytes = self.input.get(self.pos..self.pos + n).unwrap_or_default();
        self.pos += n;
        Ok(bytes)
    }

    /// Takes a string of `declared` bytes whose marker is at `start`, checking its UTF-8.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn string(&mut self, start: usize, declared: u64) -> Result<&'a str, DecodeError> {
        utf8(self.slice(start, SizedItem::String, declared)?, start)
    }

    /// Reads a string as [`Decoder::next_token`] does but leaves its bytes unchecked, for a
    /// caller that compares them with checked text first (checking them with [`utf8`] when
    /// they match none). `None`, with nothing consumed, when the next item is not a string.
    #[inline]
    #[cfg_attr(size_optimized, optimize(speed))]
    pub(super) fn string_bytes(&mut self) -> Result<Option<&'a [u8]>, DecodeError> {
        let start = self.pos;
        let declared = match self.input.get(start) {
            Some(&m @ 0x80..=0x8F) => {
                self.pos += 1;
                u64::from(m & 0x0F)
            }
            Some(&m @ (marker::STRING_8 | marker::STRING_16 | marker::STRING_32)) => {
                self.pos += 1;
                self.size(start, m - marker::STRING_8)?
            }
            _ => return Ok(None),
        };
        self.slice(start, SizedItem::String, declared).map(Some)
    }
}

/// The text of a string's `bytes` whose marker is at `start`, or the decoder's error when they
/// are not UTF-8.
#[cfg_attr(size_optimized, optimize(speed))]
pub(super) fn utf8(bytes: &[u8], start: usize) -> Result<&str, DecodeError> {
    std::str::from_utf8(bytes).map_err(|e| {
        DecodeError::new(
            start,
            DecodeErrorKind::InvalidUtf8 {
                valid_up_to: e.valid_up_to(),
            },
        )
    })
}

/// The depth inside one more container (whose marker is at `offset`), or an error past
/// [`MAX_DEPTH`].
#[cfg_attr(size_optimized, optimize(speed))]
pub(super) fn enter(depth: usize, offset: usize) -> Result<usize, DecodeError> {
    if depth >= MAX_DEPTH {
        Err(DecodeError::new(
            offset,
            DecodeErrorKind::TooDeep { limit: MAX_DEPTH },
        ))
    } else {
        Ok(depth + 1)
    }
}

/// Resolves duplicate keys in a large map in O(n log n): each key keeps its first position and
/// takes the value of its last occurrence. Allocates nothing beyond a key index when there are
/// no duplicates.
fn dedupe_last_wins(map: &mut Map) {
    let mut keys: Vec<(&str, usize)> = map
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.as_str(), i))
        .collect();
    keys.sort_unstable();
    // For each duplicated key: (first index, last index); `dropped` marks every later index
    // (sized at the first duplicate).
    let mut moves: Vec<(usize, usize)> = Vec::new();
    let mut dropped: Vec<bool> = Vec::new();
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        if let (Some(&(_, first)), Some(&(_, last))) = (group.first(), group.last()) {
            if first != last {
                moves.push((first, last));
                dropped.resize(map.len(), false);
                for &(_, i) in group.iter().skip(1) {
                    if let Some(flag) = dropped.get_mut(i) {
                        *flag = true;
                    }
                }
            }
        }
    }
    // The key index borrows the map; it is no longer used from here on.
    if moves.is_empty() {
        return;
    }
    for (first, last) in moves {
        let value = match map.get_mut(last) {
            Some(slot) => std::mem::replace(&mut slot.1, Value::Null),
            None => continue,
        };
        if let Some(slot) = map.get_mut(first) {
            slot.1 = value;
        }
    }
    let mut dropped = dropped.into_iter();
    map.retain(|_| !dropped.next().unwrap_or(false));
}

/// A UUID read at `start`, if `dialect` has them; before Bolt 6.1 its marker means nothing.
pub(super) fn uuid_in(
    dialect: Dialect,
    bytes: [u8; 16],
    start: usize,
) -> Result<[u8; 16], DecodeError> {
    match dialect.uuids {
        true => Ok(bytes),
        false => Err(DecodeError::new(
            start,
            DecodeErrorKind::UnknownMarker(marker::UUID),
        )),
    }
}
