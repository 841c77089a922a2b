//! Driver values to JS values and back, through the value classes of the JS layer (`lib/`).
//!
//! The JS layer registers its constructors once ([`register_types`]); every value from the
//! server is then built as the class instance the official driver would give (`Integer`,
//! `Node`, `DateTime`, ...), with calendar arithmetic done here and only time-zone rules left
//! to JS (`Intl`). Parameters go the other way: plain objects, arrays and primitives are read
//! directly, driver class instances through the layer's `describe` function.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, BigInt, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::packstream::{
    self, civil_from_days, days_from_civil, Date, DateTime, Duration, LocalDateTime, LocalTime,
    Map, Node, Path, Point, Relationship, SecondsBasis, Time, UnsupportedType, Value, Vector,
    VectorType, Zone,
};
use crate::Error;

/// Largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;
const NANOS_PER_SECOND: i64 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// How integers from the server reach the application (the `disableLosslessIntegers` and
/// `useBigInt` driver options).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerMode {
    /// `Integer` objects, lossless (the default).
    Lossless,
    /// JS numbers; ±Infinity beyond ±(2^53 - 1), as with the official driver.
    Number,
    /// BigInts.
    BigInt,
}

/// The JS layer's constructors and helpers (see `lib/wasm-types.js`).
struct JsTypes {
    integer: Function,
    node: Function,
    relationship: Function,
    unbound_relationship: Function,
    path_segment: Function,
    path: Function,
    point: Function,
    date: Function,
    time: Function,
    local_time: Function,
    local_date_time: Function,
    date_time: Function,
    duration: Function,
    vector: Function,
    unsupported: Function,
    /// `(zoneId, epochSecondsUtc)` → `[year, month, day, hour, minute, second, offsetSeconds]`.
    local_fields: Function,
    /// `(value)` → `undefined`, or `[tag, ...fields]` for a driver class instance.
    describe: Function,
    /// `(message, code, gqlStatus, gqlStatusDescription, diagnosticRecord, cause)` → `Neo4jError`.
    error: Function,
    /// `Object.prototype`, to tell plain objects from class instances.
    object_prototype: JsValue,
}

thread_local! {
    static TYPES: RefCell<Option<Rc<JsTypes>>> = const { RefCell::new(None) };
}

/// Takes the JS layer's value constructors; called once when the package loads.
#[wasm_bindgen(js_name = registerTypes)]
pub fn register_types(types: &JsValue) -> Result<(), JsValue> {
    let function = |name: &str| -> Result<Function, JsValue> {
        Reflect::get(types, &name.into())?
            .dyn_into::<Function>()
            .map_err(|_| {
                js_sys::TypeError::new(&format!("registerTypes: {name} is not a function")).into()
            })
    };
    let registered = JsTypes {
        integer: function("integer")?,
        node: function("node")?,
        relationship: function("relationship")?,
        unbound_relationship: function("unboundRelationship")?,
        path_segment: function("pathSegment")?,
        path: function("path")?,
        point: function("point")?,
        date: function("date")?,
        time: function("time")?,
        local_time: function("localTime")?,
        local_date_time: function("localDateTime")?,
        date_time: function("dateTime")?,
        duration: function("duration")?,
        vector: function("vector")?,
        unsupported: function("unsupported")?,
        local_fields: function("localFields")?,
        describe: function("describe")?,
        error: function("error")?,
        object_prototype: Object::get_prototype_of(&Object::new()).into(),
    };
    TYPES.with(|t| *t.borrow_mut() = Some(Rc::new(registered)));
    Ok(())
}

fn registered() -> Result<Rc<JsTypes>, Error> {
    TYPES.with(|t| t.borrow().clone()).ok_or_else(|| {
        Error::Usage("the driver was loaded without its JS layer: import the package itself".into())
    })
}

/// Calls a registered JS function with `args`; what it throws is passed on.
fn apply(function: &Function, args: &[JsValue]) -> Result<JsValue, JsValue> {
    function.apply(&JsValue::NULL, &args.iter().collect::<Array>())
}

