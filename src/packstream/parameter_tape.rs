//! The parameter tape: values a host wrote flat for the core to send (query parameters,
//! transaction metadata, auth tokens), the reverse of [`super::tape`]. The JS layer writes it
//! (`lib/parameters.js`) in one walk over its values, so that sending a large parameter costs
//! one call into the core instead of several per value.
//!
//! A tape is four buffers read front to back: `words` (tags, integers, sizes), `floats`,
//! `text` (every string, concatenated) and `bytes` (byte arrays and vector elements). Each value
//! starts with a tag word ([`op`]); what follows it:
//!
//! | tag | then |
//! |---|---|
//! | `NULL`, `FALSE`, `TRUE` | nothing |
//! | `INT64` | its low and high 32 bits |
//! | `FLOAT` | nothing in `words`; the next float |
//! | `STRING` | its length in UTF-16 code units; the text is next in `text` |
//! | `BYTES` | its length; the bytes are next in `bytes` |
//! | `LIST` | the entry count, then each entry |
//! | `MAP` | the entry count, then each key and value; a key is a length and text, as for a `STRING`, or `-(n + 1)` for the `n`th key (from 0) spelled out earlier on the tape |
//! | `DATE` | year, month, day |
//! | `LOCAL_TIME` | hour, minute, second, nanosecond |
//! | `TIME` | hour, minute, second, nanosecond, offset seconds |
//! | `LOCAL_DATE_TIME` | year, month, day, hour, minute, second, nanosecond |
//! | `DATE_TIME` | the seven local fields, offset seconds |
//! | `DATE_TIME_ZONE_ID` | the seven local fields, offset seconds, zone id (a length and text) |
//! | `DURATION` | months, days, seconds, nanoseconds |
//! | `POINT_2D`, `POINT_3D` | srid; x, y (and z) are next in `floats` |
//! | `UUID` | nothing in `words`; its 16 bytes are next in `bytes` |
//! | `VECTOR` | element type (0 to 5: Int8, Int16, Int32, Int64, Float32, Float64) and byte length; the elements, little-endian, are next in `bytes` |
//!
//! Keys repeat (a list of maps has the same few in each), hence the references: a key crosses
//! from JS once per tape. Temporal fields and srids are 64-bit integers (two words, low then
//! high), with no tag.
//! Lengths count UTF-16 code units because that is what a JS string knows about itself; the
//! host checked every value, so a tape that breaks these rules is an error of the host's, which
//! the reader reports rather than trusts.

use super::{
    days_from_civil, vector_type_info, Date, DateTime, Dialect, Duration, EncodeError, Encoder,
    LocalDateTime, LocalTime, Map, Point, SecondsBasis, Time, Value, Vector, VectorType, Zone,
    MAX_DEPTH,
};

/// The tags that start each value on a parameter tape.
pub mod op {
    /// `null` (and `undefined`).
    pub const NULL: i32 = 0;
    /// `false`.
    pub const FALSE: i32 = 1;
    /// `true`.
    pub const TRUE: i32 = 2;
    /// A 64-bit integer.
    pub const INT64: i32 = 3;
    /// A float (a JS number).
    pub const FLOAT: i32 = 4;
    /// A string.
    pub const STRING: i32 = 5;
    /// A byte array.
    pub const BYTES: i32 = 6;
    /// A list.
    pub const LIST: i32 = 7;
    /// A map.
    pub const MAP: i32 = 8;
    /// A date.
    pub const DATE: i32 = 9;
    /// A time of day without zone.
    pub const LOCAL_TIME: i32 = 10;
    /// A time of day with an offset.
    pub const TIME: i32 = 11;
    /// A date and time without zone.
    pub const LOCAL_DATE_TIME: i32 = 12;
    /// A date and time with an offset.
    pub const DATE_TIME: i32 = 13;
    /// A date and time in a named zone, with its offset there.
    pub const DATE_TIME_ZONE_ID: i32 = 14;
    /// A duration.
    pub const DURATION: i32 = 15;
    /// A 2D point.
    pub const POINT_2D: i32 = 16;
    /// A 3D point.
    pub const POINT_3D: i32 = 17;
    /// A vector.
    pub const VECTOR: i32 = 18;
    /// A UUID.
    pub const UUID: i32 = 19;
}

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// What a tape breaks, for the host's error message.
pub type TapeError = &'static str;

