//! Script values: PackStream as it is on the wire (structures kept as tag and fields), built
//! from the script's JSON notation, matched against patterns, and shown back in that notation.

use std::fmt;

use neo4j_wasm::packstream::{tag, Decoder, Dialect, EncodeError, Encoder, Token, MAX_DEPTH};
use serde_json::{Map as JsonMap, Number, Value as Json};

/// A PackStream value with its structures left raw, so the stub can send (and compare)
/// exactly what the script says, valid for the client or not.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Bytes(Vec<u8>),
    String(String),
    List(Vec<Wire>),
    Map(Vec<(String, Wire)>),
    Struct(u8, Vec<Wire>),
    Uuid([u8; 16]),
}

impl Wire {
    /// Appends the value's PackStream encoding.
    pub fn encode(&self, enc: &mut Encoder<'_>) -> Result<(), EncodeError> {
        match self {
            Wire::Null => enc.write_null(),
            Wire::Bool(b) => enc.write_bool(*b),
            Wire::Int(i) => enc.write_int(*i),
            Wire::Float(x) => enc.write_float(*x),
            Wire::Bytes(b) => enc.write_bytes(b)?,
            Wire::String(s) => enc.write_string(s)?,
            // Whatever the version: the stub sends what the script says.
            Wire::Uuid(b) => enc.write_uuid(b, Dialect::BOLT_6_1)?,
            Wire::List(items) => {
                enc.write_list_header(items.len())?;
                for item in items {
                    item.encode(enc)?;
                }
            }
            Wire::Map(entries) => {
                enc.write_map_header(entries.len())?;
                for (key, value) in entries {
                    enc.write_string(key)?;
                    value.encode(enc)?;
                }
            }
            Wire::Struct(tag, fields) => {
                enc.write_struct_header(*tag, fields.len())?;
                for field in fields {
                    field.encode(enc)?;
                }
            }
        }
        Ok(())
    }

    /// Reads one value at the top level.
    pub fn decode_one(dec: &mut Decoder<'_>) -> Result<Wire, String> {
        Wire::decode(dec, 0)
    }

    /// Reads one value nested inside `depth` containers.
    fn decode(dec: &mut Decoder<'_>, depth: usize) -> Result<Wire, String> {
        let token = dec.next_token().map_err(|e| e.to_string())?;
        let inner = depth + 1;
        if matches!(token, Token::List(_) | Token::Map(_) | Token::Struct { .. })
            && inner > MAX_DEPTH
        {
            return Err(format!("values nested deeper than {MAX_DEPTH} levels"));
        }
        Ok(match token {
            Token::Null => Wire::Null,
            Token::Boolean(b) => Wire::Bool(b),
            Token::Integer(i) => Wire::Int(i),
            Token::Float(x) => Wire::Float(x),
            Token::Bytes(b) => Wire::Bytes(b.to_vec()),
            Token::String(s) => Wire::String(s.to_owned()),
            Token::Uuid(b) => Wire::Uuid(b),
            // Counts are bounded by the remaining input (the decoder checks), so they can size
            // allocations.
            Token::List(n) => Wire::List(
                (0..n)
                    .map(|_| Wire::decode(dec, inner))
                    .collect::<Result<_, _>>()?,
            ),
            Token::Map(n) => {
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = match dec.next_token().map_err(|e| e.to_string())? {
                        Token::String(k) => k.to_owned(),
                        other => return Err(format!("a map key is a {}", other.type_name())),
                    };
                    entries.push((key, Wire::decode(dec, inner)?));
                }
                Wire::Map(entries)
            }
            Token::Struct { tag, fields } => Wire::Struct(
                tag,
                (0..fields)
                    .map(|_| Wire::decode(dec, inner))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }
}

/// Splits a message body into its signature and fields; errors say what is wrong with it.
pub fn decode_message(body: &[u8]) -> Result<(u8, Vec<Wire>), String> {
    let mut dec = Decoder::new(body);
    match Wire::decode(&mut dec, 0)? {
        Wire::Struct(signature, fields) if dec.is_at_end() => Ok((signature, fields)),
        Wire::Struct(..) => Err(format!(
            "{} bytes follow the message structure",
            dec.remaining()
        )),
        other => Err(format!(
            "the message is not a structure but {}",
            Show(&other, Dialect::BOLT_5)
        )),
    }
}

/// Parses hex bytes such as `00 01 ff` or `0001FF` (whitespace anywhere between digit pairs).
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return Err(format!("odd number of hex digits in {text:?}"));
    }
    digits
        .chunks(2)
        .map(|pair| {
            let s: String = pair.iter().collect();
            u8::from_str_radix(&s, 16).map_err(|_| format!("{s:?} is not a hex byte"))
        })
        .collect()
}