/// A `Neo4jError` built by the JS layer, or a plain `Error` if the layer is missing.
pub fn make_error(
    message: &str,
    code: &str,
    gql_status: Option<&str>,
    description: Option<&str>,
    diagnostic_record: JsValue,
    cause: JsValue,
) -> JsValue {
    let optional = |s: Option<&str>| s.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let built = registered().ok().and_then(|types| {
        apply(
            &types.error,
            &[
                message.into(),
                code.into(),
                optional(gql_status),
                optional(description),
                diagnostic_record,
                cause,
            ],
        )
        .ok()
    });
    built.unwrap_or_else(|| js_sys::Error::new(message).into())
}

/// Turns driver values into JS values for one driver's integer mode.
#[derive(Clone)]
pub struct Hydrator {
    types: Rc<JsTypes>,
    mode: IntegerMode,
}

impl Hydrator {
    /// A hydrator for `mode`; fails if the JS layer has not registered its types.
    pub fn new(mode: IntegerMode) -> Result<Self, Error> {
        Ok(Hydrator {
            types: registered()?,
            mode,
        })
    }

    /// An integer as the mode says: `Integer`, number or BigInt.
    pub fn int(&self, n: i64) -> JsValue {
        match self.mode {
            // Beyond what a number holds exactly: ±Infinity, never a silently different value.
            IntegerMode::Number if n > MAX_SAFE_INTEGER => JsValue::from_f64(f64::INFINITY),
            IntegerMode::Number if n < -MAX_SAFE_INTEGER => JsValue::from_f64(f64::NEG_INFINITY),
            IntegerMode::Number => JsValue::from_f64(n as f64),
            IntegerMode::BigInt => BigInt::from(n).into(),
            IntegerMode::Lossless => {
                let low = JsValue::from_f64(f64::from(n as i32));
                let high = JsValue::from_f64(f64::from((n >> 32) as i32));
                self.types
                    .integer
                    .call2(&JsValue::NULL, &low, &high)
                    .unwrap_or_else(|_| JsValue::from_f64(n as f64))
            }
        }
    }

    /// A plain object from a driver map.
    pub fn map(&self, map: &Map) -> Result<JsValue, JsValue> {
        let object = Object::new();
        for (key, value) in map {
            set_own(&object, key, &self.value(value)?);
        }
        Ok(object.into())
    }

    /// The JS value for a driver value. A JS constructor that throws (a value the classes
    /// reject) fails the conversion with its error.
    pub fn value(&self, value: &Value) -> Result<JsValue, JsValue> {
        let t = &self.types;
        Ok(match value {
            Value::Null => JsValue::NULL,
            Value::Boolean(b) => JsValue::from_bool(*b),
            Value::Integer(n) => self.int(*n),
            Value::Float(f) => JsValue::from_f64(*f),
            Value::Bytes(b) => js_sys::Int8Array::from(bytes_as_i8(b)).into(),
            Value::String(s) => JsValue::from_str(s),
            Value::List(items) => {
                let array = Array::new_with_length(items.len() as u32);
                for (i, item) in items.iter().enumerate() {
                    array.set(i as u32, self.value(item)?);
                }
                array.into()
            }
            Value::Map(map) => self.map(map)?,
            Value::Node(node) => self.node(node)?,
            Value::Relationship(rel) => self.relationship(rel)?,
            Value::UnboundRelationship(rel) => apply(
                &t.unbound_relationship,
                &[
                    self.int(rel.id),
                    rel.rel_type.as_str().into(),
                    self.map(&rel.properties)?,
                    rel.element_id.as_str().into(),
                ],
            )?,
            Value::Path(path) => self.path(path)?,
            Value::Date(d) => self.date(d)?,
            Value::Time(t) => self.time(t)?,
            Value::LocalTime(t) => self.local_time(t)?,
            Value::LocalDateTime(t) => self.local_date_time(t)?,
            Value::DateTime(t) => self.date_time(t)?,
            Value::Duration(d) => self.duration(d)?,
            Value::Point(p) => self.point(p)?,
            Value::Vector(v) => apply(&t.vector, &[typed_array(v)])?,
            Value::Unsupported(u) => self.unsupported(u)?,
        })
    }

    fn node(&self, node: &Node) -> Result<JsValue, JsValue> {
        let labels: Array = node.labels.iter().map(|l| JsValue::from_str(l)).collect();
        apply(
            &self.types.node,
            &[
                self.int(node.id),
                labels.into(),
                self.map(&node.properties)?,
                node.element_id.as_str().into(),
            ],
        )
    }