/// A map a host wrote on a parameter tape, kept as written: it is encoded straight from the
/// tape when its message is written, so that a large parameter never becomes a tree of
/// [`Value`]s. Cloning it (for a retried transaction) copies four buffers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TapedMap {
    words: Vec<i32>,
    floats: Vec<f64>,
    text: String,
    bytes: Vec<u8>,
}

impl TapedMap {
    /// The map on these buffers; a broken tape is reported when it is read or encoded.
    pub fn new(words: Vec<i32>, floats: Vec<f64>, text: String, bytes: Vec<u8>) -> Self {
        TapedMap {
            words,
            floats,
            text,
            bytes,
        }
    }

    /// A tape reader at the start of the map.
    fn tape(&self) -> ParameterTape<'_> {
        ParameterTape::new(&self.words, &self.floats, &self.text, &self.bytes)
    }

    /// The map as values.
    pub fn to_map(&self) -> Result<Map, TapeError> {
        self.tape().read_map()
    }

    /// Writes the map as [`Encoder::write_map`] would write it as values.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub(super) fn encode(
        &self,
        enc: &mut Encoder<'_>,
        dialect: Dialect,
    ) -> Result<(), EncodeError> {
        let mut tape = self.tape();
        if tape.word().map_err(EncodeError::BrokenTape)? != op::MAP {
            return Err(EncodeError::BrokenTape(
                "the tape does not start with a map",
            ));
        }
        tape.encode_map(enc, dialect, 0)?;
        tape.check_whole().map_err(EncodeError::BrokenTape)
    }
}

/// A parameter tape being read.
struct ParameterTape<'a> {
    words: &'a [i32],
    floats: &'a [f64],
    text: &'a str,
    bytes: &'a [u8],
    /// Whether every string is ASCII, so that UTF-16 lengths are byte lengths.
    ascii: bool,
    /// The map keys spelled out so far, in order, for the references to them.
    keys: Vec<&'a str>,
    word: usize,
    float: usize,
    text_at: usize,
    byte: usize,
}

impl<'a> ParameterTape<'a> {
    /// A tape of the four buffers.
    fn new(words: &'a [i32], floats: &'a [f64], text: &'a str, bytes: &'a [u8]) -> Self {
        ParameterTape {
            words,
            floats,
            text,
            bytes,
            ascii: text.is_ascii(),
            keys: Vec::new(),
            word: 0,
            float: 0,
            text_at: 0,
            byte: 0,
        }
    }

    /// The map the tape holds, which must be all of it.
    fn read_map(mut self) -> Result<Map, TapeError> {
        if self.word()? != op::MAP {
            return Err("the tape does not start with a map");
        }
        let map = self.map(0)?;
        self.check_whole()?;
        Ok(map)
    }

