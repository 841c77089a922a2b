//! Driver values to JS values and back, through the value classes of the JS layer (`lib/`).
//!
//! Values from the server go to JS on a [`Tape`]: the core writes a whole batch of records (or
//! a metadata map) flat, and the JS layer's reader (`lib/tape.js`) builds every value from it
//! in one call, as the class instance the official driver would give (`Integer`, `Node`,
//! `DateTime`, ...). Parameters go the other way on a parameter tape, which the JS layer writes
//! in one walk over them.
//!
//! This file also keeps the JS layer's helpers ([`register_types`]), including the one that
//! builds `Neo4jError`s ([`make_error`], used by `error.rs`). A change in how values cross
//! between the core and JS belongs here, with its counterpart in `lib/`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Float64Array, Function, Int32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::bolt::{ProtocolError, RecordBatch};
use crate::packstream::{Dialect, Encoder, Map, Tape, TapedMap, Value};
use crate::Error;

/// How integers from the server reach the application (the `disableLosslessIntegers` and
/// `useBigInt` driver options); the discriminant is what the JS reader is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IntegerMode {
    /// `Integer` objects, lossless (the default).
    Lossless = 0,
    /// JS numbers; ±Infinity beyond ±(2^53 - 1), as with the official driver.
    Number = 1,
    /// BigInts.
    BigInt = 2,
}

impl IntegerMode {
    /// The mode whose discriminant is `n`, as lib/config.js `integerMode` numbers them.
    pub(super) fn numbered(n: f64) -> Self {
        match n as u32 {
            2 => IntegerMode::BigInt,
            1 => IntegerMode::Number,
            _ => IntegerMode::Lossless,
        }
    }
}

/// The JS layer's helpers (see `lib/wasm-types.js`).
struct JsTypes {
    /// `(words, floats, ascii, text, bytes, keys, integerMode)` → the value on the tape.
    read: Function,
    /// `(object, root)` → `[words, floats, text, bytes]`, the object's parameter tape.
    write: Function,
    /// `(message, code, gqlStatus, gqlStatusDescription, diagnosticRecord, cause)` → `Neo4jError`.
    error: Function,
}

thread_local! {
    /// The helpers [`register_types`] took; `None` until the JS layer has loaded.
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
        write: function("write")?,
        error: function("error")?,
    };
    TYPES.with(|t| *t.borrow_mut() = Some(Rc::new(registered)));
    Ok(())
}

/// The JS layer's helpers; a usage error if the package was loaded without its JS layer.
fn registered() -> Result<Rc<JsTypes>, Error> {
    TYPES.with(|t| t.borrow().clone()).ok_or_else(|| {
        Error::Usage("the driver was loaded without its JS layer: import the package itself".into())
    })
}