    fn relationship(&self, rel: &Relationship) -> Result<JsValue, JsValue> {
        apply(
            &self.types.relationship,
            &[
                self.int(rel.id),
                self.int(rel.start_node_id),
                self.int(rel.end_node_id),
                rel.rel_type.as_str().into(),
                self.map(&rel.properties)?,
                rel.element_id.as_str().into(),
                rel.start_node_element_id.as_str().into(),
                rel.end_node_element_id.as_str().into(),
            ],
        )
    }

    /// A `Path` of `PathSegment`s. Each node and each relationship's properties are converted
    /// once and shared by every segment that visits them, so a path stays as small in JS as on
    /// the wire however often it revisits them.
    fn path(&self, path: &Path) -> Result<JsValue, JsValue> {
        let nodes = path
            .nodes
            .iter()
            .map(|n| self.node(n))
            .collect::<Result<Vec<_>, _>>()?;
        let properties = path
            .relationships
            .iter()
            .map(|r| self.map(&r.properties))
            .collect::<Result<Vec<_>, _>>()?;
        // A decoded path's indices are in range; anything else reads as `undefined`.
        let node = |i: usize| nodes.get(i).cloned().unwrap_or_default();
        let segments = Array::new();
        for s in &path.segments {
            let (Some(rel), Some(start), Some(end)) = (
                path.relationships.get(s.relationship),
                path.nodes.get(s.start),
                path.nodes.get(s.end),
            ) else {
                continue;
            };
            let (from, to) = if s.forward {
                (start, end)
            } else {
                (end, start)
            };
            let relationship = apply(
                &self.types.relationship,
                &[
                    self.int(rel.id),
                    self.int(from.id),
                    self.int(to.id),
                    rel.rel_type.as_str().into(),
                    properties.get(s.relationship).cloned().unwrap_or_default(),
                    rel.element_id.as_str().into(),
                    from.element_id.as_str().into(),
                    to.element_id.as_str().into(),
                ],
            )?;
            segments.push(&apply(
                &self.types.path_segment,
                &[node(s.start), relationship, node(s.end)],
            )?);
        }
        let last = path.segments.last().map_or(0, |s| s.end);
        apply(&self.types.path, &[node(0), node(last), segments.into()])
    }

    fn date(&self, d: &Date) -> Result<JsValue, JsValue> {
        let (year, month, day) = civil_from_days(d.days);
        apply(
            &self.types.date,
            &[self.int(year), self.int(month), self.int(day)],
        )
    }

    /// Hour, minute, second and nanosecond of a time of day given in nanoseconds.
    fn clock_fields(&self, nanos_of_day: i64) -> [JsValue; 4] {
        let seconds = nanos_of_day.div_euclid(NANOS_PER_SECOND);
        [
            self.int(seconds / 3600),
            self.int(seconds / 60 % 60),
            self.int(seconds % 60),
            self.int(nanos_of_day.rem_euclid(NANOS_PER_SECOND)),
        ]
    }

    fn local_time(&self, t: &LocalTime) -> Result<JsValue, JsValue> {
        apply(&self.types.local_time, &self.clock_fields(t.nanoseconds))
    }

    fn time(&self, t: &Time) -> Result<JsValue, JsValue> {
        let [h, m, s, ns] = self.clock_fields(t.nanoseconds);
        apply(
            &self.types.time,
            &[h, m, s, ns, self.int(t.tz_offset_seconds)],
        )
    }

    /// The seven fields of a local date and time, from seconds since the local epoch.
    fn local_fields(&self, seconds: i64, nanoseconds: i64) -> [JsValue; 7] {
        let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
        let [h, m, s, _] =
            self.clock_fields(seconds.rem_euclid(SECONDS_PER_DAY) * NANOS_PER_SECOND);
        [
            self.int(year),
            self.int(month),
            self.int(day),
            h,
            m,
            s,
            self.int(nanoseconds),
        ]
    }

    fn local_date_time(&self, t: &LocalDateTime) -> Result<JsValue, JsValue> {
        apply(
            &self.types.local_date_time,
            &self.local_fields(t.seconds, t.nanoseconds),
        )
    }

