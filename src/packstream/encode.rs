//! Encoding: appends PackStream to a caller-owned buffer, so a whole Bolt message can be built
//! in one allocation that the caller reuses.

use super::{
    marker, tag, vector_type_info, DateTime, Dialect, EncodeError, SecondsBasis, SizedItem,
    TapedMap, Value, Zone, MAX_DEPTH,
};

/// Writes PackStream into a borrowed `Vec<u8>`, always choosing the smallest form.
///
/// The low-level `write_*` methods write single items or container headers (the caller then
/// writes exactly that many entries); [`write_value`](Encoder::write_value) writes a whole
/// [`Value`], dehydrating the types that travel as structures.
#[derive(Debug)]
pub struct Encoder<'b> {
    buf: &'b mut Vec<u8>,
}

impl<'b> Encoder<'b> {
    /// An encoder appending to `buf` (existing content is kept).
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn new(buf: &'b mut Vec<u8>) -> Self {
        Encoder { buf }
    }

    /// The buffer written so far, for callers that keep the encoder around.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn buffer(&self) -> &[u8] {
        self.buf
    }

    /// Writes `null`.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_null(&mut self) {
        self.buf.push(marker::NULL);
    }

    /// Writes `true` or `false`.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_bool(&mut self, value: bool) {
        self.buf
            .push(if value { marker::TRUE } else { marker::FALSE });
    }

    /// Writes an integer in the smallest form: one byte for -16..=127, then INT_8 (only for
    /// -128..=-17), INT_16, INT_32 or INT_64.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_int(&mut self, value: i64) {
        if (-16..=127).contains(&value) {
            // Tiny int: the two's complement low byte is the value itself.
            self.buf.push(value as u8);
        } else if let Ok(v) = i8::try_from(value) {
            self.buf.push(marker::INT_8);
            self.buf.extend_from_slice(&v.to_be_bytes());
        } else if let Ok(v) = i16::try_from(value) {
            self.buf.push(marker::INT_16);
            self.buf.extend_from_slice(&v.to_be_bytes());
        } else if let Ok(v) = i32::try_from(value) {
            self.buf.push(marker::INT_32);
            self.buf.extend_from_slice(&v.to_be_bytes());
        } else {
            self.buf.push(marker::INT_64);
            self.buf.extend_from_slice(&value.to_be_bytes());
        }
    }

    /// Writes a 64-bit float (the only float form PackStream has).
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_float(&mut self, value: f64) {
        self.buf.push(marker::FLOAT_64);
        self.buf.extend_from_slice(&value.to_be_bytes());
    }

    /// Writes a UUID (Bolt 6.1+): its marker and its 16 bytes.
    pub fn write_uuid(&mut self, bytes: &[u8; 16], dialect: Dialect) -> Result<(), EncodeError> {
        if !dialect.uuids {
            return Err(EncodeError::NotInDialect {
                type_name: "UUID",
                needs: "Bolt 6.1",
            });
        }
        self.buf.push(marker::UUID);
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    /// Writes a byte array (sizes up to `u32::MAX`).
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_bytes(&mut self, value: &[u8]) -> Result<(), EncodeError> {
        self.write_size(
            SizedItem::Bytes,
            value.len(),
            None,
            [marker::BYTES_8, marker::BYTES_16, marker::BYTES_32],
        )?;
        self.buf.extend_from_slice(value);
        Ok(())
    }

    /// Writes a UTF-8 string (sizes up to `u32::MAX` bytes).
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_string(&mut self, value: &str) -> Result<(), EncodeError> {
        self.write_size(
            SizedItem::String,
            value.len(),
            Some(marker::TINY_STRING),
            [marker::STRING_8, marker::STRING_16, marker::STRING_32],
        )?;
        self.buf.extend_from_slice(value.as_bytes());
        Ok(())
    }

    /// Writes a list header; exactly `len` values must follow.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_list_header(&mut self, len: usize) -> Result<(), EncodeError> {
        self.write_size(
            SizedItem::List,
            len,
            Some(marker::TINY_LIST),
            [marker::LIST_8, marker::LIST_16, marker::LIST_32],
        )
    }

    /// Writes a map header; exactly `len` key/value pairs (string key first) must follow.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_map_header(&mut self, len: usize) -> Result<(), EncodeError> {
        self.write_size(
            SizedItem::Map,
            len,
            Some(marker::TINY_MAP),
            [marker::MAP_8, marker::MAP_16, marker::MAP_32],
        )
    }

    /// Writes a structure header (at most 15 fields) and its tag; exactly `fields` values must
    /// follow. Bolt messages are structures too, so this also starts a message.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_struct_header(&mut self, tag: u8, fields: usize) -> Result<(), EncodeError> {
        let n = u8::try_from(fields)
            .ok()
            .filter(|n| *n <= 0x0F)
            .ok_or(EncodeError::TooManyFields { tag, fields })?;
        self.buf.push(marker::TINY_STRUCT | n);
        self.buf.push(tag);
        Ok(())
    }

    /// Writes a whole value as a query parameter in `dialect`'s forms.
    ///
    /// Temporal, spatial and (Bolt 6.0) vector values become structures; DateTimes are converted
    /// to the seconds basis the dialect needs when their zone is a fixed offset. Graph entities
    /// and unsupported-type placeholders are rejected. On error the buffer is restored to its
    /// length before the call.
    pub fn write_value(&mut self, value: &Value, dialect: Dialect) -> Result<(), EncodeError> {
        let start = self.buf.len();
        let result = self.value(value, dialect, 0);
        if result.is_err() {
            self.buf.truncate(start);
        }
        result
    }

    /// Writes a map of values (as [`write_value`](Encoder::write_value) would write
    /// `Value::Map`), for message fields such as metadata and parameters.
    pub fn write_map(
        &mut self,
        map: &[(String, Value)],
        dialect: Dialect,
    ) -> Result<(), EncodeError> {
        let start = self.buf.len();
        let result = self.map(map, dialect, 0);
        if result.is_err() {
            self.buf.truncate(start);
        }
        result
    }

    /// Writes a map a host wrote on a parameter tape, as [`write_map`](Encoder::write_map)
    /// writes it as values.
    #[cfg_attr(size_optimized, optimize(speed))]
    pub fn write_taped_map(&mut self, map: &TapedMap, dialect: Dialect) -> Result<(), EncodeError> {
        let start = self.buf.len();
        let result = map.encode(self, dialect);
        if result.is_err() {
            self.buf.truncate(start);
        }
        result
    }

    /// Writes a list of values (as [`write_value`](Encoder::write_value) would write
    /// `Value::List`).
    pub fn write_list(&mut self, list: &[Value], dialect: Dialect) -> Result<(), EncodeError> {
        let start = self.buf.len();
        let result = self.list(list, dialect, 0);
        if result.is_err() {
            self.buf.truncate(start);
        }
        result
    }

    /// Writes a size header: the tiny form when there is one and `len <= 15`, else the 8-, 16-
    /// or 32-bit form.
    #[cfg_attr(size_optimized, optimize(speed))]
    fn write_size(
        &mut self,
        item: SizedItem,
        len: usize,
        tiny: Option<u8>,
        [m8, m16, m32]: [u8; 3],
    ) -> Result<(), EncodeError> {
        match (tiny, len) {
            (Some(tiny), 0..=0x0F) => self.buf.push(tiny | len as u8),
            _ => {
                if let Ok(n) = u8::try_from(len) {
                    self.buf.push(m8);
                    self.buf.push(n);
                } else if let Ok(n) = u16::try_from(len) {
                    self.buf.push(m16);
                    self.buf.extend_from_slice(&n.to_be_bytes());
                } else if let Ok(n) = u32::try_from(len) {
                    self.buf.push(m32);
                    self.buf.extend_from_slice(&n.to_be_bytes());
                } else {
                    return Err(EncodeError::TooLarge { item, len });
                }
            }
        }
        Ok(())
    }

    /// Recursive body of `write_value`; `depth` counts the containers around `value`.
    fn value(&mut self, value: &Value, dialect: Dialect, depth: usize) -> Result<(), EncodeError> {
        match value {
            Value::Null => self.write_null(),
            Value::Boolean(b) => self.write_bool(*b),
            Value::Integer(i) => self.write_int(*i),
            Value::Float(x) => self.write_float(*x),
            Value::Bytes(b) => self.write_bytes(b)?,
            Value::String(s) => self.write_string(s)?,
            Value::List(list) => self.list(list, dialect, depth)?,
            Value::Map(map) => self.map(map, dialect, depth)?,
            Value::Node(_) => return Err(not_a_parameter("Node")),
            Value::Relationship(_) => return Err(not_a_parameter("Relationship")),
            Value::UnboundRelationship(_) => return Err(not_a_parameter("UnboundRelationship")),
            Value::Path(_) => return Err(not_a_parameter("Path")),
            Value::Uuid(bytes) => self.write_uuid(bytes, dialect)?,
            Value::Unsupported(_) => return Err(not_a_parameter("UnsupportedType")),
            Value::Date(d) => {
                self.write_struct_header(tag::DATE, 1)?;
                self.write_int(d.days);
            }
            Value::Time(t) => {
                self.write_struct_header(tag::TIME, 2)?;
                self.write_int(t.nanoseconds);
                self.write_int(t.tz_offset_seconds);
            }
            Value::LocalTime(t) => {
                self.write_struct_header(tag::LOCAL_TIME, 1)?;
                self.write_int(t.nanoseconds);
            }
            Value::LocalDateTime(t) => {
                self.write_struct_header(tag::LOCAL_DATE_TIME, 2)?;
                self.write_int(t.seconds);
                self.write_int(t.nanoseconds);
            }
            Value::DateTime(dt) => self.date_time(dt, dialect)?,
            Value::Duration(d) => {
                self.write_struct_header(tag::DURATION, 4)?;
                self.write_int(d.months);
                self.write_int(d.days);
                self.write_int(d.seconds);
                self.write_int(d.nanoseconds);
            }
            Value::Point(p) => match p.z {
                None => {
                    self.write_struct_header(tag::POINT_2D, 3)?;
                    self.write_int(p.srid);
                    self.write_float(p.x);
                    self.write_float(p.y);
                }
                Some(z) => {
                    self.write_struct_header(tag::POINT_3D, 4)?;
                    self.write_int(p.srid);
                    self.write_float(p.x);
                    self.write_float(p.y);
                    self.write_float(z);
                }
            },
            Value::Vector(v) => {
                if !dialect.vectors {
                    return Err(EncodeError::NotInDialect {
                        type_name: "Vector",
                        needs: "Bolt 6.0",
                    });
                }
                let (type_marker, element_size) = vector_type_info(v.element_type);
                if v.data.len() % element_size != 0 {
                    return Err(EncodeError::VectorLength {
                        len: v.data.len(),
                        element_size,
                    });
                }
                self.write_struct_header(tag::VECTOR, 2)?;
                self.write_bytes(&[type_marker])?;
                self.write_bytes(&v.data)?;
            }
        }
        Ok(())
    }

    /// Writes a list of values nested inside `depth` containers.
    fn list(&mut self, list: &[Value], dialect: Dialect, depth: usize) -> Result<(), EncodeError> {
        let depth = enter(depth)?;
        self.write_list_header(list.len())?;
        for item in list {
            self.value(item, dialect, depth)?;
        }
        Ok(())
    }

    /// Writes a map of values nested inside `depth` containers.
    fn map(
        &mut self,
        map: &[(String, Value)],
        dialect: Dialect,
        depth: usize,
    ) -> Result<(), EncodeError> {
        let depth = enter(depth)?;
        self.write_map_header(map.len())?;
        for (key, item) in map {
            self.write_string(key)?;
            self.value(item, dialect, depth)?;
        }
        Ok(())
    }

    /// Writes a DateTime in the structure the dialect uses, converting its seconds basis when
    /// that is possible without a time zone database.
    fn date_time(&mut self, dt: &DateTime, dialect: Dialect) -> Result<(), EncodeError> {
        let wanted = if dialect.utc_datetime {
            SecondsBasis::Utc
        } else {
            SecondsBasis::Local
        };
        let seconds = if dt.basis == wanted {
            dt.seconds
        } else {
            match (&dt.zone, wanted) {
                // Local seconds are UTC seconds plus the offset.
                (Zone::Offset(offset), SecondsBasis::Utc) => dt.seconds.checked_sub(*offset),
                (Zone::Offset(offset), SecondsBasis::Local) => dt.seconds.checked_add(*offset),
                (Zone::Id(id), to) => {
                    return Err(EncodeError::ZoneIdConversion {
                        zone_id: id.clone(),
                        from: dt.basis,
                        to,
                    })
                }
            }
            .ok_or(EncodeError::SecondsOverflow)?
        };
        let struct_tag = match (&dt.zone, dialect.utc_datetime) {
            (Zone::Offset(_), true) => tag::DATE_TIME,
            (Zone::Id(_), true) => tag::DATE_TIME_ZONE_ID,
            (Zone::Offset(_), false) => tag::LEGACY_DATE_TIME,
            (Zone::Id(_), false) => tag::LEGACY_DATE_TIME_ZONE_ID,
        };
        self.write_struct_header(struct_tag, 3)?;
        self.write_int(seconds);
        self.write_int(dt.nanoseconds);
        match &dt.zone {
            Zone::Offset(offset) => self.write_int(*offset),
            Zone::Id(id) => self.write_string(id)?,
        }
        Ok(())
    }
}

/// The depth inside one more container, or an error past [`MAX_DEPTH`].
#[cfg_attr(size_optimized, optimize(speed))]
fn enter(depth: usize) -> Result<usize, EncodeError> {
    if depth >= MAX_DEPTH {
        Err(EncodeError::TooDeep { limit: MAX_DEPTH })
    } else {
        Ok(depth + 1)
    }
}

/// The error for a server-only value given as a parameter.
fn not_a_parameter(type_name: &'static str) -> EncodeError {
    EncodeError::NotAParameter { type_name }
}
