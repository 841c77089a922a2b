//! Driver values to JS values and back, through the value classes of the JS layer (`lib/`).
//!
//! Values from the server go to JS on a [`Tape`]: the core writes a whole batch of records (or
//! a metadata map) flat, and the JS layer's reader (`lib/tape.js`) builds every value from it
//! in one call, as the class instance the official driver would give (`Integer`, `Node`,
//! `DateTime`, ...). Parameters go the other way: plain objects, arrays and primitives are read
//! directly, driver class instances through the layer's `describe` function.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, BigInt, Float64Array, Function, Int32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::bolt::{ProtocolError, RecordBatch};
use crate::packstream::{
    self, days_from_civil, Date, DateTime, Dialect, Duration, LocalDateTime, LocalTime, Map, Point,
    SecondsBasis, Tape, Time, Value, Vector, VectorType, Zone,
};
use crate::Error;

/// Largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;
const NANOS_PER_SECOND: i64 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// How integers from the server reach the application (the `disableLosslessIntegers` and
/// `useBigInt` driver options); the discriminant is what the JS reader is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerMode {
    /// `Integer` objects, lossless (the default).
    Lossless = 0,
    /// JS numbers; ±Infinity beyond ±(2^53 - 1), as with the official driver.
    Number = 1,
    /// BigInts.
    BigInt = 2,
}

/// The JS layer's helpers (see `lib/wasm-types.js`).
struct JsTypes {
    /// `(words, floats, ascii, text, bytes, keys, integerMode)` → the value on the tape.
    read: Function,
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

/// Takes the JS layer's helpers; called once when the package loads.
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
        read: function("read")?,
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

/// A `Neo4jError` built by the JS layer (a `GQLError` without `code`: a cause in a server
/// error's chain), or a plain `Error` if the layer is missing.
pub fn make_error(
    message: &str,
    code: Option<&str>,
    gql_status: Option<&str>,
    description: Option<&str>,
    diagnostic_record: JsValue,
    cause: JsValue,
) -> JsValue {
    let optional = |s: Option<&str>| s.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let built = registered().ok().and_then(|types| {
        let args: Array = [
            message.into(),
            optional(code),
            optional(gql_status),
            optional(description),
            diagnostic_record,
            cause,
        ]
        .iter()
        .collect();
        types.error.apply(&JsValue::NULL, &args).ok()
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

    /// A plain object from a driver map. Its keys are own properties whatever they are named.
    pub fn map(&self, map: &Map) -> Result<JsValue, JsValue> {
        let mut tape = Tape::new();
        tape.write_map(map);
        self.read(&tape, &Array::new())
    }

    /// The value on `tape`, built by the JS reader, which knows the tape's `keys` (and adds
    /// the new ones). A JS constructor that throws (a value the classes reject) fails the
    /// reading with its error.
    fn read(&self, tape: &Tape, keys: &Array) -> Result<JsValue, JsValue> {
        let mode = JsValue::from(self.mode as u32);
        // SAFETY: the views live only during the call, and the reader neither keeps them nor
        // calls into the module (which could grow its memory and detach them).
        let views = unsafe {
            (
                Int32Array::view(&tape.words),
                Float64Array::view(&tape.floats),
                Uint8Array::view(&tape.ascii),
                Uint8Array::view(tape.text.as_bytes()),
                Uint8Array::view(&tape.bytes),
            )
        };
        // Each view takes a slot in the module's table of JS objects, and a slot can grow the
        // module's memory, which detaches the views made before it: they then read as empty.
        // The reader gets copies instead, which nothing detaches.
        let attached = views.0.length() as usize == tape.words.len()
            && views.1.length() as usize == tape.floats.len()
            && views.2.length() as usize == tape.ascii.len()
            && views.3.length() as usize == tape.text.len()
            && views.4.length() as usize == tape.bytes.len();
        let (words, floats, ascii, text, bytes) = if attached {
            views
        } else {
            (
                Int32Array::from(&tape.words[..]),
                Float64Array::from(&tape.floats[..]),
                Uint8Array::from(&tape.ascii[..]),
                Uint8Array::from(tape.text.as_bytes()),
                Uint8Array::from(&tape.bytes[..]),
            )
        };
        self.types.read.call7(
            &JsValue::NULL,
            &words,
            &floats,
            &ascii,
            &text,
            &bytes,
            keys,
            &mode,
        )
    }
}

/// Turns one stream's batches of RECORD bodies into rows (arrays of JS values in key order).
/// Its tape and the JS reader share the map keys, labels and types seen so far, so that each
/// crosses into JS once per stream.
pub struct Records {
    hydrator: Hydrator,
    tape: Tape,
    keys: Array,
}

impl Records {
    /// Rows in `hydrator`'s integer mode.
    pub fn new(hydrator: Hydrator) -> Self {
        Records {
            hydrator,
            tape: Tape::new(),
            keys: Array::new(),
        }
    }

    /// The rows of a batch of RECORD bodies, as an array of arrays.
    pub fn rows(&mut self, bodies: &RecordBatch, dialect: Dialect) -> Result<JsValue, JsValue> {
        self.tape.clear();
        self.tape.write_list_header(bodies.len());
        let rows = bodies
            .iter()
            .try_for_each(|body| self.tape.write_list(body, dialect))
            .map_err(|e| super::to_js_error(Error::Protocol(ProtocolError::Decode(e))))
            .and_then(|()| self.hydrator.read(&self.tape, &self.keys));
        if rows.is_err() {
            // The reader may have stopped part way: both sides start again with no keys.
            self.tape.reset();
            self.keys = Array::new();
        }
        rows
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