    fn date_time(&self, t: &DateTime) -> Result<JsValue, JsValue> {
        let (fields, offset, zone_id) = match (&t.zone, t.basis) {
            (Zone::Offset(offset), SecondsBasis::Utc) => (
                self.local_fields(t.seconds.saturating_add(*offset), t.nanoseconds),
                self.int(*offset),
                JsValue::NULL,
            ),
            (Zone::Offset(offset), SecondsBasis::Local) => (
                self.local_fields(t.seconds, t.nanoseconds),
                self.int(*offset),
                JsValue::NULL,
            ),
            // Only JS knows the zone's rules: ask it for the wall-clock time at this instant.
            (Zone::Id(zone), SecondsBasis::Utc) => {
                let local = self.types.local_fields.call2(
                    &JsValue::NULL,
                    &zone.as_str().into(),
                    &JsValue::from_f64(t.seconds as f64),
                )?;
                let local = Array::from(&local);
                let field = |i: u32| self.int(local.get(i).as_f64().unwrap_or(0.0) as i64);
                (
                    [
                        field(0),
                        field(1),
                        field(2),
                        field(3),
                        field(4),
                        field(5),
                        self.int(t.nanoseconds),
                    ],
                    field(6),
                    zone.as_str().into(),
                )
            }
            // Legacy structures carry local time and no offset.
            (Zone::Id(zone), SecondsBasis::Local) => (
                self.local_fields(t.seconds, t.nanoseconds),
                JsValue::UNDEFINED,
                zone.as_str().into(),
            ),
        };
        let mut args = fields.to_vec();
        args.push(offset);
        args.push(zone_id);
        apply(&self.types.date_time, &args)
    }

    fn duration(&self, d: &Duration) -> Result<JsValue, JsValue> {
        apply(
            &self.types.duration,
            &[
                self.int(d.months),
                self.int(d.days),
                self.int(d.seconds),
                self.int(d.nanoseconds),
            ],
        )
    }

    fn point(&self, p: &Point) -> Result<JsValue, JsValue> {
        let z = p.z.map(JsValue::from_f64).unwrap_or(JsValue::UNDEFINED);
        apply(
            &self.types.point,
            &[
                self.int(p.srid),
                JsValue::from_f64(p.x),
                JsValue::from_f64(p.y),
                z,
            ],
        )
    }

    fn unsupported(&self, u: &UnsupportedType) -> Result<JsValue, JsValue> {
        let (major, minor) = u.minimum_protocol;
        apply(
            &self.types.unsupported,
            &[
                u.name.as_str().into(),
                JsValue::from(major),
                JsValue::from(minor),
                u.message
                    .as_deref()
                    .map(JsValue::from)
                    .unwrap_or(JsValue::UNDEFINED),
            ],
        )
    }
}

/// Sets `key` on `object` as an own data property. `__proto__` is defined rather than
/// assigned, so data can never change an object's prototype.
fn set_own(object: &Object, key: &str, value: &JsValue) {
    if key == "__proto__" {
        let descriptor = Object::new();
        for (k, v) in [
            ("value", value),
            ("enumerable", &JsValue::TRUE),
            ("writable", &JsValue::TRUE),
            ("configurable", &JsValue::TRUE),
        ] {
            let _ = Reflect::set(&descriptor, &k.into(), v);
        }
        Object::define_property(object, &key.into(), &descriptor);
    } else {
        let _ = Reflect::set(object, &key.into(), value);
    }
}

fn bytes_as_i8(bytes: &[u8]) -> &[i8] {
    // SAFETY: u8 and i8 have the same size and alignment, and every bit pattern is valid.
    unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast(), bytes.len()) }
}

/// A typed array of a vector's elements (the wire's big-endian bytes in native order).
fn typed_array(v: &Vector) -> JsValue {
    fn chunks<const N: usize>(data: &[u8]) -> impl Iterator<Item = [u8; N]> + '_ {
        data.chunks_exact(N).map(|c| c.try_into().unwrap_or([0; N]))
    }
    let data = v.data.as_slice();
    match v.element_type {
        VectorType::Int8 => js_sys::Int8Array::from(bytes_as_i8(data)).into(),
        VectorType::Int16 => {
            let items: Vec<i16> = chunks(data).map(i16::from_be_bytes).collect();
            js_sys::Int16Array::from(items.as_slice()).into()
        }
        VectorType::Int32 => {
            let items: Vec<i32> = chunks(data).map(i32::from_be_bytes).collect();
            js_sys::Int32Array::from(items.as_slice()).into()
        }
        VectorType::Int64 => {
            let items: Vec<i64> = chunks(data).map(i64::from_be_bytes).collect();
            js_sys::BigInt64Array::from(items.as_slice()).into()
        }
        VectorType::Float32 => {
            let items: Vec<f32> = chunks(data).map(f32::from_be_bytes).collect();
            js_sys::Float32Array::from(items.as_slice()).into()
        }
        VectorType::Float64 => {
            let items: Vec<f64> = chunks(data).map(f64::from_be_bytes).collect();
            js_sys::Float64Array::from(items.as_slice()).into()
        }
    }
}

