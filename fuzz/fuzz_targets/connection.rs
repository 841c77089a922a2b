//! Runs a whole session against arbitrary server bytes after a valid handshake: HELLO and
//! LOGON answered, then requests chosen by the input's first bytes, interleaved with the
//! server's bytes, and every batch of records written on a tape (see `tests/checks/session.rs`
//! for the input's layout and what is checked).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/checks/session.rs"]
mod session;

fuzz_target!(|input: &[u8]| {
    session::check_session(input);
});
