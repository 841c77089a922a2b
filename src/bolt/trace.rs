//! Bolt messages as text, for debug logs: each message sent and received, as neo4j-driver logs
//! them at `debug` level. Credentials never show; query parameters and records show only when
//! the application asks for them (`unredactDebugLogs`), as they may hold personal data.

use std::fmt::Write;

use super::message::signature::{self, HELLO, LOGON, RECORD, RUN};
use crate::packstream::{Decoder, Dialect, Map, Token, Value};

/// What stands in for a value left out of the log.
const HIDDEN: &str = "{ ... }";
/// What stands in for a credential.
const SECRET: &str = "\"******\"";
/// HELLO keys (up to Bolt 5.0, which authenticates in HELLO) whose values are secrets.
const SECRET_KEYS: [&str; 2] = ["credentials", "parameters"];

/// The message whose (dechunked) body is `body`, as one line: its name, then its fields, for
/// example `RUN "RETURN $x" { ... } {"db": "neo4j"}`. With `unredacted`, query parameters and
/// records are shown too. A body that does not decode is shown as far as it does.
pub fn describe(body: &[u8], dialect: Dialect, unredacted: bool) -> String {
    let mut dec = Decoder::new(body);
    let (tag, fields) = match dec.next_token() {
        Ok(Token::Struct { tag, fields }) => (tag, fields),
        _ => return format!("<{} bytes that are not a message>", body.len()),
    };
    let mut line = String::from(signature::name(tag));
    for field in 0..fields {
        line.push(' ');
        let hidden = match (tag, field) {
            (LOGON, _) => true,                    // the auth token
            (RUN, 1) | (RECORD, 0) => !unredacted, // RUN's parameters, a RECORD's values
            _ => false,
        };
        if hidden {
            line.push_str(if tag == RECORD { "[ ... ]" } else { HIDDEN });
            if dec.read_value(dialect).is_err() {
                break;
            }
            continue;
        }
        match dec.read_value(dialect) {
            Ok(Value::Map(map)) if tag == HELLO => write_entries(&mut line, &map, &SECRET_KEYS),
            Ok(value) => write_value(&mut line, &value),
            Err(e) => {
                let _ = write!(line, "<{e}>");
                break;
            }
        }
    }
    line
}

/// `value` as JSON-like text; graph, temporal and other structures by their kind only, as
/// `<node>` (formatting them in full would cost the download more than it gives).
fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(x) => write_float(out, *x),
        Value::String(s) => write_string(out, s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => write_entries(out, map, &[]),
        Value::Uuid(bytes) => {
            out.push('"');
            write_uuid(out, bytes);
            out.push('"');
        }
        other => {
            out.push('<');
            out.push_str(kind(other));
            out.push('>');
        }
    }
}

/// A UUID as text: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower-case.
fn write_uuid(out: &mut String, bytes: &[u8; 16]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0F)]));
    }
}

/// What kind of structure (or byte array) `value` is.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Bytes(_) => "bytes",
        Value::Node(_) => "node",
        Value::Relationship(_) | Value::UnboundRelationship(_) => "relationship",
        Value::Path(_) => "path",
        Value::Date(_) => "date",
        Value::LocalTime(_) => "local time",
        Value::Time(_) => "time",
        Value::LocalDateTime(_) => "local date-time",
        Value::DateTime(_) => "date-time",
        Value::Duration(_) => "duration",
        Value::Point(_) => "point",
        Value::Vector(_) => "vector",
        _ => "unsupported value",
    }
}

