//! Decodes arbitrary bytes every way the decoder offers, checking that the readings agree and
//! that any value decoded and re-encoded decodes to the same bytes again.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/checks/decoding.rs"]
mod decoding;

fuzz_target!(|input: &[u8]| {
    decoding::check_decoding(input);
});