/// Reads JS parameters into driver values, naming where in them a bad value sits.
pub struct Dehydrator {
    types: Rc<JsTypes>,
}

impl Dehydrator {
    /// A reader of parameters; fails if the JS layer has not registered its types.
    pub fn new() -> Result<Self, Error> {
        Ok(Dehydrator {
            types: registered()?,
        })
    }

    /// A driver map for a plain JS object (own enumerable string keys); `path` names the object.
    /// Entries whose value is `undefined` are left out, as neo4j-driver leaves them out.
    pub fn map(&self, object: &Object, path: &str, depth: usize) -> Result<Map, Error> {
        Object::entries(object)
            .iter()
            .filter_map(|entry| {
                let entry = Array::from(&entry);
                let value = entry.get(1);
                if value.is_undefined() {
                    return None;
                }
                let key = entry.get(0).as_string().unwrap_or_default();
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                Some(
                    self.value(&value, &inner, depth + 1)
                        .map(|value| (key, value)),
                )
            })
            .collect()
    }

    /// A driver value for a JS parameter at `path`. Numbers are sent as floats; `Integer`s and
    /// BigInts as integers.
    pub fn value(&self, value: &JsValue, path: &str, depth: usize) -> Result<Value, Error> {
        let invalid = |what: &str| Error::InvalidArgument(format!("parameter {path}: {what}"));
        if depth > packstream::MAX_DEPTH {
            return Err(invalid("nested too deeply (or it contains itself)"));
        }
        if value.is_null() || value.is_undefined() {
            return Ok(Value::Null);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Value::Boolean(b));
        }
        if let Some(f) = value.as_f64() {
            return Ok(Value::Float(f));
        }
        if let Some(s) = value.as_string() {
            return Ok(Value::String(s));
        }
        if value.is_bigint() {
            return int_of(value)
                .ok_or_else(|| invalid("a BigInt outside the 64-bit integer range"))
                .map(Value::Integer);
        }
        if let Some(bytes) = value.dyn_ref::<js_sys::Int8Array>() {
            return Ok(Value::Bytes(
                bytes.to_vec().into_iter().map(|b| b as u8).collect(),
            ));
        }
        if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
            return Ok(Value::Bytes(bytes.to_vec()));
        }
        if Array::is_array(value) {
            let array = Array::from(value);
            let items = array
                .iter()
                .enumerate()
                .map(|(i, item)| self.value(&item, &format!("{path}[{i}]"), depth + 1))
                .collect::<Result<_, _>>()?;
            return Ok(Value::List(items));
        }
        if value.is_function() || value.is_symbol() {
            return Err(invalid("functions and symbols cannot be sent"));
        }
        let Some(object) = value.dyn_ref::<Object>() else {
            return Err(invalid("unsupported value"));
        };
        let prototype: JsValue = Object::get_prototype_of(object).into();
        if prototype.is_null() || prototype == self.types.object_prototype {
            return Ok(Value::Map(self.map(object, path, depth)?));
        }
        let described = self
            .types
            .describe
            .call1(&JsValue::NULL, value)
            .map_err(|e| invalid(&describe_error(&e)))?;
        if described.is_undefined() {
            return Err(invalid(
                "only plain objects, arrays, numbers, strings, booleans, BigInts, Integers, \
                 Int8Arrays and the driver's temporal, spatial and vector types can be sent",
            ));
        }
        structure(&Array::from(&described)).map_err(|what| invalid(&what))
    }
}

/// The message of what a JS call threw.
fn describe_error(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "it cannot be sent".into())
}

/// A 64-bit integer from a JS number (integral) or BigInt.
fn int_of(value: &JsValue) -> Option<i64> {
    if let Some(f) = value.as_f64() {
        return (f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER as f64).then_some(f as i64);
    }
    if value.is_bigint() {
        return i64::try_from(BigInt::unchecked_from_js(value.clone())).ok();
    }
    None
}