/// The `$` names of the script notation for structured values.
pub const STRUCTURED: [&str; 16] = [
    "$node",
    "$rel",
    "$urel",
    "$path",
    "$date",
    "$time",
    "$localtime",
    "$localdatetime",
    "$datetime",
    "$duration",
    "$point",
    "$vector",
    "$bytes",
    "$uuid",
    "$float",
    "$struct",
];

/// Converts a script value to a wire value in `dialect`'s structure forms.
pub fn from_json(json: &Json, dialect: Dialect) -> Result<Wire, String> {
    Ok(match json {
        Json::Null => Wire::Null,
        Json::Bool(b) => Wire::Bool(*b),
        Json::Number(n) => number(n)?,
        Json::String(s) => Wire::String(s.clone()),
        Json::Array(items) => Wire::List(list(items, dialect)?),
        Json::Object(map) => match structured_key(map) {
            Some((name, arg)) => structured(name, arg, dialect)?,
            None => Wire::Map(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), from_json(v, dialect)?)))
                    .collect::<Result<_, String>>()?,
            ),
        },
    })
}

fn list(items: &[Json], dialect: Dialect) -> Result<Vec<Wire>, String> {
    items.iter().map(|i| from_json(i, dialect)).collect()
}

/// A JSON number as an integer when it is one (no `.` or exponent), else a float.
fn number(n: &Number) -> Result<Wire, String> {
    if let Some(i) = n.as_i64() {
        Ok(Wire::Int(i))
    } else if n.is_u64() {
        Err(format!("{n} does not fit in a 64-bit signed integer"))
    } else {
        n.as_f64()
            .map(Wire::Float)
            .ok_or_else(|| format!("{n} is not a number PackStream can carry"))
    }
}

/// `Some(("$node", arg))` for an object `{"$node": arg}`: a single key starting with `$`.
fn structured_key(map: &JsonMap<String, Json>) -> Option<(&str, &Json)> {
    let mut entries = map.iter();
    match (entries.next(), entries.next()) {
        (Some((key, arg)), None) if key.starts_with('$') => Some((key.as_str(), arg)),
        _ => None,
    }
}

/// The argument of `name` as a list of `counts` possible lengths.
fn fields<'j>(name: &str, arg: &'j Json, counts: &[usize]) -> Result<&'j [Json], String> {
    match arg {
        Json::Array(items) if counts.contains(&items.len()) => Ok(items),
        _ => {
            let counts: Vec<String> = counts.iter().map(|c| c.to_string()).collect();
            Err(format!(
                "{name} takes a list of {} fields, not {arg}",
                counts.join(" or ")
            ))
        }
    }
}

/// An element id given in the script, or the numeric id as text (as servers before 5.0 mean it).
fn element_id(given: Option<&Json>, id: &Json, dialect: Dialect) -> Result<Wire, String> {
    match (given, id) {
        (Some(eid), _) => from_json(eid, dialect),
        (None, Json::Number(n)) => Ok(Wire::String(n.to_string())),
        (None, other) => Err(format!(
            "an element id is needed (Bolt 5.0+) and cannot be made from the id {other}"
        )),
    }
}

fn float(name: &str, json: &Json) -> Result<Wire, String> {
    match json {
        Json::Number(n) => n
            .as_f64()
            .map(Wire::Float)
            .ok_or_else(|| format!("{name}: {n} is not a float")),
        Json::String(s) => match s.as_str() {
            "NaN" => Ok(Wire::Float(f64::NAN)),
            "Infinity" => Ok(Wire::Float(f64::INFINITY)),
            "-Infinity" => Ok(Wire::Float(f64::NEG_INFINITY)),
            _ => Err(format!(
                "{name}: {s:?} is not a number, NaN, Infinity or -Infinity"
            )),
        },
        other => Err(format!("{name}: {other} is not a float")),
    }
}

/// The vector element types: name, PackStream type marker, element size.
const VECTOR_TYPES: [(&str, u8, usize); 6] = [
    ("i8", 0xC8, 1),
    ("i16", 0xC9, 2),
    ("i32", 0xCA, 4),
    ("i64", 0xCB, 8),
    ("f32", 0xC6, 4),
    ("f64", 0xC1, 8),
];