/// A string in double quotes, with quotes, backslashes and control characters escaped.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A float with 15 significant digits (all an `f64` holds for certain), without the code of
/// exact shortest formatting, which is large; as `1.5`, `-2.0`, `0.001` or `6.02214076e23`.
fn write_float(out: &mut String, x: f64) {
    if x.is_nan() {
        return out.push_str("NaN");
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    let mut m = x.abs();
    if m.is_infinite() {
        return out.push_str("Infinity");
    }
    if m == 0.0 {
        return out.push_str("0.0");
    }
    let mut exponent = 0i32;
    while m >= 10.0 {
        m /= 10.0;
        exponent += 1;
    }
    while m < 1.0 {
        m *= 10.0;
        exponent -= 1;
    }
    let mut digits = (m * 1e14).round() as u64;
    if digits >= 1_000_000_000_000_000 {
        digits /= 10;
        exponent += 1;
    }
    let digits = digits.to_string();
    let digits = digits.trim_end_matches('0');
    // Positional where JS writes numbers so (1e-7 < |x| < 1e21), as `0.001` or `2.0`.
    if (-6..21).contains(&exponent) {
        if exponent < 0 {
            out.push_str("0.");
            (1..-exponent).for_each(|_| out.push('0'));
            out.push_str(digits);
            return;
        }
        let point = exponent as usize + 1;
        let (whole, fraction) = digits.split_at(point.min(digits.len()));
        out.push_str(whole);
        (whole.len()..point).for_each(|_| out.push('0'));
        out.push('.');
        out.push_str(if fraction.is_empty() { "0" } else { fraction });
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = write!(out, "e{exponent}");
    }
}

/// A map as `{"key": value, ...}`, the values of `secret_keys` masked.
fn write_entries(out: &mut String, map: &Map, secret_keys: &[&str]) {
    out.push('{');
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_string(out, key);
        out.push_str(": ");
        if secret_keys.contains(&key.as_str()) {
            out.push_str(SECRET);
        } else {
            write_value(out, value);
        }
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::bolt::message::{AuthToken, Hello, Parameters, Request, Within};
    use crate::bolt::Version;
    use crate::packstream::Encoder;

    fn dialect() -> Dialect {
        Dialect::BOLT_5
    }

    fn request(request: &Request, version: Version, unredacted: bool) -> String {
        describe(
            &request.body(version, dialect()).unwrap(),
            dialect(),
            unredacted,
        )
    }

    /// A RECORD of `values`.
    fn record(values: Vec<Value>) -> Vec<u8> {
        let mut body = Vec::new();
        let mut enc = Encoder::new(&mut body);
        enc.write_struct_header(RECORD, 1).unwrap();
        enc.write_value(&Value::List(values), dialect()).unwrap();
        body
    }

    #[test]
    fn credentials_never_show_and_parameters_and_records_only_when_asked() {
        let auth = AuthToken::basic("neo4j", "s3cret-password", None);
        let hello = Request::Hello(Hello {
            user_agent: "app/1".into(),
            auth: auth.clone(),
            ..Hello::default()
        });
        let old_hello = request(&hello, Version::V5_0, true);
        assert!(
            old_hello.starts_with("HELLO {\"user_agent\": \"app/1\""),
            "{old_hello}"
        );
        assert!(
            old_hello.contains("\"credentials\": \"******\""),
            "{old_hello}"
        );
        assert_eq!(
            request(&Request::Logon(auth), Version::V5_1, true),
            "LOGON { ... }"
        );
        assert!(!old_hello.contains("s3cret"), "{old_hello}");

        let run = Request::Run {
            query: "RETURN $x".into(),
            parameters: Parameters::Map(vec![("x".into(), Value::String("private".into()))]),
            within: Within::Transaction,
        };
        assert_eq!(
            request(&run, Version::V5_1, false),
            "RUN \"RETURN $x\" { ... } {}"
        );
        assert_eq!(
            request(&run, Version::V5_1, true),
            "RUN \"RETURN $x\" {\"x\": \"private\"} {}"
        );

        let row = record(vec![
            Value::String("say \"hi\"\n".into()),
            Value::Float(1.5),
            Value::Integer(-7),
            Value::Bytes(vec![1]),
        ]);
        assert_eq!(describe(&row, dialect(), false), "RECORD [ ... ]");
        assert_eq!(
            describe(&row, dialect(), true),
            "RECORD [\"say \\\"hi\\\"\\u000a\", 1.5, -7, <bytes>]"
        );
    }

    #[test]
    fn bytes_that_are_no_message_are_described_without_failing() {
        assert_eq!(
            describe(&[], dialect(), true),
            "<0 bytes that are not a message>"
        );
        assert_eq!(
            describe(&[0x01], dialect(), true),
            "<1 bytes that are not a message>"
        );
        let cut = &record(vec![Value::String("abc".into())])[..4];
        assert!(describe(cut, dialect(), true).starts_with("RECORD <"));
    }

    #[test]
    fn floats_show_fifteen_significant_digits() {
        let shown = |x: f64| {
            let mut out = String::new();
            write_float(&mut out, x);
            out
        };
        let cases = [
            (1.5, "1.5"),
            (-2.0, "-2.0"),
            (0.1, "0.1"),
            (123456.789, "123456.789"),
            (1e15, "1000000000000000.0"),
            (0.00123, "0.00123"),
            (6.02214076e23, "6.02214076e23"),
            (1e-7, "1e-7"),
            (-0.0, "-0.0"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
        ];
        for (x, text) in cases {
            assert_eq!(shown(x), text, "{x:e}");
        }
    }
}