/// A driver value from the `[tag, ...fields]` description of a driver class instance.
fn structure(fields: &Array) -> Result<Value, String> {
    let tag = fields.get(0).as_string().unwrap_or_default();
    let int = |i: u32| {
        int_of(&fields.get(i)).ok_or_else(|| format!("{tag} field {i} is not a 64-bit integer"))
    };
    let float = |i: u32| {
        fields
            .get(i)
            .as_f64()
            .ok_or_else(|| format!("{tag} field {i} is not a number"))
    };
    let nanos_of_day = |first: u32| -> Result<i64, String> {
        let seconds = int(first)? * 3600 + int(first + 1)? * 60 + int(first + 2)?;
        Ok(seconds * NANOS_PER_SECOND + int(first + 3)?)
    };
    let local_seconds = || -> Result<i64, String> {
        let days = days_from_civil(int(1)?, int(2)?, int(3)?);
        let seconds = int(4)? * 3600 + int(5)? * 60 + int(6)?;
        Ok(days.saturating_mul(SECONDS_PER_DAY).saturating_add(seconds))
    };
    Ok(match tag.as_str() {
        "Integer" => Value::Integer(int(1)?),
        "Date" => Value::Date(Date {
            days: days_from_civil(int(1)?, int(2)?, int(3)?),
        }),
        "LocalTime" => Value::LocalTime(LocalTime {
            nanoseconds: nanos_of_day(1)?,
        }),
        "Time" => Value::Time(Time {
            nanoseconds: nanos_of_day(1)?,
            tz_offset_seconds: int(5)?,
        }),
        "LocalDateTime" => Value::LocalDateTime(LocalDateTime {
            seconds: local_seconds()?,
            nanoseconds: int(7)?,
        }),
        "DateTime" => {
            let offset = int(8)?;
            let zone = match fields.get(9).as_string() {
                Some(id) => Zone::Id(id),
                None => Zone::Offset(offset),
            };
            Value::DateTime(DateTime {
                seconds: local_seconds()?.saturating_sub(offset),
                nanoseconds: int(7)?,
                zone,
                basis: SecondsBasis::Utc,
            })
        }
        "Duration" => Value::Duration(Duration {
            months: int(1)?,
            days: int(2)?,
            seconds: int(3)?,
            nanoseconds: int(4)?,
        }),
        "Point" => Value::Point(Point {
            srid: int(1)?,
            x: float(2)?,
            y: float(3)?,
            z: fields.get(4).as_f64(),
        }),
        "Vector" => Value::Vector(vector(&fields.get(1))?),
        other => return Err(format!("cannot send a value of type {other}")),
    })
}

/// A vector from a typed array of one of the six element types.
fn vector(array: &JsValue) -> Result<Vector, String> {
    fn be<T, const N: usize>(items: Vec<T>, to_bytes: fn(T) -> [u8; N]) -> Vec<u8> {
        items.into_iter().flat_map(to_bytes).collect()
    }
    let (element_type, data) = if let Some(a) = array.dyn_ref::<js_sys::Int8Array>() {
        (VectorType::Int8, be(a.to_vec(), i8::to_be_bytes))
    } else if let Some(a) = array.dyn_ref::<js_sys::Int16Array>() {
        (VectorType::Int16, be(a.to_vec(), i16::to_be_bytes))
    } else if let Some(a) = array.dyn_ref::<js_sys::Int32Array>() {
        (VectorType::Int32, be(a.to_vec(), i32::to_be_bytes))
    } else if let Some(a) = array.dyn_ref::<js_sys::BigInt64Array>() {
        (VectorType::Int64, be(a.to_vec(), i64::to_be_bytes))
    } else if let Some(a) = array.dyn_ref::<js_sys::Float32Array>() {
        (VectorType::Float32, be(a.to_vec(), f32::to_be_bytes))
    } else if let Some(a) = array.dyn_ref::<js_sys::Float64Array>() {
        (VectorType::Float64, be(a.to_vec(), f64::to_be_bytes))
    } else {
        return Err(
            "a Vector must wrap an Int8, Int16, Int32, BigInt64, Float32 or Float64 array".into(),
        );
    };
    Ok(Vector { element_type, data })
}
