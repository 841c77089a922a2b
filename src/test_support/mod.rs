//! What the unit tests share: value builders, bytes from hex, a seeded generator and, natively,
//! a fake runtime whose connections reach an in-memory server.

use std::time::Duration;

use crate::packstream::Value;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod fake_runtime;
mod rng;

pub(crate) use rng::Rng;

/// A string value.
pub(crate) fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// A map value with `entries` in order.
pub(crate) fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// `n` seconds.
pub(crate) fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// Bytes from hex digits; whitespace is ignored, anything else is a mistake in the test.
pub(crate) fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(digits.len() % 2 == 0, "odd number of hex digits in {text}");
    digits
        .chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).unwrap();
            u8::from_str_radix(pair, 16).unwrap_or_else(|_| panic!("not hex: {pair}"))
        })
        .collect()
}