/// `["f32", [1.5, 2]]` as a Vector structure: type marker and big-endian elements.
fn vector(arg: &Json) -> Result<Wire, String> {
    let [Json::String(kind), Json::Array(items)] = fields("$vector", arg, &[2])? else {
        return Err(format!("$vector takes [type, [numbers]], not {arg}"));
    };
    let &(_, marker, _) = VECTOR_TYPES
        .iter()
        .find(|(name, ..)| name == kind)
        .ok_or_else(|| {
            format!("$vector: unknown element type {kind:?} (i8 i16 i32 i64 f32 f64)")
        })?;
    let mut data = Vec::new();
    for item in items {
        let bad = || format!("$vector: {item} is not a {kind}");
        let int = || item.as_i64().ok_or_else(bad);
        match kind.as_str() {
            "i8" => data.extend(i8::try_from(int()?).map_err(|_| bad())?.to_be_bytes()),
            "i16" => data.extend(i16::try_from(int()?).map_err(|_| bad())?.to_be_bytes()),
            "i32" => data.extend(i32::try_from(int()?).map_err(|_| bad())?.to_be_bytes()),
            "i64" => data.extend(int()?.to_be_bytes()),
            "f32" => data.extend((item.as_f64().ok_or_else(bad)? as f32).to_be_bytes()),
            _ => data.extend(item.as_f64().ok_or_else(bad)?.to_be_bytes()),
        }
    }
    Ok(Wire::Struct(
        tag::VECTOR,
        vec![Wire::Bytes(vec![marker]), Wire::Bytes(data)],
    ))
}