    /// Fails unless every buffer has been read to its end.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn check_whole(&self) -> Result<(), TapeError> {
        let whole = self.word == self.words.len()
            && self.float == self.floats.len()
            && self.text_at == self.text.len()
            && self.byte == self.bytes.len();
        whole.then_some(()).ok_or("the tape goes on after its map")
    }

    /// Encodes the entries of a map whose tag has been read.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn encode_map(
        &mut self,
        enc: &mut Encoder<'_>,
        dialect: Dialect,
        depth: usize,
    ) -> Result<(), EncodeError> {
        let n = self.count().map_err(EncodeError::BrokenTape)?;
        enc.write_map_header(n)?;
        for _ in 0..n {
            let key = self.key().map_err(EncodeError::BrokenTape)?;
            enc.write_string(key)?;
            self.encode_value(enc, dialect, depth + 1)?;
        }
        Ok(())
    }

    /// Encodes the next value: plain ones straight from the tape, temporal, spatial and vector
    /// ones through their [`Value`], so that the encoder's rules for them hold.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn encode_value(
        &mut self,
        enc: &mut Encoder<'_>,
        dialect: Dialect,
        depth: usize,
    ) -> Result<(), EncodeError> {
        if depth > MAX_DEPTH {
            return Err(EncodeError::TooDeep { limit: MAX_DEPTH });
        }
        let broken = EncodeError::BrokenTape;
        match self.word().map_err(broken)? {
            op::NULL => enc.write_null(),
            op::FALSE => enc.write_bool(false),
            op::TRUE => enc.write_bool(true),
            op::INT64 => enc.write_int(self.int64().map_err(broken)?),
            op::FLOAT => enc.write_float(self.float().map_err(broken)?),
            op::STRING => enc.write_string(self.str().map_err(broken)?)?,
            op::BYTES => enc.write_bytes(self.take_bytes().map_err(broken)?)?,
            op::UUID => enc.write_uuid(&self.uuid().map_err(broken)?, dialect)?,
            op::LIST => {
                let n = self.count().map_err(broken)?;
                enc.write_list_header(n)?;
                for _ in 0..n {
                    self.encode_value(enc, dialect, depth + 1)?;
                }
            }
            op::MAP => self.encode_map(enc, dialect, depth)?,
            tag => {
                let value = self.structure(tag).map_err(broken)?;
                enc.write_value(&value, dialect)?;
            }
        }
        Ok(())
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn word(&mut self) -> Result<i32, TapeError> {
        let word = *self.words.get(self.word).ok_or("the tape ends early")?;
        self.word += 1;
        Ok(word)
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn count(&mut self) -> Result<usize, TapeError> {
        usize::try_from(self.word()?).map_err(|_| "a negative length")
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn int64(&mut self) -> Result<i64, TapeError> {
        let low = self.word()? as u32;
        let high = self.word()?;
        Ok(i64::from(high) << 32 | i64::from(low))
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn float(&mut self) -> Result<f64, TapeError> {
        let float = *self.floats.get(self.float).ok_or("the floats end early")?;
        self.float += 1;
        Ok(float)
    }

    /// The next map key: spelled out, or a reference to one spelled out before.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn key(&mut self) -> Result<&'a str, TapeError> {
        match self.words.get(self.word) {
            Some(&reference) if reference < 0 => {
                self.word += 1;
                let n = -(i64::from(reference) + 1);
                usize::try_from(n)
                    .ok()
                    .and_then(|n| self.keys.get(n).copied())
                    .ok_or("a reference to a key the tape has not spelled out")
            }
            _ => {
                let key = self.str()?;
                self.keys.push(key);
                Ok(key)
            }
        }
    }

    /// The next string, owned.
    fn string(&mut self) -> Result<String, TapeError> {
        self.str().map(str::to_owned)
    }

    /// The next string: a length in UTF-16 code units, then its text.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn str(&mut self) -> Result<&'a str, TapeError> {
        let units = self.count()?;
        let rest = self.text.get(self.text_at..).ok_or("the text ends early")?;
        let end = if self.ascii {
            units
        } else {
            let mut counted = 0;
            let mut end = 0;
            for c in rest.chars() {
                if counted >= units {
                    break;
                }
                counted += c.len_utf16();
                end += c.len_utf8();
            }
            if counted != units {
                return Err("a string length that splits a character");
            }
            end
        };
        let text = rest.get(..end).ok_or("the text ends early")?;
        self.text_at += end;
        Ok(text)
    }

    /// A UUID's 16 bytes.
    fn uuid(&mut self) -> Result<[u8; 16], TapeError> {
        let bytes = self.bytes.get(self.byte..self.byte + 16);
        let uuid = bytes.and_then(|b| <[u8; 16]>::try_from(b).ok());
        self.byte += 16;
        uuid.ok_or("the bytes end early")
    }

    #[cfg_attr(size_optimized, optimize(speed))]
    fn take_bytes(&mut self) -> Result<&'a [u8], TapeError> {
        let n = self.count()?;
        let bytes = self
            .bytes
            .get(self.byte..self.byte + n)
            .ok_or("the bytes end early")?;
        self.byte += n;
        Ok(bytes)
    }

    fn map(&mut self, depth: usize) -> Result<Map, TapeError> {
        let n = self.count()?;
        let mut map = Map::with_capacity(n.min(self.words.len()));
        for _ in 0..n {
            let key = self.key()?.to_owned();
            map.push((key, self.value(depth + 1)?));
        }
        Ok(map)
    }

    fn value(&mut self, depth: usize) -> Result<Value, TapeError> {
        if depth > MAX_DEPTH {
            return Err("values nested too deeply");
        }
        Ok(match self.word()? {
            op::NULL => Value::Null,
            op::FALSE => Value::Boolean(false),
            op::TRUE => Value::Boolean(true),
            op::INT64 => Value::Integer(self.int64()?),
            op::FLOAT => Value::Float(self.float()?),
            op::STRING => Value::String(self.string()?),
            op::BYTES => Value::Bytes(self.take_bytes()?.to_vec()),
            op::UUID => Value::Uuid(self.uuid()?),
            op::LIST => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n.min(self.words.len()));
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::List(items)
            }
            op::MAP => Value::Map(self.map(depth)?),
            tag => self.structure(tag)?,
        })
    }

    /// A temporal, spatial or vector value whose tag has been read.
    fn structure(&mut self, tag: i32) -> Result<Value, TapeError> {
        Ok(match tag {
            op::DATE => Value::Date(Date { days: self.days()? }),
            op::LOCAL_TIME => Value::LocalTime(LocalTime {
                nanoseconds: self.nanos_of_day()?,
            }),
            op::TIME => Value::Time(Time {
                nanoseconds: self.nanos_of_day()?,
                tz_offset_seconds: self.int64()?,
            }),
            op::LOCAL_DATE_TIME => {
                let seconds = self.local_seconds()?;
                Value::LocalDateTime(LocalDateTime {
                    seconds,
                    nanoseconds: self.int64()?,
                })
            }
            tag @ (op::DATE_TIME | op::DATE_TIME_ZONE_ID) => {
                let local = self.local_seconds()?;
                let nanoseconds = self.int64()?;
                let offset = self.int64()?;
                let zone = if tag == op::DATE_TIME {
                    Zone::Offset(offset)
                } else {
                    Zone::Id(self.string()?)
                };
                Value::DateTime(DateTime {
                    seconds: local.saturating_sub(offset),
                    nanoseconds,
                    zone,
                    basis: SecondsBasis::Utc,
                })
            }
            op::DURATION => Value::Duration(Duration {
                months: self.int64()?,
                days: self.int64()?,
                seconds: self.int64()?,
                nanoseconds: self.int64()?,
            }),
            tag @ (op::POINT_2D | op::POINT_3D) => Value::Point(Point {
                srid: self.int64()?,
                x: self.float()?,
                y: self.float()?,
                z: if tag == op::POINT_3D {
                    Some(self.float()?)
                } else {
                    None
                },
            }),
            op::VECTOR => Value::Vector(self.vector()?),
            _ => return Err("an unknown tag"),
        })
    }

    /// Days since the epoch of a year, month and day.
    fn days(&mut self) -> Result<i64, TapeError> {
        Ok(days_from_civil(self.int64()?, self.int64()?, self.int64()?))
    }

    /// Nanoseconds since midnight of an hour, minute, second and nanosecond.
    fn nanos_of_day(&mut self) -> Result<i64, TapeError> {
        let (h, m, s, ns) = (self.int64()?, self.int64()?, self.int64()?, self.int64()?);
        let seconds = h.saturating_mul(3600).saturating_add(m.saturating_mul(60));
        Ok(seconds
            .saturating_add(s)
            .saturating_mul(NANOS_PER_SECOND)
            .saturating_add(ns))
    }

    /// Seconds since the epoch of a wall-clock date and time, read as UTC.
    fn local_seconds(&mut self) -> Result<i64, TapeError> {
        let days = self.days()?;
        let (h, m, s) = (self.int64()?, self.int64()?, self.int64()?);
        let seconds = h
            .saturating_mul(3600)
            .saturating_add(m.saturating_mul(60))
            .saturating_add(s);
        Ok(days.saturating_mul(SECONDS_PER_DAY).saturating_add(seconds))
    }

    /// A vector: its elements turn from little-endian to the wire's big-endian.
    fn vector(&mut self) -> Result<Vector, TapeError> {
        let element_type = usize::try_from(self.word()?)
            .ok()
            .and_then(|code| VectorType::TAPE_CODES.get(code).copied())
            .ok_or("an unknown vector element type")?;
        let (_, size) = vector_type_info(element_type);
        let bytes = self.take_bytes()?;
        if bytes.len() % size != 0 {
            return Err("a vector's bytes are not whole elements");
        }
        let data = bytes
            .chunks_exact(size)
            .flat_map(|element| element.iter().rev().copied())
            .collect();
        Ok(Vector { element_type, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(words: &[i32], floats: &[f64], text: &str, bytes: &[u8]) -> Result<Map, TapeError> {
        ParameterTape::new(words, floats, text, bytes).read_map()
    }

    #[test]
    fn reads_every_kind_of_value() {
        let words = [
            op::MAP,
            6,
            1,
            op::NULL, // a: null
            1,
            op::LIST,
            3,
            op::TRUE,
            op::FALSE,
            op::INT64,
            -2,
            -1, // b: [true, false, -2^32 - 2 + 2^32...]
            1,
            op::FLOAT, // c: 1.5
            1,
            op::STRING,
            5, // d: "Göteb" has 5 units
            2,
            op::BYTES,
            2, // ee: bytes
            1,
            op::MAP,
            1,
            1,
            op::INT64,
            7,
            1, // f: {g: 2^32 + 7}
        ];
        let map = read(&words, &[1.5], "abcdGötebeefg", &[1, 255]).unwrap();
        assert_eq!(
            map,
            vec![
                ("a".into(), Value::Null),
                (
                    "b".into(),
                    Value::List(vec![
                        Value::Boolean(true),
                        Value::Boolean(false),
                        Value::Integer(-2)
                    ])
                ),
                ("c".into(), Value::Float(1.5)),
                ("d".into(), Value::String("Göteb".into())),
                ("ee".into(), Value::Bytes(vec![1, 255])),
                (
                    "f".into(),
                    Value::Map(vec![("g".into(), Value::Integer((1 << 32) + 7))])
                ),
            ]
        );
    }

    #[test]
    fn string_lengths_count_utf16_units() {
        // "😀" is two UTF-16 units and four UTF-8 bytes.
        let words = [op::MAP, 1, 1, op::STRING, 3];
        let map = read(&words, &[], "k😀!", &[]).unwrap();
        assert_eq!(map[0].1, Value::String("😀!".into()));
        let split = [op::MAP, 1, 1, op::STRING, 1, op::NULL];
        assert!(read(&split, &[], "k😀", &[]).is_err());
    }

    #[test]
    fn temporal_and_spatial_fields_become_wire_values() {
        let int = |n: i64| [n as i32, (n >> 32) as i32];
        let mut words = vec![op::MAP, 3, 1, op::DATE];
        for n in [2024, 2, 29] {
            words.extend(int(n));
        }
        words.extend([1, op::DATE_TIME_ZONE_ID]);
        for n in [1970, 1, 1, 1, 0, 0, 5, 3600] {
            words.extend(int(n));
        }
        words.extend([12, 1, op::POINT_3D]);
        words.extend(int(4979));
        let map = read(&words, &[1.0, 2.0, 3.0], "dtEurope/Parisp", &[]).unwrap();
        assert_eq!(map[0].1, Value::Date(Date { days: 19_782 }));
        assert_eq!(
            map[1].1,
            Value::DateTime(DateTime {
                seconds: 0,
                nanoseconds: 5,
                zone: Zone::Id("Europe/Paris".into()),
                basis: SecondsBasis::Utc,
            })
        );
        assert_eq!(
            map[2].1,
            Value::Point(Point {
                srid: 4979,
                x: 1.0,
                y: 2.0,
                z: Some(3.0)
            })
        );
    }

    #[test]
    fn uuids_take_sixteen_bytes() {
        let bytes: Vec<u8> = (1..=16).collect();
        let words = vec![op::MAP, 1, 1, op::UUID];
        let map = read(&words, &[], "u", &bytes).unwrap();
        assert_eq!(map[0].1, Value::Uuid(bytes.clone().try_into().unwrap()));
        assert!(read(&words, &[], "u", &bytes[..15]).is_err());
        let taped = TapedMap::new(words, vec![], "u".into(), bytes);
        let (direct, via_values) = both_ways(&taped, Dialect::BOLT_6_1);
        assert_eq!(direct, via_values);
        let mut refused = Vec::new();
        let before = Encoder::new(&mut refused).write_taped_map(&taped, Dialect::BOLT_6);
        assert!(before.is_err());
    }

    #[test]
    fn vectors_turn_big_endian() {
        let words = [op::MAP, 1, 1, op::VECTOR, 1, 4];
        let map = read(&words, &[], "v", &[1, 0, 2, 0]).unwrap();
        assert_eq!(
            map[0].1,
            Value::Vector(Vector {
                element_type: VectorType::Int16,
                data: vec![0, 1, 0, 2]
            })
        );
        let odd = [op::MAP, 1, 1, op::VECTOR, 1, 3];
        assert!(read(&odd, &[], "v", &[1, 0, 2]).is_err());
        let unknown = [op::MAP, 1, 1, op::VECTOR, 6, 0];
        assert!(read(&unknown, &[], "v", &[]).is_err());
    }

    #[test]
    fn a_key_spelled_out_once_is_referred_to_after() {
        // {rows: [{id: 1.5, tags: []}, {id: 1.5, tags: []}]}, the second map's keys by
        // reference: id is the second key spelled out (-2), tags the third (-3).
        #[rustfmt::skip]
        let words = [
            op::MAP, 1, 4, op::LIST, 2,
            op::MAP, 2, 2, op::FLOAT, 4, op::LIST, 0,
            op::MAP, 2, -2, op::FLOAT, -3, op::LIST, 0,
        ];
        let taped = TapedMap::new(words.to_vec(), vec![1.5, 1.5], "rowsidtags".into(), vec![]);
        let row = Value::Map(vec![
            ("id".into(), Value::Float(1.5)),
            ("tags".into(), Value::List(vec![])),
        ]);
        let map = taped.to_map().unwrap();
        assert_eq!(
            map,
            vec![("rows".into(), Value::List(vec![row.clone(), row]))]
        );
        let (direct, via_values) = both_ways(&taped, Dialect::BOLT_5);
        assert_eq!(direct, via_values);
    }

    #[test]
    fn a_broken_tape_is_an_error() {
        let cases: [(&[i32], &[f64], &str); 9] = [
            (&[op::MAP, 1, -1, op::NULL], &[], ""),
            (&[op::MAP, 2, 1, op::NULL, -2, op::NULL], &[], "k"),
            (&[], &[], ""),
            (&[op::LIST, 0], &[], ""),
            (&[op::MAP, 1, 1], &[], "k"),
            (&[op::MAP, 1, 1, op::FLOAT], &[], "k"),
            (&[op::MAP, 1, 1, 99], &[], "k"),
            (&[op::MAP, -1], &[], ""),
            (&[op::MAP, 0, op::NULL], &[], ""),
        ];
        for (words, floats, text) in cases {
            assert!(read(words, floats, text, &[]).is_err(), "{words:?}");
        }
        assert!(read(&[op::MAP, 0], &[], "left over", &[]).is_err());
        let mut deep = vec![op::MAP, 1, 1];
        deep.extend([op::LIST, 1].repeat(MAX_DEPTH + 1));
        deep.push(op::NULL);
        assert!(read(&deep, &[], "k", &[]).is_err());
    }

    /// Encodes a taped map straight from its tape, and by way of its values.
    fn both_ways(taped: &TapedMap, dialect: Dialect) -> (Vec<u8>, Vec<u8>) {
        let mut direct = Vec::new();
        Encoder::new(&mut direct)
            .write_taped_map(taped, dialect)
            .unwrap();
        let mut via_values = Vec::new();
        Encoder::new(&mut via_values)
            .write_map(&taped.to_map().unwrap(), dialect)
            .unwrap();
        (direct, via_values)
    }

    #[test]
    fn a_taped_map_encodes_as_its_values_do() {
        let int = |n: i64| [n as i32, (n >> 32) as i32];
        let mut words = vec![
            op::MAP,
            5,
            1,
            op::LIST,
            3,
            op::TRUE,
            op::NULL,
            op::INT64,
            -2,
            -1,
            1,
            op::FLOAT,
            1,
            op::STRING,
            5,
            1,
            op::MAP,
            1,
            1,
            op::BYTES,
            2,
            1,
            op::DATE_TIME,
        ];
        for n in [2024, 2, 29, 13, 30, 0, 5, 3600] {
            words.extend(int(n));
        }
        let taped = TapedMap::new(words, vec![0.25], "abcGötebdet".into(), vec![1, 2]);
        for dialect in [Dialect::BOLT_5, Dialect::BOLT_4] {
            let (direct, via_values) = both_ways(&taped, dialect);
            assert_eq!(direct, via_values);
        }
    }

    #[test]
    fn a_broken_taped_map_fails_to_encode_and_writes_nothing() {
        let taped = TapedMap::new(vec![op::MAP, 2, 1, op::NULL], vec![], "k".into(), vec![]);
        let mut out = vec![0xAA];
        let result = Encoder::new(&mut out).write_taped_map(&taped, Dialect::BOLT_5);
        assert!(matches!(result, Err(EncodeError::BrokenTape(_))));
        assert_eq!(out, [0xAA]);
    }
}