/// A `Neo4jError` built by the JS layer (a `GQLError` without `code`: a cause in a server
/// error's chain), or a plain `Error` if the layer is missing.
pub(super) fn make_error(
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
pub(super) struct Hydrator {
    types: Rc<JsTypes>,
    mode: IntegerMode,
    /// The tape of [`Hydrator::build`], shared by the driver's sessions: the keys of metadata
    /// (`fields`, `bookmark`, `t_first`, ...) then cross into JS once, not once per query.
    maps: Rc<RefCell<KeyedTape>>,
}

impl Hydrator {
    /// A hydrator for `mode`; fails if the JS layer has not registered its types.
    pub(super) fn new(mode: IntegerMode) -> Result<Self, Error> {
        Ok(Hydrator {
            types: registered()?,
            mode,
            maps: Rc::default(),
        })
    }

    /// A plain object from a driver map. Its keys are own properties whatever they are named.
    pub(super) fn map(&self, map: &Map) -> Result<JsValue, JsValue> {
        self.build(|tape| tape.write_map(map))
    }

    /// The value `write` puts on a tape, such as a map built from several parts.
    pub(super) fn build(&self, write: impl FnOnce(&mut Tape)) -> Result<JsValue, JsValue> {
        let write = |tape: &mut Tape| {
            write(tape);
            Ok(())
        };
        match self.maps.try_borrow_mut() {
            Ok(mut maps) => maps.read(self, write),
            // Only if building a value called back into the core for another map.
            Err(_) => KeyedTape::default().read(self, write),
        }
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

/// A tape written again and again, and the keys its JS reader learnt from it: each map key,
/// label and type crosses into JS once, however many values go through.
#[derive(Default)]
struct KeyedTape {
    tape: Tape,
    keys: Array,
}

impl KeyedTape {
    /// The value `write` puts on the tape, built by `hydrator`'s reader. After a failure both
    /// sides start again with no keys, as the reader may have stopped part way.
    fn read(
        &mut self,
        hydrator: &Hydrator,
        write: impl FnOnce(&mut Tape) -> Result<(), JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.tape.clear();
        let value = write(&mut self.tape).and_then(|()| hydrator.read(&self.tape, &self.keys));
        if value.is_err() {
            self.tape.reset();
            self.keys = Array::new();
        }
        value
    }
}

/// Turns one stream's batches of RECORD bodies into rows (arrays of JS values in key order),
/// on a tape of its own, so that the keys, labels and types seen so far cross into JS once per
/// stream.
pub(super) struct Records {
    hydrator: Hydrator,
    keyed: KeyedTape,
}

impl Records {
    /// Rows in `hydrator`'s integer mode.
    pub(super) fn new(hydrator: Hydrator) -> Self {
        Records {
            hydrator,
            keyed: KeyedTape::default(),
        }
    }

    /// The rows of a batch of RECORD bodies, as an array of arrays.
    pub(super) fn rows(
        &mut self,
        bodies: &RecordBatch,
        dialect: Dialect,
    ) -> Result<JsValue, Unreadable> {
        let mut well_formed = 0;
        let mut malformed = None;
        let read = self.keyed.read(&self.hydrator, |tape| {
            tape.write_list_header(bodies.len());
            bodies
                .iter()
                .try_for_each(|body| {
                    tape.write_list(body, dialect)?;
                    well_formed += 1;
                    Ok(())
                })
                .map_err(|e| {
                    let error = Error::from(ProtocolError::Decode(e));
                    malformed = Some(error.clone());
                    JsValue::from(error)
                })
        });
        match (read, malformed) {
            (Ok(rows), _) => Ok(rows),
            // A value JS cannot build (a time zone it does not know, say), in a record that
            // cannot be told.
            (Err(error), None) => {
                let message = error
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_default();
                Err(Unreadable {
                    before: None,
                    error,
                    cause: Error::Usage(format!("a record could not be read: {message}").into()),
                })
            }
            (Err(error), Some(cause)) => {
                let mut before = bodies.clone();
                before.truncate(well_formed);
                let before = match well_formed {
                    0 => None,
                    _ => Some(self.rows(&before, dialect)?),
                };
                Err(Unreadable {
                    before,
                    error,
                    cause,
                })
            }
        }
    }
}

/// Why [`Records::rows`] gave no rows: a record is malformed (the server broke the protocol),
/// or JS could not build one of its values.
pub(super) struct Unreadable {
    /// The rows of the records before the unreadable one in the batch, if any and known.
    pub before: Option<JsValue>,
    /// The error for the reader.
    pub error: JsValue,
    /// The same, to end the stream with.
    pub cause: Error,
}

/// A plain JS object as the JS layer writes it on a parameter tape, in one walk over it
/// (`lib/parameters.js`). `root` names the object in errors; a value that cannot be sent is the
/// layer's `TypeError`, naming where in the object it sits.
pub(super) fn taped_map_from_js(object: &JsValue, root: &str) -> Result<TapedMap, JsValue> {
    let types = registered()?;
    let tape = Array::from(&types.write.call2(&JsValue::NULL, object, &root.into())?);
    Ok(TapedMap::new(
        tape.get(0).unchecked_into::<Int32Array>().to_vec(),
        tape.get(1).unchecked_into::<Float64Array>().to_vec(),
        tape.get(2).as_string().unwrap_or_default(),
        tape.get(3).unchecked_into::<Uint8Array>().to_vec(),
    ))
}

/// The PackStream bytes of one JS value in Bolt 6.1's forms, written as a query parameter is
/// (numbers as floats, `Integer`s and BigInts as integers, `undefined` as null, ...):
/// client-side encryption seals values in these bytes, as neo4j-driver 6.3 does. A value that
/// cannot be sent is a TypeError, one too large for PackStream an Error.
#[wasm_bindgen(js_name = packValue)]
pub fn pack_value(value: JsValue) -> Result<Uint8Array, JsValue> {
    let entry = Object::new();
    // Setting a property of a new plain object cannot fail.
    let _ = Reflect::set(&entry, &"value".into(), &value);
    let map = map_from_js(&entry, "")?;
    let value = map.first().map_or(&Value::Null, |(_, value)| value);
    let mut bytes = Vec::new();
    match Encoder::new(&mut bytes).write_value(value, Dialect::BOLT_6_1) {
        Ok(()) => Ok(bytes.as_slice().into()),
        Err(e) => Err(error_saying(&e)),
    }
}

/// The items of PackStream `bytes` that are one list (all of the bytes), in Bolt 6.1's forms,
/// as an array built as a record's fields are, with integers in `integer_mode` (an
/// [`IntegerMode`] discriminant, from lib/config.js `integerMode`): how client-side encryption
/// reads what it sealed. Bytes that are not such a list are an Error saying why.
#[wasm_bindgen(js_name = unpackList)]
pub fn unpack_list(bytes: Uint8Array, integer_mode: f64) -> Result<JsValue, JsValue> {
    let mut tape = Tape::new();
    match tape.write_list(&bytes.to_vec(), Dialect::BOLT_6_1) {
        Ok(()) => Hydrator::new(IntegerMode::numbered(integer_mode))?.read(&tape, &Array::new()),
        Err(e) => Err(error_saying(&e)),
    }
}

/// A JS `Error` whose message is `why`.
fn error_saying(why: &dyn std::fmt::Display) -> JsValue {
    js_sys::Error::new(&why.to_string()).into()
}

/// A plain JS object as a driver map (see [`taped_map_from_js`]).
pub(super) fn map_from_js(object: &JsValue, root: &str) -> Result<Map, JsValue> {
    taped_map_from_js(object, root)?.to_map().map_err(|why| {
        js_sys::TypeError::new(&format!("the parameter tape is broken: {why}")).into()
    })
}

/// The items of `list` (an array, a `Set`, any iterable) as strings; `None` if one is not a
/// string.
pub(super) fn strings(list: &JsValue) -> Option<Vec<String>> {
    let mut strings = Vec::new();
    for item in Array::from(list).iter() {
        strings.push(item.as_string()?);
    }
    Some(strings)
}

/// The items of `list` as strings, such as bookmarks; `what` names them in the error when one
/// is not a string.
pub(super) fn strings_from_js(list: &JsValue, what: &str) -> Result<Vec<String>, Error> {
    strings(list).ok_or_else(|| Error::InvalidArgument(format!("{what} must be strings").into()))
}

/// `strings` as a JS array.
pub(super) fn strings_to_js(strings: Vec<String>) -> Array {
    strings.into_iter().map(JsValue::from).collect()
}