/// Builds the value `{name: arg}` stands for.
fn structured(name: &str, arg: &Json, dialect: Dialect) -> Result<Wire, String> {
    let ids = dialect.element_ids;
    let plain = |tag: u8, counts: &[usize]| -> Result<Wire, String> {
        Ok(Wire::Struct(
            tag,
            list(fields(name, arg, counts)?, dialect)?,
        ))
    };
    match name {
        "$node" => {
            let f = fields(name, arg, &[3, 4])?;
            let mut out = list(&f[..3], dialect)?;
            if ids {
                out.push(element_id(f.get(3), &f[0], dialect)?);
            }
            Ok(Wire::Struct(tag::NODE, out))
        }
        "$rel" => {
            let f = fields(name, arg, &[5, 8])?;
            let mut out = list(&f[..5], dialect)?;
            if ids {
                for i in 0..3 {
                    out.push(element_id(f.get(5 + i), &f[i], dialect)?);
                }
            }
            Ok(Wire::Struct(tag::RELATIONSHIP, out))
        }
        "$urel" => {
            let f = fields(name, arg, &[3, 4])?;
            let mut out = list(&f[..3], dialect)?;
            if ids {
                out.push(element_id(f.get(3), &f[0], dialect)?);
            }
            Ok(Wire::Struct(tag::UNBOUND_RELATIONSHIP, out))
        }
        "$path" => plain(tag::PATH, &[3]),
        "$date" => match arg {
            Json::String(s) => parse_date(s)
                .map(|days| Wire::Struct(tag::DATE, vec![Wire::Int(days)]))
                .ok_or_else(|| format!("$date: {s:?} is not a date YYYY-MM-DD")),
            Json::Number(_) => Ok(Wire::Struct(tag::DATE, vec![from_json(arg, dialect)?])),
            _ => Err(format!(
                "$date takes \"YYYY-MM-DD\" or days since 1970-01-01, not {arg}"
            )),
        },
        "$time" => plain(tag::TIME, &[2]),
        "$localtime" => plain(tag::LOCAL_TIME, &[1]),
        "$localdatetime" => plain(tag::LOCAL_DATE_TIME, &[2]),
        "$datetime" => {
            let f = fields(name, arg, &[3])?;
            let tag = match (f[2].is_string(), dialect.utc_datetime) {
                (false, true) => tag::DATE_TIME,
                (true, true) => tag::DATE_TIME_ZONE_ID,
                (false, false) => tag::LEGACY_DATE_TIME,
                (true, false) => tag::LEGACY_DATE_TIME_ZONE_ID,
            };
            Ok(Wire::Struct(tag, list(f, dialect)?))
        }
        "$duration" => plain(tag::DURATION, &[4]),
        "$point" => {
            let f = fields(name, arg, &[3, 4])?;
            let mut out = vec![from_json(&f[0], dialect)?];
            for coordinate in &f[1..] {
                out.push(float(name, coordinate)?);
            }
            let tag = if f.len() == 3 {
                tag::POINT_2D
            } else {
                tag::POINT_3D
            };
            Ok(Wire::Struct(tag, out))
        }
        "$vector" => vector(arg),
        "$bytes" => match arg {
            Json::String(hex) => parse_hex(hex)
                .map(Wire::Bytes)
                .map_err(|e| format!("$bytes: {e}")),
            _ => Err(format!(
                "$bytes takes a hex string such as \"00 ff\", not {arg}"
            )),
        },
        "$uuid" => match arg {
            Json::String(text) => parse_hex(&text.replace('-', ""))
                .ok()
                .and_then(|b| <[u8; 16]>::try_from(b).ok())
                .map(Wire::Uuid)
                .ok_or_else(|| format!("$uuid: {text:?} is not 32 hex digits (dashes allowed)")),
            _ => Err(format!(
                "$uuid takes a string such as \"0a1b2c3d-...\", not {arg}"
            )),
        },
        "$float" => float(name, arg),
        "$struct" => {
            let Some((tag, rest)) = arg.as_array().and_then(|a| a.split_first()) else {
                return Err(format!("$struct takes [tag, field, ...], not {arg}"));
            };
            let tag = match tag {
                Json::Number(n) => n.as_u64().and_then(|t| u8::try_from(t).ok()),
                Json::String(s) if s.len() == 1 => s.bytes().next(),
                _ => None,
            }
            .ok_or_else(|| {
                format!("$struct: the tag {tag} is not a byte or a one-letter string")
            })?;
            Ok(Wire::Struct(tag, list(rest, dialect)?))
        }
        _ => Err(format!(
            "unknown structured value {name:?} (known: {})",
            STRUCTURED.join(" ")
        )),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian `YYYY-MM-DD` (years 0000-9999).
fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = days_from_civil(y, m, d);
    // Rejects 2023-02-30 and the like: a real date comes back unchanged.
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`, the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// What a client value must look like: wildcards, open maps and optional keys around exact
/// values.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// `"*"`: anything.
    Any,
    /// A value that must be equal.
    Exact(Wire),
    /// A list of exactly these items.
    List(Vec<Pattern>),
    /// A map with these keys (`optional` ones may be missing); `open` allows other keys.
    Map { entries: Vec<Entry>, open: bool },
}

/// One key of a map pattern.
#[derive(Debug, Clone)]
pub struct Entry {
    key: String,
    value: Pattern,
    optional: bool,
}

/// Converts a script value to a pattern: `"*"` matches anything, a `"..."` key lets a map have
/// other keys, a `"[key]"` key may be missing; everything else must be equal.
pub fn pattern(json: &Json, dialect: Dialect) -> Result<Pattern, String> {
    Ok(match json {
        Json::String(s) if s == "*" => Pattern::Any,
        Json::Array(items) => Pattern::List(
            items
                .iter()
                .map(|i| pattern(i, dialect))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(map) if structured_key(map).is_none() => {
            let mut entries = Vec::new();
            let mut open = false;
            for (key, value) in map {
                if key == "..." {
                    open = true;
                    continue;
                }
                let (key, optional) = match key.strip_prefix('[').and_then(|k| k.strip_suffix(']'))
                {
                    Some(inner) => (inner, true),
                    None => (key.as_str(), false),
                };
                entries.push(Entry {
                    key: key.to_owned(),
                    value: pattern(value, dialect)?,
                    optional,
                });
            }
            Pattern::Map { entries, open }
        }
        other => Pattern::Exact(from_json(other, dialect)?),
    })
}

impl Pattern {
    /// Checks `got` (found at `at`, such as `extra.bolt_agent`); a mismatch says where and how.
    pub fn check(&self, got: &Wire, at: &str, dialect: Dialect) -> Result<(), String> {
        let show = |w| Show(w, dialect);
        match (self, got) {
            (Pattern::Any, _) => Ok(()),
            (Pattern::Exact(want), _) if want == got => Ok(()),
            (Pattern::Exact(want), _) => {
                Err(format!("{at}: expected {}, got {}", show(want), show(got)))
            }
            (Pattern::List(items), Wire::List(got_items)) if items.len() == got_items.len() => {
                items
                    .iter()
                    .zip(got_items)
                    .enumerate()
                    .try_for_each(|(i, (p, g))| p.check(g, &format!("{at}[{i}]"), dialect))
            }
            (Pattern::List(items), _) => Err(format!(
                "{at}: expected a list of {} items, got {}",
                items.len(),
                show(got)
            )),
            (Pattern::Map { entries, open }, Wire::Map(got_entries)) => {
                for entry in entries {
                    match got_entries.iter().find(|(k, _)| *k == entry.key) {
                        Some((_, value)) => {
                            entry
                                .value
                                .check(value, &format!("{at}.{}", entry.key), dialect)?
                        }
                        None if entry.optional => {}
                        None => {
                            return Err(format!("{at}: key {:?} is missing", entry.key));
                        }
                    }
                }
                match got_entries
                    .iter()
                    .find(|(k, _)| !open && !entries.iter().any(|e| e.key == *k))
                {
                    Some((key, value)) => Err(format!(
                        "{at}: unexpected key {key:?} (value {}); add \"...\": \"*\" to allow other keys",
                        show(value)
                    )),
                    None => Ok(()),
                }
            }
            (Pattern::Map { .. }, _) => Err(format!("{at}: expected a map, got {}", show(got))),
        }
    }
}

/// A wire value shown in the script notation, structures named as `dialect` writes them.
pub struct Show<'a>(pub &'a Wire, pub Dialect);

/// The `$` name of a structure tag in `dialect`, if the notation has one.
fn structure_name(tag: u8, dialect: Dialect) -> Option<&'static str> {
    Some(match tag {
        tag::NODE => "$node",
        tag::RELATIONSHIP => "$rel",
        tag::UNBOUND_RELATIONSHIP => "$urel",
        tag::PATH => "$path",
        tag::DATE => "$date",
        tag::TIME => "$time",
        tag::LOCAL_TIME => "$localtime",
        tag::LOCAL_DATE_TIME => "$localdatetime",
        tag::DATE_TIME | tag::DATE_TIME_ZONE_ID if dialect.utc_datetime => "$datetime",
        tag::LEGACY_DATE_TIME | tag::LEGACY_DATE_TIME_ZONE_ID if !dialect.utc_datetime => {
            "$datetime"
        }
        tag::DURATION => "$duration",
        tag::POINT_2D | tag::POINT_3D => "$point",
        _ => return None,
    })
}

impl fmt::Display for Show<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dialect = self.1;
        let list = |f: &mut fmt::Formatter<'_>, items: &[Wire]| {
            f.write_str("[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", Show(item, dialect))?;
            }
            f.write_str("]")
        };
        match self.0 {
            Wire::Null => f.write_str("null"),
            Wire::Bool(b) => write!(f, "{b}"),
            Wire::Int(i) => write!(f, "{i}"),
            Wire::Float(x) if x.is_nan() => f.write_str(r#"{"$float": "NaN"}"#),
            Wire::Float(x) if x.is_infinite() => {
                let sign = if *x < 0.0 { "-" } else { "" };
                write!(f, r#"{{"$float": "{sign}Infinity"}}"#)
            }
            Wire::Float(x) => write!(f, "{x:?}"),
            Wire::Bytes(b) => {
                let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
                write!(f, r#"{{"$bytes": "{}"}}"#, hex.join(" "))
            }
            Wire::String(s) => write!(f, "{}", Json::String(s.clone())),
            Wire::Uuid(b) => {
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                let dashed = [
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..],
                ];
                write!(f, r#"{{"$uuid": "{}"}}"#, dashed.join("-"))
            }
            Wire::List(items) => list(f, items),
            Wire::Map(entries) => {
                f.write_str("{")?;
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}: {}", Json::String(key.clone()), Show(value, dialect))?;
                }
                f.write_str("}")
            }
            Wire::Struct(tag, fields) => match (structure_name(*tag, dialect), fields.as_slice()) {
                (Some("$date"), [Wire::Int(days)]) if days.abs() < 3_000_000 => {
                    let (y, m, d) = civil_from_days(*days);
                    if (0..=9999).contains(&y) {
                        write!(f, r#"{{"$date": "{y:04}-{m:02}-{d:02}"}}"#)
                    } else {
                        write!(f, r#"{{"$date": {days}}}"#)
                    }
                }
                (Some(name), _) => {
                    write!(f, r#"{{"{name}": "#)?;
                    list(f, fields)?;
                    f.write_str("}")
                }
                (None, _) => {
                    let shown = if tag.is_ascii_alphabetic() {
                        format!("\"{}\"", char::from(*tag))
                    } else {
                        tag.to_string()
                    };
                    write!(f, r#"{{"$struct": [{shown}"#)?;
                    for field in fields {
                        write!(f, ", {}", Show(field, dialect))?;
                    }
                    f.write_str("]}")
                }
            },
        }
    }
}
